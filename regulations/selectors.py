"""Reads of the regulations app that views share."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from culture_portal import access
from culture_portal.models import Unit
from culture_portal.roles import Role, has_role
from regulations.models import (
    Acknowledgement,
    Campaign,
    CampaignAssignment,
    DocumentVersion,
    LegalDocument,
    Rereading,
)


def document_for_user(user, pk) -> LegalDocument:
    """Every role that may read regulations reads all of them: they are public rules."""
    return get_object_or_404(LegalDocument.objects.select_related("issuer"), pk=pk)


def version_of(document: LegalDocument, number: int | None) -> DocumentVersion | None:
    """A numbered version (404 if missing), or the current one (None while the text is not imported yet)."""
    versions = document.versions.all()
    if number is None:
        return versions.filter(is_current=True).first()
    return get_object_or_404(versions, number=number)


def campaign_for_user(user, pk) -> Campaign:
    """A unit head opens only campaigns that assign someone in their units."""
    return get_object_or_404(campaigns_for_user(user), pk=pk)


def _confirmed():
    return Exists(Acknowledgement.objects.filter(official=OuterRef("official"), version=OuterRef("campaign__version")))


def campaign_assignments_visible_to(user, campaign: Campaign):
    """Leadership and administrators see the whole city; a unit head only their unit and its sub-units."""
    assignments = campaign.assignments.annotate(confirmed=_confirmed())
    if access.is_city_wide(user):
        return assignments
    unit = access.headed_unit(user)
    if unit is None:
        return assignments.none()
    return assignments.filter(official__unit__path__startswith=unit.path)


def campaign_completion_by_unit(user, campaign: Campaign) -> list[dict]:
    """Per unit: assigned, confirmed, percentage; aggregated in the database."""
    rows = (
        campaign_assignments_visible_to(user, campaign)
        .values("official__unit")
        .annotate(assigned=Count("pk"), confirmed_count=Count("pk", filter=Q(confirmed=True)))
        .order_by()
    )
    units = Unit.objects.in_bulk([row["official__unit"] for row in rows])
    table = [
        {
            "unit": units[row["official__unit"]],
            "assigned": row["assigned"],
            "confirmed": row["confirmed_count"],
            "percent": round(100 * row["confirmed_count"] / row["assigned"]) if row["assigned"] else 0,
        }
        for row in rows
    ]
    return sorted(table, key=lambda row: (row["percent"], row["unit"].path))


def campaign_overdue(user, campaign: Campaign):
    if campaign.due_date >= timezone.localdate():
        return CampaignAssignment.objects.none()
    return (
        campaign_assignments_visible_to(user, campaign)
        .filter(confirmed=False)
        .select_related("official__unit")
        .order_by("official__unit__path", "official__sort_key")
    )


def campaigns_for_user(user):
    """The campaigns the user may follow, each with its number of officials assigned (for a unit head: of their own
    people, as the campaign page counts them). The number is a correlated subquery, computed for the page's rows
    only: counted over a join, a province's list grouped all its 250,000 assignments before paging (300 ms)."""
    campaigns = Campaign.objects.select_related("document", "version")
    if access.is_city_wide(user):
        return campaigns.annotate(assigned=_assignment_count(CampaignAssignment.objects.all()))
    unit = access.headed_unit(user)
    if unit is None:
        return campaigns.none()
    own = CampaignAssignment.objects.filter(official__unit__path__startswith=unit.path)
    return campaigns.filter(Exists(own.filter(campaign=OuterRef("pk")))).annotate(assigned=_assignment_count(own))


def _assignment_count(assignments):
    per_campaign = (
        assignments.filter(campaign=OuterRef("pk")).order_by().values("campaign").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(per_campaign), 0)


def _not_confirmed():
    """An assignment whose official has not confirmed the campaign's version."""
    return ~Exists(Acknowledgement.objects.filter(official=OuterRef("official"), version=OuterRef("campaign__version")))


def campaigns_behind_schedule(user, today=None):
    """Campaigns past their due date that someone in the user's scope (the city, or a unit head's subtree) has not
    confirmed yet. Unannotated, for counting; the campaign list narrows to these with behind=1.

    Asked per campaign past due as "its first unconfirmed assignment": a scalar subquery with LIMIT 1, which
    PostgreSQL runs once per campaign, walking its assignments (assignment_unique) and probing each official's
    confirmation (acknowledgement_unique) until one is missing. An EXISTS here is turned into a semi-join that
    hashes every assignment of every campaign first (~50 ms at province scale, against ~1 ms)."""
    today = today or timezone.localdate()
    acknowledged = Acknowledgement.objects.filter(official=OuterRef("official"), version=OuterRef(OuterRef("version")))
    unconfirmed = CampaignAssignment.objects.filter(campaign=OuterRef("pk")).filter(~Exists(acknowledged))
    if not access.is_city_wide(user):
        unit = access.headed_unit(user)
        if unit is None:
            return Campaign.objects.none()
        unconfirmed = unconfirmed.filter(official__unit__path__startswith=unit.path)
    first_unconfirmed = Subquery(unconfirmed.order_by().values("pk")[:1])
    return (
        Campaign.objects.filter(due_date__lt=today)
        .alias(first_unconfirmed=first_unconfirmed)
        .filter(first_unconfirmed__isnull=False)
    )


def documents_to_confirm(user):
    """Documents with a version assigned to the user's official record that they have not confirmed yet."""
    official = access.own_official(user)
    if official is None:
        return LegalDocument.objects.none()
    pending = CampaignAssignment.objects.filter(official=official).filter(_not_confirmed())
    return LegalDocument.objects.filter(pk__in=pending.values("campaign__document"))


def rereadings_visible_to(user):
    """Re-readings after repeated breaches: an official their own; a unit head those of their units; leadership all.
    (Who breached what is not secret inside the unit once the inspection is approved: the rule fires only then.)"""
    if not user.is_authenticated:
        return Rereading.objects.none()
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return Rereading.objects.all()
    visible = Q(pk__in=[])
    official = access.own_official(user)
    if official is not None:
        visible |= Q(official=official)
    unit = access.headed_unit(user)
    if unit is not None:
        visible |= Q(official__unit__path__startswith=unit.path)
    return Rereading.objects.filter(visible)


def rereading_for_official(user, public_id) -> Rereading:
    """The official's own re-reading (404 for anybody else: only they can open and confirm it)."""
    official = access.own_official(user)
    if official is None:
        raise Http404
    return get_object_or_404(Rereading.objects.select_related("document", "norm"), public_id=public_id,
                             official=official)  # fmt: skip


def rereadings_summary(*, unit=None, today) -> dict[str, int]:
    """The dashboard's counts: open (and of those overdue) and confirmed, in a unit's subtree or everywhere."""
    rereadings = Rereading.objects.all()
    if unit is not None:
        rereadings = rereadings.filter(official__unit__path__startswith=unit.path)
    return rereadings.aggregate(
        open=Count("pk", filter=Q(confirmed_at__isnull=True)),
        overdue=Count("pk", filter=Q(confirmed_at__isnull=True, due_on__lt=today)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
    )
