"""Legal deadlines from the rule table and the working-day calendar, across the lunar new year of 2026.

Tết 2026: Monday 16/02 to Friday 20/02 are days off, between two weekends.
"""

import datetime

import pytest
from django.utils import timezone

from culture_portal.models import CalendarException, DeadlineRule
from feedback import services

from .conftest import submitted

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
    assert earlier.due_on == datetime.date(2026, 1, 12)  # the 5-day rule in force then
