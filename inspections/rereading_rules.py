"""Repeated breaches bring the clause back (issue 18 §3): applied when leadership approves a conclusion.

For each rule in force and each norm this inspection found breached by an official (or in a unit), the approved
breaches of that norm by that official (in that unit) within the rule's months are counted, leaving out those a
previous firing already spent. At N the provisions that state the norm are assigned to be re-read and confirmed
(regulations.services.rereadings_assign) and the unit's heads are told. The firing is recorded with the latest
breach it counted, so the same breaches never fire twice; the next firing needs N new ones.
"""

import calendar
import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from culture_portal.access import unit_heads_of
from culture_portal.models import Official, Unit
from culture_portal.notifications import notify
from culture_portal.workdays import WorkingCalendar
from inspections.models import Finding, Inspection, RepeatedBreachRule, RereadingTrigger
from regulations.notification_subjects import REREADINGS
from regulations.services import rereadings_assign


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def rules_apply(*, inspection: Inspection) -> list[RereadingTrigger]:
    """Called inside the approval's transaction, once the inspection's findings count as approved."""
    breaches = Finding.objects.filter(inspection=inspection, is_commendation=False)
    fired = []
    # Locking the rules in force makes two approvals at the same moment count one after the other.
    for rule in RepeatedBreachRule.objects.select_for_update().filter(is_active=True).order_by("pk"):
        field = "official_id" if rule.subject == RepeatedBreachRule.Subject.OFFICIAL else "unit_id"
        pairs = breaches.exclude(**{field: None}).values_list("norm_id", field).distinct().order_by("norm_id", field)
        for norm_id, subject_id in pairs:
            trigger = _fire(rule, norm_id, field, subject_id)
            if trigger is not None:
                fired.append(trigger)
    return fired


def _fire(rule: RepeatedBreachRule, norm_id: int, field: str, subject_id: int) -> RereadingTrigger | None:
    now = timezone.now()
    counted = Finding.objects.filter(
        is_commendation=False,
        inspection__status__in=Inspection.FROZEN_STATUSES,
        norm_id=norm_id,
        created_at__gt=months_before(now, rule.months),
        **{field: subject_id},
    )
    spent = RereadingTrigger.objects.filter(rule=rule, norm_id=norm_id, **{field: subject_id}).order_by("-through")
    last = spent.values_list("through", flat=True).first()
    if last is not None:
        counted = counted.filter(created_at__gt=last)
    moments = list(counted.order_by("created_at").values_list("created_at", flat=True)[: rule.breaches])
    if len(moments) < rule.breaches:
        return None
    trigger = RereadingTrigger.objects.create(
        rule=rule, norm_id=norm_id, through=moments[-1], breach_count=len(moments), **{field: subject_id}
    )
    _assign(rule, trigger)
    return trigger


def _assign(rule: RepeatedBreachRule, trigger: RereadingTrigger) -> None:
    if trigger.official_id is not None:
        officials = list(Official.objects.active().filter(pk=trigger.official_id).select_related("unit"))
        unit = officials[0].unit if officials else Official.objects.get(pk=trigger.official_id).unit
    else:
        unit = Unit.objects.get(pk=trigger.unit_id)
        officials = list(Official.objects.active().filter(unit=unit))
    norm = trigger.norm
    due_on = WorkingCalendar().add_working_days(timezone.localdate(), rule.working_days)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Norm %(code)s (%(title)s) was breached %(count)s times within %(months)s months.") % {
            "code": norm.code, "title": norm.title, "count": trigger.breach_count, "months": rule.months,
        }  # fmt: skip
        assigned = rereadings_assign(officials=officials, norm=norm, due_on=due_on, reason=reason)
        if not assigned:
            return  # no active official, or a norm that cites no provision: nothing to read, nobody to tell
        who = officials[0].full_name if trigger.official_id is not None else unit.name
        notify(
            recipients=unit_heads_of([unit]),
            text=_("%(who)s: the provision stating norm %(code)s is to be re-read and confirmed by %(due)s.")
            % {"who": who, "code": norm.code, "due": due_on.strftime("%d/%m/%Y")},
            url=reverse("regulations:rereadings") + "?open=1",
            subject_type=REREADINGS,
            subject_key=unit.pk,
        )
