"""The period a dashboard or report covers: a month, a quarter, a year or a custom span of dates.

Dates are local (Asia/Ho_Chi_Minh): a period's first and last days are calendar days in Vietnam, and `bounds()` turns
them into the aware datetimes that stored (UTC) times are compared with.
"""

import calendar
import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from culture_portal.forms import DatesInRange

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_YEARS = 10  # the limit: a longer span is refused with a message
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]  # the browser's date picker sends ISO; typed dates are dd/mm/yyyy
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first day
    end: datetime.date  # last day, inclusive
    kind: str  # "month" | "quarter" | "year" | "custom"

    @classmethod
    def month_of(cls, year: int, month: int) -> "Period":
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last), "month")

    @classmethod
    def quarter_of(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        end = datetime.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        return cls(datetime.date(year, first, 1), end, "quarter")

    @classmethod
    def year_of(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @property
    def label(self) -> str:
        if self.kind == "month":
            return gettext("Month %(month)02d/%(year)s") % {"month": self.start.month, "year": self.start.year}
        if self.kind == "quarter":
            quarter = ROMAN_QUARTERS[(self.start.month - 1) // 3 + 1]
            return gettext("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": self.start.year}
        if self.kind == "year":
            return gettext("Year %(year)s") % {"year": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def months(self) -> list[datetime.date]:
        """The first day of each month the period touches, in order (the trends' x axis)."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) as aware datetimes: local midnight of the first day, local midnight after the last."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return start, end

    def query(self) -> dict[str, str]:
        """The GET parameters that give this period back through PeriodForm (for links)."""
        if self.kind == "month":
            return {"kind": "month", "year": str(self.start.year), "month": str(self.start.month)}
        if self.kind == "quarter":
            return {"kind": "quarter", "year": str(self.start.year), "quarter": str((self.start.month - 1) // 3 + 1)}
        if self.kind == "year":
            return {"kind": "year", "year": str(self.start.year)}
        return {"kind": "custom", "start": self.start.isoformat(), "end": self.end.isoformat()}


class PeriodForm(DatesInRange, forms.Form):
    """The period from GET parameters; with none given, the current year (local time)."""

    KINDS = [("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year")), ("custom", _("From … to …"))]

    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"), choices=[(m, f"{m:02d}") for m in range(1, 13)], coerce=int, required=False
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, ROMAN_QUARTERS[q]) for q in range(1, 5)], coerce=int, required=False
    )
    start = forms.DateField(label=_("From"), required=False, input_formats=DATE_INPUTS, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, input_formats=DATE_INPUTS, widget=DATE_WIDGET)

    def __init__(self, data=None, *args, **kwargs):
        self._today = timezone.localdate()
        if data is None or not any(data.get(name) for name in ("kind", "year", "month", "quarter", "start", "end")):
            data = {"kind": "year", "year": str(self._today.year)}  # nothing asked: the current year
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or "year"
        cleaned["kind"] = kind
        year = cleaned.get("year") or self._today.year
        if kind == "month":
            cleaned["period"] = Period.month_of(year, cleaned.get("month") or self._today.month)
        elif kind == "quarter":
            cleaned["period"] = Period.quarter_of(year, cleaned.get("quarter") or (self._today.month - 1) // 3 + 1)
        elif kind == "year":
            cleaned["period"] = Period.year_of(year)
        else:
            start, end = cleaned.get("start"), cleaned.get("end")
            if self.errors:
                return cleaned
            if not start or not end:
                raise forms.ValidationError(gettext("Enter the first and the last day of the period."))
            if end < start:
                raise forms.ValidationError(gettext("The period ends before it starts."), code="end_before_start")
            if end >= _years_after(start, MAX_YEARS):
                raise forms.ValidationError(
                    gettext("A period can span at most %(years)s years.") % {"years": MAX_YEARS}, code="too_long"
                )
            cleaned["period"] = Period(start, end, "custom")
        return cleaned

    def period(self) -> Period:
        """The period asked for; call after is_valid()."""
        return self.cleaned_data["period"]
