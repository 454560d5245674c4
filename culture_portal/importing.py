"""Import of units and officials from the CSV or XLSX files HR departments keep.

The whole file is checked first; any bad row (missing column, duplicate code,
unknown unit, bad value) is reported with its row number and column, and then
nothing is written. Only a clean file without "dry run" is saved, in one
transaction.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError  # only the exception class; parsing is openpyxl's, hardened by defusedxml  # nosec B405

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from culture_portal.audit import audit_record
from culture_portal.bulk_writes import bulk_write
from culture_portal.models import Official, Unit
from culture_portal.models.organisation import unit_code_validator
from culture_portal.organisation import unit_save
from culture_portal.text import fold, normalise_text

MAX_ROWS = 50_000
MAX_COLUMNS = 30


class ImportKind(models.TextChoices):
    UNITS = "units", gettext_lazy("Units")
    OFFICIALS = "officials", gettext_lazy("Officials")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, empty)."""


@dataclass
class RowProblem:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 for the whole file
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    applied: bool = False
    # (code, "field: old → new; ...") for every record the file changes: what the audit log keeps of an import.
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...]
    required: bool = True


UNIT_COLUMNS = (
    Column("code", gettext_lazy("Unit code"), ("code", "unit code", "ma don vi", "ma dv", "ma")),
    Column("name", gettext_lazy("Unit name"), ("name", "unit name", "ten don vi", "ten")),
    Column("kind", gettext_lazy("Kind of unit"), ("kind", "kind of unit", "loai don vi", "loai")),
    Column(
        "parent_code",
        gettext_lazy("Parent unit code"),
        ("parent code", "parent unit code", "ma don vi cap tren", "ma cap tren", "don vi cap tren", "truc thuoc"),
        required=False,
    ),
)
OFFICIAL_COLUMNS = (
    Column(
        "employee_code",
        gettext_lazy("Employee code"),
        ("employee code", "ma can bo", "ma cbccvc", "ma nhan vien", "ma so", "ma cong chuc"),
    ),
    Column("full_name", gettext_lazy("Full name"), ("full name", "name", "ho va ten", "ho ten")),
    Column("position", gettext_lazy("Position"), ("position", "chuc vu"), required=False),
    Column("category", gettext_lazy("Category"), ("category", "phan loai", "loai", "doi tuong")),
    Column("unit_code", gettext_lazy("Unit code"), ("unit code", "ma don vi", "ma dv", "don vi")),
    Column("email", gettext_lazy("E-mail"), ("email", "e mail", "thu dien tu"), required=False),
    Column("active", gettext_lazy("Active"), ("active", "dang cong tac", "trang thai", "con cong tac"), required=False),
)

_ACTIVE_VALUES = {"1": True, "x": True, "yes": True, "co": True, "true": True, "dang cong tac": True, "active": True}
_INACTIVE_VALUES = {"0": False, "no": False, "khong": False, "false": False, "nghi": False, "da nghi": False}
_INACTIVE_VALUES.update({"inactive": False, "nghi viec": False, "nghi huu": False})


