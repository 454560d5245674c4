"""What of the regulations app moves when units cease in a reorganisation (culture_portal.reorganisation calls
`unconfirmed_assignments_move`, registered from the AppConfig): a reading assignment belongs to an official, so the
assignments not yet confirmed follow their officials to the successor (the core moves the officials); confirmed
ones are history and count where they were read. Nothing else to write: the preview counts them."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy

from culture_portal.reorganisation import OpenWork
from regulations.models import Acknowledgement, CampaignAssignment


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
