"""What happened under a norm, or under a provision through the norms it states: the one catalogue made visible.

Regulations imports neither inspections nor feedback: each app registers a source of records citing norms (approved
breaches found by inspections, upheld complaints) in its AppConfig.ready(). A source answers within what the user
may see, so a unit head counts their own units and staff their own findings; leadership (city-wide) also gets the
latest records themselves.

The records are counted in the database by year and unit in one question per source, summed both ways here; one
more question names the busiest units, and for leadership one per source lists the latest.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count

from culture_portal.models import Unit
from culture_portal.roles import Role, has_role

TOP_UNITS = 20  # units shown per source, the busiest first
LATEST = 50  # records listed per source for city-wide roles


@dataclass(frozen=True)
class RecordSource:
    """`records(user, norm_ids)`: a queryset of what the user may see citing those norms, annotated with
    `record_year` (int) and `record_unit` (a unit's id). `latest(records, limit)`: dicts with `date`, `unit`,
    `text` and `url` (or None), the latest first."""

    key: str
    label: str
    records: Callable
    latest: Callable
    order: int = 0


_sources: list[RecordSource] = []


def register_record_source(source: RecordSource) -> None:
    if all(known.key != source.key for known in _sources):
        _sources.append(source)


def sees_the_list(user) -> bool:
    """City-wide roles see the records themselves; everybody else their counts."""
    return user.is_superuser or has_role(user, Role.LEADERSHIP)


def record_summary(user, norm_ids, *, year: int | None = None) -> list[dict]:
    """Per source: counts by year (every year), by unit (the busiest, within `year` when given) and, for city-wide
    roles, the latest records (within `year`)."""
    summary, unit_ids = [], set()
    for source in sorted(_sources, key=lambda known: known.order):
        records = source.records(user, list(norm_ids))
        # One grouping by year and unit, summed here both ways: the records are read once, not once per count
        # (a norm's 11,000 breaches at a province's scale come back as at most a few thousand pairs).
        pairs = list(records.values_list("record_year", "record_unit").annotate(n=Count("*")).order_by())
        years: dict[int, int] = {}
        units: dict[int, int] = {}
        for record_year, record_unit, count in pairs:
            years[record_year] = years.get(record_year, 0) + count
            if not year or record_year == year:
                units[record_unit] = units.get(record_unit, 0) + count
        by_year = [{"record_year": key, "n": count} for key, count in sorted(years.items(), reverse=True)]
        busiest = sorted(units.items(), key=lambda item: (-item[1], item[0]))[:TOP_UNITS]
        by_unit = [{"record_unit": key, "n": count} for key, count in busiest]
        chosen = records.filter(record_year=year) if year else records
        unit_ids.update(row["record_unit"] for row in by_unit)
        summary.append(
            {
                "key": source.key,
                "label": source.label,
                "by_year": by_year,
                "by_unit": by_unit,
                "total": sum(row["n"] for row in by_year),
                "latest": source.latest(chosen, LATEST) if sees_the_list(user) else None,
            }
        )
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    for entry in summary:
        most = max((row["n"] for row in entry["by_year"]), default=0)
        for row in entry["by_year"]:
            row["share"] = round(100 * row["n"] / most) if most else 0  # the bar's length beside the figure
        for row in entry["by_unit"]:
            row["name"] = names.get(row["record_unit"], "")
    return summary


def years_of(summary: list[dict]) -> list[int]:
    return sorted({row["record_year"] for entry in summary for row in entry["by_year"]}, reverse=True)
