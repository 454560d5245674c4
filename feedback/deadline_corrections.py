"""When the working-day calendar is corrected, the open cases whose deadline runs across a corrected day are counted
again (culture_portal.calendar_corrections calls `cases_plan`, registered from the AppConfig).

Bounded and set-based: the candidates are read in one query on the urgency index (open cases whose deadline is on or
after the first corrected day, whose step started before the last one), each distinct period is counted once, the
moves are written one UPDATE per batch of cases sharing their old and new dates, the history lines in bulk, and each
handler gets one notification however many of their cases moved.
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from culture_portal.calendar_corrections import DeadlinePlan
from culture_portal.notifications import notify
from culture_portal.workdays import WorkingCalendar
from feedback import deadlines
from feedback.models import Case, CaseEvent
from feedback.notification_subjects import CASE

LANGUAGE = "vi"  # what citizens and officers read, as feedback.services writes it
BATCH = 1000
# No period the law sets for a case, extensions included, is longer than a year.
LONGEST_PERIOD = datetime.timedelta(days=366)

OPEN_FIELDS = ("pk", "status", "track", "complexity", "extensions", "deadline_condition", "accepted_on",
               "received_at", "due_on", "assignee_id", "public_id", "tracking_code")  # fmt: skip


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class _Counter:
    """Counts each distinct period once: a province's open cases share a few hundred (start, rule) combinations."""

    def __init__(self, calendar: WorkingCalendar):
        self.calendar = calendar
        self.rules = deadlines.RuleBook()
        self._memo: dict[tuple, datetime.date | None] = {}

    def due(self, *, status, track, complexity, extensions, condition, accepted_on, received_at):
        start = timezone.localdate(received_at) if status == Case.Status.RECEIVED else accepted_on
        key = (status == Case.Status.RECEIVED, track, complexity, extensions, condition, start)
        if key not in self._memo:
            step = deadlines.step_for(status, track, complexity, accepted_on, condition, self.rules)
            self._memo[key] = deadlines.due_date(
                track=track, step=step, start=start, condition=condition, extensions=extensions,
                rules=self.rules, calendar=self.calendar,
            )  # fmt: skip
        return self._memo[key]


def cases_plan(*, calendar: WorkingCalendar, dates, today: datetime.date, include_closed: bool) -> DeadlinePlan:
    first, last = min(dates), max(dates)
    counter = _Counter(calendar)
    started_before = Q(status=Case.Status.RECEIVED, received_at__lt=_day_start(last)) | (
        ~Q(status=Case.Status.RECEIVED) & Q(accepted_on__lt=last)
    )
    candidates = Case.objects.filter(status__in=Case.OPEN_STATUSES, due_on__gte=first).filter(started_before)
    moves, passed = [], 0
    for row in candidates.values_list(*OPEN_FIELDS).iterator(chunk_size=BATCH):
        pk, status, track, complexity, extensions, condition, accepted_on, received_at, due_on = row[:9]
        new = counter.due(status=status, track=track, complexity=complexity, extensions=extensions,
                          condition=condition, accepted_on=accepted_on, received_at=received_at)  # fmt: skip
        if new is None or new == due_on:
            continue
        if due_on < today or new < today:
            passed += 1
        else:
            moves.append((pk, due_on, new, *row[9:]))
    closed = _closed_changed(counter, first, last) if include_closed else 0

    def apply(*, user, dates):
        _apply(moves, user=user, dates=dates)

    return DeadlinePlan("feedback.case", gettext_lazy("feedback cases"), len(moves), passed, closed, apply)


def _closed_changed(counter: _Counter, first: datetime.date, last: datetime.date) -> int:
    """Answered cases whose decision deadline ran across a corrected day and would have been another date."""
    rows = Case.objects.filter(
        status=Case.Status.ANSWERED,
        received_at__gte=_day_start(first - LONGEST_PERIOD),  # the dashboard's received-at index bounds the scan
        received_at__lt=_day_start(last),
        accepted_on__lt=last,
        answered_due_on__gte=first,
    ).values_list("track", "complexity", "extensions", "deadline_condition", "accepted_on", "answered_due_on")
    changed = 0
    for track, complexity, extensions, condition, accepted_on, answered_due_on in rows.iterator(chunk_size=BATCH):
        due = counter.due(status=Case.Status.ACCEPTED, track=track, complexity=complexity, extensions=extensions,
                          condition=condition, accepted_on=accepted_on, received_at=None)  # fmt: skip
        changed += due is not None and due != answered_due_on
    return changed


def _apply(moves: list, *, user, dates) -> None:
    by_dates = defaultdict(list)
    for pk, before, after, *_rest in moves:
        by_dates[(before, after)].append(pk)
    for (before, after), pks in by_dates.items():
        for start in range(0, len(pks), BATCH):
            # Only a deadline still as counted: a case another officer changed meanwhile keeps its new value.
            Case.objects.filter(pk__in=pks[start : start + BATCH], due_on=before).update(due_on=after)
    days = ", ".join(f"{day:%d/%m/%Y}" for day in sorted(dates))
    with override(LANGUAGE):
        events = [
            CaseEvent(
                case_id=pk,
                actor=user,
                action="deadline_recounted",
                public_text=_(
                    "Deadline moved from %(before)s to %(after)s: the working-day calendar was corrected (%(days)s)."
                )
                % {"before": date_format(before, "d/m/Y"), "after": date_format(after, "d/m/Y"), "days": days},
            )
            for pk, before, after, *_rest in moves
        ]
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        _tell_handlers(moves)


def _tell_handlers(moves: list) -> None:
    """One notification per handler: the case itself when one moved, their list of cases when several did."""
    per_handler = defaultdict(list)
    for _pk, before, after, assignee_id, public_id, code in moves:
        if assignee_id is not None:
            per_handler[assignee_id].append((before, after, public_id, code))
    User = get_user_model()
    for assignee_id, cases in per_handler.items():
        before, after, public_id, code = min(cases, key=lambda case: case[1])
        values = {"code": code, "before": date_format(before, "d/m/Y"), "after": date_format(after, "d/m/Y")}
        if len(cases) == 1:
            text = (
                _(
                    "The deadline of feedback case %(code)s moved from %(before)s to %(after)s: the working-day "
                    "calendar was corrected."
                )
                % values
            )
            url = reverse("feedback:case", args=[public_id])
        else:
            text = ngettext(
                "The deadlines of %(count)d of your feedback cases moved after a correction of the working-day "
                "calendar; the earliest: %(code)s, %(before)s → %(after)s.",
                "The deadlines of %(count)d of your feedback cases moved after a correction of the working-day "
                "calendar; the earliest: %(code)s, %(before)s → %(after)s.",
                len(cases),
            ) % {"count": len(cases), **values}
            url = reverse("feedback:cases") + "?mine=1"
        notify(recipients=[User(pk=assignee_id)], text=text, url=url, subject_type=CASE, subject_key=public_id)
