"""inspections/access.py, role by role: who is on the team, who may edit, draft, decide, amend, report and review.

The tree of tests/conftest.py: city > office_a > desk_a, and city > ward_b. The inspection is of office_a, led by
the inspector; the unit head heads office_a.
"""

import datetime

import pytest
from django.http import Http404

from culture_portal.models import Official
from culture_portal.roles import Role
from inspections import access
from inspections.models import CorrectiveAction, Inspection, InspectionPlan
from inspections.selectors import findings_about_unit_visible_to, findings_visible_to
from tests.factories import FindingFactory, InspectionFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(roles, unit, username):
    user = UserFactory(username=username, roles=roles)
    OfficialFactory(user=user, unit=unit)
    return user


@pytest.fixture
def inspection(tree, inspector_user):
    return InspectionFactory(surprise=True, leader=inspector_user, units=[tree["office_a"]], norm_groups=[])


@pytest.fixture
def member(tree, inspection):
    user = _user([Role.STAFF, Role.INSPECTOR], tree["ward_b"], "member")
    inspection.members.add(user)
    return user


@pytest.fixture
def other_inspector(tree):
    return _user([Role.STAFF, Role.INSPECTOR], tree["office_a"], "other-inspector")


@pytest.fixture
def heads(tree, unit_head_user):
    """The heads of the unit (office_a), of the unit above it (city) and of another unit (ward_b)."""
    return {
        "of the unit": unit_head_user,
        "above": _user([Role.STAFF, Role.UNIT_HEAD], tree["city"], "city-head"),
        "other": _user([Role.STAFF, Role.UNIT_HEAD], tree["ward_b"], "ward-head"),
    }


def test_the_team_is_the_leader_and_the_members(inspection, inspector_user, member, other_inspector, leader_user):
    assert access.is_on_team(inspector_user, inspection)
    assert access.is_on_team(member, inspection)
    assert not access.is_on_team(other_inspector, inspection)
    assert not access.is_on_team(leader_user, inspection)


def test_the_team_edits_until_the_inspection_is_frozen(inspection, inspector_user, member, other_inspector,
                                                       leader_user, unit_head_user):  # fmt: skip
    assert access.can_edit(inspector_user, inspection) and access.can_edit(member, inspection)
    assert not any(access.can_edit(user, inspection) for user in (other_inspector, leader_user, unit_head_user))
    inspection.status = Inspection.Status.CONCLUSION_APPROVED
    assert not access.can_edit(inspector_user, inspection)


def test_the_leader_drafts_leadership_decides_and_both_amend(inspection, inspector_user, member, leader_user,
                                                             unit_head_user, officer_user):  # fmt: skip
    assert access.can_draft_conclusion(inspector_user, inspection)
    assert not access.can_draft_conclusion(member, inspection)
    assert not access.can_draft_conclusion(leader_user, inspection)
    assert access.can_decide_conclusion(leader_user, inspection) and access.can_retry_notice(leader_user, inspection)
    for user in (inspector_user, member, unit_head_user, officer_user):
        assert not access.can_decide_conclusion(user, inspection)
        assert not access.can_retry_notice(user, inspection)
    assert access.can_amend_findings(leader_user, inspection) and access.can_amend_findings(inspector_user, inspection)
    assert not access.can_amend_findings(member, inspection)
    assert not access.can_amend_findings(unit_head_user, inspection)


def test_who_creates_inspections_plans_and_records_discipline(inspector_user, leader_user, unit_head_user,
                                                              officer_user, staff_user):  # fmt: skip
    assert access.can_create_inspection(inspector_user) and access.can_create_inspection(leader_user)
    assert not any(access.can_create_inspection(user) for user in (unit_head_user, officer_user, staff_user))
    plan = InspectionPlan(year=2027, title="Kế hoạch kiểm tra năm 2027")
    assert access.can_approve_plan(leader_user, plan)
    assert not any(access.can_approve_plan(user, plan) for user in (inspector_user, unit_head_user, officer_user))
    assert not access.can_record_discipline(staff_user) and not access.can_record_discipline(unit_head_user)


def test_a_surprise_inspection_is_found_only_by_its_team_and_leadership(inspection, inspector_user, member,
                                                                        other_inspector, leader_user,
                                                                        unit_head_user):  # fmt: skip
    for user in (inspector_user, member, leader_user):
        assert access.inspection_for_user(user, inspection.public_id) == inspection
    for user in (other_inspector, unit_head_user):  # the unit head: not before the results are approved
        with pytest.raises(Http404):
            access.inspection_for_user(user, inspection.public_id)


