"""May this user see or do this with an inspection, its corrective actions, a plan or a disciplinary record?

One predicate per thing a page offers and a service allows: the page shows its button when the predicate holds,
and the service raises PermissionDenied when it does not, so the two never disagree. The view's
@permission_required says which role's pages these are; these say on which object. Which inspections a user may
see at all is the selectors' inspections_visible_to(); inspection_for_user() looks one up within it (404 outside).

The team test costs one query (leader first: none for the leader); the others read the user's roles and official,
which are read once per request and kept on the user object.
"""

from django.shortcuts import get_object_or_404

from culture_portal import access
from culture_portal.roles import Role, has_role
from inspections.models import CorrectiveAction, Inspection, InspectionPlan
from inspections.selectors import inspections_visible_to


def inspection_for_user(user, public_id) -> Inspection:
    """The inspection if the user may see it; 404 otherwise (a surprise inspection outside the team does not exist)."""
    return get_object_or_404(inspections_visible_to(user).select_related("leader"), public_id=public_id)


def is_on_team(user, inspection: Inspection) -> bool:
    """The team leader or a member."""
    return inspection.leader_id == user.pk or inspection.members.filter(pk=user.pk).exists()


def _is_leadership(user) -> bool:
    return has_role(user, Role.LEADERSHIP)


def can_create_inspection(user) -> bool:
    return has_role(user, Role.INSPECTOR) or _is_leadership(user)


def can_edit(user, inspection: Inspection) -> bool:
    """Team members edit their inspection (field work, findings, evidence, its steps) until it is frozen."""
    return is_on_team(user, inspection) and not inspection.is_frozen


def can_draft_conclusion(user, inspection: Inspection) -> bool:
    """The team leader drafts the conclusion (the service also checks the status)."""
    return inspection.leader_id == user.pk


def can_decide_conclusion(user, inspection: Inspection) -> bool:
    """Leadership approves or returns a conclusion; approving one's own team's is refused separately (a
    ValidationError saying why: conclusion_approve), not hidden."""
    return _is_leadership(user)


def can_amend_findings(user, inspection: Inspection) -> bool:
    """Leadership or the team leader; amendments are for frozen inspections only (the service says so)."""
    return _is_leadership(user) or inspection.leader_id == user.pk


def can_retry_notice(user, inspection: Inspection) -> bool:
    return _is_leadership(user)


def can_report_action(user, action: CorrectiveAction) -> bool:
    """The heads of the action's unit (its own head or one above) report what was done."""
    return access.heads_unit(user, action.unit)


def can_review_action(user, action: CorrectiveAction) -> bool:
    """Leadership and the inspection's team accept or reopen a reported action."""
    return _is_leadership(user) or is_on_team(user, action.inspection)


def can_create_plan(user) -> bool:
    return user.has_perm("inspections.add_inspectionplan")


def can_approve_plan(user, plan: InspectionPlan) -> bool:
    return _is_leadership(user)


def can_record_discipline(user) -> bool:
    """The personnel office records disciplinary outcomes (personal data of the most sensitive kind)."""
    return user.has_perm("inspections.add_disciplinaryoutcome")
