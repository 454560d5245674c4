"""The citizen's PIN is never readable in the database: not in the outbox that waits for a broker that is down,
not in the session that shows the receipt, in no table, before or after the receipt e-mail is sent. The e-mail
still goes out with the PIN once the broker is back (nothing is lost)."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import OutgoingEmail
from culture_portal.tasks import flush_outbox

from .conftest import form_data

pytestmark = pytest.mark.django_db


def receipt_of(client) -> tuple[str, str]:
    page = client.get(reverse("feedback:receipt")).content.decode()
    code = re.search(r'class="tracking-code">([^<]+)<', page).group(1)
    pin = re.search(r'class="tracking-pin">([^<]+)<', page).group(1)
    return code, pin


def cells_holding(pin: str) -> list[str]:
    """Every text cell of every table where the PIN stands as a number of its own (not inside a longer number or
    the microseconds of a time), and the decoded sessions."""
    pattern = re.compile(rf"(?<![\d.]){pin}(?!\d)")
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("latin-1")
                    if pattern.search(str(value)):
                        found.append(f"{table}.{column}")
    found += [
        f"session {session.pk}" for session in Session.objects.all() if pattern.search(str(session.get_decoded()))
    ]
    return found


def test_the_pin_is_in_no_table_before_or_after_the_receipt_is_sent(
    client, tree, norm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker is down: nothing is queued
        response = client.post(
            "/feedback/new/",
            form_data(tree["desk_a"], norm, full_name="Trần Thị Bích", email="bich@example.com", consent="on"),
        )
    assert response.status_code == 302
    code, pin = receipt_of(client)
    assert re.fullmatch(r"\d{6}", pin) and not mail.outbox
    waiting = OutgoingEmail.objects.get(to="bich@example.com", sent_at__isnull=True)
    assert pin in waiting.body  # the portal itself can read what it will send...
    assert cells_holding(pin) == []  # ...the database alone cannot
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {OutgoingEmail._meta.db_table} WHERE id = %s", [waiting.pk])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert stored.startswith("sealed:v1:") and code not in stored and "PIN" not in stored

    # The broker and a worker are back: the periodic sweep sends what waited, with the PIN the citizen needs.
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert flush_outbox() == 1
    receipt = next(message for message in mail.outbox if code in message.subject)
    assert pin in receipt.body and receipt.to == ["bich@example.com"]
    assert OutgoingEmail.objects.get(pk=waiting.pk).sent_at is not None
    assert cells_holding(pin) == []
    assert receipt_of(client) == (code, pin)  # the receipt page still shows it, from the session
