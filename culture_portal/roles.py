"""The portal's roles. Each is a Django group created by a migration; a user may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    INSPECTOR = "inspector", _("Inspector")
    FEEDBACK_OFFICER = "feedback_officer", _("Feedback officer")
    UNIT_HEAD = "unit_head", _("Unit head")
    LEADERSHIP = "leadership", _("Leadership")
    ADMINISTRATOR = "administrator", _("Administrator")


def users_with_role(*roles: str):
    """Active accounts holding any of these roles: a deactivated account is given no work and sent no mail."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct()


def in_name_order(users):
    """Accounts in the Vietnamese order of their official's name (Official.sort_key: given name, middle name,
    family name); accounts linked to no official come last, by login."""
    from django.db.models import F

    return users.order_by(F("official__sort_key").asc(nulls_last=True), "username")


def roles_of(user) -> set[str]:
    """The role codes a user holds, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_portal_roles"):
        user._portal_roles = set(user.groups.values_list("name", flat=True))
    return user._portal_roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
