"""The kinds of action the audit-log filter offers, each a prefix of the actions recorded.

Apps declare the prefixes of the actions they record with register_audit_actions() in AppConfig.ready(); the
core knows no app. An action is found by prefix ("feedback." finds "feedback.answered"), so a kind may also be
one action ("feedback.identity_viewed") listed before the kind that contains it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditActionKind:
    prefix: str  # "auth.", "feedback.identity_viewed"
    label: str | Promise  # as people read it in the filter: "Sign-ins and roles"
    order: int  # place in the filter's list, smallest first


_kinds: list[AuditActionKind] = []


def register_audit_actions(*kinds: AuditActionKind) -> None:
    for kind in kinds:
        if kind not in _kinds:
            _kinds.append(kind)


def audit_action_choices() -> list[tuple[str, str | Promise]]:
    """The filter's choices: every action, then the registered kinds in their order."""
    return [("", _("All actions")), *((kind.prefix, kind.label) for kind in sorted(_kinds, key=lambda k: k.order))]
