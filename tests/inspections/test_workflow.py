"""The inspection workflow in its services: from planned to approved, with secrecy, freezing and history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inspections import selectors, services
from inspections.models import AttendanceRecord, ChecklistItem, Inspection
from regulations.demo import _norms
from regulations.models import NormGroup
from tests.factories import InspectionFactory, OfficialFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def norms(code_of_conduct):
    _norms(code_of_conduct)
    return NormGroup.objects.filter(code__in=["working_hours", "dress"])


@pytest.fixture
def surprise(tree, norms, inspector_user):
    start = timezone.now() + datetime.timedelta(days=1)
    return InspectionFactory(
        surprise=True, title="Kiểm tra đột xuất giờ giấc", window_start=start,
        window_end=start + datetime.timedelta(hours=2), leader=inspector_user,
        units=[tree["office_a"], tree["ward_b"]], norm_groups=norms,
    )  # fmt: skip


def test_full_workflow_to_approval(tree, surprise, inspector_user, leader_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    items = ChecklistItem.objects.filter(inspection=surprise)
    assert (
        items.count() == 2 * surprise.norm_groups.first().norms.count() + 2 * surprise.norm_groups.last().norms.count()
    )
    late = OfficialFactory(unit=tree["office_a"])
    finding = services.finding_record(
        inspection=surprise, unit=tree["office_a"], official=late, norm=items.first().norm,
        observed="Đến cơ quan lúc 7 giờ 55", severity="minor", user=inspector_user,
    )  # fmt: skip
    services.findings_submit(inspection=surprise, user=inspector_user)
    services.conclusion_draft(
        inspection=surprise, user=inspector_user, overall="Cơ bản chấp hành tốt", good_points="",
        requirements=[(tree["office_a"], "Chấn chỉnh giờ giấc", 5)],
    )  # fmt: skip
    conclusion = services.conclusion_approve(inspection=surprise, user=leader_user, on=D(2026, 2, 12))
    surprise.refresh_from_db()
    assert surprise.status == Inspection.Status.CONCLUSION_APPROVED
    # 5 working days from Thursday 12/02/2026 skip the lunar new year: 13, 23, 24, 25, 26 February.
    assert conclusion.requirements.get().deadline == D(2026, 2, 26)
    assert [event.action for event in surprise.events.all()][-1] == "status"
    with pytest.raises(ValidationError):
        services.finding_record(
            inspection=surprise,
            unit=tree["office_a"],
            norm=finding.norm,
            observed="x",
            severity="minor",
            user=inspector_user,
        )


def test_a_surprise_inspection_is_invisible_to_the_unit_until_approved(
    tree, surprise, unit_head_user, staff_user, leader_user, inspector_user
):
    assert surprise in selectors.inspections_visible_to(inspector_user)
    assert surprise in selectors.inspections_visible_to(leader_user)
    for outsider in (unit_head_user, staff_user):
        assert not selectors.inspections_visible_to(outsider).exists()
        assert selectors.inspections_visible_to(outsider).count() == 0
        assert not selectors.findings_visible_to(outsider).exists()


def test_unit_head_sees_approved_results_of_own_unit_only(tree, surprise, inspector_user, leader_user, unit_head_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    norm = ChecklistItem.objects.filter(inspection=surprise).first().norm
    own = services.finding_record(inspection=surprise, unit=tree["office_a"], norm=norm,
                                  observed="Không đeo thẻ", severity="minor", user=inspector_user)  # fmt: skip
    other = services.finding_record(inspection=surprise, unit=tree["ward_b"], norm=norm,
                                    observed="Không đeo thẻ", severity="minor", user=inspector_user)  # fmt: skip
    services.findings_submit(inspection=surprise, user=inspector_user)
    services.conclusion_draft(inspection=surprise, user=inspector_user, overall="…", good_points="", requirements=[])
    assert not selectors.findings_visible_to(unit_head_user).exists(), "nothing before approval"
    services.conclusion_approve(inspection=surprise, user=leader_user)
    assert list(selectors.findings_visible_to(unit_head_user)) == [own]
    assert other not in selectors.findings_visible_to(unit_head_user)


def test_attendance_rate_and_its_checks(tree, surprise, inspector_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    unit = tree["office_a"]
    people = OfficialFactory.create_batch(5, unit=unit)
    statuses = ["present", "present", "late", "absent_with_leave", "absent_without_leave"]
    for official, status in zip(people, statuses, strict=True):
        services.attendance_record(
            inspection=surprise, unit=unit, official=official, status=status,
            late_minutes=15 if status == "late" else None, user=inspector_user,
        )  # fmt: skip
    # present 2 + late 1 over 4 expected (the one on leave is not expected)
    assert services.attendance_rate(inspection=surprise, unit=unit) == 75.0
    stranger = OfficialFactory(unit=tree["ward_b"])
    with pytest.raises(ValidationError):
        services.attendance_record(
            inspection=surprise, unit=unit, official=stranger, status="present", user=inspector_user
        )
    with pytest.raises(ValidationError):
        services.attendance_record(
            inspection=surprise, unit=unit, official=people[0], status="late", user=inspector_user
        )
    assert AttendanceRecord.objects.get(official=people[0]).status == "present"


def test_bad_input_changes_nothing(tree, norms, surprise, inspector_user, staff_user, leader_user):
    start = timezone.now()
    with pytest.raises(ValidationError):
        services.inspection_create(
            user=inspector_user, kind="periodic", title="x", basis_reference="1/QĐ", basis_date=D(2026, 1, 1),
            window_start=start, window_end=start - datetime.timedelta(hours=1), leader=inspector_user,
            units=[tree["office_a"]], norm_groups=norms,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.inspection_create(
            user=staff_user, kind="periodic", title="x", basis_reference="1/QĐ", basis_date=D(2026, 1, 1),
            window_start=start, window_end=start + datetime.timedelta(hours=1), leader=staff_user,
            units=[tree["office_a"]], norm_groups=norms,
        )  # fmt: skip
    assert Inspection.objects.count() == 1
    services.inspection_start(inspection=surprise, user=inspector_user)
    with pytest.raises(ValidationError):
        services.finding_record(
            inspection=surprise, unit=tree["office_a"], norm=None, observed="x", severity="minor", user=inspector_user
        )
    services.findings_submit(inspection=surprise, user=inspector_user)
    with pytest.raises(ValidationError):
        services.conclusion_draft(inspection=surprise, user=inspector_user, overall="x", good_points="",
                                  requirements=[(tree["office_a"], "Chấn chỉnh", 0)])  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.conclusion_approve(inspection=surprise, user=inspector_user)
    surprise.refresh_from_db()
    assert surprise.status == Inspection.Status.FINDINGS_SUBMITTED and surprise.findings.count() == 0


def test_amendment_after_approval_is_recorded(tree, surprise, inspector_user, leader_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    norm = ChecklistItem.objects.filter(inspection=surprise).first().norm
    finding = services.finding_record(inspection=surprise, unit=tree["office_a"], norm=norm, observed="Đi muộn 20 phút",
                                      severity="minor", user=inspector_user)  # fmt: skip
    services.findings_submit(inspection=surprise, user=inspector_user)
    services.conclusion_draft(inspection=surprise, user=inspector_user, overall="…", good_points="", requirements=[])
    services.conclusion_approve(inspection=surprise, user=leader_user)
    with pytest.raises(ValidationError):
        services.finding_amend(finding=finding, user=leader_user, reason="", severity="moderate")
    services.finding_amend(finding=finding, user=leader_user, reason="Tái phạm lần hai", severity="moderate")
    event = surprise.events.filter(action="amendment").get()
    assert event.detail["before"] == {"severity": "minor"} and event.detail["after"] == {"severity": "moderate"}
    assert event.by == leader_user


def test_returned_conclusion_goes_back_to_the_leader(tree, surprise, inspector_user, leader_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    services.findings_submit(inspection=surprise, user=inspector_user)
    services.conclusion_draft(inspection=surprise, user=inspector_user, overall="…", good_points="", requirements=[])
    with pytest.raises(ValidationError):
        services.conclusion_return(inspection=surprise, user=leader_user, comment="  ")
    services.conclusion_return(inspection=surprise, user=leader_user, comment="Bổ sung kiến nghị xử lý")
    surprise.refresh_from_db()
    assert surprise.status == Inspection.Status.FINDINGS_SUBMITTED
    assert surprise.conclusion.returned_comment == "Bổ sung kiến nghị xử lý"


def test_a_stale_copy_cannot_add_findings_after_approval(tree, surprise, inspector_user, leader_user):
    stale = Inspection.objects.get(pk=surprise.pk)
    services.inspection_start(inspection=surprise, user=inspector_user)
    services.findings_submit(inspection=surprise, user=inspector_user)
    services.conclusion_draft(inspection=surprise, user=inspector_user, overall="…", good_points="", requirements=[])
    services.conclusion_approve(inspection=surprise, user=leader_user)
    norm = ChecklistItem.objects.filter(inspection=surprise).first().norm
    with pytest.raises(ValidationError):
        services.finding_record(
            inspection=stale, unit=tree["office_a"], norm=norm, observed="x", severity="minor", user=inspector_user
        )
    assert not surprise.findings.exists()
