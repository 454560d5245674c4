"""The working-day calendar every legal deadline is counted with.

A day is a working day unless it is a weekend day or a Vietnamese public
holiday (Labour Code 2019, Art. 112, including the lunar new year, as the
`holidays` package computes them), with two corrections: the working
Saturdays the government announces in exchange for bridging days, and the
exceptions administrators record in CalendarException, which always win.

The package also knows days off that the Labour Code does not list (since 2026
it adds 24/11, "Vietnamese Culture Day", which no official schedule confirms).
Such a day is *unconfirmed*: it is shown as such and counted as a working day
until an administrator records it (a CalendarException: a day off, or a working
day). Counting it as a working day is the choice that never makes a citizen
wait longer on the strength of an unverified holiday; and when it is confirmed,
deadlines only move later, so nobody becomes overdue overnight.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils import translation

from culture_portal.models import CalendarException

ONE_DAY = datetime.timedelta(days=1)

# The days off of Labour Code 2019, Art. 112 as the `holidays` package (pinned in requirements.txt) names them in
# Vietnamese, its source language: New Year, the lunar new year (the Prime Minister fixes which five days, the package
# follows the usual pattern), Hùng Kings' day, 30/4, 1/5, 2/9 and the day next to it; plus the compensatory day off
# when one falls on a weekend ("nghỉ bù", Art. 112(3)). A package day whose every name is outside this list, and that
# is not one of the government's announced swaps ("Ngày nghỉ (thay cho ngày …)"), is unconfirmed.
LABOUR_CODE_HOLIDAYS = frozenset(
    {
        "Tết Dương lịch",
        "29 Tết",
        "Giao thừa Tết Nguyên Đán",
        "Tết Nguyên Đán",
        "Mùng hai Tết Nguyên Đán",
        "Mùng ba Tết Nguyên Đán",
        "Mùng bốn Tết Nguyên Đán",
        "Mùng năm Tết Nguyên Đán",
        "Mùng sáu Tết Nguyên Đán",
        "Ngày Giỗ Tổ Hùng Vương",
        "Ngày Chiến thắng",
        "Ngày Quốc tế Lao động",
        "Quốc khánh",
    }
)
ANNOUNCED_SWAP_PREFIX = "Ngày nghỉ (thay cho ngày"
NAME_SUFFIXES = (" (nghỉ bù, dự kiến)", " (nghỉ bù)", " (dự kiến)")


def _in_the_law(names: str) -> bool:
    for name in names.split("; "):
        for suffix in NAME_SUFFIXES:
            name = name.removesuffix(suffix)
        if name in LABOUR_CODE_HOLIDAYS or name.startswith(ANNOUNCED_SWAP_PREFIX):
            return True
    return False


@dataclass(frozen=True)
class DayOff:
    date: datetime.date
    name: str
    source: str  # "law", "exception" or "unconfirmed" (a package holiday the law does not list)


@lru_cache(maxsize=64)
def _national_year(year: int, language: str) -> tuple[dict[datetime.date, str], frozenset[datetime.date]]:
    calendar = holidays.country_holidays("VN", years=year, language=language)
    working_weekend_days = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return dict(calendar), working_weekend_days


@lru_cache(maxsize=64)
def _unconfirmed_year(year: int) -> frozenset[datetime.date]:
    """The package's days off of a year that are neither in Labour Code Art. 112 nor an announced swap."""
    national, _working = _national_year(year, "vi")
    return frozenset(day for day, names in national.items() if not _in_the_law(names))


def _language() -> str:
    return "vi" if (translation.get_language() or "vi").startswith("vi") else "en_US"


class WorkingCalendar:
    """Answers working-day questions; loads each year's exceptions once.

    `overrides` ({date: CalendarException or None}) answers as if those exceptions were recorded (None: as if the day
    had none): a correction is checked against the deadlines it would move before it is saved.
    """

    def __init__(self, overrides: dict[datetime.date, CalendarException | None] | None = None):
        self._exceptions: dict[int, dict[datetime.date, CalendarException]] = {}
        self._overrides = dict(overrides or {})

    def _exceptions_of(self, year: int) -> dict[datetime.date, CalendarException]:
        if year not in self._exceptions:
            rows = {row.date: row for row in CalendarException.objects.filter(date__year=year)}
            for day, exception in self._overrides.items():
                if day.year == year:
                    if exception is None:
                        rows.pop(day, None)
                    else:
                        rows[day] = exception
            self._exceptions[year] = rows
        return self._exceptions[year]

    def is_working_day(self, day: datetime.date) -> bool:
        exception = self._exceptions_of(day.year).get(day)
        if exception is not None:
            return exception.kind == CalendarException.Kind.WORKING_DAY
        national, working_weekend_days = _national_year(day.year, "vi")
        if day in working_weekend_days:
            return True
        if day.weekday() >= 5:
            return False
        return day not in national or day in _unconfirmed_year(day.year)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the first working day after it (Civil Code 2015, Art. 148)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

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
        """Every day off of a year: public holidays (also on a weekend) and administrators' extra days off.

        Unconfirmed package holidays are not days off (see unconfirmed_days)."""
        national, working_weekend_days = _national_year(year, _language())
        exceptions = self._exceptions_of(year)
        days = {day: DayOff(day, name, "law") for day, name in national.items()}
        for day, exception in exceptions.items():
            days[day] = DayOff(day, exception.name, "exception")
        return sorted((entry for entry in days.values() if not self.is_working_day(entry.date)), key=lambda e: e.date)

    def unconfirmed_days(self, year: int) -> list[DayOff]:
        """The package's days off that the law does not list and no administrator has decided on yet."""
        national, _working = _national_year(year, _language())
        exceptions = self._exceptions_of(year)
        return [
            DayOff(day, national[day], "unconfirmed")
            for day in sorted(_unconfirmed_year(year))
            if day not in exceptions
        ]

    def is_unconfirmed(self, day: datetime.date) -> bool:
        return day in _unconfirmed_year(day.year) and day not in self._exceptions_of(day.year)

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
