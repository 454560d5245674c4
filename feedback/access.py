"""May this user see or do this with a feedback case?

case_for_user() looks a case up within what the user may see (selectors.cases_visible_to; 404 outside it); the
predicates say what they may do with a case they can see. The case page offers a form when its predicate holds and
refuses the post (403) when it does not, so the two never disagree.

None of them adds a query: permissions, roles and the user's official are read once per request and kept on the
user object, and the case comes with its handling unit (case_for_user selects it).
"""

from django.shortcuts import get_object_or_404

from culture_portal import access
from culture_portal.roles import Role, has_role
from feedback.models import Case
from feedback.selectors import cases_visible_to


def case_for_user(user, public_id) -> Case:
    return get_object_or_404(
        cases_visible_to(user).select_related(
            "unit", "handling_unit", "assignee", "norm", "official", "duplicate_of", "box_opening"
        ),
        public_id=public_id,
    )


def is_sent_to(user, case: Case) -> bool:
    """Whether the case was sent to the user: assigned to them, or sent for verification to a unit they head."""
    return case.assignee_id == user.pk or access.heads_unit(user, case.handling_unit)


def sees_redacted(user, case: Case) -> bool:
    """The unit verifying a denunciation (or a confidential complaint) reads the redacted dossier only: whoever may
    read the case without handling it (officers) or leading (leadership)."""
    return case.needs_redaction and not can_handle(user, case) and not has_role(user, Role.LEADERSHIP)


def can_handle(user, case: Case) -> bool:
    """Feedback officers handle a case: triage, assign, change its track, extend or condition its deadline, answer,
    note; the likely duplicates are shown to them."""
    return user.has_perm("feedback.handle_case")


def can_add_note(user, case: Case) -> bool:
    """Officers, and the unit that verifies a case sent to it. A unit head may read the complaints about their
    unit, but adding to that file would be the subject of a complaint writing in its verification."""
    return can_handle(user, case) or (user.has_perm("feedback.verify_case") and is_sent_to(user, case))


# The law on denunciations forbids revealing the denouncer; we hold every track to that: the identity is seen by
# leadership and by the feedback officers handling the case (all of them while an open case has no officer, then
# the assigned officer, who alone can hand it over), never by the unit or official concerned. Reading it goes
# through feedback.identity.identity_read, which logs every reading.


def can_see_identity(user, case: Case) -> bool:
    if not user.has_perm("feedback.view_identity"):
        return False
    if has_role(user, Role.LEADERSHIP):
        return True
    if case.assignee_id is not None:
        return case.assignee_id == user.pk
    return case.is_open  # waiting for triage or for an officer: every officer; once closed, leadership only


def can_correct_contact(user, case: Case) -> bool:
    """Correcting contact details at the person's request: the officers handling the case, who see it anyway."""
    return can_see_identity(user, case) and can_handle(user, case)
