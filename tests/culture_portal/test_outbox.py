"""The e-mail outbox: sent once, kept for the sweep when sending fails, forgotten after it was sent; bodies sealed."""

import datetime
import importlib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from culture_portal.models import OutgoingEmail
from culture_portal.models.outbox import seal, unseal
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


def stored_body(message_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {OutgoingEmail._meta.db_table} WHERE id = %s", [message_id])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_body_is_stored_sealed_and_read_back_in_clear():
    message = email_queue(to="dan@example.com", subject="Biên nhận", body="Mã PA-2026-7K3F9Q, PIN 123456. Cảm ơn.")
    raw = stored_body(message.pk)
    assert raw.startswith("sealed:v1:") and "123456" not in raw and "7K3F9Q" not in raw
    assert OutgoingEmail.objects.get(pk=message.pk).body == "Mã PA-2026-7K3F9Q, PIN 123456. Cảm ơn."
    assert seal("same") != seal("same")  # a fresh nonce each time: equal bodies do not look equal


def test_a_changed_or_foreign_sealed_value_is_refused(settings):
    sealed = seal("PIN 123456")
    token = bytearray(sealed.encode())
    token[-5] = ord("A") if token[-5] != ord("A") else ord("B")
    with pytest.raises(ValueError):
        unseal(bytes(token).decode())
    with pytest.raises(ValueError):
        unseal("PIN 123456")
    settings.SECRET_KEY = "another-key-" * 5
    with pytest.raises(ValueError):
        unseal(sealed)


def test_what_waits_in_the_outbox_survives_a_key_rotation(settings):
    message = email_queue(to="dan@example.com", subject="Biên nhận", body="PIN 123456")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-new-key-" * 5
    send_outgoing_email(message.pk)
    assert mail.outbox[0].body == "PIN 123456"


def test_the_migration_seals_the_bodies_already_waiting():
    migration = importlib.import_module("culture_portal.migrations.0009_outbox_sealed_bodies")
    before = MigrationLoader(connection).project_state(("culture_portal", "0008_setup_checklist")).apps
    Historical = before.get_model("culture_portal", "OutgoingEmail")  # noqa: N806 - a model class
    waiting = Historical.objects.create(to="a@example.com", subject="s", body="PIN 123456")
    assert stored_body(waiting.pk) == "PIN 123456"
    migration.seal_bodies(before, None)
    migration.seal_bodies(before, None)  # twice: sealed once only
    assert stored_body(waiting.pk).startswith("sealed:v1:") and "123456" not in stored_body(waiting.pk)
    assert OutgoingEmail.objects.get(pk=waiting.pk).body == "PIN 123456"


def test_a_dump_of_the_outbox_holds_the_body_sealed_and_loads_back(tmp_path):
    message = email_queue(to="dan@example.com", subject="Biên nhận", body="PIN 123456")
    dump = tmp_path / "outbox.json"
    call_command("dumpdata", "culture_portal.outgoingemail", output=str(dump), verbosity=0)
    assert "123456" not in dump.read_text() and "sealed:v1:" in dump.read_text()
    OutgoingEmail.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    assert OutgoingEmail.objects.get(pk=message.pk).body == "PIN 123456"
    assert stored_body(message.pk).startswith("sealed:v1:")


def test_a_sent_email_keeps_no_body(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = email_queue(to="nguoidan@example.org", subject="Biên nhận", body="Mã PIN: 482913")
    message.refresh_from_db()
    assert message.sent_at is not None and message.body == ""
    assert "482913" in mailoutbox[0].body


def test_an_email_sealed_with_a_lost_key_is_given_up_not_retried_for_ever(settings):
    message = OutgoingEmail.objects.create(to="nguoidan@example.org", subject="Biên nhận", body="Mã PIN: 482913")
    settings.SECRET_KEY = "a-new-installation-key-" + "x" * 40
    send_outgoing_email(message.pk)  # no error
    assert OutgoingEmail.objects.filter(pk=message.pk, attempts__gte=10, sent_at__isnull=True).exists()
    assert flush_outbox() == 0  # not queued again


def test_a_receipt_page_opened_before_pins_were_sealed_still_shows_its_pin():
    from feedback.codes import pin_seal, pin_unseal

    assert pin_unseal(pin_seal("482913")) == "482913"
    assert pin_unseal("482913") == "482913"  # a session written before the deploy
    assert pin_unseal("not-a-pin") is None
