"""The conclusion: drafted by the team leader with its requirements, approved or returned by leadership."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from culture_portal.access import permission_required
from inspections import access, services
from inspections.forms import ConclusionForm, RequirementFormSet, ReturnForm
from inspections.models import Conclusion
from inspections.views.errors import error_text


@require_http_methods(["GET", "POST"])
@permission_required("inspections.change_inspection")
def conclusion_edit(request, public_id):
    """The team leader drafts the conclusion and the requirements with their deadlines."""
    inspection = access.inspection_for_user(request.user, public_id)
    if not access.can_draft_conclusion(request.user, inspection):
        raise PermissionDenied
    existing = Conclusion.objects.filter(inspection=inspection).first()
    form, formset = _conclusion_forms(request, inspection, existing)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        requirements = [(r["unit"], r["text"], r["working_days"]) for r in formset.cleaned_data if r and r.get("unit")]
        try:
            services.conclusion_draft(
                inspection=inspection, user=request.user, requirements=requirements, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The conclusion is drafted and waits for leadership's approval."))
            return redirect("inspections:detail", public_id=public_id)
    context = {"inspection": inspection, "form": form, "formset": formset, "conclusion": existing}
    return render(request, "inspections/conclusion_form.html", context)


def _conclusion_forms(request, inspection, existing: Conclusion | None):
    """The conclusion's form and its requirements' formset, bound to the post or filled from the draft there is."""
    initial, initial_requirements = None, None
    if existing:
        initial = {"overall": existing.overall, "good_points": existing.good_points}
        initial_requirements = [
            {"unit": r.unit, "text": r.text, "working_days": r.working_days}
            for r in existing.requirements.select_related("unit")
        ]
    form = ConclusionForm(request.POST or None, initial=initial)
    formset = RequirementFormSet(
        request.POST or None, initial=initial_requirements, form_kwargs={"inspection": inspection}, prefix="req"
    )
    return form, formset


@require_POST
@permission_required("inspections.change_inspection")
def conclusion_decide(request, public_id, decision):
    """Leadership approves the conclusion (findings freeze) or returns it with a comment."""
    inspection = access.inspection_for_user(request.user, public_id)
    try:
        if decision == "approve":
            services.conclusion_approve(inspection=inspection, user=request.user)
            messages.success(request, _("The conclusion is approved."))
        elif decision == "return":
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.conclusion_return(inspection=inspection, user=request.user, comment=comment)
            messages.success(request, _("The conclusion is returned to the team leader."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("inspections:detail", public_id=public_id)
