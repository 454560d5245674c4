"""The figures of an issued report, frozen as JSON on the report (Report.figures) and read back for its files.

An issued report must say tomorrow what it said the day it was signed, whatever is corrected in the data later:
its files are produced from this snapshot, never from the live data again. Decimals and dates keep their types.
"""

import dataclasses
import datetime
from decimal import Decimal
from types import SimpleNamespace

from culture_portal.leadership.figures import Chart, Figures, Section, Table
from culture_portal.leadership.period import Period


def _encode(value):
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # a lazy translation


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"decimal"}:
            return Decimal(value["decimal"])
        if set(value) == {"date"}:
            return datetime.date.fromisoformat(value["date"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def dump(figures: Figures) -> dict:
    unit = figures.unit
    return {
        "period": {"start": figures.period.start.isoformat(), "end": figures.period.end.isoformat(),
                   "kind": figures.period.kind},
        "unit": {"code": unit.code, "name": unit.name} if unit is not None else None,
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "numbers": _encode(section.numbers),
                # What a document prints of a table (the page's links and highlights are not part of the report).
                "tables": [
                    _encode({"title": str(table.title), "columns": [str(c) for c in table.columns], "rows": table.rows,
                             "note": str(getattr(table, "note", "") or "")})
                    for table in section.tables
                ],
                "charts": [_encode(dataclasses.asdict(chart)) for chart in section.charts],
            }
            for section in figures.sections
        ],
    }  # fmt: skip


def _table(data: dict) -> Table:
    table = Table(title=data["title"], columns=data["columns"], rows=data["rows"])
    if data.get("note"):
        table.note = data["note"]
    return table


def load(data: dict) -> Figures:
    period = Period(
        datetime.date.fromisoformat(data["period"]["start"]),
        datetime.date.fromisoformat(data["period"]["end"]),
        data["period"]["kind"],
    )
    unit = SimpleNamespace(**data["unit"]) if data.get("unit") else None
    sections = []
    for section in data["sections"]:
        charts = []
        for chart in section["charts"]:
            chart = _decode(chart)
            chart["series"] = [(label, values) for label, values in chart["series"]]
            charts.append(Chart(**chart))
        sections.append(
            Section(
                key=section["key"],
                title=section["title"],
                tables=[_table(_decode(table)) for table in section["tables"]],
                charts=charts,
                numbers=_decode(section["numbers"]),
            )
        )
    return Figures(period=period, unit=unit, sections=sections)
