"""Who may see which inspections and findings.

Leadership sees everything; inspectors the inspections they are on; unit heads
approved results about their own units; staff approved findings about
themselves. A surprise inspection stays invisible to everyone outside its team
and leadership until it has taken place: every page, list, count and search
must read inspections through inspections_visible_to().
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from culture_portal import access
from culture_portal.models import Unit
from culture_portal.roles import Role, has_role
from inspections.models import DisciplinaryOutcome, Finding, Inspection, InspectionPlan, Notice


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


def findings_visible_to(user):
    """Team: their inspections' findings; unit heads: approved findings about their units; staff: about themselves."""
    if not user.is_authenticated:
        return Finding.objects.none()
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return Finding.objects.all()
    visible = Q(pk__in=[])
    if has_role(user, Role.INSPECTOR):
        # The team's inspections as two subqueries, not a join through the members table: each finding comes once,
        # with no DISTINCT (which made a district's history sort 38,000 wide rows on disk before its LIMIT: 290 ms);
        # and each subquery reads its own index (one OR across the join scanned every inspection: 130 ms).
        led = Inspection.objects.filter(leader=user).values("pk")
        member = Inspection.members.through.objects.filter(user=user).values("inspection_id")
        visible |= Q(inspection_id__in=led) | Q(inspection_id__in=member)
    approved = Q(inspection__status__in=Inspection.FROZEN_STATUSES)
    unit = access.headed_unit(user)
    if unit is not None:
        visible |= approved & Q(unit__path__startswith=unit.path)
    official = access.own_official(user)
    if official is not None:
        visible |= approved & Q(official=official)
    return Finding.objects.filter(visible)


def findings_about_unit_visible_to(user, unit):
    """The findings about `unit` and its sub-units that the user may see (findings_visible_to), for its history.

    Said as simply as the user's roles allow, so PostgreSQL reads finding_unit_idx per sub-unit: the general
    visibility is an OR (the units a head heads, or the head's own findings) that it can only answer by reading
    every finding. Within the unit a head heads, the OR is every approved finding of the subtree.
    """
    subtree = Finding.objects.filter(unit__in=Unit.objects.filter(path__startswith=unit.path).values("pk"))
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return subtree
    headed = access.headed_unit(user)
    if headed is not None and unit.path.startswith(headed.path) and not has_role(user, Role.INSPECTOR):
        return subtree.filter(inspection__status__in=Inspection.FROZEN_STATUSES)
    return findings_visible_to(user).filter(unit__path__startswith=unit.path)


# Conclusion notices shown to unit heads as new: issued within this many days.
RECENT_NOTICE_DAYS = 60


def inspections_filtered(user, params, now=None):
    """The inspection list's filters, read from `params` (a query string), within what the user may see. The home
    page counts its waiting items with this function and links with the same parameters.

    status=<code>; team=mine (on the user's team) or team=others (not: what the user may approve);
    field_over=1 (the field window has ended); units=mine (about the unit the user heads, with its sub-units);
    notices=recent (a conclusion notice issued in the last RECENT_NOTICE_DAYS days).
    """
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


def inspections_listed(*, user, params):
    """The inspection list's rows: its filters (inspections_filtered), each row's notice and number of findings,
    the latest field window first."""
    return (
        inspections_filtered(user, params)
        .select_related("notice")
        .annotate(finding_count=_finding_count())
        .order_by("-window_start", "pk")
    )


def _finding_count():
    """The outer inspection's number of findings, as a correlated subquery rather than a join and GROUP BY: PostgreSQL
    computes it for the rows of the page only (after the ORDER BY and LIMIT), and the page's count of the list leaves
    it out. Counted over the join, all 100,000 inspections of a province had their findings counted before paging."""
    per_inspection = (
        Finding.objects.filter(inspection=OuterRef("pk")).order_by().values("inspection").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(per_inspection.values("n")), 0)


def finding_counts_by_year_and_group(*, findings) -> list[tuple[int, dict[str, int]]]:
    """Breaches (commendations aside) among `findings`, as rows of (year, {norm group name: count}), latest year
    first: counted in the database, for the unit's and the official's history pages."""
    # COUNT(*) and no ORDER BY: the counts come from finding_unit_idx alone and are grouped by hashing; sorting by
    # the group's name under the Vietnamese collation took longer than the counting.
    rows = (
        findings.filter(is_commendation=False)
        .annotate(year=ExtractYear("created_at"))
        .values_list("year", "norm__group__name")
        .annotate(count=Count("*"))
        .order_by()
    )
    table: dict[int, dict[str, int]] = {}
    for year, group, count in sorted(rows, key=lambda row: (-row[0], row[1] or "")):
        table.setdefault(year, {})[group] = count
    return list(table.items())


def notices_issued_about(*, user, unit):
    """Issued conclusion notices of the inspections the user may see about a unit or its sub-units, latest first."""
    inspections = inspections_visible_to(user).filter(units__path__startswith=unit.path)
    return (
        Notice.objects.filter(status=Notice.Status.DONE, inspection__in=inspections)
        .select_related("inspection")
        .order_by("-issued_on")
    )


def plans_listed():
    """Annual plans with the number of their inspections, the latest year first."""
    return InspectionPlan.objects.annotate(inspection_count=Count("inspections")).order_by("-year", "title")


def plan_periodic_inspections(*, plan: InspectionPlan):
    """A plan's periodic inspections in the order of their windows, for its page and its spreadsheet: a surprise
    inspection is never announced in a plan, even when it is recorded under one."""
    return (
        plan.inspections.filter(kind=Inspection.Kind.PERIODIC)
        .select_related("leader")
        .prefetch_related("units", "norm_groups")
        .order_by("window_start")
    )


def disciplinary_outcomes_listed():
    """Every recorded disciplinary outcome, the latest decision first (seen by leadership and the personnel office:
    the view checks the permission)."""
    return DisciplinaryOutcome.objects.select_related("official__unit", "measure", "finding__norm").order_by(
        "-decision_date", "-pk"
    )
