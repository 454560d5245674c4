"""Who may see which units and officials.

Permissions say what a role may do; these helpers say on which objects. A unit
head's rights are scoped to their own unit and its sub-units. Every view looks
objects up through these helpers, never with a bare .get(), so an id typed in
the address bar cannot reach outside the user's scope.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from culture_portal.models import Official, Unit
from culture_portal.organisation import ancestor_paths
from culture_portal.roles import Role, has_role, users_with_role

# Roles whose work spans the whole organisation.
CITY_WIDE_ROLES = (Role.LEADERSHIP, Role.ADMINISTRATOR, Role.INSPECTOR, Role.FEEDBACK_OFFICER)


def permission_required(permission: str):
    """Anonymous visitors go to the sign-in page; signed-in users without the permission get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def own_official(user) -> Official | None:
    """The official record linked to the account (with its unit), read once per request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_official"):
        user._portal_official = Official.objects.select_related("unit").filter(user=user).first()
    return user._portal_official


def is_city_wide(user) -> bool:
    return user.is_superuser or has_role(user, *CITY_WIDE_ROLES)


# --- unit heads ---------------------------------------------------------------------------------------------------
# The one rule: a unit head heads the unit of their own official record and every unit below it. So the heads of a
# unit are the unit heads of that unit or of any unit above it. The three functions below say it from each side;
# feedback, inspections, regulations and the notifications ask them rather than comparing paths themselves.


def headed_unit(user) -> Unit | None:
    """The unit a unit head is responsible for (with its sub-units), or None."""
    if not has_role(user, Role.UNIT_HEAD):
        return None
    official = own_official(user)
    return official.unit if official else None


def heads_unit(user, unit: Unit | None) -> bool:
    """Whether the user is a head of `unit`: it is the unit they head or one below it (no query once the user's
    roles and official are read, which is once per request)."""
    if unit is None:
        return False
    headed = headed_unit(user)
    return headed is not None and headed.contains(unit)


def unit_heads_of(units: Iterable):
    """Active accounts heading one of these units: unit heads whose official belongs to one of them or to a unit
    above one of them (deactivated accounts are given no work and sent no mail)."""
    paths = {path for unit in units if unit is not None for path in ancestor_paths(unit)}
    if not paths:
        return get_user_model().objects.none()
    return users_with_role(Role.UNIT_HEAD).filter(official__unit__path__in=paths)


def units_visible_to(user):
    """Units whose pages the user may open. Unit names are not secret: every signed-in role sees the tree."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.all()


def officials_visible_to(user):
    """Officials (personal data) a user may list: city-wide roles all, unit heads their subtree, others themselves."""
    if not user.is_authenticated:
        return Official.objects.none()
    if is_city_wide(user):
        return Official.objects.all()
    unit = headed_unit(user)
    if unit is not None:
        return Official.objects.filter(unit__path__startswith=unit.path)
    return Official.objects.filter(user=user)


def unit_for_user(user, code: str) -> Unit:
    return get_object_or_404(units_visible_to(user), code=code)


def unit_officials_for_user(user, unit: Unit):
    """The roll of a unit as far as the user may see it (empty when out of scope)."""
    return officials_visible_to(user).filter(unit=unit)


def axes_username(request, credentials) -> str:
    """The user name django-axes counts failures for: as typed, but storable (no NUL, at most 150 characters)."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").replace("\x00", "")[:150]
