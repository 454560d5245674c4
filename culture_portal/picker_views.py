"""The JSON addresses the pickers (culture_portal/pickers.py) ask as one types: a few matches, never a whole list.

Units are public (the citizen's form needs them; their names are on every poster): active ones for anyone, every
unit (`?scope=all`) for those who may see the organisation. Officials are for those who may see officials, within
what they may see. Each answer holds at most MATCHES_SHOWN rows and says whether more match.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from culture_portal import access
from culture_portal.models import Unit
from culture_portal.pickers import (
    MATCHES_SHOWN,
    clean_query,
    official_label,
    officials_matching,
    unit_label,
    units_matching,
)

# Typing sends a request every quarter second or so; an office behind one address may have many people typing.
SEARCH_RATE = "600/m"


def _answer(rows, label) -> JsonResponse:
    rows = list(rows[: MATCHES_SHOWN + 1])
    results = [{"value": row.pk, "label": label(row)} for row in rows[:MATCHES_SHOWN]]
    return JsonResponse({"results": results, "more": len(rows) > MATCHES_SHOWN})


def _refused(request) -> JsonResponse | None:
    if is_ratelimited(request, group="picker-search", key="ip", rate=SEARCH_RATE, method="GET", increment=True):
        return JsonResponse({"error": "rate_limited", "message": _("Too many searches: wait a minute.")}, status=429)
    return None


@require_GET
def units_search(request):
    refused = _refused(request)
    if refused:
        return refused
    units = Unit.objects.all()
    if not (request.GET.get("scope") == "all" and request.user.has_perm("culture_portal.view_unit")):
        units = units.filter(is_active=True)
    query = clean_query(request.GET.get("q"))
    return _answer(units_matching(units, query).select_related("parent").order_by("path"), unit_label)


@require_GET
@access.permission_required("culture_portal.view_official")
def officials_search(request):
    refused = _refused(request)
    if refused:
        return refused
    officials = access.officials_visible_to(request.user).filter(is_active=True).select_related("unit")
    query = clean_query(request.GET.get("q"))
    return _answer(officials_matching(officials, query).order_by("sort_key", "employee_code"), official_label)
