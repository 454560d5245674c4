"""What is waiting on the home page for this app's roles (issue 14 §1): registered with the core in register().

Each count is taken with the case list's own filter function (selectors.case_list_filtered) and the same query
string the link carries, so the list opened shows exactly the cases counted. Queries and the indexes serving them:
new cases (status = received) and overdue / due-soon cases (status in open, due_on range): case_urgency_idx;
cases sent to a unit (handling_unit in the subtree, open): case_handling_idx. No complainant's identity is read.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal import access, waiting
from culture_portal.roles import Role, has_role
from feedback import selectors

OVERDUE = {"status": "overdue"}
TO_TRIAGE = {"status": "received"}
DUE_SOON = {"status": "due_soon"}
SENT_TO_MY_UNIT = {"status": "open", "sent": "1"}


def _item(user, label, params, *, today, **options):
    cases, _chosen = selectors.case_list_filtered(user, params, today)
    return waiting.item(label, cases, "feedback:cases", params, **options)


def feedback_waiting(user) -> list[waiting.WaitingItem]:
    if not user.has_perm("feedback.view_case"):
        return []
    today = timezone.localdate()
    items = []
    if has_role(user, Role.FEEDBACK_OFFICER):
        items += [
            _item(user, _("New cases to triage"), TO_TRIAGE, today=today, order=30),
            _item(user, _("Cases due within two working days"), DUE_SOON, today=today, order=31),
        ]
    if has_role(user, Role.FEEDBACK_OFFICER, Role.LEADERSHIP):
        items.append(_item(user, _("Overdue feedback cases"), OVERDUE, today=today, urgent=True, order=12))
    if access.headed_unit(user) is not None:
        items.append(_item(user, _("Cases sent to your unit for verification"), SENT_TO_MY_UNIT, today=today, order=42))
    return items


def register() -> None:
    """Called once from the AppConfig's ready()."""
    waiting.register(feedback_waiting)
