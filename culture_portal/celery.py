"""The Celery application: `celery -A culture_portal worker` and `celery -A culture_portal beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "culture_portal.settings")

app = Celery("culture_portal")
# Settings named CELERY_* in culture_portal/settings.py configure the app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
