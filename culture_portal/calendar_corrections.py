"""Corrections of the working-day calendar, and the stored deadlines they move.

An administrator records a day off or a working Saturday (CalendarException), changes or deletes one, or decides
on a day the holidays package lists but the law does not ("unconfirmed"). Deadlines already stored — an open case's
due date, a corrective action's deadline — were counted with the calendar as it was, so each correction recounts
the open ones whose period runs across the corrected day, in the same transaction as the correction:

- a deadline that has already passed is never moved (nor one that would be moved into the past): it is left as
  it was and counted in the report;
- a correction of a past year that would change such deadlines (open, or of items closed since) is refused with
  the count, and nothing is saved;
- every deadline moved gets a line in its item's history, its handler is told (one notification per handler),
  and the audit log gets one line for the correction.

The core knows no app: each app registers a planner (`register_deadline_planner`) from its AppConfig.ready(),
which finds its affected deadlines with set-based queries (bounded by the corrected days and the deadline indexes)
and returns a DeadlinePlan whose `apply` writes the moves.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.models import CalendarException
from culture_portal.text import normalise_text
from culture_portal.workdays import WorkingCalendar


@dataclass
class DeadlinePlan:
    """What a correction does to one app's deadlines. `apply(user=..., dates=...)` writes it."""

    key: str  # which app's deadlines: "feedback.case", "inspections.action"
    label: str | Promise  # what they belong to, as people read it: "feedback cases", "corrective actions"
    moved: int = 0  # open deadlines, today or later, that move
    passed: int = 0  # open deadlines that would move but have passed (or would move into the past): left as they were
    closed: int = 0  # items closed since whose deadline would have been different (counted for past years only)
    apply: Callable[..., None] = field(default=lambda **kwargs: None, repr=False)


# planner(*, calendar, dates, today, include_closed) -> DeadlinePlan
Planner = Callable[..., DeadlinePlan]
_planners: list[Planner] = []


def register_deadline_planner(planner: Planner) -> None:
    if planner not in _planners:
        _planners.append(planner)


def _dates_text(dates) -> str:
    return ", ".join(f"{day:%d/%m/%Y}" for day in sorted(dates))


def deadline_plans(*, dates, calendar: WorkingCalendar, today: datetime.date) -> list[DeadlinePlan]:
    """Every app's plan for a correction of `dates`, counted with `calendar` (the calendar once corrected).

    Raises ValidationError when the correction touches a past year and would change deadlines that have passed.
    """
    dates = frozenset(dates)
    past = sorted(day for day in dates if day.year < today.year)
    plans = [planner(calendar=calendar, dates=dates, today=today, include_closed=bool(past)) for planner in _planners]
    if past:
        changed = [(plan.label, plan.passed + plan.closed) for plan in plans if plan.passed + plan.closed]
        if changed:
            raise ValidationError(
                _(
                    "%(dates)s belongs to a past year, and correcting it would change %(count)d deadlines that have "
                    "already passed (%(detail)s). A deadline that has passed is never moved: nothing was changed."
                )
                % {
                    "dates": _dates_text(past),
                    "count": sum(count for _label, count in changed),
                    "detail": "; ".join(f"{label}: {count}" for label, count in changed),
                },
                code="past_deadlines",
            )
    return plans


def calendar_correction_check(
    *, changes: dict[datetime.date, CalendarException | None], today: datetime.date | None = None
) -> list[DeadlinePlan]:
    """Before anything is saved: the plans of a correction ({date: the exception it will have, or None}).

    Raises ValidationError when the correction would be refused; the back-office form shows it as its error.
    """
    today = today or timezone.localdate()
    return deadline_plans(dates=set(changes), calendar=WorkingCalendar(overrides=changes), today=today)


def plans_summary(plans: list[DeadlinePlan]) -> str:
    """ "Deadlines recounted: feedback cases: 3 moved, 1 already passed left as it was; …" for the message and the
    audit line."""
    parts = [
        _("%(what)s: %(moved)d moved, %(passed)d already passed left as they were")
        % {"what": plan.label, "moved": plan.moved, "passed": plan.passed}
        for plan in plans
    ]
    return _("Deadlines recounted: %(parts)s.") % {"parts": "; ".join(parts) or "-"}


def _recount(*, dates, user, request, today: datetime.date | None) -> list[DeadlinePlan]:
    """After the correction is saved (same transaction): plan with the calendar as it now is, then apply."""
    today = today or timezone.localdate()
    plans = deadline_plans(dates=dates, calendar=WorkingCalendar(), today=today)
    for plan in plans:
        if plan.moved:
            plan.apply(user=user, dates=frozenset(dates))
    audit_record(
        action="setup.calendar_deadlines",
        user=user,
        request=request,
        object_type="calendar",
        object_ref=_dates_text(dates),
        detail=plans_summary(plans),
    )
    return plans


@transaction.atomic
def calendar_exception_save(
    *,
    exception: CalendarException,
    user,
    request=None,
    previous_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[DeadlinePlan]:
    """Record (or change) a calendar exception and recount the deadlines across its day (and its former day)."""
    exception.name = normalise_text(exception.name)
    exception.legal_basis = normalise_text(exception.legal_basis)
    exception.save()
    dates = {exception.date} | ({previous_date} if previous_date else set())
    return _recount(dates=dates, user=user, request=request, today=today)


@transaction.atomic
def calendar_exception_delete(
    *, exception: CalendarException, user, request=None, today: datetime.date | None = None
) -> list[DeadlinePlan]:
    """Delete a calendar exception (the day follows the law again) and recount the deadlines across it."""
    day = exception.date
    exception.delete()
    return _recount(dates={day}, user=user, request=request, today=today)


@transaction.atomic
def calendar_day_decide(
    *, day: datetime.date, day_off: bool, legal_basis: str, user, request=None, today: datetime.date | None = None
) -> tuple[CalendarException, list[DeadlinePlan]]:
    """An administrator decides on an unconfirmed day (a package holiday the law does not list): a day off, with the
    document that makes it one, or a working day. Either way it becomes an exception, which always wins."""
    with translation.override("vi"):  # the record is kept in the portal's language, whoever decides
        waiting = {entry.date: entry.name for entry in WorkingCalendar().unconfirmed_days(day.year)}
        if day in waiting:
            name = waiting[day] if day_off else _("Working day (%(name)s is not a day off)") % {"name": waiting[day]}
    if day not in waiting:
        raise ValidationError(_("%(date)s is not waiting for a decision.") % {"date": f"{day:%d/%m/%Y}"})
    legal_basis = normalise_text(legal_basis)
    if day_off and not legal_basis:
        raise ValidationError(_("Name the document that makes this day a day off."))
    exception = CalendarException(
        date=day,
        kind=CalendarException.Kind.DAY_OFF if day_off else CalendarException.Kind.WORKING_DAY,
        name=name[:150],
        legal_basis=legal_basis[:255],
    )
    plans = calendar_exception_save(exception=exception, user=user, request=request, today=today)
    audit_record(
        action="setup.calendar_day_confirmed" if day_off else "setup.calendar_day_removed",
        user=user,
        request=request,
        object_type="calendar",
        object_ref=f"{day:%d/%m/%Y}",
        detail=f"{exception.name}; {legal_basis}",
    )
    return exception, plans
