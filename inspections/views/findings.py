"""Findings read across inspections (one's own, a unit's history, an official's) and amended after approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from culture_portal.access import officials_visible_to, permission_required, unit_for_user
from culture_portal.keyset import KeysetPaginator, keyset_page
from inspections import access, selectors, services
from inspections.forms import AmendmentForm
from inspections.views.errors import error_text


@require_GET
@login_required
def my_findings(request):
    """Any signed-in official: approved findings about themselves (and nothing else)."""
    findings = (
        selectors.findings_visible_to(request.user)
        .filter(official__user=request.user)
        .select_related("inspection", "norm", "unit")
        .order_by("-created_at")
    )
    return render(request, "inspections/my_findings.html", {"findings": findings[:200]})


@require_GET
@permission_required("inspections.view_inspection")
def unit_history(request, code):
    """Every finding about a unit (and its sub-units) the user may see, by norm group and year."""
    unit = unit_for_user(request.user, code)
    findings = selectors.findings_about_unit_visible_to(request.user, unit)
    page, status = _findings_page(request, findings)
    context = {
        "unit": unit,
        "notices": selectors.notices_issued_about(user=request.user, unit=unit)[:50],
        "counts": selectors.finding_counts_by_year_and_group(findings=findings),
        "page": page,
    }
    return render(request, "inspections/history.html", context, status=status)


@require_GET
@permission_required("inspections.view_inspection")
def official_history(request, employee_code):
    """Every finding about an official, for those who may see the official and the findings."""
    official = get_object_or_404(officials_visible_to(request.user).select_related("unit"), employee_code=employee_code)
    findings = selectors.findings_visible_to(request.user).filter(official=official)
    page, status = _findings_page(request, findings)
    context = {
        "official": official,
        "counts": selectors.finding_counts_by_year_and_group(findings=findings),
        "page": page,
    }
    return render(request, "inspections/history.html", context, status=status)


# A history's findings, the latest first, a page at a time (a district's history holds tens of thousands).
HISTORY_PAGE_SIZE = 50


def _findings_page(request, findings):
    """The page of findings asked for (keyset pages: finding_unit_idx and finding_official_idx serve the order), and
    the response status. No count: the table of breaches per year above gives the totals."""
    ordered = findings.select_related("norm__group", "inspection")
    pages = KeysetPaginator(ordered, ("created_at", "id"), HISTORY_PAGE_SIZE, descending=True, count_bound=None)
    return keyset_page(request, pages)


@require_POST
@permission_required("inspections.change_inspection")
def finding_amend(request, public_id, finding_id):
    """After approval: leadership or the team leader corrects a finding, with a reason kept in the history."""
    inspection = access.inspection_for_user(request.user, public_id)
    finding = get_object_or_404(
        selectors.findings_visible_to(request.user), inspection=inspection, public_id=finding_id
    )
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason and valid values for the amendment."))
        return redirect("inspections:detail", public_id=public_id)
    data = form.cleaned_data
    changes = {field: data[field] for field in ("severity", "observed") if data[field] != getattr(finding, field)}
    try:
        services.finding_amend(finding=finding, user=request.user, reason=data["reason"], **changes)
        messages.success(request, _("The amendment is recorded."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("inspections:detail", public_id=public_id)
