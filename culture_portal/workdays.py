"""The working-day calendar every legal deadline is counted with.

A day is a working day unless it is a weekend day or a Vietnamese public
holiday (Labour Code 2019, Art. 112, including the lunar new year, as the
`holidays` package computes them), with two corrections: the working
Saturdays the government announces in exchange for bridging days, and the
exceptions administrators record in CalendarException, which always win.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils import translation

from culture_portal.models import CalendarException

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class DayOff:
    date: datetime.date
    name: str
    source: str  # "law" or "exception"


@lru_cache(maxsize=64)
def _national_year(year: int, language: str) -> tuple[dict[datetime.date, str], frozenset[datetime.date]]:
    calendar = holidays.country_holidays("VN", years=year, language=language)
    working_weekend_days = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return dict(calendar), working_weekend_days


def _language() -> str:
    return "vi" if (translation.get_language() or "vi").startswith("vi") else "en_US"


class WorkingCalendar:
    """Answers working-day questions; loads each year's exceptions once."""

    def __init__(self):
        self._exceptions: dict[int, dict[datetime.date, CalendarException]] = {}

    def _exceptions_of(self, year: int) -> dict[datetime.date, CalendarException]:
        if year not in self._exceptions:
            self._exceptions[year] = {row.date: row for row in CalendarException.objects.filter(date__year=year)}
        return self._exceptions[year]

    def is_working_day(self, day: datetime.date) -> bool:
        exception = self._exceptions_of(day.year).get(day)
        if exception is not None:
            return exception.kind == CalendarException.Kind.WORKING_DAY
        national, working_weekend_days = _national_year(day.year, "vi")
        if day in working_weekend_days:
            return True
        return day.weekday() < 5 and day not in national

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (start itself is not counted).

        A deadline of 5 working days from a Friday submission ends on the
        following Friday; across the lunar new year it moves past the holiday.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        remaining = days
        while remaining:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date, *, at_most: int | None = None) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start).

        With `at_most`, counting stops once the count passes it: "is the deadline within 3 working days?"
        then costs a few days of the calendar, not years.
        """
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
                if at_most is not None and count > at_most:
                    break
        return count

    def days_off(self, year: int) -> list[DayOff]:
        """Every day off of a year: public holidays (also on a weekend) and administrators' extra days off."""
        national, working_weekend_days = _national_year(year, _language())
        exceptions = self._exceptions_of(year)
        days = {day: DayOff(day, name, "law") for day, name in national.items()}
        for day, exception in exceptions.items():
            days[day] = DayOff(day, exception.name, "exception")
        return sorted((entry for entry in days.values() if not self.is_working_day(entry.date)), key=lambda e: e.date)

    def working_weekend_days(self, year: int) -> list[datetime.date]:
        """Saturdays and Sundays worked in exchange: the government's announced swaps and the administrators'."""
        _national, working_weekend_days = _national_year(year, "vi")
        recorded = {
            day
            for day, exception in self._exceptions_of(year).items()
            if exception.kind == CalendarException.Kind.WORKING_DAY and day.weekday() >= 5
        }
        return sorted(day for day in set(working_weekend_days) | recorded if self.is_working_day(day))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return WorkingCalendar().add_working_days(start, days)


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar().is_working_day(day)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return WorkingCalendar().working_days_between(start, end)
