"""When the working-day calendar is corrected, the corrective actions not yet accepted whose deadline (N working days
after the conclusion's approval) runs across a corrected day are counted again (culture_portal.calendar_corrections
calls `actions_plan`, registered from the AppConfig).

One query on the action status/deadline index finds the candidates; the moves are written per batch of actions
sharing their old and new dates, on the action and its requirement; each move is a line in the inspection's history,
and the heads of each unit concerned get one notification however many of its actions moved. A notice already
issued keeps the date it printed; the action's page shows the recounted deadline and the history says why.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from culture_portal.access import unit_heads_of
from culture_portal.calendar_corrections import DeadlinePlan
from culture_portal.models import Unit
from culture_portal.notifications import notify
from culture_portal.workdays import WorkingCalendar
from inspections.models import CorrectiveAction, InspectionEvent, Requirement
from inspections.notification_subjects import ACTION

LANGUAGE = "vi"
BATCH = 1000
NOT_ACCEPTED = (CorrectiveAction.Status.OPEN, CorrectiveAction.Status.REOPENED, CorrectiveAction.Status.REPORTED)
# A requirement's deadline is at most 365 working days after approval: about 520 calendar days.
LONGEST_PERIOD = datetime.timedelta(days=550)

FIELDS = (
    "pk", "deadline", "requirement__working_days", "requirement__counted_from", "requirement__conclusion__approved_at",
    "requirement_id", "inspection_id", "unit_id", "public_id",
)  # fmt: skip


def _counted_from(counted_from, approved_at) -> datetime.date | None:
    # Requirements approved before counted_from was kept: the day of approval, in Vietnam time.
    return counted_from or (timezone.localdate(approved_at) if approved_at else None)


def _rows(queryset, calendar: WorkingCalendar):
    """(row, new deadline) for each row whose deadline counts differently now."""
    memo: dict[tuple, datetime.date] = {}
    for row in queryset.values_list(*FIELDS).iterator(chunk_size=BATCH):
        _pk, deadline, days, counted_from, approved_at = row[:5]
        start = _counted_from(counted_from, approved_at)
        if start is None:
            continue
        if (start, days) not in memo:
            memo[(start, days)] = calendar.add_working_days(start, days)
        if memo[(start, days)] != deadline:
            yield row, memo[(start, days)]


def actions_plan(*, calendar: WorkingCalendar, dates, today: datetime.date, include_closed: bool) -> DeadlinePlan:
    first, last = min(dates), max(dates)
    started_before = Q(requirement__counted_from__lt=last) | Q(requirement__counted_from__isnull=True)
    candidates = CorrectiveAction.objects.filter(status__in=NOT_ACCEPTED, deadline__gte=first).filter(started_before)
    moves, passed = [], 0
    for row, new in _rows(candidates, calendar):
        if row[1] < today or new < today:
            passed += 1
        else:
            moves.append((row, new))
    closed = 0
    if include_closed:
        accepted = CorrectiveAction.objects.filter(
            status=CorrectiveAction.Status.ACCEPTED, deadline__gte=first, deadline__lte=last + LONGEST_PERIOD
        ).filter(started_before)
        closed = sum(1 for _row in _rows(accepted, calendar))

    def apply(*, user, dates):
        _apply(moves, user=user, dates=dates)

    return DeadlinePlan("inspections.action", gettext_lazy("corrective actions"), len(moves), passed, closed, apply)


def _apply(moves: list, *, user, dates) -> None:
    by_dates = defaultdict(list)
    for row, new in moves:
        by_dates[(row[1], new)].append(row)
    for (before, after), rows in by_dates.items():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            # A new deadline is reminded again (reminded_at cleared); one already changed meanwhile is left alone.
            CorrectiveAction.objects.filter(pk__in=[row[0] for row in chunk], deadline=before).update(
                deadline=after, reminded_at=None
            )
            Requirement.objects.filter(pk__in=[row[5] for row in chunk]).update(deadline=after)
    days = ", ".join(f"{day:%d/%m/%Y}" for day in sorted(dates))
    InspectionEvent.objects.bulk_create(
        [
            InspectionEvent(
                inspection_id=row[6],
                by=user,
                action="deadline_moved",
                detail={
                    "action": str(row[8]),
                    "before": row[1].isoformat(),
                    "after": new.isoformat(),
                    "reason": f"{row[1]:%d/%m/%Y} → {new:%d/%m/%Y} ({days})",
                },
            )
            for row, new in moves
        ],
        batch_size=BATCH,
    )
    _tell_unit_heads(moves)


def _tell_unit_heads(moves: list) -> None:
    per_unit = defaultdict(list)
    for row, new in moves:
        per_unit[row[7]].append((row[1], new, row[8]))
    units = Unit.objects.in_bulk(list(per_unit))
    with override(LANGUAGE):
        for unit_id, actions in per_unit.items():
            unit = units[unit_id]
            before, after, public_id = min(actions, key=lambda action: action[1])
            values = {"unit": unit.name, "before": date_format(before, "d/m/Y"), "after": date_format(after, "d/m/Y")}
            if len(actions) == 1:
                text = (
                    _(
                        "The deadline of a corrective action of %(unit)s moved from %(before)s to %(after)s: the "
                        "working-day calendar was corrected."
                    )
                    % values
                )
                url = reverse("inspections:action", args=[public_id])
            else:
                text = ngettext(
                    "The deadlines of %(count)d corrective actions of %(unit)s moved after a correction of the "
                    "working-day calendar; the earliest: %(before)s → %(after)s.",
                    "The deadlines of %(count)d corrective actions of %(unit)s moved after a correction of the "
                    "working-day calendar; the earliest: %(before)s → %(after)s.",
                    len(actions),
                ) % {"count": len(actions), **values}
                url = reverse("inspections:actions") + "?units=mine"
            notify(recipients=unit_heads_of([unit]), text=text, url=url, subject_type=ACTION, subject_key=public_id)
