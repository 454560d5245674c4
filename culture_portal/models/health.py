from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """Written by a periodic task: when did a Celery worker last run something?"""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.hostname} {timezone.localtime(self.seen_at):%d/%m/%Y %H:%M}"
