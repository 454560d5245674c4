import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from feedback.personal_data import contact_details_erase_expired, contact_details_expired, retention_cutoff


class Command(BaseCommand):
    help = (
        "Erase the contact details of complainants whose case closed more than FEEDBACK_CONTACT_RETENTION_DAYS "
        "ago (the cases stay). Celery beat runs it daily (feedback.tasks_retention.erase_expired_contact_details)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")
        parser.add_argument("--today", help="Count from this date (YYYY-MM-DD) instead of today.")

    def handle(self, *args, dry_run, today, **options):
        try:
            today = datetime.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today must be a date written YYYY-MM-DD: {exc}") from exc
        cutoff = retention_cutoff(today)
        if dry_run:
            count = contact_details_expired(today).count()
            self.stdout.write(f"Dry run: {count} complainants' contact details would be erased.")
        else:
            count = contact_details_erase_expired(today)
            self.stdout.write(f"Erased the contact details of {count} complainants.")
        self.stdout.write(
            f"Cases closed before {cutoff:%Y-%m-%d} (retention {settings.FEEDBACK_CONTACT_RETENTION_DAYS} days)."
        )
