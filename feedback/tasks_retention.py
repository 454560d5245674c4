"""The retention job, for Celery beat (daily)."""

from celery import shared_task

from feedback.personal_data import contact_details_erase_expired


@shared_task(ignore_result=True)
def erase_expired_contact_details() -> int:
    """Erase the contact details kept longer than FEEDBACK_CONTACT_RETENTION_DAYS after their case closed."""
    return contact_details_erase_expired()
