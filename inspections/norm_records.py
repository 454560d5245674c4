"""Approved breaches found by inspections, as a source of what happened under a norm (regulations.norm_records)."""

from django.db.models import F
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal import access
from inspections.models import Inspection
from inspections.selectors import findings_about_unit_visible_to, findings_visible_to
from regulations.norm_records import RecordSource


def _records(user, norm_ids):
    """Breaches (commendations aside) of approved inspections, within what the user may see (surprise secrecy: an
    inspection not yet approved counts for nobody here, not even its team)."""
    headed = access.headed_unit(user)
    if headed is not None and not access.is_city_wide(user):
        # A unit head's visibility said without an OR (selectors.findings_about_unit_visible_to), which PostgreSQL
        # answers from the norm's index instead of reading every finding.
        findings = findings_about_unit_visible_to(user, headed)
    else:
        findings = findings_visible_to(user)
    return findings.filter(
        norm_id__in=norm_ids, is_commendation=False, inspection__status__in=Inspection.FROZEN_STATUSES
    ).annotate(record_year=ExtractYear("created_at"), record_unit=F("unit_id"))


def _latest(records, limit):
    findings = records.select_related("unit", "norm", "inspection").order_by("-created_at", "-pk")[:limit]
    return [
        {
            "date": timezone.localtime(finding.created_at).date(),
            "unit": finding.unit.name,
            "text": f"{finding.norm.code} · {finding.get_severity_display()} · {finding.observed}",
            "url": reverse("inspections:detail", args=[finding.inspection.public_id]),
        }
        for finding in findings
    ]


SOURCE = RecordSource("findings", _("Breaches found by inspections"), _records, _latest, order=10)
