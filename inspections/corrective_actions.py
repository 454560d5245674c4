"""Corrective actions: reported by the unit, reviewed by the inspectors, reminded and escalated by a daily task."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from culture_portal import access
from culture_portal.notifications import notify
from culture_portal.roles import Role, has_role, users_with_role
from culture_portal.storage import files_saved_together
from culture_portal.workdays import WorkingCalendar
from inspections import access as inspection_access
from inspections.evidence import clean_evidence
from inspections.models import ActionEvidence, Conclusion, CorrectiveAction, Inspection
from inspections.notification_subjects import ACTION

REMIND_WORKING_DAYS_BEFORE = 3


def actions_create(*, conclusion: Conclusion) -> None:
    """At approval: each requirement becomes an action owned by its unit, with the deadline just computed."""
    CorrectiveAction.objects.bulk_create(
        [
            CorrectiveAction(requirement=r, inspection=conclusion.inspection, unit=r.unit, deadline=r.deadline)
            for r in conclusion.requirements.all()
        ]
    )


# The list's order, earliest deadline first (the overdue ones, then the next due); its keyset pages read
# action_list_idx.
ACTION_LIST_KEYS = ("deadline", "id")


def actions_visible_to(user):
    """Team membership as a subquery on the members table rather than a join: each action comes once, with no
    DISTINCT (which made every count sort all the rows it matched before its LIMIT)."""
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return CorrectiveAction.objects.all()
    visible = Q(pk__in=[])
    if has_role(user, Role.INSPECTOR):
        visible |= _of_team(user)
    unit = access.headed_unit(user)
    if unit is not None:
        visible |= Q(unit__path__startswith=unit.path)  # one unit per action: the join repeats no row
    return CorrectiveAction.objects.filter(visible)


def action_reportable_by(user, action: CorrectiveAction) -> bool:
    """Whether the action's page offers the report form: to the head of its unit (or of a unit above), while open."""
    return action.status in CorrectiveAction.OPEN_STATUSES and inspection_access.can_report_action(user, action)


def action_reviewable_by(user, action: CorrectiveAction) -> bool:
    """Whether the page offers accepting or reopening: once reported, to leadership and the inspection's team."""
    return action.status == CorrectiveAction.Status.REPORTED and inspection_access.can_review_action(user, action)


def _sees_every_team_action(user) -> bool:
    """Whether actions_visible_to(user) holds every action of the user's team (as it does for inspectors)."""
    return user.is_superuser or has_role(user, Role.LEADERSHIP) or has_role(user, Role.INSPECTOR)


def _of_team(user) -> Q:
    """Actions of the inspections the user leads or is a member of: two subqueries, no join to the inspections (with
    it, PostgreSQL merge-joined every action with every inspection to find the user's)."""
    led = Inspection.objects.filter(leader=user).values("pk")
    team = Inspection.members.through.objects.filter(user=user).values("inspection_id")
    return Q(inspection_id__in=led) | Q(inspection_id__in=team)


def actions_filtered(user, params, today: datetime.date | None = None):
    """The corrective-action list's filters, read from `params` (a query string), within what the user may see; the
    home page counts its waiting items with this function and links with the same parameters.

    overdue=1 (open and past the deadline); status=open (to do or reopened) or a status code; team=mine (of the
    inspections the user is on); units=mine (of the unit the user heads, with its sub-units).
    """
    today = today or timezone.localdate()
    if params.get("team") == "mine" and _sees_every_team_action(user):
        # Visibility would only repeat the team test (PostgreSQL then hashes the user's inspections twice over).
        rows = CorrectiveAction.objects.filter(_of_team(user))
    else:
        rows = actions_visible_to(user)
        if params.get("team") == "mine":
            rows = rows.filter(_of_team(user))
    if params.get("overdue") == "1":
        rows = rows.filter(status__in=CorrectiveAction.OPEN_STATUSES, deadline__lt=today)
    status = params.get("status", "")
    if status == "open":
        rows = rows.filter(status__in=CorrectiveAction.OPEN_STATUSES)
    elif status in CorrectiveAction.Status.values:
        rows = rows.filter(status=status)
    if params.get("units") == "mine":
        unit = access.headed_unit(user)
        rows = rows.filter(unit__path__startswith=unit.path) if unit else rows.none()
    return rows


