"""Legal deadlines of a case, from the rule table (culture_portal.DeadlineRule) and the working-day calendar.

Which step a case is at decides which rule applies: a case waiting for triage
must be accepted (or forwarded) in time, an accepted case must be decided in
time. The rule in force on the day the step started is the one that counts;
a case's condition (remote area, second-level complaint, verification in
several places) picks the rule for that condition where the table has one.

A period in working days ends on a working day by construction. A period in
calendar days ends on its legal last day; when that day is a day off the
deadline is the next working day (Civil Code 2015, Art. 148). An extension is
counted from the unmoved legal end, never from the day it was moved to: a
denunciation accepted on 15/01/2026 ends on Saturday 14/02 (in the Tết break)
and is due Monday 23/02; extended once it ends on 16/03, twice on 15/04 —
60 and 90 days after acceptance, the law's maxima.
"""

import datetime

from django.utils import timezone

from culture_portal.models import DeadlineRule
from culture_portal.workdays import WorkingCalendar

Step = DeadlineRule.Step
ONE_DAY = datetime.timedelta(days=1)

# How many extensions of the decision deadline the law allows, by complexity (Law on Denunciation 2018, Art. 30:
# once for complex cases, twice for especially complex ones). The length of each comes from the rule table.
EXTENSIONS_ALLOWED = {"normal": 0, "complex": 1, "especially_complex": 2}


def rule_for(track: str, step: str, on: datetime.date, condition: str = "") -> DeadlineRule | None:
    """The rule in force on `on` for this step, for the condition when the table has one, else the standard one."""
    rules = DeadlineRule.objects.in_force(on).filter(track=track, step=step, condition__in={condition, ""})
    return _preferred(list(rules), condition)


def _preferred(rules: list[DeadlineRule], condition: str) -> DeadlineRule | None:
    for rule in rules:
        if rule.condition == condition:
            return rule
    return next((rule for rule in rules if rule.condition == ""), None)


class RuleBook:
    """Every rule, read once: recomputing thousands of deadlines after a calendar correction asks the database once
    instead of once per case. Answers as rule_for does."""

    def __init__(self):
        self._rules = list(DeadlineRule.objects.all())

    def rule_for(self, track: str, step: str, on: datetime.date, condition: str = "") -> DeadlineRule | None:
        rules = [
            rule
            for rule in self._rules
            if rule.track == track
            and rule.step == step
            and rule.condition in (condition, "")
            and rule.valid_from <= on
            and (rule.valid_until is None or rule.valid_until >= on)
        ]
        return _preferred(rules, condition)


class _Database:
    rule_for = staticmethod(rule_for)


def legal_end(rule: DeadlineRule, start: datetime.date, calendar: WorkingCalendar) -> datetime.date:
    """The last day of a period of `rule.days` counted from `start` (start itself not counted), before any move off
    a day off: in working days it is a working day; in calendar days it may fall on a weekend or a holiday."""
    if rule.counting == DeadlineRule.Counting.WORKING_DAYS:
        return calendar.add_working_days(start, rule.days)
    return start + datetime.timedelta(days=rule.days)


def apply_rule(rule: DeadlineRule, start: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The deadline of a period of `rule.days` counted from `start`: its legal end, moved to the next working day when
    that is a day off."""
    calendar = calendar or WorkingCalendar()
    return calendar.next_working_day(legal_end(rule, start, calendar))


def current_step(case, rules=None) -> str:
    """The step whose deadline runs now; "" when the case is closed."""
    if not case.is_open:
        return ""
    return step_for(case.status, case.track, case.complexity, case.accepted_on, case.deadline_condition, rules)


def step_for(status, track, complexity, accepted_on, condition, rules=None) -> str:
    """The step of a case in this state: current_step for a case read as values rather than as a model."""
    if status == "received":
        return Step.ACCEPT
    rules = rules or _Database
    if complexity != "normal" and rules.rule_for(track, Step.DECIDE_COMPLEX, accepted_on, condition):
        return Step.DECIDE_COMPLEX
    return Step.DECIDE


def step_start(case) -> datetime.date:
    if case.status == case.Status.RECEIVED:
        return timezone.localdate(case.received_at)
    return case.accepted_on


def due_date(
    *,
    track: str,
    step: str,
    start: datetime.date,
    condition: str = "",
    extensions: int = 0,
    rules=None,
    calendar: WorkingCalendar | None = None,
) -> datetime.date | None:
    """The deadline of a step started on `start`, with `extensions` extensions on top (decision steps only)."""
    rules = rules or _Database
    rule = rules.rule_for(track, step, start, condition)
    if rule is None and step == Step.ACCEPT:
        # A track without an "accept" rule must at least be forwarded or taken up in the forwarding time.
        rule = rules.rule_for(track, Step.FORWARD, start, condition)
    if rule is None:
        return None
    calendar = calendar or WorkingCalendar()
    end = legal_end(rule, start, calendar)
    if step != Step.ACCEPT and extensions:
        extension = rules.rule_for(track, Step.EXTEND, start, condition)
        if extension is not None:
            for _ in range(extensions):
                end = legal_end(extension, end, calendar)
    return calendar.next_working_day(end)


# The fields deadline_refresh sets: every save after it names them (save(update_fields=[..., *FIELDS])).
FIELDS = ("due_step", "due_on")


def deadline_refresh(case, *, rules=None, calendar: WorkingCalendar | None = None) -> None:
    """Set `due_step` and `due_on` (FIELDS) from the case's status, track, condition and complexity, extensions on
    top."""
    step = current_step(case, rules)
    case.due_step = step
    if not step:
        case.due_on = None
        return
    case.due_on = due_date(
        track=case.track,
        step=step,
        start=step_start(case),
        condition=case.deadline_condition,
        extensions=case.extensions,
        rules=rules,
        calendar=calendar,
    )


def extension_rule(case) -> DeadlineRule | None:
    if not case.accepted_on:
        return None
    return rule_for(case.track, Step.EXTEND, case.accepted_on, case.deadline_condition)
