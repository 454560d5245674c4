"""Annual plans of periodic inspections: listed, created, shown, approved by leadership, exported to a spreadsheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from culture_portal.access import permission_required
from inspections import access, selectors, services
from inspections.exports import plan_xlsx
from inspections.forms import PlanForm
from inspections.models import InspectionPlan
from inspections.views.errors import error_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@permission_required("inspections.view_inspectionplan")
def plan_list(request):
    """Inspectors and leadership: annual plans of periodic inspections."""
    return render(request, "inspections/plan_list.html", {"plans": selectors.plans_listed(), "form": PlanForm()})


@require_POST
@permission_required("inspections.add_inspectionplan")
def plan_create(request):
    form = PlanForm(request.POST)
    if form.is_valid():
        plan = services.plan_create(user=request.user, **form.cleaned_data)
        return redirect("inspections:plan", public_id=plan.public_id)
    return render(request, "inspections/plan_list.html", {"plans": selectors.plans_listed(), "form": form})


@require_GET
@permission_required("inspections.view_inspectionplan")
def plan_detail(request, public_id):
    plan = get_object_or_404(InspectionPlan.objects.select_related("approved_by"), public_id=public_id)
    inspections = selectors.plan_periodic_inspections(plan=plan).prefetch_related("members")
    context = {"plan": plan, "inspections": inspections, "is_leadership": access.can_approve_plan(request.user, plan)}
    return render(request, "inspections/plan_detail.html", context)


@require_POST
@permission_required("inspections.change_inspectionplan")
def plan_approve(request, public_id):
    plan = get_object_or_404(InspectionPlan, public_id=public_id)
    try:
        services.plan_approve(plan=plan, user=request.user)
        messages.success(request, _("The plan is approved."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("inspections:plan", public_id=public_id)


@require_GET
@permission_required("inspections.view_inspectionplan")
def plan_export(request, public_id):
    plan = get_object_or_404(InspectionPlan, public_id=public_id)
    filename, content = plan_xlsx(plan, selectors.plan_periodic_inspections(plan=plan))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
