"""In-portal notifications: the one service every app calls to tell people something, and the rights check on opening.

Writing: `notify()` stores one Notification per active recipient and queues the same text by e-mail through the
outbox (sent after the commit). Who heads a unit is said in `culture_portal.access` (`unit_heads_of`, which the callers
telling "the heads of these units" import from there): a unit head answers for their unit's whole subtree, so the
heads of a unit and of every unit above it are told. Deactivated accounts are never given anything.

Reading: a notification names what it is about (`subject_type`, `subject_key`). Each app registers, per subject
type, a batch function `visible(user, keys) -> set of keys` built on the same lookups its pages use; a notification
whose object the reader may no longer see shows nothing of its text. The core imports no app: the apps register
from their AppConfig.ready() (`<app>/notification_subjects.py`).

Texts are what staff read and receive by e-mail: callers never put a complainant's identity in them.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from culture_portal.access import unit_heads_of  # noqa: F401 (kept importable from here)
from culture_portal.models import Notification
from culture_portal.outbox import email_queue

Visible = Callable[[object, set[str]], set[str]]

_subjects: dict[str, Visible] = {}


# --- writing ----------------------------------------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable,
    text: str,
    url: str,
    subject_type: str,
    subject_key,
    email: bool = True,
    email_body: str | None = None,
    also_email: Iterable[str] = (),
) -> list[Notification]:
    """Tell each active recipient (users; None and duplicates are skipped) in the portal and, with `email`, by mail.

    `email_body` replaces the default body (the text and the link); `also_email` adds addresses that are not
    accounts (a unit's mailbox), each written to once even when an account shares it.
    """
    if subject_type not in _subjects:
        raise ValueError(f"Unknown notification subject type {subject_type!r}: register it first.")
    text = text[:500]
    ids = {user.pk for user in recipients if user is not None}
    # Read back from the database: an account deactivated since the caller loaded it gets nothing.
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")) if ids else []
    notes = Notification.objects.bulk_create(
        [
            Notification(recipient=user, text=text, url=url, subject_type=subject_type, subject_key=str(subject_key))
            for user in users
        ]
    )
    if email:
        addresses = {user.email for user in users if user.email} | {address for address in also_email if address}
        body = email_body if email_body is not None else f"{text}\n\n{settings.SITE_URL}{url}\n"
        for address in sorted(addresses):
            email_queue(to=address, subject=text, body=body)  # one-line subject, sent after the commit
    return notes


def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the user's own notifications read; False when it is not theirs (or already read)."""
    return bool(
        Notification.objects.filter(pk=notification_id, recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- the rights check ---------------------------------------------------------------------------------------------


def register_subject(subject_type: str, visible: Visible) -> None:
    """An app says how to tell which of its objects of this type a user may still see (one call per batch)."""
    if len(subject_type) > Notification._meta.get_field("subject_type").max_length:
        raise ValueError(f"Subject type {subject_type!r} is too long.")
    _subjects[subject_type] = visible


def registered_subjects() -> set[str]:
    return set(_subjects)


def visible_notification_ids(user, notifications: Iterable[Notification]) -> set[int]:
    """Which of these notifications may show their text and lead to their object: one check per subject type.

    Rows without a subject (written before subjects existed) show as written; a type nobody registers any more
    shows nothing (the check fails closed).
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    notifications = list(notifications)
    for note in notifications:
        if note.subject_type:
            wanted[note.subject_type].add(note.subject_key)
    seen = {
        subject_type: (_subjects[subject_type](user, keys) if subject_type in _subjects else set())
        for subject_type, keys in wanted.items()
    }
    return {
        note.pk
        for note in notifications
        if not note.subject_type or note.subject_key in seen.get(note.subject_type, set())
    }


def uuid_keys(keys: Iterable[str]) -> list[uuid.UUID]:
    """The keys that are UUIDs (for public ids); anything else matches nothing."""
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            continue
    return found


def int_keys(keys: Iterable[str]) -> list[int]:
    """The keys that are positive integers (for primary keys); anything else matches nothing."""
    return [int(key) for key in keys if str(key).isdigit() and len(str(key)) < 19]


# --- the bell -----------------------------------------------------------------------------------------------------

BELL_CAP = 99


def unread_count(user, cap: int = BELL_CAP) -> int:
    """Unread notifications, counted up to cap + 1 (one bounded query on notification_inbox_idx)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()[: cap + 1].count()


class Bell:
    """The header's bell for one request: the unread count is read once, and only when a page shows the bell."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user)

    @property
    def shown(self) -> str:
        return f"{BELL_CAP}+" if self.unread > BELL_CAP else str(self.unread)

    @property
    def label(self) -> str:
        """The link's accessible name ("Notifications, 3 unread")."""
        if self.unread > BELL_CAP:
            return gettext("Notifications, more than %(count)s unread") % {"count": BELL_CAP}
        if not self.unread:
            return gettext("Notifications, none unread")
        return ngettext("Notifications, %(count)s unread", "Notifications, %(count)s unread", self.unread) % {
            "count": self.unread
        }


def bell(request):
    """Context processor: `notification_bell` for signed-in users (no query until the page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": Bell(user)}
