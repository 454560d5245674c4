from celery import shared_task
from django.utils import timezone

from regulations.services import campaign_send_reminders


@shared_task(ignore_result=True)
def send_campaign_reminders() -> None:
    """Daily (beat). Idempotent: each assignment records the reminders it has had."""
    campaign_send_reminders(on=timezone.localdate())
