"""The field page, on a phone at the unit: the checklist of norms, the attendance roll and new findings.

Each of its forms posts to its own address: a checklist row (field_item_post), an official's attendance
(field_attendance_post) and a new finding with its evidence (field_finding_post).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from culture_portal import storage
from culture_portal.access import permission_required
from inspections import access, services
from inspections.forms import AttendanceForm, ChecklistItemForm, FindingForm
from inspections.models import ChecklistItem
from inspections.views.errors import error_text


@require_GET
@permission_required("inspections.change_inspection")
def field_checklist(request, public_id, code):
    """On a phone at the unit: the checklist of norms, the attendance roll, and new findings."""
    inspection, unit = _field_for(request.user, public_id, code)
    context = {
        "inspection": inspection,
        "unit": unit,
        "items": _checklist(inspection, unit),
        "roll": _roll(inspection, unit),
        "attendance_rate": services.attendance_rate(inspection=inspection, unit=unit),
        "finding_form": FindingForm(inspection=inspection, unit=unit),
        "findings": inspection.findings.filter(unit=unit).select_related("norm", "official"),
    }
    return render(request, "inspections/field_checklist.html", context)


def _field_for(user, public_id, code):
    """The inspection and one of its units, if the user is on its team and it can still be edited."""
    inspection = access.inspection_for_user(user, public_id)
    if not access.can_edit(user, inspection):
        raise PermissionDenied
    return inspection, get_object_or_404(inspection.units.all(), code=code)


def _checklist(inspection, unit):
    items = (
        ChecklistItem.objects.filter(inspection=inspection, unit=unit)
        .select_related("norm__group")
        .order_by("norm__group__order", "norm__code")
    )
    return [(item, ChecklistItemForm(instance=item, prefix=f"item-{item.pk}")) for item in items]


def _roll(inspection, unit):
    records = {record.official_id: record for record in inspection.attendance.filter(unit=unit)}
    return [
        (official, AttendanceForm(instance=records.get(official.pk), prefix=f"att-{official.pk}"))
        for official in unit.officials.active().order_by("sort_key", "employee_code")
    ]


def _back_to_field(inspection, unit):
    return redirect("inspections:field", public_id=inspection.public_id, code=unit.code)


@require_POST
@permission_required("inspections.change_inspection")
def field_item_post(request, public_id, code, item_id):
    inspection, unit = _field_for(request.user, public_id, code)
    item = get_object_or_404(ChecklistItem, pk=item_id, inspection=inspection, unit=unit)
    form = ChecklistItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose complies, breach or not checked."))
        return _back_to_field(inspection, unit)
    data = form.cleaned_data
    _save(request, lambda: services.checklist_mark(item=item, result=data["result"], note=data["note"],
                                                   user=request.user))  # fmt: skip
    return _back_to_field(inspection, unit)


@require_POST
@permission_required("inspections.change_inspection")
def field_attendance_post(request, public_id, code, official_id):
    inspection, unit = _field_for(request.user, public_id, code)
    official = get_object_or_404(unit.officials.all(), pk=official_id)
    form = AttendanceForm(request.POST, prefix=f"att-{official.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose present, late, absent with or without leave."))
        return _back_to_field(inspection, unit)
    data = form.cleaned_data
    _save(request, lambda: services.attendance_record(inspection=inspection, unit=unit, official=official,
                                                      user=request.user, **data))  # fmt: skip
    return _back_to_field(inspection, unit)


def _save(request, write) -> None:
    """Run a row's write and say "Saved.", or why the service refused it."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Saved."))


@require_POST
@permission_required("inspections.change_inspection")
def field_finding_post(request, public_id, code):
    inspection, unit = _field_for(request.user, public_id, code)
    form = FindingForm(request.POST, request.FILES, inspection=inspection, unit=unit)
    if not form.is_valid():
        # The finding form alone, with what was typed and its errors.
        context = {"inspection": inspection, "unit": unit, "finding_form": form}
        return render(request, "inspections/field_checklist.html", context)
    data = form.cleaned_data
    evidence = data.pop("evidence")
    try:
        finding = services.finding_record(inspection=inspection, unit=unit, user=request.user, **data)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _back_to_field(inspection, unit)
    if not evidence or _evidence_post(request, finding, evidence):
        messages.success(request, _("Finding saved."))
    return _back_to_field(inspection, unit)


def _evidence_post(request, finding, uploaded) -> bool:
    """Whether the file is stored. The finding (and what was typed) is kept either way: only the file needs
    sending again."""
    try:
        services.evidence_attach(finding=finding, uploaded=uploaded, user=request.user)
    except ValidationError as error:
        reason = error_text(error)
        messages.warning(request, _("The finding is saved but the file was not: %(reason)s") % {"reason": reason})
        return False
    except OSError as error:
        if not storage.storage_failed(error):
            raise
        storage.log.error("Evidence could not be stored for finding %s", finding.pk, exc_info=error)
        messages.warning(
            request,
            _(
                "The finding is saved but the file was not: the server's storage is full or cannot be "
                "written. Send the file again later; the administrators have been told."
            ),
        )
        return False
    return True
