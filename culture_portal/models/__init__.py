from culture_portal.models.calendar import CalendarException
from culture_portal.models.health import WorkerHeartbeat
from culture_portal.models.notifications import Notification
from culture_portal.models.organisation import Official, Unit
from culture_portal.models.rules import (
    DeadlineRule,
    DisciplinaryMeasure,
    DocumentKind,
    DocumentNumber,
    IssuingBody,
    Signatory,
)

__all__ = [
    "CalendarException",
    "DeadlineRule",
    "DisciplinaryMeasure",
    "DocumentKind",
    "DocumentNumber",
    "IssuingBody",
    "Notification",
    "Official",
    "Signatory",
    "Unit",
    "WorkerHeartbeat",
]
