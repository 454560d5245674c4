"""Legal deadlines of a case, from the rule table (culture_portal.DeadlineRule) and the working-day calendar.

Which step a case is at decides which rule applies: a case waiting for triage
must be accepted (or forwarded) in time, an accepted case must be decided in
time. The rule in force on the day the step started is the one that counts.
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


def rule_for(track: str, step: str, on: datetime.date) -> DeadlineRule | None:
    return DeadlineRule.objects.in_force(on).filter(track=track, step=step).first()


def apply_rule(rule: DeadlineRule, start: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The last day of a period of `rule.days` counted from `start` (start itself not counted).

    A period in calendar days that ends on a day off ends on the next working
    day instead (Civil Code 2015, Art. 148).
    """
    calendar = calendar or WorkingCalendar()
    if rule.counting == DeadlineRule.Counting.WORKING_DAYS:
        return calendar.add_working_days(start, rule.days)
    end = start + datetime.timedelta(days=rule.days)
    while not calendar.is_working_day(end):
        end += ONE_DAY
    return end


def current_step(case) -> str:
    """The step whose deadline runs now; "" when the case is closed."""
    if not case.is_open:
        return ""
    if case.status == case.Status.RECEIVED:
        return Step.ACCEPT
    if case.complexity != "normal" and rule_for(case.track, Step.DECIDE_COMPLEX, case.accepted_on):
        return Step.DECIDE_COMPLEX
    return Step.DECIDE


def step_start(case) -> datetime.date:
    if case.status == case.Status.RECEIVED:
        return timezone.localdate(case.received_at)
    return case.accepted_on


# The fields deadline_refresh sets: every save after it names them (save(update_fields=[..., *FIELDS])).
FIELDS = ("due_step", "due_on")


def deadline_refresh(case) -> None:
    """Set `due_step` and `due_on` (FIELDS) from the case's status, track and complexity (extensions come on top)."""
    step = current_step(case)
    case.due_step = step
    if not step:
        case.due_on = None
        return
    start = step_start(case)
    rule = rule_for(case.track, step, start)
    if rule is None and step == Step.ACCEPT:
        # A track without an "accept" rule must at least be forwarded or taken up in the forwarding time.
        rule = rule_for(case.track, Step.FORWARD, start)
    case.due_on = apply_rule(rule, start) if rule else None
    calendar = None
    if step != Step.ACCEPT and case.extensions:
        extension = rule_for(case.track, Step.EXTEND, start)
        if extension and case.due_on:
            calendar = calendar or WorkingCalendar()
            for _ in range(case.extensions):
                case.due_on = apply_rule(extension, case.due_on, calendar)


def extension_rule(case) -> DeadlineRule | None:
    return rule_for(case.track, Step.EXTEND, case.accepted_on) if case.accepted_on else None
