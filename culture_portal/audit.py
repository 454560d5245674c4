"""Writing to the audit log. Callers say what happened; this module adds who, when and from where."""

from culture_portal.models import AuditEntry
from culture_portal.text import normalise_text


def client_address(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a trusted proxy rewrites it.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *, action: str, user=None, request=None, object_type: str = "", object_ref: str = "", detail: str = ""
):
    if user is None and request is not None:
        user = request.user
    actor = user if user is not None and user.is_authenticated else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        action=action,
        object_type=object_type,
        object_ref=_storable(str(object_ref))[:64],
        detail=_storable(normalise_text(detail))[:500],
        client_address=client_address(request),
    )


def _storable(text: str) -> str:
    """PostgreSQL refuses NUL in text; whatever a visitor typed, the line is still written."""
    return text.replace("\x00", "")
