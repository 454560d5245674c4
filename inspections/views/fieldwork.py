"""The field page, on a phone at the unit: the checklist of norms, the attendance roll and new findings.

Its form posts `action`: "item-<id>" marks a checklist row, "att-<id>" an official's attendance, "finding" records
a finding (with its evidence); each has its function below.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from culture_portal import storage
from culture_portal.access import permission_required
from inspections import access, services
from inspections.forms import AttendanceForm, ChecklistItemForm, FindingForm
from inspections.models import ChecklistItem
from inspections.views.errors import error_text

ROW_ACTION = re.compile(r"(item|att)-([0-9]{1,18})")


@require_http_methods(["GET", "POST"])
@permission_required("inspections.change_inspection")
def field_checklist(request, public_id, code):
    """On a phone at the unit: the checklist of norms, the attendance roll, and new findings."""
    inspection = access.inspection_for_user(request.user, public_id)
    if not access.can_edit(request.user, inspection):
        raise PermissionDenied
    unit = get_object_or_404(inspection.units.all(), code=code)
    if request.method == "POST":
        return _field_post(request, inspection, unit)
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


def _field_post(request, inspection, unit):
    action = request.POST.get("action", "")
    row = ROW_ACTION.fullmatch(action)
    if action.startswith(("item-", "att-")) and not row:
        raise Http404  # a row that cannot exist: "item-abc" is no id
    try:
        if row:
            _ROW_POSTS[row[1]](request, inspection, unit, pk=row[2], prefix=action)
        elif action == "finding":
            return _finding_post(request, inspection, unit)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return _back_to_field(inspection, unit)


def _back_to_field(inspection, unit):
    return redirect("inspections:field", public_id=inspection.public_id, code=unit.code)


def _checklist_post(request, inspection, unit, *, pk, prefix) -> None:
    item = get_object_or_404(ChecklistItem, pk=pk, inspection=inspection, unit=unit)
    form = ChecklistItemForm(request.POST, instance=item, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Choose complies, breach or not checked."))
        return
    data = form.cleaned_data
    services.checklist_mark(item=item, result=data["result"], note=data["note"], user=request.user)
    messages.success(request, _("Saved."))


def _attendance_post(request, inspection, unit, *, pk, prefix) -> None:
    official = get_object_or_404(unit.officials.all(), pk=pk)
    form = AttendanceForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Choose present, late, absent with or without leave."))
        return
    services.attendance_record(
        inspection=inspection, unit=unit, official=official, user=request.user, **form.cleaned_data
    )
    messages.success(request, _("Saved."))


_ROW_POSTS = {"item": _checklist_post, "att": _attendance_post}


def _finding_post(request, inspection, unit):
    form = FindingForm(request.POST, request.FILES, inspection=inspection, unit=unit)
    if not form.is_valid():
        context = {
            "inspection": inspection,
            "unit": unit,
            "finding_form": form,
            "items": [],
            "roll": [],
            "findings": [],
        }
        return render(request, "inspections/field_checklist.html", context, status=200)
    data = form.cleaned_data
    evidence = data.pop("evidence")
    finding = services.finding_record(inspection=inspection, unit=unit, user=request.user, **data)
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
