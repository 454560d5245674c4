"""Spreadsheets leadership downloads. Cells are written as values, never formulas."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font


def inert(value) -> str:
    """Text that a spreadsheet will not run (a leading =, +, - or @ would start a formula) and that XLSX can hold
    (control characters, which the format forbids, are dropped)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def campaign_xlsx(campaign, completion, overdue) -> tuple[str, bytes]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Completion")[:31]
    sheet.append([inert(campaign.title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Document"), inert(f"{campaign.document.reference} {campaign.document.title}")])
    sheet.append([_("Due date"), campaign.due_date.strftime("%d/%m/%Y")])
    sheet.append([])
    sheet.append([_("Unit"), _("Assigned"), _("Confirmed"), _("Per cent")])
    for row in completion:
        sheet.append([inert(row["unit"].name), row["assigned"], row["confirmed"], row["percent"]])
    late = workbook.create_sheet(_("Overdue")[:31])
    late.append([_("Unit"), _("Full name"), _("Employee code"), _("Position")])
    for assignment in overdue:
        official = assignment.official
        late.append(
            [
                inert(official.unit.name),
                inert(official.full_name),
                inert(official.employee_code),
                inert(official.position),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"campaign-{campaign.pk}.xlsx", buffer.getvalue()
