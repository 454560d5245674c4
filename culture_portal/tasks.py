import datetime
import socket

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from culture_portal.identity import portal_from_email
from culture_portal.models import OutgoingEmail, WorkerHeartbeat


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat(self) -> None:
    """Periodic (beat, every minute): lets /healthz tell when a worker last ran a task."""
    hostname = self.request.hostname or socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})


MAX_EMAIL_ATTEMPTS = 10
SENT_KEPT_DAYS = 2


@shared_task(ignore_result=True)
def send_outgoing_email(message_id: int) -> None:
    """Send one stored e-mail once; a concurrent or repeated delivery finds it sent and stops."""
    with transaction.atomic():
        try:
            message = OutgoingEmail.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        except ValueError:  # sealed with a SECRET_KEY this installation no longer has: give up, do not retry forever
            OutgoingEmail.objects.filter(pk=message_id).update(
                attempts=MAX_EMAIL_ATTEMPTS, last_error="The body cannot be read: sealed with another SECRET_KEY."
            )
            return
        if message is None:
            return
        message.attempts += 1
        try:
            # Sent as the portal by its name (issue 15), from the configured address.
            send_mail(message.subject, message.body, portal_from_email(), [message.to])
        except Exception as error:  # noqa: BLE001 - SMTP and socket errors differ; keep the row for the sweep
            message.last_error = str(error)[:500]
            message.save(update_fields=["attempts", "last_error"])
            return
        # Once sent, the body (a receipt's PIN) has no reason to stay, even sealed; the row stays as the record.
        message.sent_at, message.body = timezone.now(), ""
        message.save(update_fields=["attempts", "sent_at", "body"])


@shared_task(ignore_result=True)
def flush_outbox() -> int:
    """Periodic (beat, every minute): queue e-mails still waiting after a minute (the broker was down)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=1)
    pending = list(
        OutgoingEmail.objects.filter(
            sent_at__isnull=True, created_at__lt=cutoff, attempts__lt=MAX_EMAIL_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )
    for message_id in pending:
        send_outgoing_email.delay(message_id)
    # A sent e-mail is not kept: a receipt carries the citizen's PIN, which the portal otherwise never stores.
    OutgoingEmail.objects.filter(sent_at__lt=timezone.now() - datetime.timedelta(days=SENT_KEPT_DAYS)).delete()
    return len(pending)


SIGN_IN_LOGS_KEPT_DAYS = 90


@shared_task(ignore_result=True)
def purge_expired_sign_in_data() -> dict[str, int]:
    """Daily (beat): expired sessions, and django-axes' sign-in records older than 90 days (client addresses and
    user agents are personal data kept no longer than needed; the audit log keeps the sign-ins themselves)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    now = timezone.now()
    cutoff = now - datetime.timedelta(days=SIGN_IN_LOGS_KEPT_DAYS)
    return {
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        "access_logs": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "failure_logs": AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "attempts": AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0],
    }
