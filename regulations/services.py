"""Every write of the regulations app."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from culture_portal.bulk_writes import bulk_write
from culture_portal.models import Official
from culture_portal.outbox import email_queue
from culture_portal.text import fold
from culture_portal.workdays import WorkingCalendar
from regulations.models import (
    Acknowledgement,
    Campaign,
    CampaignAssignment,
    DocumentOpening,
    DocumentRelation,
    DocumentVersion,
    LegalDocument,
    Norm,
    NormCitation,
    Provision,
    Rereading,
    SearchWord,
)
from regulations.parsing import ParseResult


def padded_search_text(*parts: str) -> str:
    """Folded words with a space on each side, so `LIKE '% word %'` matches whole words on any database."""
    return f" {fold(' '.join(part for part in parts if part))} "


@transaction.atomic
def document_save(*, document: LegalDocument) -> LegalDocument:
    """Create or edit a document's record (not its body); the form has checked dates and uniqueness."""
    document.search_text = padded_search_text(document.reference, document.title)
    document.full_clean()
    document.save()
    vocabulary_add(document.search_text.split())
    return document


def vocabulary_add(words) -> None:
    """Record the words search may suggest when a query has a typo (INSERT ... ON CONFLICT DO NOTHING)."""
    fresh = {word for word in words if len(word) <= 64}
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in fresh], ignore_conflicts=True, batch_size=1000)


def _reaches(start: LegalDocument, target: LegalDocument) -> bool:
    """Does any chain of relations lead from `start` to `target`? (breadth-first over the relation graph)"""
    frontier, seen = {start.pk}, {start.pk}
    while frontier:
        frontier = (
            set(DocumentRelation.objects.filter(source_id__in=frontier).values_list("target_id", flat=True)) - seen
        )
        if target.pk in frontier:
            return True
        seen |= frontier
    return False


@transaction.atomic
def document_relate(*, source: LegalDocument, target: LegalDocument, kind: str) -> DocumentRelation:
    if source.pk == target.pk:
        raise ValidationError(_("A document cannot relate to itself."))
    if _reaches(target, source):
        raise ValidationError(
            _("%(target)s already leads back to %(source)s through its relations: this would make a circle.")
            % {"target": target.reference, "source": source.reference}
        )
    relation, _created = DocumentRelation.objects.get_or_create(source=source, target=target, kind=kind)
    return relation


@transaction.atomic
def version_publish(*, document: LegalDocument, parsed: ParseResult, note: str, user) -> DocumentVersion:
    """Store a parsed body as the document's new current version; open campaigns move to it."""
    if not parsed.ok:
        raise ValidationError(_("The text still has lines that cannot be placed; nothing was saved."))
    previous = document.versions.select_for_update().filter(is_current=True).first()
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if previous:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    version = DocumentVersion.objects.create(
        document=document, number=number, note=note, preamble="\n".join(parsed.preamble), created_by=user
    )
    _store_provisions(version, parsed)
    if connection.vendor == "postgresql":
        version.provisions.update(search_vector=SearchVector("search_text", config="simple"))
    vocabulary_add({word for text in version.provisions.values_list("search_text", flat=True) for word in text.split()})
    if previous:
        # A new version needs a new confirmation from everyone still assigned to read it.
        moved = list(
            Campaign.objects.filter(version=previous, due_date__gte=timezone.localdate()).values_list("pk", flat=True)
        )
        with bulk_write(Campaign, Q(pk__in=moved)):
            Campaign.objects.filter(pk__in=moved).update(version=version)
    return version


def _store_provisions(version: DocumentVersion, parsed: ParseResult) -> None:
    position = 0

    def store(node, parent, article, depth):
        nonlocal position
        position += 1
        provision = Provision.objects.create(
            version=version,
            parent=parent,
            level=node.level,
            number=node.number,
            heading=node.heading,
            text=node.text,
            position=position,
            depth=depth,
            anchor=node.anchor,
            search_text=padded_search_text(node.heading, node.text),
        )
        if node.level == Provision.Level.ARTICLE:
            article = provision
        if article is not None:
            provision.article = article
            provision.save(update_fields=["article"])
        for child in node.children:
            store(child, provision, article, depth + 1)

    for root in parsed.roots:
        store(root, None, None, 0)


def document_opened(*, official: Official | None, version: DocumentVersion | None) -> None:
    if official is not None and version is not None:
        # One statement whether or not it was opened before (INSERT ... ON CONFLICT DO NOTHING).
        opening = DocumentOpening(official=official, version=version)
        DocumentOpening.objects.bulk_create([opening], ignore_conflicts=True)


