"""The working-day calendar against real Vietnamese dates."""

import datetime

import pytest

from culture_portal.models import CalendarException
from culture_portal.workdays import WorkingCalendar, add_working_days, is_working_day, working_days_between

D = datetime.date
pytestmark = pytest.mark.django_db


def test_lunar_new_year_2026_is_skipped():
    # Tết Bính Ngọ: eve Monday 16/02, first day Tuesday 17/02, days off to Friday 20/02/2026.
    for day in range(16, 21):
        assert not is_working_day(D(2026, 2, day)), f"{day}/02/2026 should be a day off"
    assert is_working_day(D(2026, 2, 13))
    assert is_working_day(D(2026, 2, 23))
    # One working day after Friday 13/02 is Monday 23/02, past the whole holiday.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    # A 5-working-day forwarding deadline from Thursday 12/02: 13, 23, 24, 25, 26 February.
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_lunar_new_year_2027_is_skipped():
    # Tết Đinh Mùi falls on Saturday 06/02/2027; the days off run from Thursday 04/02 to Wednesday 10/02.
    for day in (4, 5, 8, 9, 10):
        assert not is_working_day(D(2027, 2, day))
    assert is_working_day(D(2027, 2, 3))
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)


def test_reunification_and_labour_day_2026():
    assert not is_working_day(D(2026, 4, 30))  # Thursday
    assert not is_working_day(D(2026, 5, 1))  # Friday
    assert add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)


def test_national_day_2026_with_its_adjacent_day_and_the_announced_swap():
    # 2/9 (Wednesday) plus the adjacent 1/9; 31/08 is a bridging day off worked back on Saturday 22/08.
    for day in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)):
        assert not is_working_day(day)
    assert is_working_day(D(2026, 8, 22)), "the compensatory Saturday is a working day"
    assert not is_working_day(D(2026, 8, 29)), "an ordinary Saturday is not"


def test_administrator_exceptions_win_over_the_rules():
    # The government announces a compensatory Saturday and an extra day off for a year the package does not know yet.
    CalendarException.objects.create(date=D(2027, 1, 9), kind=CalendarException.Kind.WORKING_DAY, name="Làm bù")
    CalendarException.objects.create(
        date=D(2027, 1, 4), kind=CalendarException.Kind.DAY_OFF, name="Nghỉ bù Tết Dương lịch"
    )
    assert is_working_day(D(2027, 1, 9))
    assert not is_working_day(D(2027, 1, 4))
    # And a day the rules call a holiday can be made a working day.
    CalendarException.objects.create(date=D(2027, 2, 10), kind=CalendarException.Kind.WORKING_DAY, name="Đi làm")
    assert is_working_day(D(2027, 2, 10))


def test_counting_between_dates():
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1)


def test_days_off_lists_rules_and_exceptions_of_a_year(django_assert_max_num_queries):
    CalendarException.objects.create(date=D(2026, 12, 31), kind=CalendarException.Kind.DAY_OFF, name="Nghỉ cuối năm")
    with django_assert_max_num_queries(1):  # the year's exceptions, loaded once
        days = WorkingCalendar().days_off(2026)
    dates = [entry.date for entry in days]
    assert D(2026, 2, 17) in dates and D(2026, 12, 31) in dates
    # Hùng Kings' day falls on a Sunday: the holiday and its observed Monday are both listed.
    assert D(2026, 4, 26) in dates and D(2026, 4, 27) in dates
    assert D(2026, 8, 22) not in dates, "the compensatory Saturday is not a day off"


# --- issue 15 §2: the 2026 calendar and the days the law does not list ----------------------------------------------


def test_the_2026_new_year_swap_is_in_the_calendar():
    # Letter 12729/VPCP-KGVX of 25/12/2025: Friday 02/01/2026 off, Saturday 10/01/2026 worked (data, by migration).
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 10))
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert D(2026, 1, 10) in WorkingCalendar().working_weekend_days(2026)


def test_a_package_holiday_the_law_does_not_list_is_unconfirmed_and_counted_as_a_working_day():
    # The package adds 24/11 "Ngày Văn hóa Việt Nam" from 2026; Labour Code 2019, Art. 112 does not list it.
    calendar = WorkingCalendar()
    assert calendar.is_working_day(D(2026, 11, 24)) and calendar.is_unconfirmed(D(2026, 11, 24))
    assert [day.date for day in calendar.unconfirmed_days(2026)] == [D(2026, 11, 24)]
    assert D(2026, 11, 24) not in [day.date for day in calendar.days_off(2026)]
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)


def test_an_administrators_record_settles_an_unconfirmed_day():
    CalendarException.objects.create(date=D(2026, 11, 24), kind=CalendarException.Kind.DAY_OFF,
                                     name="Ngày Văn hóa Việt Nam", legal_basis="Quyết định của Thủ tướng")  # fmt: skip
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(D(2026, 11, 24)) and not calendar.is_unconfirmed(D(2026, 11, 24))
    assert calendar.unconfirmed_days(2026) == []
    assert D(2026, 11, 24) in [day.date for day in calendar.days_off(2026)]


def test_only_the_culture_day_is_unconfirmed_in_the_pinned_package():
    """A package upgrade that renames a Labour Code holiday (and would make Tết 'unconfirmed', so working days)
    fails here first."""
    calendar = WorkingCalendar()
    for year in range(2015, 2031):
        unconfirmed = {day.date for day in calendar.unconfirmed_days(year)}
        # 24/11, and the Monday after when it falls on a weekend (the package's observed day).
        assert unconfirmed <= {D(year, 11, 24), D(year, 11, 25), D(year, 11, 26)}, year
        assert (D(year, 11, 24) in unconfirmed) == (year >= 2026), year
