"""Every write of the inspections app; each one is recorded in the inspection's history."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.workdays import WorkingCalendar
from feedback.selectors import cases_visible_to
from feedback.services import case_taken_up
from inspections import access
from inspections.corrective_actions import actions_create
from inspections.evidence import clean_evidence
from inspections.models import (
    AttendanceRecord,
    ChecklistItem,
    Conclusion,
    DisciplinaryOutcome,
    Evidence,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionGround,
    InspectionPlan,
    Requirement,
)
from inspections.notices import notice_request
from inspections.rereading_rules import rules_apply
from regulations.models import Norm, NormGroup

S = Inspection.Status


def _record(inspection: Inspection, user, action: str, **detail) -> None:
    InspectionEvent.objects.create(inspection=inspection, by=user, action=action, detail=detail)


def _lock(inspection: Inspection) -> None:
    """Re-read the status under a row lock: a stale page or two people pressing the same button act once."""
    inspection.status = Inspection.objects.select_for_update().values_list("status", flat=True).get(pk=inspection.pk)


def _move(inspection: Inspection, user, *, from_statuses, to_status) -> None:
    _lock(inspection)
    if inspection.status not in from_statuses:
        raise ValidationError(
            _("This step is not possible while the inspection is “%(status)s”.")
            % {"status": inspection.get_status_display()}
        )
    previous = inspection.status
    inspection.status = to_status
    inspection.save(update_fields=["status"])
    _record(inspection, user, "status", before=previous, after=to_status)
    audit_record(
        action="inspection.status", user=user, object_type="inspection", object_ref=inspection.public_id,
        detail=f"{previous} -> {to_status}",
    )  # fmt: skip


def _require_team(user, inspection: Inspection) -> None:
    _lock(inspection)
    if inspection.is_frozen:
        raise ValidationError(_("The conclusion is approved: findings are frozen; record an amendment instead."))
    if not access.can_edit(user, inspection):
        raise PermissionDenied


@transaction.atomic
def inspection_create(
    *,
    user,
    kind,
    title,
    basis_reference,
    basis_date,
    window_start,
    window_end,
    leader,
    members=(),
    units,
    norm_groups,
    scope="",
    plan=None,
) -> Inspection:
    if not access.can_create_inspection(user):
        raise PermissionDenied
    if window_end <= window_start:
        raise ValidationError({"window_end": _("The time window must end after it starts.")})
    if not units:
        raise ValidationError({"units": _("Choose at least one unit to inspect.")})
    inspection = Inspection.objects.create(
        kind=kind,
        title=title,
        basis_reference=basis_reference,
        basis_date=basis_date,
        scope=scope,
        window_start=window_start,
        window_end=window_end,
        leader=leader,
        plan=plan,
        created_by=user,
    )
    inspection.members.set(members)
    inspection.units.set(units)
    inspection.norm_groups.set(norm_groups)
    _record(inspection, user, "created", kind=kind)
    return inspection


@transaction.atomic
def inspection_from_cases(
    *, user, cases, title, basis_reference, basis_date, window_start, window_end, leader, members=(), scope=""
) -> Inspection:
    """A surprise inspection of the unit that open complaints are about, the norms they cite in scope and the cases
    attached as its grounds. Nothing is said on the cases until the conclusion is approved (conclusion_approve)."""
    if not access.can_create_inspection(user):
        raise PermissionDenied
    cases = list(cases)
    if not cases:
        raise ValidationError(_("Choose at least one case."))
    # A case the user may not see is refused like one that does not exist: nothing tells them it does.
    seen = set(cases_visible_to(user).filter(pk__in=[case.pk for case in cases]).values_list("pk", flat=True))
    if unseen := [case.tracking_code for case in cases if case.pk not in seen]:
        raise ValidationError(_("No case %(codes)s was found.") % {"codes": ", ".join(unseen)})
    if closed := [case.tracking_code for case in cases if not case.is_open]:
        raise ValidationError(
            _("Cases %(codes)s are closed (answered, merged, forwarded or not processed): only open cases can be "
              "the grounds of an inspection.") % {"codes": ", ".join(closed)}
        )  # fmt: skip
    if len({case.unit_id for case in cases}) > 1:
        raise ValidationError(
            _("These cases are about different units: an inspection started from complaints inspects the one unit "
              "they are about. Start one for each unit.")
        )  # fmt: skip
    norms = {case.norm for case in cases if case.norm_id}
    if not norms:
        raise ValidationError(_("None of these cases cites a norm: triage them first, so that the team knows what "
                                "to check."))  # fmt: skip
    inspection = inspection_create(
        user=user,
        kind=Inspection.Kind.SURPRISE,
        title=title,
        basis_reference=basis_reference,
        basis_date=basis_date,
        window_start=window_start,
        window_end=window_end,
        leader=leader,
        members=members,
        units=[cases[0].unit],
        norm_groups=NormGroup.objects.filter(norms__in=norms).distinct(),
        scope=scope,
    )
    inspection.norms.set(norms)
    InspectionGround.objects.bulk_create([InspectionGround(inspection=inspection, case=case, added_by=user)
                                          for case in cases])  # fmt: skip
    codes = sorted(case.tracking_code for case in cases)
    _record(inspection, user, "grounds", cases=codes)
    audit_record(
        action="inspection.grounds", user=user, object_type="inspection", object_ref=inspection.public_id,
        detail=", ".join(codes),
    )  # fmt: skip
    return inspection


@transaction.atomic
def inspection_start(*, inspection: Inspection, user) -> None:
    """At the unit: the checklist is built from the norms in scope, unit by unit."""
    _require_team(user, inspection)
    _move(inspection, user, from_statuses=[S.PLANNED], to_status=S.IN_PROGRESS)
    norms = Norm.objects.active().filter(group__in=inspection.norm_groups.all())
    if inspection.norms.exists():  # started from complaints: the norms they cited, not their whole groups
        norms = norms.filter(pk__in=inspection.norms.all())
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(inspection=inspection, unit=unit, norm=norm)
            for unit in inspection.units.all()
            for norm in norms
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def checklist_mark(*, item: ChecklistItem, result: str, note: str, user) -> ChecklistItem:
    _require_team(user, item.inspection)
    item.result, item.note = result, note
    item.save(update_fields=["result", "note"])
    _record(item.inspection, user, "checklist", unit=item.unit_id, norm=item.norm.code, result=result)
    return item


@transaction.atomic
def attendance_record(
    *, inspection: Inspection, unit, official, status: str, late_minutes=None, user
) -> AttendanceRecord:
    _require_team(user, inspection)
    if not inspection.units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("This unit is not inspected by this inspection.")})
    if not unit.contains(official.unit):
        raise ValidationError(
            {"official": _("%(name)s does not work in %(unit)s.") % {"name": official.full_name, "unit": unit.name}}
        )
    if status == AttendanceRecord.Status.LATE and not late_minutes:
        raise ValidationError({"late_minutes": _("Enter how many minutes late.")})
    record, _created = AttendanceRecord.objects.update_or_create(
        inspection=inspection,
        official=official,
        defaults={
            "unit": unit,
            "status": status,
            "late_minutes": late_minutes if status == AttendanceRecord.Status.LATE else None,
        },
    )
    _record(inspection, user, "attendance", official=official.employee_code, status=status)
    return record


def attendance_rate(*, inspection: Inspection, unit) -> float | None:
    """Officials at work (present or late) over those expected (everyone but those absent with leave), in %."""
    return _rate(inspection.attendance.filter(unit=unit).values_list("status", flat=True))


def attendance_rates(*, inspection: Inspection) -> dict[int, float]:
    """attendance_rate of every unit with records, by unit id, in one query (the notice lists all the units)."""
    statuses = defaultdict(list)
    for unit_id, status in inspection.attendance.values_list("unit_id", "status"):
        statuses[unit_id].append(status)
    rates = {unit_id: _rate(unit_statuses) for unit_id, unit_statuses in statuses.items()}
    return {unit_id: rate for unit_id, rate in rates.items() if rate is not None}


def _rate(statuses) -> float | None:
    expected = [status for status in statuses if status != AttendanceRecord.Status.ABSENT_WITH_LEAVE]
    if not expected:
        return None
    at_work = sum(status in (AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE) for status in expected)
    return round(100 * at_work / len(expected), 1)


@transaction.atomic
def finding_record(
    *,
    inspection: Inspection,
    unit,
    norm,
    observed: str,
    severity: str,
    user,
    official=None,
    measure=None,
    is_commendation=False,
) -> Finding:
    _require_team(user, inspection)
    if norm is None:
        raise ValidationError({"norm": _("Every finding cites a norm.")})
    if not inspection.units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("This unit is not inspected by this inspection.")})
    if official is not None and not unit.contains(official.unit):
        raise ValidationError(
            {"official": _("%(name)s does not work in %(unit)s.") % {"name": official.full_name, "unit": unit.name}}
        )
    _check_measure(measure, official)
    finding = Finding.objects.create(
        inspection=inspection,
        unit=unit,
        official=official,
        norm=norm,
        observed=observed,
        severity=severity,
        measure=measure,
        is_commendation=is_commendation,
        created_by=user,
    )
    _record(inspection, user, "finding", finding=str(finding.public_id), norm=norm.code, unit=unit.code)
    return finding


def _check_measure(measure, official) -> None:
    """A disciplinary form only for an official of the category it applies to (cán bộ, công chức, viên chức)."""
    refusal = measure.refusal_for(official) if measure is not None else None
    if refusal:
        raise ValidationError({"measure": refusal})


@transaction.atomic
def findings_submit(*, inspection: Inspection, user) -> None:
    _require_team(user, inspection)
    _move(inspection, user, from_statuses=[S.IN_PROGRESS], to_status=S.FINDINGS_SUBMITTED)


@transaction.atomic
def conclusion_draft(*, inspection: Inspection, user, overall: str, good_points: str, requirements) -> Conclusion:
    """The team leader drafts (or redrafts after a return) the conclusion and its requirements."""
    if not access.can_draft_conclusion(user, inspection):
        raise PermissionDenied
    for unit, _text, days in requirements:
        if not days:
            raise ValidationError({"requirements": _("Every requirement needs a deadline.")})
        if not inspection.units.filter(pk=unit.pk).exists():
            raise ValidationError({"requirements": _("This unit is not inspected by this inspection.")})
    _move(inspection, user, from_statuses=[S.FINDINGS_SUBMITTED, S.CONCLUSION_DRAFTED], to_status=S.CONCLUSION_DRAFTED)
    conclusion, _created = Conclusion.objects.update_or_create(
        inspection=inspection,
        defaults={"overall": overall, "good_points": good_points, "status": Conclusion.Status.DRAFT},
    )
    conclusion.requirements.all().delete()
    Requirement.objects.bulk_create(
        [
            Requirement(conclusion=conclusion, unit=unit, text=text, working_days=days)
            for unit, text, days in requirements
        ]
    )
    return conclusion


@transaction.atomic
def conclusion_approve(*, inspection: Inspection, user, on: datetime.date | None = None) -> Conclusion:
    """Leadership approves: findings freeze and every requirement gets its deadline in working days."""
    if not access.can_decide_conclusion(user, inspection):
        raise PermissionDenied
    # Separation of duties: whoever found the breaches does not approve their own conclusion.
    if access.is_on_team(user, inspection):
        raise ValidationError(
            _("You are on this inspection's team: another member of the leadership must approve its conclusion.")
        )
    conclusion = Conclusion.objects.select_for_update().filter(inspection=inspection).first()
    if conclusion is None:
        raise ValidationError(_("There is no conclusion to approve."))
    _move(inspection, user, from_statuses=[S.CONCLUSION_DRAFTED], to_status=S.CONCLUSION_APPROVED)
    on = on or timezone.localdate()
    calendar = WorkingCalendar()
    for requirement in conclusion.requirements.all():
        requirement.counted_from = on
        requirement.deadline = calendar.add_working_days(on, requirement.working_days)
        requirement.save(update_fields=["counted_from", "deadline"])
    conclusion.status, conclusion.approved_by, conclusion.approved_at = Conclusion.Status.APPROVED, user, timezone.now()
    conclusion.save(update_fields=["status", "approved_by", "approved_at"])
    inspection.conclusion = conclusion
    actions_create(conclusion=conclusion)
    # Everything the notice needs is checked here: a problem cancels the approval, nothing is queued.
    notice_request(inspection=inspection, user=user)
    # Breaches now count as approved: repeated ones bring the provision back to be re-read.
    rules_apply(inspection=inspection)
    # The surprise is over: the citizens whose complaints grounded it learn that the matter was taken up.
    for ground in inspection.grounds.select_related("case").order_by("pk"):
        case_taken_up(case=ground.case, user=user)
    return conclusion


@transaction.atomic
def conclusion_return(*, inspection: Inspection, user, comment: str) -> None:
    if not access.can_decide_conclusion(user, inspection):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Say what must change.")})
    _move(inspection, user, from_statuses=[S.CONCLUSION_DRAFTED], to_status=S.FINDINGS_SUBMITTED)
    Conclusion.objects.filter(inspection=inspection).update(status=Conclusion.Status.RETURNED, returned_comment=comment)


@transaction.atomic
def finding_amend(*, finding: Finding, user, reason: str, **changes) -> Finding:
    """After approval a finding changes only through an amendment, recorded with its reason and the old values."""
    inspection = finding.inspection
    if not inspection.is_frozen:
        raise ValidationError(_("Before approval, edit the finding directly."))
    if not access.can_amend_findings(user, inspection):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("An amendment needs a reason.")})
    allowed = {"observed", "severity", "measure"}
    before = {}
    for field, value in changes.items():
        if field not in allowed:
            raise ValidationError(_("This field cannot be amended."))
        if field == "measure":
            _check_measure(value, finding.official)
        before[field] = str(getattr(finding, field))
        setattr(finding, field, value)
    finding.save(update_fields=list(changes))
    _record(
        inspection,
        user,
        "amendment",
        finding=str(finding.public_id),
        reason=reason,
        before=before,
        after={field: str(value) for field, value in changes.items()},
    )
    return finding


@transaction.atomic
def evidence_attach(*, finding: Finding, uploaded, user) -> Evidence:
    _require_team(user, finding.inspection)
    content, mime = clean_evidence(uploaded)
    evidence = Evidence.objects.create(finding=finding, file=content, content_type=mime, size=content.size)
    _record(finding.inspection, user, "evidence", finding=str(finding.public_id), size=content.size)
    return evidence


@transaction.atomic
def plan_approve(*, plan: InspectionPlan, user) -> InspectionPlan:
    if not access.can_approve_plan(user, plan):
        raise PermissionDenied
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == InspectionPlan.Status.APPROVED:
        raise ValidationError(_("This plan is already approved."))
    if not plan.inspections.exists():
        raise ValidationError(_("Add the periodic inspections to the plan before approving it."))
    plan.status, plan.approved_by, plan.approved_at = InspectionPlan.Status.APPROVED, user, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    return plan


@transaction.atomic
def plan_create(*, user, year: int, title: str) -> InspectionPlan:
    """A draft annual plan: its periodic inspections are created into it until leadership approves it."""
    if not access.can_create_plan(user):
        raise PermissionDenied
    return InspectionPlan.objects.create(year=year, title=title, created_by=user)


@transaction.atomic
def disciplinary_outcome_record(
    *,
    user,
    finding: Finding,
    measure,
    decision_reference: str,
    decision_date: datetime.date,
    note: str = "",
    request=None,
) -> DisciplinaryOutcome:
    """The personnel office records how a serious finding was handled: about the finding's official, always audited
    (`request` gives the audit the client's address)."""
    if not access.can_record_discipline(user):
        raise PermissionDenied
    outcome = DisciplinaryOutcome.objects.create(
        finding=finding, official=finding.official, measure=measure, decision_reference=decision_reference,
        decision_date=decision_date, note=note, recorded_by=user,
    )  # fmt: skip
    audit_record(
        action="discipline.recorded", user=user, request=request, object_type="official",
        object_ref=outcome.official.employee_code, detail=f"{outcome.measure} {outcome.decision_reference}",
    )  # fmt: skip
    return outcome
