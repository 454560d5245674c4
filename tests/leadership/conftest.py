"""A hand-counted world for the leadership dashboard, built through the services at chosen times.

The clock (django.utils.timezone.now) is set for each step, as the days went by in the first quarter of 2026:
the expected figures are written next to the test that checks them.
"""

import datetime

import pytest
from django.utils import timezone

from culture_portal.leadership.models import Target
from culture_portal.models import DisciplinaryMeasure
from feedback import services as feedback_services
from feedback.models import DeskRating
from inspections import actions as action_services
from inspections import services as inspection_services
from inspections.models import Inspection, InspectionPlan
from regulations import services as regulation_services
from regulations.demo import _norms
from regulations.models import Campaign, Norm, NormGroup, Training
from tests.factories import OfficialFactory
from tests.regulations.conftest import code_of_conduct  # noqa: F401 - shared fixture

ZONE = timezone.get_default_timezone()


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


class Clock:
    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.now = at(day, hour)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


D = datetime.date


def _inspection(user, kind, title, day, units, groups, plan=None):
    start = at(day, 8)
    return inspection_services.inspection_create(
        user=user, kind=kind, title=title, basis_reference="15/QĐ-UBND", basis_date=day - datetime.timedelta(days=7),
        window_start=start, window_end=start + datetime.timedelta(hours=3), leader=user, units=units,
        norm_groups=groups, plan=plan,
    )  # fmt: skip


def _finding(inspection, user, unit, code, *, measure=None, commendation=False):
    return inspection_services.finding_record(
        inspection=inspection, unit=unit, norm=Norm.objects.get(code=code), observed="Quan sát tại đơn vị",
        severity="minor", user=user, is_commendation=commendation,
        measure=DisciplinaryMeasure.objects.filter(code=measure).first() if measure else None,
    )  # fmt: skip


def _conclude(inspection, user, requirements):
    inspection_services.findings_submit(inspection=inspection, user=user)
    inspection_services.conclusion_draft(
        inspection=inspection, user=user, overall="Cơ bản chấp hành tốt", good_points="", requirements=requirements
    )


def _case(clock, day, unit, norm_code, *, channel="web", nature="criticism"):
    clock.set(day)
    case, _pin = feedback_services.case_submit(
        channel=channel, nature=nature, description="Cán bộ nói trống không với người dân.", unit=unit,
        norm=Norm.objects.get(code=norm_code) if norm_code else None, received_at=at(day),
        full_name="Nguyễn Văn Khiếu", phone="0987 654 321", email="khieu.nai@example.com", consent=True,
    )  # fmt: skip
    return case


def _answer(clock, case, officer, accepted, answered, upheld=""):
    clock.set(accepted)
    feedback_services.case_accept(case=case, user=officer, track="feedback")
    clock.set(answered, 15)
    feedback_services.case_answer(case=case, user=officer, answer="Đơn vị đã xác minh và trả lời.", upheld=upheld)
    case.refresh_from_db()
    return case


