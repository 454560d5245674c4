"""A signed-in user's own notifications: the list, opening one (checked against the reader's rights), marking read.

Any signed-in account may use these pages, each only on its own notifications: another user's id is a 404.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from culture_portal.models import Notification
from culture_portal.notifications import (
    notification_mark_read,
    notifications_mark_all_read,
    visible_notification_ids,
)

PAGE_SIZE = 30
_CURSOR = re.compile(r"[0-9]{1,18}")


def _cursor(value) -> int | None:
    """The `before` id of keyset pagination; anything but a plain number means the first page."""
    return int(value) if isinstance(value, str) and _CURSOR.fullmatch(value) else None


def _list_url(before: int | None) -> str:
    url = reverse("notifications:list")
    return f"{url}?before={before}" if before else url


def _own(user, pk: int) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=user)


@require_GET
@login_required
def notification_list(request):
    """Newest first, PAGE_SIZE per page, paged by id (no OFFSET); a notification about something the reader may no
    longer see shows no text."""
    before = _cursor(request.GET.get("before"))
    rows = Notification.objects.filter(recipient=request.user).order_by("-id")
    if before is not None:
        rows = rows.filter(pk__lt=before)
    page = list(rows[: PAGE_SIZE + 1])
    older = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    page = page[:PAGE_SIZE]
    visible = visible_notification_ids(request.user, page)
    context = {
        "items": [{"note": note, "visible": note.pk in visible} for note in page],
        "before": before,
        "older": older,
    }
    return render(request, "culture_portal/notifications.html", context)


@require_GET
@login_required
def notification_open(request, pk):
    """Marks it read; leads to its object when the reader may still see it, otherwise says only that they may not."""
    note = _own(request.user, pk)
    visible = bool(visible_notification_ids(request.user, [note]))
    notification_mark_read(user=request.user, notification_id=note.pk)
    local = note.url.startswith("/") and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None)
    if visible and local:
        return redirect(note.url)
    return render(request, "culture_portal/notification_open.html", {"note": note, "visible": visible})


@require_POST
@login_required
def notification_read(request, pk):
    note = _own(request.user, pk)
    notification_mark_read(user=request.user, notification_id=note.pk)
    return redirect(_list_url(_cursor(request.POST.get("before"))))


@require_POST
@login_required
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect(_list_url(None))
