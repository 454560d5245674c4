"""Who may see a complainant's identity, and the only way to read it (every reading is logged).

The law on denunciations forbids revealing the denouncer; we hold every
track to that: the identity is seen by leadership and by the feedback
officers handling the case (all of them while an open case has no officer, then the
assigned officer, who alone can hand it over), never by the unit or official concerned.
"""

from culture_portal.audit import audit_record
from culture_portal.roles import Role, has_role
from feedback.models import Complainant


def identity_visible_to(user, case) -> bool:
    if not user.has_perm("feedback.view_identity"):
        return False
    if has_role(user, Role.LEADERSHIP):
        return True
    if case.assignee_id is not None:
        return case.assignee_id == user.pk
    return case.is_open  # waiting for triage or for an officer: every officer; once closed, leadership only


def identity_correctable_by(user, case) -> bool:
    """Correcting contact details at the person's request: the officers handling the case, who see it anyway."""
    return identity_visible_to(user, case) and user.has_perm("feedback.handle_case")


def identity_read(*, case, request) -> Complainant | None:
    """The complainant of `case` for this request's user, logged; None when there is none to show."""
    complainant = Complainant.objects.filter(case=case, erased_at__isnull=True).first()
    if complainant is None or complainant.is_anonymous:
        return None
    audit_record(action="feedback.identity_viewed", request=request, object_type="case", object_ref=case.tracking_code)
    return complainant
