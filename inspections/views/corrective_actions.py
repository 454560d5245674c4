"""Corrective actions: the list, and each action's page where the unit head reports and the inspectors review.

The page posts `do`: "report" (the unit head's report and its evidence), "accept" or "reopen" (the review); each
has its function below.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from culture_portal.access import permission_required
from culture_portal.text import printable_text
from inspections.corrective_actions import (
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
    page = Paginator(rows.order_by("deadline", "pk"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "today": today, "overdue_only": overdue_only, "narrowed": narrowed}
    return render(request, "inspections/action_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("inspections.view_inspection")
def action_detail(request, public_id):
    action = get_object_or_404(
        actions_visible_to(request.user).select_related("unit", "requirement", "inspection"), public_id=public_id
    )
    if request.method == "POST":
        return _action_post(request, action)
    context = {
        "action": action,
        "evidence": action.evidence.all(),
        "can_report": action_reportable_by(request.user, action),
        "can_review": action_reviewable_by(request.user, action),
    }
    return render(request, "inspections/action_detail.html", context)


def _action_post(request, action):
    post = _ACTION_POSTS.get(request.POST.get("do"))
    try:
        if post is not None:
            post(request, action)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("inspections:action", public_id=action.public_id)


def _report_post(request, action) -> None:
    text = printable_text(request.POST.get("report", ""))[:20000]
    action_report(action=action, user=request.user, text=text, files=request.FILES.getlist("evidence")[:5])
    messages.success(request, _("Your report is sent to the inspectors."))


def _review_post(request, action) -> None:
    comment = printable_text(request.POST.get("comment", ""))[:5000]
    action_review(action=action, user=request.user, accept=request.POST["do"] == "accept", comment=comment)
    messages.success(request, _("Saved."))


_ACTION_POSTS = {"report": _report_post, "accept": _review_post, "reopen": _review_post}
