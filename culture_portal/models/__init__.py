from culture_portal.models.calendar import CalendarException
from culture_portal.models.health import WorkerHeartbeat
from culture_portal.models.organisation import Official, Unit
from culture_portal.models.rules import (
    DeadlineRule,
    DisciplinaryMeasure,
    DocumentKind,
    DocumentNumber,
    IssuingBody,
)

__all__ = [
    "CalendarException",
    "DeadlineRule",
    "DisciplinaryMeasure",
    "DocumentKind",
    "DocumentNumber",
    "IssuingBody",
    "Official",
    "Unit",
    "WorkerHeartbeat",
]
