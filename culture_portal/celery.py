"""The Celery application: `celery -A culture_portal worker` and `celery -A culture_portal beat`."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "culture_portal.settings")

app = Celery("culture_portal")
# Settings named CELERY_* in culture_portal/settings.py configure the app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _heartbeat_on_start(sender, **kwargs):
    # The first heartbeat would otherwise wait for beat's first interval: /healthz and the set-up page would call a
    # worker that has just started "not seen". Written here, in the worker's main process, then the connection is
    # closed so that no forked child inherits it.
    from django.db import connections
    from django.utils import timezone

    from culture_portal.models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.update_or_create(hostname=sender.hostname, defaults={"seen_at": timezone.now()})
    finally:
        connections.close_all()
