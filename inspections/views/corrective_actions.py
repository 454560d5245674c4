"""Corrective actions: the list, and each action's page where the unit head reports and the inspectors review.

The page's two forms post to their own addresses: the unit head's report with its evidence (action_report_post),
and the inspectors' review, whose buttons say accept or reopen (action_review_post).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from culture_portal.access import permission_required
from culture_portal.keyset import KeysetPaginator, keyset_page
from culture_portal.text import printable_text
from inspections.corrective_actions import (
    ACTION_LIST_KEYS,
    action_report,
    action_reportable_by,
    action_review,
    action_reviewable_by,
    actions_filtered,
    actions_visible_to,
)
from inspections.views.errors import error_text


@require_GET
@permission_required("inspections.view_inspection")
def action_list(request):
    """Unit heads: their units' actions; inspectors: their inspections'; leadership: the city, overdue first."""
    today = timezone.localdate()
    rows = actions_filtered(request.user, request.GET, today).select_related("unit", "requirement", "inspection")
    overdue_only = request.GET.get("overdue") == "1"
    narrowed = {key: request.GET[key] for key in ("status", "team", "units") if request.GET.get(key)}
    page, status = keyset_page(request, KeysetPaginator(rows, ACTION_LIST_KEYS, 50))
    context = {"page": page, "today": today, "overdue_only": overdue_only, "narrowed": narrowed}
    return render(request, "inspections/action_list.html", context, status=status)


@require_GET
@permission_required("inspections.view_inspection")
def action_detail(request, public_id):
    action = _action_for(request.user, public_id)
    context = {
        "action": action,
        "evidence": action.evidence.all(),
        "can_report": action_reportable_by(request.user, action),
        "can_review": action_reviewable_by(request.user, action),
    }
    return render(request, "inspections/action_detail.html", context)


def _action_for(user, public_id):
    """The action, if the user may see it (404 otherwise: an action outside one's units does not exist for them)."""
    visible = actions_visible_to(user).select_related("unit", "requirement", "inspection")
    return get_object_or_404(visible, public_id=public_id)


@require_POST
@permission_required("inspections.view_inspection")
def action_report_post(request, public_id):
    action = _action_for(request.user, public_id)
    text = printable_text(request.POST.get("report", ""))[:20000]
    try:
        action_report(action=action, user=request.user, text=text, files=request.FILES.getlist("evidence")[:5])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your report is sent to the inspectors."))
    return redirect("inspections:action", public_id=action.public_id)


@require_POST
@permission_required("inspections.view_inspection")
def action_review_post(request, public_id):
    action = _action_for(request.user, public_id)
    comment = printable_text(request.POST.get("comment", ""))[:5000]
    decision = request.POST.get("decision")
    if decision not in ("accept", "reopen"):
        messages.error(request, _("Choose to accept the report or to reopen the action."))
        return redirect("inspections:action", public_id=action.public_id)
    try:
        action_review(action=action, user=request.user, accept=decision == "accept", comment=comment)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("inspections:action", public_id=action.public_id)
