"""Writes to the organisation tree and role assignments; finding a unit by what a user typed."""

import contextlib

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from culture_portal.models import Unit
from culture_portal.roles import Role
from culture_portal.text import fold, normalise_text

# When a name fits several units, this many are named in the message that asks for the code.
UNITS_NAMED = 5

# Ids in paths are zero-padded so that sorting by path lists the tree depth-first,
# siblings in the order they were created ("/0000002/" before "/0000010/").
PATH_DIGITS = 7


# Whoever keeps figures per subtree follows a subtree's move: context managers called with (old path, new path)
# around the re-rooting, registered by the apps (the dashboard's tallies) in AppConfig.ready().
_move_followers: list = []


def register_move_follower(follower) -> None:
    if follower not in _move_followers:
        _move_followers.append(follower)


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Save a new or edited unit and keep the materialised paths of it and its subtree right."""
    if unit.parent_id and unit.pk and unit.path:
        placed_under = Unit.objects.only("path").get(pk=unit.parent_id)
        if unit.contains(placed_under):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its own sub-units.")})
    old_path = unit.path
    unit.save()
    parent = Unit.objects.only("path", "depth").get(pk=unit.parent_id) if unit.parent_id else None
    new_path = f"{parent.path if parent else '/'}{unit.pk:0{PATH_DIGITS}d}/"
    new_depth = parent.depth + 1 if parent else 0
    if new_path == old_path:
        return unit
    with contextlib.ExitStack() as followers:
        if old_path:
            for follower in _move_followers:
                followers.enter_context(follower(old_path, new_path))
            # Re-root the whole subtree in one statement: replace the old prefix.
            Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (new_depth - unit.depth),
            )
        unit.path, unit.depth = new_path, new_depth
        unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def role_grant(*, user, role: Role) -> None:
    """Give a user a role; administrators also get access to the back office (Django admin)."""
    user.groups.add(Group.objects.get(name=role))
    user_sync_back_office_access(user=user)


@transaction.atomic
def role_revoke(*, user, role: Role) -> None:
    user.groups.remove(Group.objects.get(name=role))
    user_sync_back_office_access(user=user)


def user_sync_back_office_access(*, user) -> None:
    """The back office (Django admin) is open to administrators only: is_staff follows the role."""
    user.__dict__.pop("_portal_roles", None)
    should_be_staff = user.is_superuser or user.groups.filter(name=Role.ADMINISTRATOR).exists()
    if user.is_staff != should_be_staff:
        user.is_staff = should_be_staff
        user.save(update_fields=["is_staff"])


def governing_unit() -> Unit | None:
    """The body the portal speaks for: the top unit in operation ("Ủy ban nhân dân tỉnh Hà Tĩnh" once the province's
    People's Committee heads the tree). Public pages name it and its leadership from the data, never "the city"."""
    return Unit.objects.filter(parent__isnull=True, is_active=True).order_by("path").only("name", "code").first()


def ancestor_paths(unit: Unit) -> list[str]:
    """The paths of a unit and of every unit above it: whose heads answer for it."""
    parts = unit.path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def unit_find(text: str, *, units) -> tuple[Unit | None, list[Unit]]:
    """The unit among `units` that `text` names: its code, or its name with or without diacritics ("bac ha").

    (unit, []) when one unit fits (a code, the one name that matches, or the one whose whole name is the text);
    (None, up to UNITS_NAMED candidates in tree order) when several do; (None, []) when none does.
    """
    text = normalise_text(text)
    if not text:
        return None, []
    by_code = units.filter(code=text.upper()).first()
    if by_code is not None:
        return by_code, []
    candidates = list(units.matching(text).order_by("path")[: UNITS_NAMED + 1])
    whole = [unit for unit in candidates if fold(unit.name) == fold(text)]
    if len(candidates) == 1 or len(whole) == 1:
        return (candidates[0] if len(candidates) == 1 else whole[0]), []
    return None, candidates[:UNITS_NAMED]


def units_named(units: list[Unit]) -> str:
    """ "Phường Bắc Hà (PH-BACHA), Phường Nam Hà (PH-NAMHA)": the candidates of an ambiguous unit name."""
    return ", ".join(f"{unit.name} ({unit.code})" for unit in units)
