"""Which cases a user may see. Every page reads cases through cases_visible_to() (one case: access.case_for_user()),
never with a bare .get()."""

import datetime

from django.db.models import Q
from django.utils import timezone

from culture_portal.access import headed_unit
from culture_portal.models import Unit
from culture_portal.roles import Role, has_role
from culture_portal.workdays import WorkingCalendar
from feedback import codes
from feedback.models import CLOSED, Case, Complainant

# Statuses a unit head may see about their units: triaged, and not spam.
UNIT_VISIBLE = (Case.Status.ACCEPTED, Case.Status.IN_PROGRESS, Case.Status.ANSWERED)


def cases_visible_to(user):
    """Feedback officers and leadership: every case. Unit heads: cases sent to their units for verification, and
    triaged feedback and complaints about their units (never denunciations they were not sent). Anyone: the cases
    assigned to them."""
    if not user.is_authenticated or not user.has_perm("feedback.view_case"):
        return Case.objects.none()
    if has_role(user, Role.FEEDBACK_OFFICER, Role.LEADERSHIP):
        return Case.objects.all()
    scope = Q(assignee=user)
    unit = headed_unit(user)
    if unit is not None:
        subtree = Q(handling_unit__path__startswith=unit.path)
        about = Q(unit__path__startswith=unit.path, status__in=UNIT_VISIBLE) & ~Q(track="denunciation")
        scope |= subtree | about
    return Case.objects.filter(scope)


def _words(text: str) -> set[str]:
    return {word for word in text.split() if len(word) > 2}


def likely_duplicates(case: Case, *, limit: int = 5, window_days: int = 180, sample: int = 300) -> list[dict]:
    """Earlier cases that probably report the same thing: same contact, or same unit with similar words.

    Bounded: only the `sample` most recent cases about the unit in the window are compared (Jaccard similarity
    of their folded words), so the cost does not grow with the table.
    """
    since = case.received_at - datetime.timedelta(days=window_days)
    found: dict[int, dict] = {}
    complainant = Complainant.objects.filter(case=case).first()
    if complainant and (complainant.phone_key or complainant.email_key):
        contact = Q()
        if complainant.phone_key:
            contact |= Q(complainant__phone_key=complainant.phone_key)
        if complainant.email_key:
            contact |= Q(complainant__email_key=complainant.email_key)
        for other in (
            Case.objects.filter(contact).exclude(pk=case.pk).select_related("unit").order_by("-received_at")[:limit]
        ):
            found[other.pk] = {"case": other, "reason": "contact", "score": 1.0}
    if case.unit_id:
        mine = _words(case.folded_text)
        recent = (
            Case.objects.filter(unit_id=case.unit_id, received_at__gte=since)
            .exclude(pk=case.pk)
            .exclude(status=Case.Status.SPAM)
            .select_related("unit")
            .order_by("-received_at")[:sample]
        )
        for other in recent:
            theirs = _words(other.folded_text)
            if not mine or not theirs:
                continue
            score = len(mine & theirs) / len(mine | theirs)
            if score >= 0.35 and other.pk not in found:
                found[other.pk] = {"case": other, "reason": "text", "score": score}
    return sorted(found.values(), key=lambda item: -item["score"])[:limit]


def overdue(cases, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return cases.filter(status__in=Case.OPEN_STATUSES, due_on__lt=today)


# "Due soon" on the case list and the home page: open cases whose deadline falls within this many working days.
DUE_SOON_WORKING_DAYS = 2


def due_soon(cases, today: datetime.date | None = None):
    """Open cases due from today up to the end of the second working day after it (not yet overdue)."""
    today = today or timezone.localdate()
    until = WorkingCalendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    return cases.filter(status__in=Case.OPEN_STATUSES, due_on__gte=today, due_on__lte=until)


def sent_to_my_unit(cases, user):
    """Cases sent for verification to the unit the user heads or one of its sub-units (none for others)."""
    unit = headed_unit(user)
    if unit is None:
        return cases.none()
    return cases.filter(handling_unit__path__startswith=unit.path)


# The case list's order: open cases first, by deadline (none last), then closed ones; by receipt and id within a
# day. The keys of its keyset pages (culture_portal.keyset), served by case_list_idx.
CASE_LIST_KEYS = ("urgency_on", "received_at", "id")


def case_list_ordered(cases):
    """The cases in the case list's order, with what a row shows."""
    return cases.select_related("unit", "handling_unit", "assignee", "norm").order_by(*CASE_LIST_KEYS)


def case_list_filtered(user, params, today: datetime.date | None = None) -> tuple:
    """(cases, chosen filters): the case list's filters, read from `params` (a query string); the home page counts
    its waiting items with the same function, so a link shows exactly the cases counted."""
    today = today or timezone.localdate()
    cases = cases_visible_to(user)
    status = params.get("status", "open")
    if status == "open":
        cases = cases.filter(status__in=Case.OPEN_STATUSES)
    elif status == "overdue":
        cases = overdue(cases, today)
    elif status == "due_soon":
        cases = due_soon(cases, today)
    elif status in Case.Status.values:
        cases = cases.filter(status=status)
        if status not in Case.OPEN_STATUSES:
            # True of every closed case (Case.urgency_on), and said so that PostgreSQL knows where they are: walking
            # case_list_idx from the start, it skipped every open case before the first answered one (60,000 at a
            # province: 124 ms a page) whenever its statistics made that walk look as cheap as case_status_list_idx.
            cases = cases.filter(urgency_on=CLOSED)
    else:
        status = "all"
    track = params.get("track", "")
    if track in dict(Case._meta.get_field("track").choices):
        cases = cases.filter(track=track)
    else:
        track = ""
    channel = params.get("channel", "")
    if channel in Case.Channel.values:
        cases = cases.filter(channel=channel)
    else:
        channel = ""
    mine = bool(params.get("mine"))
    if mine:
        cases = cases.filter(assignee=user)
    sent = params.get("sent") == "1"
    if sent:
        cases = sent_to_my_unit(cases, user)
    query = " ".join(str(params.get("q", ""))[:100].split())
    if query:
        cases = cases_matching(cases, query)
    return cases, {"status": status, "track": track, "channel": channel, "mine": mine, "sent": sent, "q": query}


def cases_matching(cases, query: str):
    """A tracking code ("pa 2026 k7m2qx" as typed) finds its case; anything else is a unit's name or code, with or
    without diacritics ("bac ha"), and finds the cases about that unit or sent to it (indexed: case_unit_idx,
    case_handling_idx, and the units' search index)."""
    code = codes.tracking_code_clean(query)
    if code.startswith("PA-"):
        return cases.filter(tracking_code=code)
    units = Unit.objects.matching(query).values("pk")
    return cases.filter(Q(unit__in=units) | Q(handling_unit__in=units))


def cases_answered_in_public():
    """Answered cases the officers chose to publish, latest answer first, with only what the public list shows
    (their summary, never the citizen's words): its filter is that of the partial index case_answered_public_idx,
    and ANSWERED_PUBLIC_KEYS (descending) its order, so the count and each keyset page read that index."""
    return (
        Case.objects.filter(is_published=True, status=Case.Status.ANSWERED)
        .select_related("unit", "norm")
        .only("tracking_code", "public_summary", "answer", "answered_at", "unit__name", "norm__citizen_title")
        .order_by("-answered_at", "-pk")
    )


ANSWERED_PUBLIC_KEYS = ("answered_at", "id")
