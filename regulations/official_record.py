"""What regulations know of one official, for their record page (culture_portal.official_record): the versions
they read and confirmed, what they have not confirmed past its due date, the trainings they attended and the
provisions they were given to re-read. None of it is tied to a norm group but the re-readings."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from culture_portal.official_record import LIMIT, RecordEntry, RecordSource
from regulations.models import Acknowledgement, CampaignAssignment, Rereading, Training


def _entries(user, official, year):
    return [
        *_confirmed(official, year),
        *_overdue(official, year),
        *_trainings(official, year),
        *_rereadings(official, year),
    ]


def _in_year(queryset, field, year):
    return queryset.filter(**{f"{field}__year": year}) if year else queryset


def _confirmed(official, year):
    acknowledgements = _in_year(Acknowledgement.objects.filter(official=official), "confirmed_at", year)
    return [
        RecordEntry(
            date=timezone.localtime(acknowledgement.confirmed_at).date(),
            kind=_("Read and confirmed"),
            title=acknowledgement.version.document.title,
            detail=_("Version %(number)s") % {"number": acknowledgement.version.number},
            url=reverse("regulations:document", args=[acknowledgement.version.document_id]),
            tone="good",
        )
        for acknowledgement in acknowledgements.select_related("version__document").order_by("-confirmed_at")[:LIMIT]
    ]


def _overdue(official, year):
    today = timezone.localdate()
    confirmed = Acknowledgement.objects.filter(official=official, version=OuterRef("campaign__version"))
    assignments = CampaignAssignment.objects.filter(official=official, campaign__due_date__lt=today).exclude(
        Exists(confirmed)
    )
    assignments = _in_year(assignments, "campaign__due_date", year)
    return [
        RecordEntry(
            date=assignment.campaign.due_date,
            kind=_("Not confirmed by its due date"),
            title=assignment.campaign.document.title,
            detail=assignment.campaign.title,
            tone="overdue",
        )
        for assignment in assignments.select_related("campaign__document").order_by("-campaign__due_date")[:LIMIT]
    ]


def _trainings(official, year):
    trainings = _in_year(Training.objects.filter(participants=official), "start_date", year)
    return [
        RecordEntry(date=training.start_date, kind=training.get_kind_display(), title=training.title,
                    detail=training.organiser, tone="good")
        for training in trainings.order_by("-start_date")[:LIMIT]
    ]  # fmt: skip


def _rereadings(official, year):
    rereadings = _in_year(Rereading.objects.filter(official=official), "assigned_at", year)
    return [
        RecordEntry(
            date=timezone.localtime(rereading.assigned_at).date(),
            kind=_("Given to re-read after repeated breaches"),
            title=f"{rereading.citation_label} ({rereading.document.reference})",
            detail=_("Confirmed") if rereading.confirmed_at else _("Not yet confirmed"),
            group_code=rereading.norm.group.code,
            group_name=rereading.norm.group.name,
            tone="" if rereading.confirmed_at else "overdue",
        )
        for rereading in rereadings.select_related("document", "norm__group").order_by("-assigned_at")[:LIMIT]
    ]


SOURCE = RecordSource("regulations", _entries, order=30)
