"""What of the regulations app moves when units cease in a reorganisation (culture_portal.reorganisation calls the
providers registered from the AppConfig):

- `unconfirmed_assignments_move`: a reading assignment belongs to an official, so the assignments not yet confirmed
  follow their officials to the successor (the core moves the officials); confirmed ones are history and count
  where they were read. Nothing else to write: the preview counts them.
- `open_campaigns_retarget`: a campaign still open (its due date not passed, as when a new version of its document
  replaces the one to confirm) that targets a unit that ceases targets the successor instead; a campaign past its
  due date is closed and keeps the units it was launched for (history).
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from culture_portal.reorganisation import OpenWork
from regulations.models import Acknowledgement, Campaign, CampaignAssignment


def unconfirmed_assignments_move(*, units, successor, limit: int) -> OpenWork:
    confirmed = Acknowledgement.objects.filter(official=OuterRef("official"), version=OuterRef("campaign__version"))
    assignments = CampaignAssignment.objects.filter(official__unit__in=units, official__is_active=True).exclude(
        Exists(confirmed)
    )
    sample = [
        (f"{title} · {name}", reverse("regulations:campaign", args=[campaign_id]))
        for campaign_id, title, name in assignments.order_by("campaign__due_date", "pk").values_list(
            "campaign_id", "campaign__title", "official__full_name"
        )[:limit]
    ]
    return OpenWork(
        key="regulations.assignment",
        label=gettext_lazy("Reading assignments not yet confirmed"),
        count=assignments.count(),
        sample=sample,
        rule=gettext_lazy("They follow their officials to the successor; confirmed readings stay."),
    )


def open_campaigns_retarget(*, units, successor, limit: int) -> OpenWork:
    campaigns = Campaign.objects.filter(due_date__gte=timezone.localdate(), units__in=units).distinct()
    sample = [
        (f"{title} · {due:%d/%m/%Y}", reverse("regulations:campaign", args=[pk]))
        for pk, title, due in campaigns.order_by("due_date", "pk").values_list("pk", "title", "due_date")[:limit]
    ]

    def apply(*, user, reorganisation) -> None:
        if successor is None:
            return  # nobody is left in the units to assign; the list keeps naming them
        ids = list(campaigns.values_list("pk", flat=True))
        targets = Campaign.units.through.objects
        targets.filter(campaign_id__in=ids, unit__in=units).delete()
        # A campaign that already targets the successor keeps the one row (the pair is unique).
        targets.bulk_create(
            [Campaign.units.through(campaign_id=pk, unit_id=successor.pk) for pk in ids], ignore_conflicts=True
        )

    return OpenWork(
        key="regulations.campaign",
        label=gettext_lazy("Open reading campaigns that target these units"),
        count=campaigns.count(),
        sample=sample,
        rule=gettext_lazy(
            "They target the successor instead; who was assigned stays assigned. Campaigns past their due date keep "
            "their units."
        )
        if successor is not None
        else gettext_lazy("Without a successor they keep these units; campaigns past their due date do too."),
        apply=apply,
        needs_successor=False,
    )