def _choice_lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accept a choice by its code or by its label in either language (folded)."""
    lookup = dict(extra or {})
    for code, label in choices:
        lookup[fold(code)] = code
        for language in ("vi", "en"):
            with translation.override(language):
                full = str(label)
                lookup[fold(full)] = code
                lookup[fold(full.split(" (")[0])] = code
    return lookup


def _unit_kinds() -> dict[str, str]:
    kind = Unit.Kind
    return _choice_lookup(
        kind.choices,
        {
            "ubnd": kind.PEOPLES_COMMITTEE,
            "ubnd tinh": kind.PROVINCIAL_COMMITTEE,
            "uy ban nhan dan tinh": kind.PROVINCIAL_COMMITTEE,
            "so": kind.DEPARTMENT,
            "phong thuoc so": kind.OFFICE,
            "phong thuoc xa": kind.OFFICE,
            "phong thuoc phuong": kind.OFFICE,
            "phong": kind.OFFICE,
            "ban": kind.BOARD,
            "don vi su nghiep": kind.PUBLIC_SERVICE_UNIT,
            "phuong": kind.WARD,
            "xa": kind.COMMUNE,
            "dac khu": kind.SPECIAL_ZONE,
            "trung tam hanh chinh cong": kind.SERVICE_CENTRE,
            "trung tam phuc vu hanh chinh cong": kind.SERVICE_CENTRE,
            "bo phan mot cua": kind.RECEPTION_DESK,
            "mot cua": kind.RECEPTION_DESK,
            "quay": kind.RECEPTION_DESK,
        },
    )


# A kind column holding a unit's whole Vietnamese name ("Sở Nội vụ", "Phường Thành Sen", "Đặc khu Phú Quốc",
# "Quầy số 1"): recognised by how the name starts, longest prefix first (folded, so "so noi vu" works too).
_KIND_BY_NAME = [
    ("uy ban nhan dan tinh", Unit.Kind.PROVINCIAL_COMMITTEE),
    ("ubnd tinh", Unit.Kind.PROVINCIAL_COMMITTEE),
    ("trung tam phuc vu hanh chinh cong", Unit.Kind.SERVICE_CENTRE),
    ("trung tam hanh chinh cong", Unit.Kind.SERVICE_CENTRE),
    ("bo phan mot cua", Unit.Kind.RECEPTION_DESK),
    ("uy ban nhan dan phuong", Unit.Kind.WARD),
    ("ubnd phuong", Unit.Kind.WARD),
    ("uy ban nhan dan xa", Unit.Kind.COMMUNE),
    ("ubnd xa", Unit.Kind.COMMUNE),
    ("uy ban nhan dan dac khu", Unit.Kind.SPECIAL_ZONE),
    ("ubnd dac khu", Unit.Kind.SPECIAL_ZONE),
    ("dac khu", Unit.Kind.SPECIAL_ZONE),
    ("phuong", Unit.Kind.WARD),
    ("xa", Unit.Kind.COMMUNE),
    ("so", Unit.Kind.DEPARTMENT),
    ("phong", Unit.Kind.OFFICE),
    ("quay", Unit.Kind.RECEPTION_DESK),
    ("ban", Unit.Kind.BOARD),
]


def kind_from_name(text: str) -> str | None:
    """The kind of unit a Vietnamese name says: "Sở Nội vụ" a department, "Phường Thành Sen" a ward People's
    Committee, "Trung tâm Phục vụ hành chính công tỉnh" a service centre, "Quầy số 2" a desk; None if none fits."""
    folded = fold(text)
    for prefix, kind in _KIND_BY_NAME:
        if folded == prefix or folded.startswith(prefix + " "):
            return kind
    return None


def _official_categories() -> dict[str, str]:
    category = Official.Category
    return _choice_lookup(
        category.choices,
        {
            "can bo": category.CADRE,
            "cong chuc": category.CIVIL_SERVANT,
            "vien chuc": category.PUBLIC_EMPLOYEE,
            "luc luong vu trang": category.ARMED_FORCES,
            "hop dong": category.CONTRACT,
            "lao dong hop dong": category.CONTRACT,
        },
    )


# --- Reading the file -----------------------------------------------------


def read_table(uploaded) -> list[list[str]]:
    """Rows of text cells, header first; blank rows dropped."""
    content = uploaded.read()
    if content[:4] == b"PK\x03\x04":
        rows = _read_xlsx(content)
    else:
        rows = _read_csv(content)
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if len(rows) == 1:
        raise ImportFileError(_("The file has a header row but no data rows."))
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(
            _("The file has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS}
        )
    return rows


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content:
        raise ImportFileError(_("This is not a CSV text file. Save the sheet as 'CSV UTF-8' or as XLSX."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is not in UTF-8, so Vietnamese letters would be garbled. "
                "In Excel choose 'Save as' > 'CSV UTF-8 (comma delimited)', or upload the XLSX file."
            )
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise ImportFileError(_("The CSV file could not be read (a cell is too long or a line is broken).")) from None
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # employee codes typed as numbers come back as 1001.0
    return str(value).strip()


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            rows = []
            # Only the columns an import can use, and no more rows than allowed: a tiny file can claim a huge sheet.
            for row in workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append([_cell_text(cell) for cell in row])
                if len(rows) > MAX_ROWS + 1:
                    break
            return rows
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, ParseError):
        raise ImportFileError(_("The file could not be opened as an XLSX workbook.")) from None


# --- Checking rows --------------------------------------------------------


def _map_columns(header: list[str], columns: tuple[Column, ...], report: ImportReport) -> dict[str, int]:
    positions = {}
    folded = [fold(cell) for cell in header]
    for column in columns:
        for index, name in enumerate(folded):
            if name == fold(column.key) or name in column.aliases:
                positions[column.key] = index
                break
        else:
            if column.required:
                report.problems.append(RowProblem(1, str(column.label), _("This column is missing.")))
    return positions


def _records(rows, columns, report):
    positions = _map_columns(rows[0], columns, report)
    if report.problems:
        return []
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: (row[index] if index < len(row) else "") for key, index in positions.items()}
        records.append((number, values))
    report.rows = len(records)
    return records


class _RowChecker:
    def __init__(self, report: ImportReport, columns: tuple[Column, ...]):
        self.report = report
        self.labels = {column.key: str(column.label) for column in columns}

    def problem(self, row: int, key: str, message: str) -> None:
        self.report.problems.append(RowProblem(row, self.labels[key], message))

    def required(self, row: int, values: dict, key: str, max_length: int) -> str:
        value = normalise_text(values.get(key, ""))
        if not value:
            self.problem(row, key, _("This value is required."))
        elif len(value) > max_length:
            self.problem(row, key, _("At most %(max)d characters.") % {"max": max_length})
        return value


def _check_units(records, report) -> list[dict]:
    checker = _RowChecker(report, UNIT_COLUMNS)
    kinds = _unit_kinds()
    rows, seen = [], {}
    for number, values in records:
        code = checker.required(number, values, "code", 32).upper()
        if code:
            try:
                unit_code_validator(code)
            except ValidationError as exc:
                checker.problem(number, "code", exc.messages[0])
            if code in seen:
                checker.problem(
                    number,
                    "code",
                    _("Code %(code)s already appears in row %(row)d.") % {"code": code, "row": seen[code]},
                )
            seen.setdefault(code, number)
        name = checker.required(number, values, "name", 255)
        kind_text = checker.required(number, values, "kind", 100)
        kind = kinds.get(fold(kind_text)) or kind_from_name(kind_text)
        if kind_text and kind is None:
            checker.problem(number, "kind", _("Unknown kind of unit %(value)r.") % {"value": kind_text})
        parent_code = normalise_text(values.get("parent_code", "")).upper()
        rows.append({"row": number, "code": code, "name": name, "kind": kind, "parent_code": parent_code})

    existing = dict(Unit.objects.values_list("code", "parent__code"))
    ceased = _ceased_units()
    parents = {**existing, **{row["code"]: row["parent_code"] or None for row in rows if row["code"]}}
    for row in rows:
        parent_code = row["parent_code"]
        if not parent_code:
            continue
        if parent_code in ceased:
            checker.problem(row["row"], "parent_code", _ceased_message(parent_code, ceased[parent_code]))
        elif parent_code not in parents:
            checker.problem(row["row"], "parent_code", _("Unknown unit code %(code)s.") % {"code": parent_code})
        elif _leads_to(parents, start=parent_code, target=row["code"]):
            checker.problem(row["row"], "parent_code", _("This would place the unit under itself."))
    return rows


def _ceased_units() -> dict[str, str]:
    """Code -> successor's code ("" when none) of every unit that ceased in a reorganisation: a file may not place a
    unit or an official in one (their record is history; new work goes to the successor)."""
    return {
        code: successor or ""
        for code, successor in Unit.objects.filter(is_active=False)
        .filter(Q(successor__isnull=False) | Q(dissolutions__status="applied"))
        .values_list("code", "successor__code")
    }


def _ceased_message(code: str, successor: str) -> str:
    if successor:
        return _("Unit %(code)s has ceased in a reorganisation; its successor is %(successor)s. Use that code.") % {
            "code": code,
            "successor": successor,
        }
    return _("Unit %(code)s has ceased in a reorganisation; it takes no new records.") % {"code": code}


def _leads_to(parents: dict, *, start: str, target: str) -> bool:
    current, steps = start, 0
    while current and steps <= len(parents):
        if current == target:
            return True
        current, steps = parents.get(current), steps + 1
    return False


def _check_officials(records, report) -> list[dict]:
    checker = _RowChecker(report, OFFICIAL_COLUMNS)
    categories = _official_categories()
    unit_ids = dict(Unit.objects.values_list("code", "id"))
    ceased = _ceased_units()
    rows, seen = [], {}
    for number, values in records:
        code = checker.required(number, values, "employee_code", 32)
        if code and code in seen:
            checker.problem(
                number,
                "employee_code",
                _("Employee code %(code)s already appears in row %(row)d.") % {"code": code, "row": seen[code]},
            )
        seen.setdefault(code, number)
        full_name = checker.required(number, values, "full_name", 150)
        position = normalise_text(values.get("position", ""))
        if len(position) > 150:
            checker.problem(number, "position", _("At most %(max)d characters.") % {"max": 150})
        category_text = checker.required(number, values, "category", 100)
        category = categories.get(fold(category_text))
        if category_text and category is None:
            checker.problem(number, "category", _("Unknown category %(value)r.") % {"value": category_text})
        unit_code = checker.required(number, values, "unit_code", 32).upper()
        if unit_code in ceased:
            checker.problem(number, "unit_code", _ceased_message(unit_code, ceased[unit_code]))
        elif unit_code and unit_code not in unit_ids:
            checker.problem(number, "unit_code", _("Unknown unit code %(code)s.") % {"code": unit_code})
        email = values.get("email", "").strip()
        if len(email) > 254:
            checker.problem(number, "email", _("At most %(max)d characters.") % {"max": 254})
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                checker.problem(number, "email", _("%(value)r is not a valid e-mail address.") % {"value": email})
        active_text = fold(values.get("active", ""))
        is_active = True
        if active_text:
            is_active = _ACTIVE_VALUES.get(active_text, _INACTIVE_VALUES.get(active_text))
            if is_active is None:
                checker.problem(number, "active", _("Write 1 (active) or 0 (no longer working)."))
        rows.append(
            {
                "employee_code": code,
                "full_name": full_name,
                "position": position,
                "category": category,
                "unit_id": unit_ids.get(unit_code),
                "email": email,
                "is_active": bool(is_active),
            }
        )
    return rows


# --- Writing --------------------------------------------------------------


def _apply_units(rows, report, *, write: bool) -> None:
    existing = {unit.code: unit for unit in Unit.objects.all()}
    by_code = {row["code"]: row for row in rows}

    depths: dict[str, int] = {}

    def depth_in_file(code):
        """How many of the file's own rows stand above this one (iterative: chains may be long)."""
        chain, current = [], code
        while current in by_code and current not in depths and current not in chain:
            chain.append(current)
            current = by_code[current]["parent_code"]
        base = depths.get(current, -1) if current in by_code else -1
        for position, item in enumerate(reversed(chain), start=1):
            depths[item] = base + position
        return depths[code]

    for row in sorted(rows, key=lambda row: depth_in_file(row["code"])):
        unit = existing.get(row["code"])
        parent = existing.get(row["parent_code"]) if row["parent_code"] else None
        if unit is None:
            report.created += 1
            unit = Unit(code=row["code"])
        elif (unit.name, unit.kind, unit.parent_id) == (row["name"], row["kind"], parent.pk if parent else None):
            report.unchanged += 1
            continue
        else:
            report.updated += 1
            before = {"name": unit.name, "kind": unit.kind, "parent": unit.parent.code if unit.parent else "—"}
            after = {"name": row["name"], "kind": row["kind"], "parent": row["parent_code"] or "—"}
            report.changes.append((unit.code, _changed(before, after)))
        unit.name, unit.kind, unit.parent = row["name"], row["kind"], parent
        if write:
            unit_save(unit=unit)
        existing[unit.code] = unit


