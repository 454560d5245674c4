"""E-mail that must not be lost: stored in the same transaction as the change, sent by a task after the commit.

If the broker is down when the change commits, the row waits; the beat task
`culture_portal.tasks.flush_outbox` sends whatever is still waiting once the
broker and a worker are back. The body is stored sealed (`OutgoingEmail.body`):
a receipt carries the citizen's PIN, which is never readable in the database.
"""

import logging

from django.db import transaction

from culture_portal.models import OutgoingEmail
from culture_portal.text import normalise_text

log = logging.getLogger(__name__)


def enqueue_after_commit(task, *args) -> None:
    """Queue `task` when the transaction commits; a broker that is down is logged, not raised to the user.

    Whatever the task was to do is already recorded in the database, and a
    sweep picks it up later, so the request that caused it still succeeds.
    """

    def send():
        try:
            task.delay(*args)
        except Exception:  # the broker's connection errors differ per transport
            log.warning("Could not queue %s%r; the periodic sweep will retry.", task.name, args, exc_info=True)

    transaction.on_commit(send)


def email_queue(*, to: str, subject: str, body: str) -> OutgoingEmail | None:
    """Store one e-mail and queue its sending. A subject never carries a line break (header injection)."""
    if not to:
        return None
    from culture_portal.tasks import send_outgoing_email

    message = OutgoingEmail.objects.create(to=to, subject=normalise_text(subject)[:200], body=body)
    enqueue_after_commit(send_outgoing_email, message.pk)
    return message
