"""What the Open311 face may read: the public cases, filtered by service, and the norms offered as services.

Spam and merged duplicates are left out, and so are denunciations, whose very existence the law keeps
confidential. Only the columns that may go out are loaded.
"""

from django.db.models import Q

from feedback.models import Case, Track
from regulations.models import Norm

Nature = Case.Nature

# Besides one service per norm in use: praise, and feedback that cites no norm.
SERVICE_PRAISE = "praise"
SERVICE_OTHER = "other"
HIDDEN_STATUSES = (Case.Status.SPAM, Case.Status.DUPLICATE)
REQUEST_FIELDS = (
    "public_id", "status", "nature", "received_at", "answered_at", "is_published", "public_summary",
    "unit", "unit__name", "norm", "norm__code", "norm__title", "norm__citizen_title",
)  # fmt: skip


def public_cases():
    """The cases anyone may know about, with only the columns that may go out (and what they need)."""
    return (
        Case.objects.exclude(status__in=HIDDEN_STATUSES)
        .exclude(duplicate_of__isnull=False)
        .exclude(track=Track.DENUNCIATION)
        .select_related("unit", "norm")
        .only(*REQUEST_FIELDS)
    )


def service_q(code: str) -> Q:
    """The cases of one service code."""
    if code == SERVICE_PRAISE:
        return Q(nature=Nature.PRAISE)
    if code == SERVICE_OTHER:
        return ~Q(nature=Nature.PRAISE) & Q(norm__isnull=True)
    return ~Q(nature=Nature.PRAISE) & Q(norm__code=code)


def service_norms():
    """The norms in use, one service each, in the catalogue's order."""
    return Norm.objects.active().select_related("group").order_by("group__order", "code")


def public_cases_matching(*, ids, service_codes, statuses, start, end, end_inclusive):
    """The public cases a requests.json query asks for: the ids asked for and no other filter (as Open311 says),
    else the services, the status ("open" or "closed"; both is no filter) and the span of receipt."""
    cases = public_cases()
    if ids is not None:
        return cases.filter(public_id__in=ids)
    if service_codes:
        wanted = Q()
        for code in service_codes:
            wanted |= service_q(code)
        cases = cases.filter(wanted)
    if statuses == {"open"}:
        cases = cases.filter(status__in=Case.OPEN_STATUSES)
    elif statuses == {"closed"}:
        cases = cases.exclude(status__in=Case.OPEN_STATUSES)
    if start is not None:
        cases = cases.filter(received_at__gte=start)
    if end is not None:
        cases = cases.filter(**{"received_at__lte" if end_inclusive else "received_at__lt": end})
    return cases