@transaction.atomic
def acknowledgement_confirm(*, official: Official, version: DocumentVersion, ip_address: str | None) -> Acknowledgement:
    """ "I have read and commit to follow it", for a version assigned to the official and already opened."""
    assigned = CampaignAssignment.objects.filter(official=official, campaign__version=version).exists()
    if not assigned:
        raise ValidationError(_("This version is not assigned to you for confirmation."))
    if not DocumentOpening.objects.filter(official=official, version=version).exists():
        raise ValidationError(_("Open and read the document before confirming."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        official=official, version=version, defaults={"ip_address": ip_address}
    )
    return acknowledgement


@transaction.atomic
def rereadings_assign(*, officials, norm: Norm, due_on: datetime.date, reason: str) -> list[Rereading]:
    """The provisions that state `norm`, to be re-read and confirmed by each official (a repeated-breach rule of
    inspections decides when). A norm that cites no provision assigns nothing: there is nothing to read."""
    citations = list(NormCitation.objects.filter(norm=norm).order_by("pk"))
    rereadings = [
        Rereading(official=official, norm=norm, document_id=citation.document_id, anchor=citation.anchor,
                  due_on=due_on, reason=reason[:500])
        for official in officials
        for citation in citations
    ]  # fmt: skip
    return Rereading.objects.bulk_create(rereadings)


def rereading_opened(*, rereading: Rereading) -> None:
    """The first opening of its page counts (a conditional UPDATE: a second tab changes nothing)."""
    Rereading.objects.filter(pk=rereading.pk, opened_at__isnull=True).update(opened_at=timezone.now())


@transaction.atomic
def rereading_confirm(*, rereading: Rereading, ip_address: str | None) -> Rereading:
    rereading = Rereading.objects.select_for_update().get(pk=rereading.pk)
    if rereading.opened_at is None:
        raise ValidationError(_("Open and read the provision before confirming."))
    if rereading.confirmed_at is None:
        rereading.confirmed_at, rereading.ip_address = timezone.now(), ip_address
        rereading.save(update_fields=["confirmed_at", "ip_address"])
    return rereading


@transaction.atomic
def campaign_launch(*, campaign: Campaign, units, roles, officials) -> Campaign:
    """Save a campaign and assign it to every active official it targets."""
    campaign.save()
    campaign.units.set(units)
    campaign.roles.set(roles)
    campaign.officials.set(officials)
    campaign_sync_assignments(campaign=campaign)
    return campaign


def campaign_targets(campaign: Campaign):
    condition = Q(pk__in=campaign.officials.values("pk")) | Q(user__groups__in=campaign.roles.all())
    for unit in campaign.units.all():
        condition |= Q(unit__path__startswith=unit.path)
    return Official.objects.active().filter(condition).distinct()


@transaction.atomic
def campaign_sync_assignments(*, campaign: Campaign) -> int:
    """Add officials who joined a targeted unit or role since the launch; returns how many were added."""
    assigned = set(campaign.assignments.values_list("official_id", flat=True))
    new = [
        CampaignAssignment(campaign=campaign, official_id=official_id)
        for official_id in campaign_targets(campaign).values_list("pk", flat=True)
        if official_id not in assigned
    ]
    with bulk_write(CampaignAssignment, Q(campaign=campaign)):  # bulk_create sends no signal
        CampaignAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _unconfirmed(assignments):
    return assignments.exclude(
        Exists(Acknowledgement.objects.filter(official=OuterRef("official"), version=OuterRef("campaign__version")))
    )


def campaign_send_reminders(*, on: datetime.date) -> dict[str, int]:
    """Daily (beat): remind those who have not confirmed N working days before the due date, and once when overdue.

    Each reminder is recorded on the assignment before it is sent, in one transaction with it: a second run on the
    same day, or one at the same time (two beats, a redelivered task on another worker), sends nothing twice.
    """
    calendar = WorkingCalendar()
    sent = {"reminders": 0, "overdue": 0}
    open_assignments = _unconfirmed(
        CampaignAssignment.objects.filter(official__is_active=True).select_related(
            "campaign__document", "official__user"
        )
    )
    for assignment in open_assignments.filter(campaign__due_date__gte=on, reminded_at__isnull=True):
        campaign = assignment.campaign
        if (
            calendar.working_days_between(on, campaign.due_date, at_most=campaign.remind_days_before)
            <= campaign.remind_days_before
        ):
            with transaction.atomic():
                if not _claim(assignment, "reminded_at"):
                    continue
                _mail(assignment, overdue=False)
                sent["reminders"] += 1
    for assignment in open_assignments.filter(campaign__due_date__lt=on, overdue_notified_at__isnull=True):
        with transaction.atomic():
            if not _claim(assignment, "overdue_notified_at"):
                continue
            _mail(assignment, overdue=True)
            sent["overdue"] += 1
    return sent


def _claim(assignment: CampaignAssignment, field: str) -> bool:
    """Write when it was sent, unless another run did: the row's lock makes a concurrent run wait, then find it
    done."""
    unclaimed = CampaignAssignment.objects.filter(pk=assignment.pk, **{f"{field}__isnull": True})
    return bool(unclaimed.update(**{field: timezone.now()}))


def _mail(assignment: CampaignAssignment, *, overdue: bool) -> None:
    official = assignment.official
    address = official.email or (official.user.email if official.user else "")
    if not address:
        return
    campaign = assignment.campaign
    context = {
        "official": official,
        "campaign": campaign,
        "overdue": overdue,
        "url": settings.SITE_URL + reverse("regulations:document", args=[campaign.document_id]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("emails/campaign_reminder_subject.txt", context)
        body = render_to_string("emails/campaign_reminder.txt", context)
    email_queue(to=address, subject=subject, body=body)  # one-line subject, sent after the commit, never lost