def _apply_officials(rows, report, *, write: bool) -> None:
    fields = ["full_name", "position", "category", "unit_id", "email", "is_active"]
    existing = {
        official.employee_code: official
        for official in Official.objects.filter(employee_code__in=[r["employee_code"] for r in rows])
    }
    to_create, to_update = [], []
    for row in rows:
        official = existing.get(row["employee_code"])
        if official is None:
            to_create.append(Official(**row))
        elif any(getattr(official, name) != row[name] for name in fields):
            before = {name: getattr(official, name) for name in fields}
            for name in fields:
                setattr(official, name, row[name])
            to_update.append(official)
            report.changes.append((official.employee_code, _changed(before, {name: row[name] for name in fields})))
        else:
            report.unchanged += 1
    report.created, report.updated = len(to_create), len(to_update)
    if write:
        Official.objects.bulk_create(to_create, batch_size=500)
        # An official moved to another unit takes what is counted in their unit along (bulk_update sends no signal).
        with bulk_write(Official, Q(pk__in=[official.pk for official in to_update])):
            Official.objects.bulk_update(to_update, fields, batch_size=500)


def _changed(before: dict, after: dict) -> str:
    return "; ".join(f"{name}: {before[name]} → {after[name]}" for name in after if before[name] != after[name])


def import_file(*, kind: str, uploaded, dry_run: bool, request=None) -> ImportReport:
    report = ImportReport(kind=kind)
    try:
        table = read_table(uploaded)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", str(exc)))
        return report
    columns, check, apply = (
        (UNIT_COLUMNS, _check_units, _apply_units)
        if kind == ImportKind.UNITS
        else (OFFICIAL_COLUMNS, _check_officials, _apply_officials)
    )
    rows = check(_records(table, columns, report), report)
    if not report.ok:
        return report
    with transaction.atomic():
        apply(rows, report, write=not dry_run)
        if not dry_run:
            _audit(report, getattr(uploaded, "name", ""), request)
    report.applied = not dry_run
    return report


def _audit(report: ImportReport, file_name: str, request) -> None:
    """Set-up data changed by a file: one line for the import, one per record it changed (old → new)."""
    audit_record(
        action="setup.imported", request=request, object_type=f"import.{report.kind}", object_ref=file_name[:64],
        detail=f"{report.rows} rows: {report.created} created, {report.updated} updated, {report.unchanged} unchanged",
    )  # fmt: skip
    object_type = "culture_portal.unit" if report.kind == ImportKind.UNITS else "culture_portal.official"
    for code, detail in report.changes:
        audit_record(action="setup.changed", request=request, object_type=object_type, object_ref=code, detail=detail)
