"""Who may see which inspections and findings.

Leadership sees everything; inspectors the inspections they are on; unit heads
approved results about their own units; staff approved findings about
themselves. A surprise inspection stays invisible to everyone outside its team
and leadership until it has taken place: every page, list, count and search
must read inspections through inspections_visible_to().
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from culture_portal import access
from culture_portal.roles import Role, has_role
from inspections.models import Finding, Inspection


def _on_team_ids(user) -> Q:
    """On the team, as a correlated EXISTS on the members table: no join that would repeat rows, and PostgreSQL
    probes the (inspection, user) unique index per inspection when few are left by the other filters (the home
    page's counts), or hashes the user's memberships when many are (the full list)."""
    member = Inspection.members.through.objects.filter(inspection=OuterRef("pk"), user=user)
    return Q(leader=user) | Q(Exists(member))


def _unit_inspection_ids(unit):
    return Inspection.units.through.objects.filter(unit__path__startswith=unit.path).values("inspection_id")


def inspections_visible_to(user):
    """Subqueries on the members and units tables rather than joins: each inspection comes once, with no DISTINCT
    (which made every count sort all the rows it matched before its LIMIT)."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return Inspection.objects.all()
    visible = Q(pk__in=[])
    if has_role(user, Role.INSPECTOR):
        visible |= _on_team_ids(user)
    unit = access.headed_unit(user)
    if unit is not None:
        # Approved results only: by then a surprise inspection has necessarily taken place.
        visible |= Q(status__in=Inspection.FROZEN_STATUSES, pk__in=_unit_inspection_ids(unit))
    return Inspection.objects.filter(visible)


def inspection_for_user(user, public_id) -> Inspection:
    return get_object_or_404(inspections_visible_to(user).select_related("leader"), public_id=public_id)


def can_edit(user, inspection: Inspection) -> bool:
    """Team members edit their inspection until it is frozen."""
    on_team = inspection.leader_id == user.pk or inspection.members.filter(pk=user.pk).exists()
    return on_team and not inspection.is_frozen


def findings_visible_to(user):
    """Team: their inspections' findings; unit heads: approved findings about their units; staff: about themselves."""
    if not user.is_authenticated:
        return Finding.objects.none()
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return Finding.objects.all()
    visible = Q(pk__in=[])
    if has_role(user, Role.INSPECTOR):
        visible |= Q(inspection__leader=user) | Q(inspection__members=user)
    approved = Q(inspection__status__in=Inspection.FROZEN_STATUSES)
    unit = access.headed_unit(user)
    if unit is not None:
        visible |= approved & Q(unit__path__startswith=unit.path)
    official = access.own_official(user)
    if official is not None:
        visible |= approved & Q(official=official)
    return Finding.objects.filter(visible).distinct()


# Conclusion notices shown to unit heads as new: issued within this many days.
RECENT_NOTICE_DAYS = 60


def inspections_filtered(user, params, now=None):
    """The inspection list's filters, read from `params` (a query string), within what the user may see. The home
    page counts its waiting items with this function and links with the same parameters.

    status=<code>; team=mine (on the user's team) or team=others (not: what the user may approve);
    field_over=1 (the field window has ended); units=mine (about the unit the user heads, with its sub-units);
    notices=recent (a conclusion notice issued in the last RECENT_NOTICE_DAYS days).
    """
    from inspections.models import Notice

    now = now or timezone.now()
    inspections = inspections_visible_to(user)
    status = params.get("status", "")
    if status in Inspection.Status.values:
        inspections = inspections.filter(status=status)
    team = params.get("team", "")
    if team == "mine":
        inspections = inspections.filter(_on_team_ids(user))
    elif team == "others":
        inspections = inspections.exclude(_on_team_ids(user))
    if params.get("field_over") == "1":
        inspections = inspections.filter(window_end__lte=now)
    if params.get("units") == "mine":
        unit = access.headed_unit(user)
        inspections = inspections.filter(pk__in=_unit_inspection_ids(unit)) if unit else inspections.none()
    if params.get("notices") == "recent":
        issued = Notice.objects.filter(
            status=Notice.Status.DONE, issued_at__gte=now - datetime.timedelta(days=RECENT_NOTICE_DAYS)
        )
        inspections = inspections.filter(pk__in=issued.values("inspection_id"))
    return inspections