@pytest.mark.parametrize(("head", "may"), [("of the unit", True), ("above", True), ("other", False)])
def test_the_heads_of_the_actions_unit_report(tree, inspection, heads, head, may, inspector_user, leader_user):
    action = CorrectiveAction(inspection=inspection, unit=tree["office_a"], deadline=datetime.date(2027, 1, 15))
    assert access.can_report_action(heads[head], action) is may
    assert not access.can_report_action(inspector_user, action)
    assert not access.can_report_action(leader_user, action)


def test_an_action_of_a_sub_unit_is_reported_by_the_heads_above_it(tree, inspection, heads):
    action = CorrectiveAction(inspection=inspection, unit=tree["desk_a"], deadline=datetime.date(2027, 1, 15))
    assert access.can_report_action(heads["of the unit"], action) and access.can_report_action(heads["above"], action)
    assert not access.can_report_action(heads["other"], action)


def test_leadership_and_the_team_review_actions(tree, inspection, inspector_user, member, other_inspector,
                                                leader_user, unit_head_user, officer_user):  # fmt: skip
    action = CorrectiveAction(inspection=inspection, unit=tree["office_a"], deadline=datetime.date(2027, 1, 15))
    for user in (inspector_user, member, leader_user):
        assert access.can_review_action(user, action)
    for user in (other_inspector, unit_head_user, officer_user):
        assert not access.can_review_action(user, action)


def test_the_predicates_cost_at_most_the_team_query(inspection, inspector_user, member, django_assert_num_queries):
    inspector_user, member = [type(member).objects.get(pk=user.pk) for user in (inspector_user, member)]
    access.can_amend_findings(member, inspection)  # reads the roles once, kept on the user
    with django_assert_num_queries(0):  # the leader: no query at all
        assert access.can_edit(inspector_user, inspection)
    with django_assert_num_queries(1):  # a member: "on the team?"
        assert access.can_edit(member, inspection)
    with django_assert_num_queries(0):  # roles already read
        assert not access.can_decide_conclusion(member, inspection)
        assert not access.can_amend_findings(member, inspection)


def test_an_inspectors_findings_come_once_each_however_many_teams_they_are_on(inspector_user):
    """Visibility through the team is a subquery, not a join through the members table: no finding repeats (the
    list and the history page used to need DISTINCT, which sorted a district's findings on disk)."""
    others = UserFactory.create_batch(2, roles=[Role.STAFF, Role.INSPECTOR])
    inspection = InspectionFactory(leader=inspector_user, members=[inspector_user, *others], started=True)
    findings = FindingFactory.create_batch(3, inspection=inspection)
    visible = list(findings_visible_to(inspector_user).values_list("pk", flat=True))
    assert sorted(visible) == sorted(finding.pk for finding in findings)


def test_a_units_history_holds_exactly_what_each_role_may_see_of_the_unit(tree, inspector_user, leader_user, heads,
                                                                          staff_user):  # fmt: skip
    """findings_about_unit_visible_to says the visibility more simply, for speed: for every role and every unit it
    must select the very findings of findings_visible_to within the unit's subtree."""
    head = heads["of the unit"]
    head_inspector = _user([Role.STAFF, Role.UNIT_HEAD, Role.INSPECTOR], tree["office_a"], "head-inspector")
    units = [tree["city"], tree["office_a"], tree["desk_a"], tree["ward_b"]]
    approved = InspectionFactory(started=True, leader=inspector_user, units=units[1:])
    in_the_field = InspectionFactory(started=True, leader=head_inspector, units=units[1:])
    own = Official.objects.get(user=head)
    for inspection in (approved, in_the_field):
        for unit in units[1:]:
            FindingFactory(inspection=inspection, unit=unit)
        # About the head, recorded in the ward where the head worked before heading office_a.
        Official.objects.filter(pk=own.pk).update(unit=tree["ward_b"])
        FindingFactory(inspection=inspection, unit=tree["ward_b"], official=Official.objects.get(pk=own.pk))
        Official.objects.filter(pk=own.pk).update(unit=tree["office_a"])
    Inspection.objects.filter(pk=approved.pk).update(status=Inspection.Status.CONCLUSION_APPROVED)
    for user in (leader_user, inspector_user, head_inspector, staff_user, *heads.values()):
        for unit in units:
            expected = findings_visible_to(user).filter(unit__path__startswith=unit.path)
            got = findings_about_unit_visible_to(user, unit)
            assert set(got.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True)), (
                user.username, unit.code,
            )  # fmt: skip
    # The head of office_a sees the approved findings of office_a and of its desk, nothing in the field.
    assert findings_about_unit_visible_to(head, tree["office_a"]).count() == 2
