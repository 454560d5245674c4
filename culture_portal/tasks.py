import socket

from celery import shared_task
from django.utils import timezone

from culture_portal.models import WorkerHeartbeat


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat(self) -> None:
    """Periodic (beat, every minute): lets /healthz tell when a worker last ran a task."""
    hostname = self.request.hostname or socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})
