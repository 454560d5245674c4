"""What inspections know of one official, for their record page (culture_portal.official_record): the approved
findings about them (breaches and commendations) the reader may see, and, for those with the permission, the
disciplinary outcomes (every viewing is audited, as on the discipline page)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.official_record import LIMIT, RecordEntry, RecordSource
from inspections.models import DisciplinaryOutcome, Inspection
from inspections.selectors import findings_visible_to


def _entries(user, official, year):
    return [*_findings(user, official, year), *_outcomes(user, official, year)]


def _findings(user, official, year):
    findings = findings_visible_to(user).filter(official=official, inspection__status__in=Inspection.FROZEN_STATUSES)
    if year:
        findings = findings.filter(created_at__year=year)
    findings = findings.select_related("norm__group", "inspection", "unit").order_by("-created_at")[:LIMIT]
    return [
        RecordEntry(
            date=timezone.localtime(finding.created_at).date(),
            kind=_("Commendation") if finding.is_commendation else _("Breach found by an inspection"),
            title=f"{finding.norm.code} {finding.norm.title}",
            detail=finding.observed,
            url=reverse("inspections:detail", args=[finding.inspection.public_id]),
            group_code=finding.norm.group.code,
            group_name=finding.norm.group.name,
            tone="good" if finding.is_commendation else "breach",
        )
        for finding in findings
    ]


def _outcomes(user, official, year):
    if not user.has_perm("inspections.view_disciplinaryoutcome"):
        return []
    outcomes = DisciplinaryOutcome.objects.filter(official=official)
    if year:
        outcomes = outcomes.filter(decision_date__year=year)
    outcomes = list(outcomes.select_related("measure", "finding__norm__group").order_by("-decision_date")[:LIMIT])
    if outcomes:  # personal data of the most sensitive kind: who read it, and whose
        audit_record(action="discipline.viewed", user=user, object_type="official", object_ref=official.employee_code,
                     detail=_("the official's record page"))  # fmt: skip
    return [
        RecordEntry(
            date=outcome.decision_date,
            kind=_("Disciplinary outcome"),
            title=str(outcome.measure),
            detail=_("Decision %(reference)s") % {"reference": outcome.decision_reference},
            group_code=outcome.finding.norm.group.code,
            group_name=outcome.finding.norm.group.name,
            tone="breach",
        )
        for outcome in outcomes
    ]


SOURCE = RecordSource("inspections", _entries, order=10)
