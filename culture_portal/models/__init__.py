from culture_portal.models.audit import AuditEntry
from culture_portal.models.calendar import CalendarConfirmation, CalendarException
from culture_portal.models.health import WorkerHeartbeat
from culture_portal.models.identity import PortalIdentity
from culture_portal.models.notifications import Notification
from culture_portal.models.organisation import Official, Unit
from culture_portal.models.outbox import OutgoingEmail
from culture_portal.models.reorganisation import Reorganisation
from culture_portal.models.rules import (
    DeadlineRule,
    DisciplinaryMeasure,
    DocumentKind,
    DocumentNumber,
    IssuingBody,
    Signatory,
)

__all__ = [
    "AuditEntry",
    "CalendarConfirmation",
    "CalendarException",
    "DeadlineRule",
    "DisciplinaryMeasure",
    "DocumentKind",
    "DocumentNumber",
    "IssuingBody",
    "Notification",
    "Official",
    "OutgoingEmail",
    "PortalIdentity",
    "Reorganisation",
    "Signatory",
    "Unit",
    "WorkerHeartbeat",
]
