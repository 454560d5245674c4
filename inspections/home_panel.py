"""The unit head's home page: conclusion notices recently issued about their units, to read and act on."""

import datetime

from django.utils import timezone

from culture_portal import access
from inspections.models import Notice

RECENT = datetime.timedelta(days=60)


def notices_for_my_units(request):
    unit = access.headed_unit(request.user)
    if unit is None:
        return None
    notices = (
        Notice.objects.filter(
            status=Notice.Status.DONE,
            issued_at__gte=timezone.now() - RECENT,
            inspection__units__path__startswith=unit.path,
        )
        .select_related("inspection")
        .order_by("-issued_at")
        .distinct()
    )
    return {"template": "inspections/home_notices.html", "notices": list(notices[:10])}
