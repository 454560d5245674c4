"""The inspection list, a new inspection, its page, and the team's steps (start the field work, submit findings)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from culture_portal.access import permission_required
from culture_portal.roles import in_name_order
from feedback.access import case_for_user
from feedback.selectors import cases_visible_to
from inspections import access, selectors, services
from inspections.forms import InspectionForm, InspectionFromCasesForm, ReturnForm
from inspections.models import Conclusion, Inspection
from inspections.views.errors import error_text
from regulations.models import Severity


@require_GET
@permission_required("inspections.view_inspection")
def inspection_list(request):
    """Inspectors (their own), leadership (all), unit heads (approved, about their units)."""
    inspections = selectors.inspections_listed(user=request.user, params=request.GET)
    status = request.GET.get("status", "")
    status = status if status in Inspection.Status.values else ""
    # The narrower views the home page links to ("waiting for you"), said in words above the list.
    narrowed = {key: request.GET[key] for key in ("team", "field_over", "units", "notices") if request.GET.get(key)}
    page = Paginator(inspections, 25).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": Inspection.Status.choices, "status": status, "narrowed": narrowed}
    return render(request, "inspections/inspection_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("inspections.add_inspection")
def inspection_create(request):
    """Inspectors and leadership: a periodic or surprise inspection."""
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(user=request.user, **{k: data[k] for k in form.Meta.fields})
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            return redirect("inspections:detail", public_id=inspection.public_id)
    return render(request, "inspections/inspection_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("inspections.add_inspection")
def inspection_from_case(request, case_id):
    """A surprise inspection started from a complaint (and others about the same unit), which become its grounds.
    A case the user may not read is a 404, as everywhere."""
    case = case_for_user(request.user, case_id)
    form = InspectionFromCasesForm(request.POST or None, case=case, visible_cases=cases_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_from_cases(
                user=request.user, **{name: data[name] for name in ("cases", *form.Meta.fields)}
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The surprise inspection is created; the cases are its grounds."))
            return redirect("inspections:detail", public_id=inspection.public_id)
    status = 400 if form.errors else 200
    return render(request, "inspections/inspection_from_case.html", {"form": form, "case": case}, status=status)


@require_GET
@permission_required("inspections.view_inspection")
def inspection_detail(request, public_id):
    inspection = access.inspection_for_user(request.user, public_id)
    findings = selectors.findings_visible_to(request.user).filter(inspection=inspection)
    # The complaints that grounded it, for anyone who sees the inspection, never with their authors; a link to the
    # case for those who may read it.
    grounds = list(inspection.grounds.select_related("case__norm").order_by("case__received_at", "pk"))
    readable_cases = (
        set(
            cases_visible_to(request.user)
            .filter(pk__in=[g.case_id for g in grounds])
            .values_list("pk", flat=True)
            .order_by()
        )
        if grounds
        else set()
    )
    context = {
        "grounds": grounds,
        "readable_cases": readable_cases,
        "inspection": inspection,
        "units": inspection.units.order_by("path"),
        "members": in_name_order(inspection.members.all()),
        "findings": findings.select_related("unit", "official", "norm", "measure").prefetch_related("evidence"),
        "events": inspection.events.select_related("by").order_by("-at")[:50],
        "can_edit": access.can_edit(request.user, inspection),
        "conclusion": Conclusion.objects.filter(inspection=inspection).prefetch_related("requirements__unit").first(),
        # The template's name for "may approve or return the conclusion".
        "is_leadership": access.can_decide_conclusion(request.user, inspection),
        "can_amend": inspection.is_frozen and access.can_amend_findings(request.user, inspection),
        "severities": Severity.choices,
        "return_form": ReturnForm(),
    }
    return render(request, "inspections/inspection_detail.html", context)


_STEPS = {
    "start": services.inspection_start,
    "submit": services.findings_submit,
}


@require_POST
@permission_required("inspections.change_inspection")
def inspection_step(request, public_id, step):
    """Team members move the inspection on: start the field work, submit the findings."""
    inspection = access.inspection_for_user(request.user, public_id)
    if step not in _STEPS:
        raise PermissionDenied
    try:
        _STEPS[step](inspection=inspection, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("inspections:detail", public_id=public_id)
