"""What a case's page says about the inspections that took it up (registered in feedback.case_links).

Surprise secrecy decides it: an inspection the user may see (its team, leadership) is named with a link; one whose
conclusion is approved is named to anyone who may read the case (the unit's head learns of it then, as they learn of
the inspection itself); before that, nobody else learns that the case was taken up. An authorised inspector or
leader who may read an open case is offered to start a surprise inspection from it.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from feedback.case_links import CasePanel
from inspections import access
from inspections.models import Finding, Inspection
from inspections.selectors import inspections_visible_to


def case_panel(user, case) -> CasePanel | None:
    taken_up = list(Inspection.objects.filter(grounds__case=case).select_related("conclusion").order_by("pk"))
    may_start = case.is_open and access.can_create_inspection(user)
    if not taken_up and not may_start:
        return None
    visible = set(
        inspections_visible_to(user)
        .filter(pk__in=[inspection.pk for inspection in taken_up])
        .values_list("pk", flat=True)
        .order_by()
    ) if taken_up else set()  # fmt: skip
    shown = [
        {"inspection": inspection, "linked": inspection.pk in visible}
        for inspection in taken_up
        if inspection.pk in visible or inspection.is_frozen
    ]
    if not shown and not may_start:
        return None
    bases = _findings_answering(case) if shown and user.has_perm("feedback.handle_case") else []
    return CasePanel("inspections/case_panel.html", {"case": case, "shown": shown, "may_start": may_start,
                                                      "bases": bases})  # fmt: skip


def _findings_answering(case):
    """Breaches found at the case's unit, under the norm it cites, by approved inspections that took it up: what the
    answer to the citizen can rest on. Ten at most (an inspection from complaints is about one unit)."""
    findings = Finding.objects.filter(
        inspection__grounds__case=case,
        inspection__status__in=Inspection.FROZEN_STATUSES,
        is_commendation=False,
        unit__path__startswith=case.unit.path,
    )
    if case.norm_id:
        findings = findings.filter(norm_id=case.norm_id)
    return list(findings.select_related("inspection__conclusion", "norm", "unit").order_by("pk")[:10])


def answer_bases(case) -> list[str]:
    """One sentence per finding that answers the case, citing the approved conclusion (never the official's name or
    the observation itself: the officer writes what the citizen may read)."""
    return [_basis_sentence(finding) for finding in _findings_answering(case)]


def _basis_sentence(finding: Finding) -> str:
    inspection = finding.inspection
    approved = inspection.conclusion.approved_at if hasattr(inspection, "conclusion") else None
    return _(
        "The inspection ordered by decision %(reference)s of %(date)s, whose conclusion was approved on %(approved)s, "
        "found at %(unit)s a breach of norm %(code)s (%(norm)s)."
    ) % {
        "reference": inspection.basis_reference,
        "date": date_format(inspection.basis_date, "d/m/Y"),
        "approved": date_format(timezone.localtime(approved), "d/m/Y") if approved else "",
        "unit": finding.unit.name,
        "code": finding.norm.code,
        "norm": finding.norm.title,
    }
