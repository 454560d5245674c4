"""Who may see which inspections and findings.

Leadership sees everything; inspectors the inspections they are on; unit heads
approved results about their own units; staff approved findings about
themselves. A surprise inspection stays invisible to everyone outside its team
and leadership until it has taken place: every page, list, count and search
must read inspections through inspections_visible_to().
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from culture_portal import access
from culture_portal.roles import Role, has_role
from inspections.models import Finding, Inspection


def _on_team(user) -> Q:
    return Q(leader=user) | Q(members=user)


def inspections_visible_to(user):
    if not user.is_authenticated:
        return Inspection.objects.none()
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return Inspection.objects.all()
    visible = Q(pk__in=[])
    if has_role(user, Role.INSPECTOR):
        visible |= _on_team(user)
    unit = access.headed_unit(user)
    if unit is not None:
        # Approved results only: by then a surprise inspection has necessarily taken place.
        visible |= Q(status__in=Inspection.FROZEN_STATUSES, units__path__startswith=unit.path)
    return Inspection.objects.filter(visible).distinct()


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
