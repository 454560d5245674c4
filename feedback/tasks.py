from celery import shared_task

from feedback.reminders import case_reminders_send


@shared_task(ignore_result=True)
def send_case_reminders() -> dict[str, int]:
    """Daily (beat, 07:30): deadline reminders to handlers, overdue cases escalated to leadership."""
    return case_reminders_send()
