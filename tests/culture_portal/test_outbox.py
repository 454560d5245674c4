"""The e-mail outbox: sent once, kept for the sweep when sending fails, forgotten after it was sent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from culture_portal.models import OutgoingEmail
from culture_portal.outbox import email_queue
from culture_portal.tasks import flush_outbox, send_outgoing_email

pytestmark = pytest.mark.django_db


def test_an_email_is_sent_once_and_a_line_break_never_reaches_its_subject(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = email_queue(to="dan@example.com", subject="Mã\r\nBcc: x@evil.example", body="Nội dung")
    send_outgoing_email(message.pk)  # a second delivery
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Mã Bcc: x@evil.example"


def test_failed_sends_wait_for_the_sweep_and_sent_ones_are_forgotten(settings):
    settings.EMAIL_BACKEND = "tests.feedback.test_public.BrokenBackend"
    waiting = OutgoingEmail.objects.create(to="a@example.com", subject="s", body="PIN 123456")
    send_outgoing_email(waiting.pk)
    waiting.refresh_from_db()
    assert waiting.sent_at is None and "unreachable" in waiting.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    old = OutgoingEmail.objects.create(to="b@example.com", subject="s", body="PIN 654321")
    OutgoingEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - datetime.timedelta(days=3))
    assert flush_outbox() == 1
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert not OutgoingEmail.objects.filter(pk=old.pk).exists()