@pytest.fixture
def world(clock, tree, code_of_conduct, inspector_user, leader_user, unit_head_user, officer_user):  # noqa: F811
    """Q1/2026 in the small tree (city; office_a with desk_a; ward_b). Figures are asserted in test_figures.py."""
    _norms(code_of_conduct)
    groups = NormGroup.objects.all()
    office_a, desk_a, ward_b = tree["office_a"], tree["desk_a"], tree["ward_b"]
    inspector, leader = inspector_user, leader_user
    people = OfficialFactory.create_batch(4, unit=office_a)
    desk_official = OfficialFactory(unit=desk_a)

    # The approved plan: P1 (done, 15/01) and P2 (20/02, not started).
    clock.set(D(2026, 1, 5))
    plan = InspectionPlan.objects.create(year=2026, title="Kế hoạch kiểm tra công vụ năm 2026", created_by=leader)
    p1 = _inspection(inspector, Inspection.Kind.PERIODIC, "Kiểm tra định kỳ quý I", D(2026, 1, 15),
                     [office_a, desk_a, ward_b], groups, plan)  # fmt: skip
    _inspection(inspector, Inspection.Kind.PERIODIC, "Kiểm tra định kỳ tháng 2", D(2026, 2, 20), [ward_b], groups, plan)
    inspection_services.plan_approve(plan=plan, user=leader)

    clock.set(D(2026, 1, 15))
    inspection_services.inspection_start(inspection=p1, user=inspector)
    _finding(p1, inspector, office_a, "GG-01", measure="nhac-nho")
    _finding(p1, inspector, office_a, "GG-02")
    _finding(p1, inspector, desk_a, "TP-01")
    _finding(p1, inspector, ward_b, "GG-01")
    _finding(p1, inspector, ward_b, "GT-01", commendation=True)
    for official, status in zip(people, ["present", "late", "absent_with_leave", "absent_without_leave"], strict=True):
        inspection_services.attendance_record(
            inspection=p1, unit=office_a, official=official, status=status,
            late_minutes=10 if status == "late" else None, user=inspector,
        )  # fmt: skip
    _conclude(p1, inspector, [(office_a, "Chấn chỉnh giờ giấc", 5), (ward_b, "Chấn chỉnh giờ giấc", 5)])
    clock.set(D(2026, 1, 20))
    inspection_services.conclusion_approve(inspection=p1, user=leader, on=D(2026, 1, 20))  # deadlines 27/01/2026

    # S1: a surprise inspection whose conclusion is not approved: it counts nowhere.
    clock.set(D(2026, 3, 5))
    s1 = _inspection(inspector, Inspection.Kind.SURPRISE, "Kiểm tra đột xuất phường", D(2026, 3, 5), [ward_b], groups)
    inspection_services.inspection_start(inspection=s1, user=inspector)
    _finding(s1, inspector, ward_b, "GG-03")
    _conclude(s1, inspector, [])

    # S2: an approved surprise inspection.
    clock.set(D(2026, 3, 10))
    s2 = _inspection(inspector, Inspection.Kind.SURPRISE, "Kiểm tra đột xuất phòng", D(2026, 3, 10), [office_a], groups)
    inspection_services.inspection_start(inspection=s2, user=inspector)
    _finding(s2, inspector, office_a, "GT-02", measure="kiem-diem")
    _conclude(s2, inspector, [(office_a, "Chấn chỉnh giao tiếp", 3)])
    clock.set(D(2026, 3, 12))
    inspection_services.conclusion_approve(inspection=s2, user=leader, on=D(2026, 3, 12))  # deadline 17/03/2026

    # Corrective actions: office_a's P1 action on time, ward_b's P1 action left open (overdue), S2's done late.
    p1_office = p1.actions.get(unit=office_a)
    clock.set(D(2026, 1, 26))
    action_services.action_report(action=p1_office, user=unit_head_user, text="Đã chấn chỉnh.")
    action_services.action_review(action=p1_office, user=leader, accept=True, comment="")
    s2_office = s2.actions.get(unit=office_a)
    clock.set(D(2026, 3, 20))
    action_services.action_report(action=s2_office, user=unit_head_user, text="Đã chấn chỉnh.")
    action_services.action_review(action=s2_office, user=leader, accept=True, comment="")

    # Feedback. c1 crosses the lunar new year: accepted Thursday 12/02/2026, 10 working days -> due 05/03/2026.
    officer = officer_user
    c1 = _answer(clock, _case(clock, D(2026, 2, 12), desk_a, "GT-01"), officer, D(2026, 2, 12), D(2026, 3, 4), "upheld")
    c2 = _case(clock, D(2026, 2, 12), ward_b, "GG-01", channel="hotline")
    c2 = _answer(clock, c2, officer, D(2026, 2, 12), D(2026, 3, 6), "partly")  # one day late
    c3 = _case(clock, D(2026, 1, 5), office_a, "GT-03", channel="email")
    c3 = _answer(clock, c3, officer, D(2026, 1, 5), D(2026, 1, 7), "not_upheld")
    c4 = _case(clock, D(2026, 1, 10), desk_a, None, nature="praise")
    c4 = _answer(clock, c4, officer, D(2026, 1, 12), D(2026, 1, 12))
    _case(clock, D(2026, 3, 20), ward_b, "GG-01")  # c5: still waiting
    c6 = _case(clock, D(2026, 3, 21), ward_b, "GG-01")
    feedback_services.case_mark_spam(case=c6, user=officer)
    c7 = _case(clock, D(2026, 1, 15), office_a, None, channel="email")
    c7 = _answer(clock, c7, officer, D(2026, 1, 15), D(2026, 1, 16), "upheld")

    # Ratings: the answers of c1 (5/5) and c3 (2/5); desk ratings on 02/03/2026.
    clock.set(D(2026, 3, 5))
    feedback_services.case_rate(case=c1, score=5)
    clock.set(D(2026, 1, 8))
    feedback_services.case_rate(case=c3, score=2)
    clock.set(D(2026, 3, 2))
    for score in (3, 3, 2, 2, 3, 2, 1, 1):
        DeskRating.objects.create(unit=desk_a, score=score)
    for score in (2, 3, 3):
        DeskRating.objects.create(unit=ward_b, score=score)

    # Dissemination: a campaign due 31/03/2026 for office_a (7 officials), 3 confirmations; two trainings.
    version = code_of_conduct.versions.get(is_current=True)
    campaign = Campaign(title="Quán triệt Quy tắc ứng xử", document=code_of_conduct, version=version,
                        due_date=D(2026, 3, 31))  # fmt: skip
    regulation_services.campaign_launch(campaign=campaign, units=[office_a], roles=[], officials=[])
    for official in (people[0], people[1], desk_official):
        regulation_services.document_opened(official=official, version=version)
        regulation_services.acknowledgement_confirm(official=official, version=version, ip_address=None)
    training = Training.objects.create(
        title="Tập huấn giao tiếp", start_date=D(2026, 3, 1), end_date=D(2026, 3, 2), organiser="Phòng Nội vụ"
    )
    training.participants.set(people[:2])
    Training.objects.create(kind=Training.Kind.CONTEST, title="Hội thi văn hóa công sở", start_date=D(2026, 2, 10),
                            end_date=D(2026, 2, 10), organiser="Thành đoàn", head_count=50)  # fmt: skip

    Target.objects.create(measure=Target.Measure.SATISFACTION, value=90, valid_from=D(2026, 1, 1))
    Target.objects.create(measure=Target.Measure.ANSWERED_ON_TIME, value=95, valid_from=D(2026, 1, 1))
    clock.set(D(2026, 4, 15))
    return {"p1": p1, "s1": s1, "s2": s2, "cases": [c1, c2, c3, c4, c7], "people": people, **tree}
