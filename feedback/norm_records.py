"""Upheld complaints, as a source of what happened under a norm (regulations.norm_records)."""

from django.db.models import F
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models import Case
from feedback.selectors import cases_visible_to
from regulations.norm_records import RecordSource


def _records(user, norm_ids):
    """Criticisms answered as upheld (wholly or partly), within the cases the user may read; never who wrote them."""
    return (
        cases_visible_to(user)
        .filter(
            norm_id__in=norm_ids,
            nature=Case.Nature.CRITICISM,
            status=Case.Status.ANSWERED,
            upheld__in=Case.UPHELD_OUTCOMES,
        )
        .annotate(record_year=ExtractYear("answered_at"), record_unit=F("unit_id"))
    )


def _latest(records, limit):
    cases = records.select_related("unit", "norm").order_by("-answered_at", "-pk")[:limit]
    return [
        {
            "date": timezone.localtime(case.answered_at).date(),
            "unit": case.unit.name,
            "text": f"{case.tracking_code} · {case.norm.code} · {case.get_upheld_display()}",
            "url": reverse("feedback:case", args=[case.public_id]),
        }
        for case in cases
    ]


SOURCE = RecordSource("upheld", _("Upheld complaints"), _records, _latest, order=20)
