"""The "to read" list on an official's home page."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from culture_portal.access import own_official
from regulations.models import Acknowledgement, CampaignAssignment


def documents_to_read(request):
    official = own_official(request.user)
    if official is None:
        return None
    pending = (
        CampaignAssignment.objects.filter(official=official)
        .exclude(Exists(Acknowledgement.objects.filter(official=official, version=OuterRef("campaign__version"))))
        .select_related("campaign__document", "campaign__version")
        .order_by("campaign__due_date")
    )
    return {
        "template": "regulations/home_to_read.html",
        "assignments": list(pending[:20]),
        "today": timezone.localdate(),
    }
