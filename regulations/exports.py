"""Spreadsheets leadership downloads. Cells are written as values, never formulas."""

import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font


def inert(value) -> str:
    """Text that a spreadsheet will not run (a leading =, +, - or @ would start a formula) and that XLSX can hold
    (control characters, which the format forbids, are dropped)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# Dates are real date cells (they sort and filter as dates), shown the Vietnamese way whatever the reader's locale.
DATE_CELL_FORMAT = "dd/mm/yyyy"
DATETIME_CELL_FORMAT = "dd/mm/yyyy hh:mm"


def sheet_append(sheet, values) -> None:
    """Append a row; a date or a date-time becomes a date cell shown dd/mm/yyyy (hh:mm), in Vietnam's time (an
    XLSX cell has no time zone)."""
    row = [
        timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value)
        else value
        for value in values
    ]
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, datetime.datetime):
            cell.number_format = DATETIME_CELL_FORMAT
        elif isinstance(cell.value, datetime.date):
            cell.number_format = DATE_CELL_FORMAT


def campaign_xlsx(campaign, completion, overdue) -> tuple[str, bytes]:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Completion")[:31]
    sheet.append([inert(campaign.title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Document"), inert(f"{campaign.document.reference} {campaign.document.title}")])
    sheet_append(sheet, [_("Due date"), campaign.due_date])
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