def action_report(*, action: CorrectiveAction, user, text: str, files=()) -> CorrectiveAction:
    """The unit head's report of what was done, with its evidence: all of it is stored, or none."""
    with files_saved_together() as written:
        return _action_report_save(action=action, user=user, text=text, files=files, written=written)


def _action_report_save(*, action: CorrectiveAction, user, text: str, files, written: list) -> CorrectiveAction:
    if not inspection_access.can_report_action(user, action):
        raise PermissionDenied
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if action.status not in CorrectiveAction.OPEN_STATUSES:
        raise ValidationError(_("This action has already been reported."))
    if not text.strip():
        raise ValidationError({"report": _("Say what was done.")})
    for uploaded in files:
        content, mime = clean_evidence(uploaded)
        evidence = ActionEvidence(action=action, content_type=mime, size=content.size)
        evidence.file.save(content.name, content, save=False)
        written.append(evidence.file)
        evidence.save()
    action.status, action.report, action.reported_at, action.reported_by = (
        CorrectiveAction.Status.REPORTED, text, timezone.now(), user,
    )  # fmt: skip
    action.save(update_fields=["status", "report", "reported_at", "reported_by"])
    return action


@transaction.atomic
def action_review(*, action: CorrectiveAction, user, accept: bool, comment: str) -> CorrectiveAction:
    if not inspection_access.can_review_action(user, action):
        raise PermissionDenied
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    if action.status != CorrectiveAction.Status.REPORTED:
        raise ValidationError(_("Only a reported action can be reviewed."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say why the action is reopened.")})
    action.status = CorrectiveAction.Status.ACCEPTED if accept else CorrectiveAction.Status.REOPENED
    action.review_comment, action.reviewed_by, action.reviewed_at = comment, user, timezone.now()
    action.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"])
    return action


def actions_send_reminders(*, on: datetime.date) -> dict[str, int]:
    """Daily (beat): remind the unit heads N working days before the deadline, escalate overdue actions once.

    Each action is claimed (its date written) before anyone is told, in one transaction: two runs at once (two
    beats, a task redelivered to another worker) tell once, and a failure to tell leaves it for the next run."""
    calendar = WorkingCalendar()
    sent = {"reminders": 0, "escalations": 0}
    open_actions = CorrectiveAction.objects.filter(status__in=CorrectiveAction.OPEN_STATUSES).select_related(
        "unit", "inspection", "requirement"
    )
    for action in open_actions.filter(deadline__gte=on, reminded_at__isnull=True):
        if (
            calendar.working_days_between(on, action.deadline, at_most=REMIND_WORKING_DAYS_BEFORE)
            <= REMIND_WORKING_DAYS_BEFORE
        ):
            with transaction.atomic():
                if not _claim(action, "reminded_at"):
                    continue
                _tell(access.unit_heads_of([action.unit]), action, _("Corrective action due on %(date)s: %(text)s"))
                sent["reminders"] += 1
    for action in open_actions.filter(deadline__lt=on, escalated_at__isnull=True):
        with transaction.atomic():
            if not _claim(action, "escalated_at"):
                continue
            _tell(users_with_role(Role.LEADERSHIP), action, _("Overdue since %(date)s: %(text)s"))
            sent["escalations"] += 1
    return sent


def _claim(action: CorrectiveAction, field: str) -> bool:
    """Write when it was told, unless another run did: the row's lock makes a concurrent run wait, then find it
    done."""
    unclaimed = CorrectiveAction.objects.filter(pk=action.pk, **{f"{field}__isnull": True})
    return bool(unclaimed.update(**{field: timezone.now()}))


def _tell(users, action, template: str) -> None:
    text = template % {"date": f"{action.deadline:%d/%m/%Y}", "text": f"{action.unit.name} — {action.requirement.text}"}
    url = reverse("inspections:action", args=[action.public_id])
    notify(recipients=users, text=text, url=url, subject_type=ACTION, subject_key=action.public_id)
