"""What is waiting on the home page for this app's roles (issue 14 §1): registered with the core in register().

Leadership: reading campaigns past their due date that someone has not confirmed (the campaign list with
behind=1). Staff (any account linked to an official): documents assigned to them that they have not confirmed (the
document list with to_confirm=1); the "to read and confirm" panel below lists them with their due dates. Queries:
assignments by official (assignment_official_idx), confirmations by official and version (acknowledgement_unique).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal import access, waiting
from culture_portal.roles import Role, has_role
from regulations import selectors

BEHIND_SCHEDULE = {"behind": "1"}
TO_CONFIRM = {"to_confirm": "1"}
OPEN_REREADINGS = {"open": "1"}


def regulations_waiting(user) -> list[waiting.WaitingItem]:
    items = []
    if has_role(user, Role.LEADERSHIP) and user.has_perm("regulations.view_campaign"):
        behind = selectors.campaigns_behind_schedule(user, timezone.localdate())
        items.append(
            waiting.item(
                _("Reading campaigns behind schedule"),
                behind,
                "regulations:campaigns",
                BEHIND_SCHEDULE,
                urgent=True,
                order=13,
            )
        )
    if access.own_official(user) is not None and user.has_perm("regulations.view_legaldocument"):
        items.append(
            waiting.item(
                _("Documents to read and confirm"),
                selectors.documents_to_confirm(user),
                "regulations:documents",
                TO_CONFIRM,
                order=50,
            )
        )
    if access.own_official(user) is not None or access.headed_unit(user) is not None or has_role(user, Role.LEADERSHIP):
        # Provisions brought back after repeated breaches: one's own, one's units', or (leadership) everyone's.
        items.append(
            waiting.item(
                _("Provisions to re-read, not yet confirmed"),
                selectors.rereadings_visible_to(user).filter(confirmed_at__isnull=True),
                "regulations:rereadings",
                OPEN_REREADINGS,
                order=49,
            )
        )
    return items


def register() -> None:
    """Called once from the AppConfig's ready()."""
    waiting.register(regulations_waiting)
