"""feedback/access.py, role by role: who may handle a case, add a note, see and correct the complainant's identity.

The tree of tests/conftest.py: city > office_a > desk_a, and city > ward_b. The case is sent to office_a for
verification; the unit head heads office_a.
"""

import pytest
from django.http import Http404
from django.utils import timezone

from culture_portal.roles import Role
from feedback import access
from feedback.models import Case
from tests.factories import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(roles, unit, username):
    user = UserFactory(username=username, roles=roles)
    OfficialFactory(user=user, unit=unit)
    return user


def _case(handling_unit, *, status=Case.Status.IN_PROGRESS, assignee=None, code="PA-2026-A00001"):
    return Case.objects.create(
        tracking_code=code, pin_digest="-", channel="web", nature="criticism", description="Phản ánh",
        unit=handling_unit, handling_unit=handling_unit, assignee=assignee, status=status, received_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def heads(tree, unit_head_user):
    """The heads of the unit the case is sent to (office_a), of the unit above it (city) and of another (ward_b)."""
    return {
        "of the unit": unit_head_user,
        "above": _user([Role.STAFF, Role.UNIT_HEAD], tree["city"], "city-head"),
        "other": _user([Role.STAFF, Role.UNIT_HEAD], tree["ward_b"], "ward-head"),
    }


def test_feedback_officers_handle_cases_and_no_one_else_does(tree, officer_user, leader_user, unit_head_user,
                                                              inspector_user):  # fmt: skip
    case = _case(tree["office_a"])
    assert access.can_handle(officer_user, case) and access.can_add_note(officer_user, case)
    for user in (leader_user, unit_head_user, inspector_user):
        assert not access.can_handle(user, case)


@pytest.mark.parametrize(("head", "sent"), [("of the unit", True), ("above", True), ("other", False)])
def test_the_heads_of_the_unit_a_case_is_sent_to_add_notes(tree, heads, head, sent):
    case = _case(tree["office_a"])
    assert access.is_sent_to(heads[head], case) is sent
    assert access.can_add_note(heads[head], case) is sent
    assert not access.can_handle(heads[head], case)


def test_a_case_sent_to_a_sub_unit_is_sent_to_the_heads_above_it(tree, heads):
    case = _case(tree["desk_a"])
    assert access.is_sent_to(heads["of the unit"], case) and access.is_sent_to(heads["above"], case)
    assert not access.is_sent_to(heads["other"], case)


def test_an_assigned_case_is_sent_to_its_assignee(tree, officer_user, leader_user, inspector_user):
    case = _case(None, assignee=officer_user)
    assert access.is_sent_to(officer_user, case)
    assert not access.is_sent_to(leader_user, case) and not access.is_sent_to(inspector_user, case)
    assert not access.can_add_note(leader_user, case)


def test_the_identity_is_seen_by_leadership_and_the_officer_handling_the_case(tree, officer_user, leader_user,
                                                                              unit_head_user):  # fmt: skip
    other_officer = _user([Role.STAFF, Role.FEEDBACK_OFFICER], tree["city"], "officer-2")
    waiting = _case(tree["office_a"], status=Case.Status.RECEIVED)
    assert access.can_see_identity(officer_user, waiting) and access.can_see_identity(other_officer, waiting)
    assigned = _case(tree["office_a"], assignee=officer_user, code="PA-2026-A00002")
    assert access.can_see_identity(officer_user, assigned) and access.can_correct_contact(officer_user, assigned)
    assert not access.can_see_identity(other_officer, assigned)
    assert access.can_see_identity(leader_user, assigned) and not access.can_correct_contact(leader_user, assigned)
    assert not access.can_see_identity(unit_head_user, assigned)


def test_case_for_user_finds_cases_within_scope_only(tree, officer_user, leader_user, heads):
    case = _case(tree["office_a"])
    for user in (officer_user, leader_user, heads["of the unit"], heads["above"]):
        assert access.case_for_user(user, case.public_id) == case
    with pytest.raises(Http404):
        access.case_for_user(heads["other"], case.public_id)


def test_the_predicates_add_no_query_once_the_user_is_read(tree, heads, django_assert_num_queries):
    case = access.case_for_user(heads["of the unit"], _case(tree["office_a"]).public_id)
    with django_assert_num_queries(0):
        for _ in range(7):  # the case page asks once per form
            assert access.can_add_note(heads["of the unit"], case)
            assert not access.can_handle(heads["of the unit"], case)
