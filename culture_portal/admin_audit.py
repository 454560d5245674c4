"""Every change an administrator makes to set-up data in the back office goes to the audit log: who, when, old → new.

Django's own admin history keeps only "Changed name." The portal's audit log (append-only, searchable at
/audit/) gets each field's old and new value. The old values are read when the change page loads the object,
before the submitted form changes it.
"""

import datetime

from django.db import models
from django.utils import timezone

from culture_portal.audit import audit_record

_SNAPSHOT = "_audit_snapshot"
VALUE_LENGTH = 80
# Sign-in bookkeeping, not set-up data: the admin form would re-send them at its own precision.
NOT_AUDITED = {"last_login", "date_joined"}


def _shown(obj, field: models.Field) -> str:
    value = getattr(obj, field.name)
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        text = str(value)
    elif getattr(field, "choices", None):
        text = str(getattr(obj, f"get_{field.name}_display")())
    elif isinstance(value, datetime.datetime):  # stored in UTC, read as people read times here
        text = timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    elif hasattr(value, "strftime") and not hasattr(value, "hour"):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(field, models.FileField):
        text = value.name
    else:
        text = str(value)
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"


def _values(obj) -> dict[str, str]:
    return {
        field.name: _shown(obj, field)
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.editable and field.name not in NOT_AUDITED and "password" not in field.name
    }


def _differences(before: dict[str, str], after: dict[str, str]) -> str:
    return "; ".join(f"{name}: {before[name]} → {after[name]}" for name in after if before.get(name) != after[name])


class AuditedAdmin:
    """Mix into a ModelAdmin (before admin.ModelAdmin) whose records are set-up data."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            setattr(obj, _SNAPSHOT, _values(obj))
        return obj

    def _audit(self, request, obj, action: str, detail: str) -> None:
        audit_record(
            action=f"setup.{action}",
            request=request,
            object_type=obj._meta.label_lower,
            object_ref=str(obj.pk),
            detail=f"{obj}: {detail}" if detail else str(obj),
        )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        values = _values(obj)
        self._audit(request, obj, "added", "; ".join(f"{name}: {value}" for name, value in values.items()))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        after = _values(obj)
        # Changed from a list page, without the change page's snapshot: the old values are unknown.
        before = getattr(obj, _SNAPSHOT, None) or dict.fromkeys(after, "?")
        detail = _differences(before, after)
        if detail:
            self._audit(request, obj, "changed", detail)
        setattr(obj, _SNAPSHOT, after)
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "deleted", "; ".join(f"{k}: {v}" for k, v in _values(obj).items()))
        return super().log_deletions(request, queryset)
