"""Restoring with --force over a live database: the backup's audit lines are appended, never written over.

The audit log is append-only on PostgreSQL (a trigger refuses UPDATE and DELETE), so a line of the backup that is
already in the log is left out, and one whose id another entry took since is given a new id.
"""

import datetime
import json
from pathlib import Path


def _jsonl(path: Path):
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _same_entry(entry, fields: dict) -> bool:
    from culture_portal.models import AuditEntry

    at = AuditEntry._meta.get_field("at").to_python(fields.get("at"))
    return (
        entry.action == fields.get("action")
        and entry.object_ref == fields.get("object_ref")
        and entry.actor_name == fields.get("actor_name")
        and at is not None
        and abs(entry.at - at) < datetime.timedelta(milliseconds=1)  # dumps keep milliseconds
    )


def audit_lines_to_append(source: Path, target: Path) -> int:
    """With --force: the backup's audit lines minus those already in the log; a line whose id is taken by
    another entry gets a new id. Nothing in the log is overwritten (PostgreSQL would refuse it anyway).
    Returns how many lines of the backup were already there."""
    from django.db.models import Max

    from culture_portal.models import AuditEntry

    highest = AuditEntry.objects.aggregate(top=Max("pk"))["top"] or 0
    for entry in _jsonl(source):
        highest = max(highest, int(entry["pk"] or 0))
    already = 0
    with target.open("w", encoding="utf-8") as out:
        for chunk in _chunks(_jsonl(source), 1000):
            existing = AuditEntry.objects.in_bulk([entry["pk"] for entry in chunk])
            for entry in chunk:
                present = existing.get(entry["pk"])
                if present is not None:
                    if _same_entry(present, entry["fields"]):
                        already += 1
                        continue
                    highest += 1
                    entry = {**entry, "pk": highest}
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return already
