"""What is waiting on the home page for this app's roles (issue 14 §1): registered with the core in register().

Counts are taken with the lists' own filter functions (selectors.inspections_filtered,
corrective_actions.actions_filtered) and the same query string the links carry, within inspections_visible_to /
actions_visible_to: a surprise inspection not yet taken place is counted only for its team and leadership, as the
list shows it. Queries and the indexes serving them: inspections by status (inspection_status_idx); corrective
actions by status and deadline (action_status_deadline_idx); notices by status (notice_status_idx, then the issue date).

The unit head's panel of new conclusion notices is folded in here: the item links to the inspection list narrowed
to them, which shows each notice's number and link.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal import access, waiting
from culture_portal.roles import Role, has_role
from inspections import corrective_actions, selectors
from inspections.models import CorrectiveAction, Inspection

TO_APPROVE = {"status": Inspection.Status.CONCLUSION_DRAFTED.value, "team": "others"}
IN_PROGRESS = {"status": Inspection.Status.IN_PROGRESS.value, "team": "mine"}
FINDINGS_NOT_SUBMITTED = {"status": Inspection.Status.IN_PROGRESS.value, "team": "mine", "field_over": "1"}
NEW_NOTICES = {"units": "mine", "notices": "recent"}
OVERDUE_ACTIONS = {"overdue": "1"}
ACTIONS_TO_REVIEW = {"status": CorrectiveAction.Status.REPORTED.value, "team": "mine"}
ACTIONS_TO_REPORT = {"status": "open", "units": "mine"}
UNIT_OVERDUE_ACTIONS = {"overdue": "1", "units": "mine"}


def _inspections(user, label, params, *, now, **options):
    return waiting.item(label, selectors.inspections_filtered(user, params, now), "inspections:list", params, **options)


def _actions(user, label, params, *, today, **options):
    return waiting.item(
        label, corrective_actions.actions_filtered(user, params, today), "inspections:actions", params, **options
    )


def inspections_waiting(user) -> list[waiting.WaitingItem]:
    if not user.has_perm("inspections.view_inspection"):
        return []
    now, today = timezone.now(), timezone.localdate()
    items = []
    if has_role(user, Role.LEADERSHIP):
        items += [
            _inspections(user, _("Conclusions to approve"), TO_APPROVE, now=now, order=10),
            _actions(user, _("Overdue corrective actions"), OVERDUE_ACTIONS, today=today, urgent=True, order=11),
        ]
    if has_role(user, Role.INSPECTOR):
        items += [
            _inspections(user, _("Inspections in progress"), IN_PROGRESS, now=now, order=20),
            _inspections(
                user,
                _("Inspections whose field work has ended but whose findings are not submitted"),
                FINDINGS_NOT_SUBMITTED,
                now=now,
                urgent=True,
                order=21,
            ),
            _actions(user, _("Corrective actions to review"), ACTIONS_TO_REVIEW, today=today, order=22),
        ]
    if access.headed_unit(user) is not None:
        items += [
            _inspections(user, _("Conclusion notices about your units"), NEW_NOTICES, now=now, order=40),
            _actions(user, _("Corrective actions to report"), ACTIONS_TO_REPORT, today=today, order=41),
            _actions(
                user,
                _("Overdue corrective actions of your units"),
                UNIT_OVERDUE_ACTIONS,
                today=today,
                urgent=True,
                order=43,
            ),
        ]
    return items


def register() -> None:
    """Called once from the AppConfig's ready()."""
    waiting.register(inspections_waiting)
