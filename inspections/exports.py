"""The annual plan as a spreadsheet. Cells are values, never formulas."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from regulations.exports import inert, sheet_append


def plan_xlsx(plan, inspections) -> tuple[str, bytes]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(plan.year)
    sheet.append([inert(plan.title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Status"), plan.get_status_display()])
    sheet.append([])
    sheet.append(
        [_("Inspection"), _("From"), _("To"), _("Units inspected"), _("Norm groups in scope"), _("Team leader")]
    )
    for inspection in inspections:
        sheet_append(
            sheet,
            [
                inert(inspection.title),
                inspection.window_start,
                inspection.window_end,
                inert("; ".join(unit.name for unit in inspection.units.all())),
                inert("; ".join(group.name for group in inspection.norm_groups.all())),
                inert(f"{inspection.leader.last_name} {inspection.leader.first_name}"),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"ke-hoach-kiem-tra-{plan.year}.xlsx", buffer.getvalue()
