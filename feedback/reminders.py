"""Deadline reminders and escalations of feedback cases (run daily by beat through feedback.tasks)."""

import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from culture_portal.notifications import notify
from culture_portal.roles import Role, users_with_role
from culture_portal.workdays import WorkingCalendar
from feedback import services
from feedback.models import Case
from feedback.notification_subjects import CASE

REMIND_WORKING_DAYS_BEFORE = 2


def case_reminders_send(today: datetime.date | None = None) -> dict[str, int]:
    """Remind the handlers of cases due within 2 working days; escalate overdue cases to leadership, once each.

    Each case is reminded once and escalated once per deadline (an extension gives a new deadline, so a new
    reminder); the dates are stored on the case, so running twice a day sends nothing twice. Each case is claimed
    (its date written) before it is told, in one transaction: two runs at once (two beats, a redelivered task on
    another worker) tell it once, and a failure to tell leaves it for the next run.
    """
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    sent = {"reminders": 0, "escalations": 0}
    open_cases = Case.objects.filter(status__in=Case.OPEN_STATUSES, due_on__isnull=False).select_related(
        "assignee", "unit"
    )
    horizon = calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    officers = leaders = None
    with override(services.LANGUAGE):
        for case in open_cases.filter(due_on__gte=today, due_on__lte=horizon).exclude(reminded_for=F("due_on")):
            with transaction.atomic():
                if not _claim(case, reminded_for=case.due_on):
                    continue
                if officers is None:
                    officers = list(users_with_role(Role.FEEDBACK_OFFICER))
                _remind(case, officers)
                sent["reminders"] += 1
        for case in open_cases.filter(due_on__lt=today).exclude(escalated_for=F("due_on")):
            with transaction.atomic():
                if not _claim(case, escalated_for=case.due_on):
                    continue
                if leaders is None:
                    leaders = list(users_with_role(Role.LEADERSHIP))
                _escalate(case, leaders)
                sent["escalations"] += 1
    return sent


def _claim(case: Case, **done) -> bool:
    """Write that the case was told, unless another run did: the row's lock makes a concurrent run wait, then
    find it done."""
    ((field, due_on),) = done.items()
    return bool(Case.objects.filter(pk=case.pk).exclude(**{field: due_on}).update(**done))


def _remind(case: Case, officers: list) -> None:
    text = _("Feedback case %(code)s is due on %(date)s.") % {
        "code": case.tracking_code,
        "date": date_format(case.due_on, "d/m/Y"),
    }
    # A case left with an officer who has since left is everyone's to pick up.
    handler_present = case.assignee is not None and case.assignee.is_active
    notify(
        recipients=[case.assignee] if handler_present else officers, text=text, url=_case_url(case),
        subject_type=CASE, subject_key=case.public_id,
    )  # fmt: skip


def _escalate(case: Case, leaders: list) -> None:
    text = _("Feedback case %(code)s is overdue since %(date)s (%(unit)s).") % {
        "code": case.tracking_code,
        "date": date_format(case.due_on, "d/m/Y"),
        "unit": case.unit.name if case.unit else "-",
    }
    notify(
        recipients=[*leaders, case.assignee], text=text, url=_case_url(case),
        subject_type=CASE, subject_key=case.public_id,
    )  # fmt: skip


def _case_url(case: Case) -> str:
    return reverse("feedback:case", args=[case.public_id])
