"""Outcomes of the disciplinary handling of serious findings: personal data of the most sensitive kind."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from culture_portal.access import permission_required
from culture_portal.audit import audit_record
from inspections import access, selectors, services
from inspections.forms import OutcomeForm


@require_http_methods(["GET", "POST"])
@permission_required("inspections.view_disciplinaryoutcome")
def discipline(request):
    """Leadership and the personnel office: outcomes of disciplinary handling of serious findings."""
    form = OutcomeForm(request.POST or None)
    if request.method == "POST":
        if not access.can_record_discipline(request.user):
            raise PermissionDenied
        if form.is_valid():
            services.disciplinary_outcome_record(user=request.user, request=request, **form.cleaned_data)
            messages.success(request, _("The outcome is recorded."))
            return redirect("inspections:discipline")
    page = Paginator(selectors.disciplinary_outcomes_listed(), 50).get_page(request.GET.get("page"))
    # Disciplinary records are personal data of the most sensitive kind: every viewing is logged.
    audit_record(
        action="discipline.viewed", request=request, object_type="official",
        detail=", ".join(outcome.official.employee_code for outcome in page),
    )  # fmt: skip
    return render(request, "inspections/discipline.html", {"page": page, "form": form})
