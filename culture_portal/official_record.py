"""One page per official: their whole record (issue 18 §2), from every app, as one timeline.

The core imports no app: each registers a source in its AppConfig.ready(). A source is asked for the record of one
official within a year (or every year) and answers within what the reader may see, at most LIMIT entries, newest
first, each with the norm group it falls under (if any). The page filters by norm group here and counts the year's
entries per norm group for its chart.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

LIMIT = 200  # entries per source and year: the page stays bounded whatever the official's history


@dataclass(frozen=True)
class RecordEntry:
    date: datetime.date
    kind: str  # what it is, in words ("Finding", "Read and confirmed", ...)
    title: str
    detail: str = ""
    url: str | None = None
    group_code: str = ""  # the norm group, for the filter and the chart ("" when none applies)
    group_name: str = ""
    tone: str = ""  # "breach", "good", "overdue": how the timeline marks it


@dataclass(frozen=True)
class RecordSource:
    """`entries(user, official, year)` -> list[RecordEntry]."""

    key: str
    entries: Callable
    order: int = 0


_sources: list[RecordSource] = []


def register_record_source(source: RecordSource) -> None:
    if all(known.key != source.key for known in _sources):
        _sources.append(source)


def official_record(user, official, *, year: int | None, group: str = "") -> dict:
    """The timeline (newest first, narrowed to `group` when given) and the year's counts per norm group."""
    entries = [
        entry
        for source in sorted(_sources, key=lambda known: known.order)
        for entry in source.entries(user, official, year)
    ]
    entries.sort(key=lambda entry: entry.date, reverse=True)
    per_group = Counter((entry.group_code, entry.group_name) for entry in entries if entry.group_code)
    most = max(per_group.values(), default=0)
    groups = [
        {"code": code, "name": name, "count": count, "share": round(100 * count / most)}
        for (code, name), count in sorted(per_group.items(), key=lambda item: (-item[1], item[0][1]))
    ]
    if group:
        entries = [entry for entry in entries if entry.group_code == group]
    return {"entries": entries, "groups": groups}
