"""Legal deadlines from the rule table and the working-day calendar, across the lunar new year of 2026.

Tết 2026: Monday 16/02 to Friday 20/02 are days off, between two weekends.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import CalendarException, DeadlineRule
from feedback import services

from .conftest import step_url, submitted

pytestmark = pytest.mark.django_db


def received_on(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def test_feedback_accepted_within_5_working_days_skips_the_new_year(tree, norm):
    case, _ = submitted(tree["desk_a"], norm, received_at=received_on(datetime.date(2026, 2, 12)))
    # Fri 13/02 is day 1; the week of Tết and two weekends do not count; Thu 26/02 is day 5.
    assert case.due_step == "accept" and case.due_on == datetime.date(2026, 2, 26)


def test_complaint_accepted_within_10_working_days(tree, norm, officer_user):
    case, _ = submitted(tree["desk_a"], norm, received_at=received_on(datetime.date(2026, 2, 12)))
    case.track = "complaint"
    services.deadlines.deadline_refresh(case)
    assert case.due_on == datetime.date(2026, 3, 5)


def test_a_calendar_day_deadline_ending_in_the_holiday_moves_to_the_next_working_day(tree, norm, officer_user):
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track="denunciation")
    case.accepted_on = datetime.date(2026, 1, 20)
    services.deadlines.deadline_refresh(case)
    # 30 days from 20/01 is Thu 19/02 (Tết): the deadline is Monday 23/02.
    assert case.due_step == "decide" and case.due_on == datetime.date(2026, 2, 23)


def test_an_administrators_extra_day_off_moves_the_deadline(tree, norm):
    CalendarException.objects.create(date=datetime.date(2026, 2, 26), kind="day_off", name="Nghỉ bù")
    case, _ = submitted(tree["desk_a"], norm, received_at=received_on(datetime.date(2026, 2, 12)))
    assert case.due_on == datetime.date(2026, 2, 27)


def test_a_new_rule_in_force_applies_without_a_release(tree, norm):
    old = DeadlineRule.objects.get(track="feedback", step="accept", valid_until__isnull=True)
    old.valid_until = datetime.date(2026, 1, 31)
    old.save()
    DeadlineRule.objects.create(track="feedback", step="accept", days=3, counting="working",
                                valid_from=datetime.date(2026, 2, 1), legal_basis="Quy chế mới")  # fmt: skip
    case, _ = submitted(tree["desk_a"], norm, received_at=received_on(datetime.date(2026, 2, 12)))
    assert case.due_on == datetime.date(2026, 2, 24)
    earlier, _ = submitted(tree["desk_a"], norm, received_at=received_on(datetime.date(2026, 1, 5)))
    # The 5-day rule in force then; Saturday 10/01/2026 was a working day (letter 12729/VPCP-KGVX): day 5.
    assert earlier.due_on == datetime.date(2026, 1, 10)


# --- issue 15 §2: extensions, each track's maxima, the 2026 calendar, conditions ---------------------------------

D = datetime.date


def accepted(tree, norm, officer_user, track: str, on: datetime.date, **fields):
    """A case accepted on a track on `on` (the service stamps today; the date is set as if it were then)."""
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track=track)
    for name, value in {"accepted_on": on, **fields}.items():
        setattr(case, name, value)
    services.deadlines.deadline_refresh(case)
    case.save()
    return case


def test_denunciation_extensions_count_from_the_unmoved_legal_deadline(tree, norm, officer_user):
    # The example: accepted 15/01/2026; 30 days end on Saturday 14/02, in the Tết break: due Monday 23/02.
    case = accepted(tree, norm, officer_user, "denunciation", D(2026, 1, 15))
    assert case.due_on == D(2026, 2, 23)
    first = services.case_extend(case=case, user=officer_user, complexity="especially_complex", reason="Nhiều nội dung")
    # 30 more days from 14/02 (not from 23/02): Monday 16/03, 60 days after acceptance, the law's maximum.
    assert (first.due_before, first.due_after) == (D(2026, 2, 23), D(2026, 3, 16))
    second = services.case_extend(case=case, user=officer_user, complexity="especially_complex", reason="Xác minh thêm")
    # Twice: Wednesday 15/04, 90 days after acceptance (not 24/04, nine days too many).
    assert second.due_after == D(2026, 4, 15) == D(2026, 1, 15) + datetime.timedelta(days=90)
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 15) and case.extensions == 2
    with pytest.raises(ValidationError):
        services.case_extend(case=case, user=officer_user, complexity="especially_complex", reason="Lần ba")


def test_a_complex_denunciation_is_extended_once_to_60_days(tree, norm, officer_user):
    case = accepted(tree, norm, officer_user, "denunciation", D(2026, 1, 20))
    assert case.due_on == D(2026, 2, 23)  # 19/02 is in the Tết break
    services.case_extend(case=case, user=officer_user, complexity="complex", reason="Phức tạp")
    case.refresh_from_db()
    assert case.due_on == D(2026, 3, 23)  # 60 days end on Saturday 21/03: Monday 23/03
    with pytest.raises(ValidationError):
        services.case_extend(case=case, user=officer_user, complexity="complex", reason="Lần hai")


@pytest.mark.parametrize(
    ("condition", "complexity", "days", "due"),
    [
        # Law on Complaints 2011, Art. 28 (first level) and 37 (second level), from acceptance on Tuesday 20/01/2026.
        ("", "normal", 30, D(2026, 2, 23)),  # 19/02 in the Tết break
        ("", "complex", 45, D(2026, 3, 6)),
        ("remote", "normal", 45, D(2026, 3, 6)),
        ("remote", "complex", 60, D(2026, 3, 23)),  # Saturday 21/03
        ("second_level", "normal", 45, D(2026, 3, 6)),
        ("second_level", "complex", 60, D(2026, 3, 23)),
        ("second_level_remote", "normal", 60, D(2026, 3, 23)),
        ("second_level_remote", "complex", 70, D(2026, 3, 31)),
    ],
)
def test_complaint_decision_maxima_by_condition(tree, norm, officer_user, condition, complexity, days, due):
    case = accepted(tree, norm, officer_user, "complaint", D(2026, 1, 20), deadline_condition=condition,
                    complexity=complexity)  # fmt: skip
    assert case.due_on == due
    legal_end = D(2026, 1, 20) + datetime.timedelta(days=days)
    assert due == legal_end or (legal_end.weekday() >= 5 or D(2026, 2, 16) <= legal_end <= D(2026, 2, 22))


def test_the_2026_calendar_has_the_governments_swap(tree, norm, officer_user):
    # Friday 02/01/2026 off, Saturday 10/01/2026 worked (letter 12729/VPCP-KGVX), recorded as data by a migration.
    days = {row.date: row for row in CalendarException.objects.filter(date__year=2026)}
    assert days[D(2026, 1, 2)].kind == "day_off" and "12729/VPCP-KGVX" in days[D(2026, 1, 2)].legal_basis
    assert days[D(2026, 1, 10)].kind == "working_day" and "12729/VPCP-KGVX" in days[D(2026, 1, 10)].legal_basis
    # Feedback received Wednesday 31/12/2025, 5 working days: 01/01 and 02/01 off, then 05-09/01.
    case, _ = submitted(tree["desk_a"], norm, received_at=received_on(D(2025, 12, 31)))
    assert case.due_on == D(2026, 1, 9)


@pytest.mark.parametrize(
    ("track", "condition", "received", "due"),
    [
        # Denunciation: checked within 7 working days (Law on Denunciation 2018, Art. 24); Saturday 10/01 counts.
        ("denunciation", "", D(2026, 1, 5), D(2026, 1, 13)),
        # 10 working days when it must be verified in several places (Art. 24(1)).
        ("denunciation", "several_places", D(2026, 1, 5), D(2026, 1, 16)),
        # Complaint accepted within 10 working days (Art. 27): 01/01 and 02/01 skipped, 10/01 counted.
        ("complaint", "", D(2025, 12, 31), D(2026, 1, 15)),
        # Across Tết: from Thursday 12/02/2026, 7 working days are 13/02, 23/02 ... 27/02, 02/03.
        ("denunciation", "", D(2026, 2, 12), D(2026, 3, 2)),
        ("denunciation", "several_places", D(2026, 2, 12), D(2026, 3, 5)),
    ],
)
def test_acceptance_periods_across_the_swapped_saturday_and_tet(tree, norm, track, condition, received, due):
    case, _ = submitted(tree["desk_a"], norm, received_at=received_on(received))
    case.track, case.deadline_condition = track, condition
    services.deadlines.deadline_refresh(case)
    assert case.due_step == "accept" and case.due_on == due


def test_a_calendar_day_period_ending_on_the_working_saturday_ends_there(tree, norm, officer_user):
    # 30 days from 11/12/2025 end on Saturday 10/01/2026, a working day by the swap: no move to Monday.
    case = accepted(tree, norm, officer_user, "denunciation", D(2025, 12, 11))
    assert case.due_on == D(2026, 1, 10)


def test_officer_chooses_the_second_level_period_with_a_reason(client, tree, norm, officer_user):
    case = accepted(tree, norm, officer_user, "complaint", D(2026, 1, 20))
    url = reverse("feedback:case", args=[case.public_id])
    client.force_login(officer_user)
    page = client.get(url).content.decode()
    assert f'action="{step_url(case, "condition")}"' in page
    no_reason = client.post(step_url(case, "condition"), {"condition": "second_level", "reason": ""})
    assert no_reason.status_code == 400
    case.refresh_from_db()
    assert case.deadline_condition == "" and case.due_on == D(2026, 2, 23)
    client.post(step_url(case, "condition"), {"condition": "second_level", "reason": "Khiếu nại quyết định lần đầu"})
    case.refresh_from_db()
    assert case.deadline_condition == "second_level" and case.due_on == D(2026, 3, 6)  # 45 days (Art. 37)
    event = case.events.get(action="deadline_condition")
    assert "06/03/2026" in event.public_text and "Khiếu nại quyết định lần đầu" in event.note
    assert "Khiếu nại quyết định lần đầu" in client.get(url).content.decode()


def test_a_condition_the_track_has_no_rule_for_is_refused(client, tree, norm, officer_user):
    case = accepted(tree, norm, officer_user, "denunciation", D(2026, 1, 20))
    client.force_login(officer_user)
    response = client.post(step_url(case, "condition"),
                           {"condition": "remote", "reason": "Xã miền núi"})  # fmt: skip
    assert response.status_code == 400
    assert "không có thời hạn riêng" in response.content.decode()
    case.refresh_from_db()
    assert case.deadline_condition == "" and case.due_on == D(2026, 2, 23)


def test_moving_to_another_track_drops_the_condition(tree, norm, officer_user):
    case = accepted(tree, norm, officer_user, "complaint", D(2026, 1, 20), deadline_condition="remote")
    services.case_change_track(case=case, user=officer_user, track="denunciation", reason="Nội dung là tố cáo")
    case.refresh_from_db()
    assert case.deadline_condition == "" and case.due_on == D(2026, 2, 23)
