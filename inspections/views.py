"""Pages of the inspections app. Inspections are read only through selectors.inspections_visible_to()."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from culture_portal import access, storage
from culture_portal.access import officials_visible_to, permission_required, unit_for_user
from culture_portal.audit import audit_record
from culture_portal.roles import Role, has_role, in_name_order
from culture_portal.text import printable_text
from inspections import corrective_actions, notices, selectors, services
from inspections.documents import notice_content
from inspections.exports import plan_xlsx
from inspections.forms import (
    AmendmentForm,
    AttendanceForm,
    ChecklistItemForm,
    ConclusionForm,
    FindingForm,
    InspectionForm,
    OutcomeForm,
    PlanForm,
    RequirementFormSet,
    ReturnForm,
)
from inspections.models import (
    ChecklistItem,
    Conclusion,
    CorrectiveAction,
    DisciplinaryOutcome,
    Inspection,
    InspectionPlan,
    Notice,
)
from regulations.models import Severity


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_GET
@permission_required("inspections.view_inspection")
def inspection_list(request):
    """Inspectors (their own), leadership (all), unit heads (approved, about their units)."""
    inspections = (
        selectors.inspections_filtered(request.user, request.GET)
        .select_related("notice")
        .annotate(finding_count=Count("findings", distinct=True))
    )
    status = request.GET.get("status", "")
    status = status if status in Inspection.Status.values else ""
    # The narrower views the home page links to ("waiting for you"), said in words above the list.
    narrowed = {key: request.GET[key] for key in ("team", "field_over", "units", "notices") if request.GET.get(key)}
    page = Paginator(inspections.order_by("-window_start", "pk"), 25).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": Inspection.Status.choices, "status": status, "narrowed": narrowed}
    return render(request, "inspections/inspection_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("inspections.add_inspection")
def inspection_create(request):
    """Inspectors and leadership: a periodic or surprise inspection."""
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(user=request.user, **{k: data[k] for k in form.Meta.fields})
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            return redirect("inspections:detail", public_id=inspection.public_id)
    return render(request, "inspections/inspection_form.html", {"form": form})


@require_GET
@permission_required("inspections.view_inspection")
def inspection_detail(request, public_id):
    inspection = selectors.inspection_for_user(request.user, public_id)
    findings = selectors.findings_visible_to(request.user).filter(inspection=inspection)
    context = {
        "inspection": inspection,
        "units": inspection.units.order_by("path"),
        "members": in_name_order(inspection.members.all()),
        "findings": findings.select_related("unit", "official", "norm", "measure").prefetch_related("evidence"),
        "events": inspection.events.select_related("by").order_by("-at")[:50],
        "can_edit": selectors.can_edit(request.user, inspection),
        "conclusion": Conclusion.objects.filter(inspection=inspection).prefetch_related("requirements__unit").first(),
        "is_leadership": has_role(request.user, Role.LEADERSHIP),
        "can_amend": inspection.is_frozen
        and (has_role(request.user, Role.LEADERSHIP) or inspection.leader_id == request.user.pk),
        "severities": Severity.choices,
        "return_form": ReturnForm(),
    }
    return render(request, "inspections/inspection_detail.html", context)


_STEPS = {
    "start": services.inspection_start,
    "submit": services.findings_submit,
}


@require_POST
@permission_required("inspections.change_inspection")
def inspection_step(request, public_id, step):
    """Team members move the inspection on: start the field work, submit the findings."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    if step not in _STEPS:
        raise PermissionDenied
    try:
        _STEPS[step](inspection=inspection, user=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("inspections:detail", public_id=public_id)


@require_http_methods(["GET", "POST"])
@permission_required("inspections.change_inspection")
def field_checklist(request, public_id, code):
    """On a phone at the unit: the checklist of norms, the attendance roll, and new findings."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    if not selectors.can_edit(request.user, inspection):
        raise PermissionDenied
    unit = get_object_or_404(inspection.units.all(), code=code)
    items = (
        ChecklistItem.objects.filter(inspection=inspection, unit=unit)
        .select_related("norm__group")
        .order_by("norm__group__order", "norm__code")
    )
    finding_form = FindingForm(inspection=inspection, unit=unit)
    if request.method == "POST":
        return _field_post(request, inspection, unit)
    context = {
        "inspection": inspection,
        "unit": unit,
        "items": [(item, ChecklistItemForm(instance=item, prefix=f"item-{item.pk}")) for item in items],
        "roll": _roll(inspection, unit),
        "attendance_rate": services.attendance_rate(inspection=inspection, unit=unit),
        "finding_form": finding_form,
        "findings": inspection.findings.filter(unit=unit).select_related("norm", "official"),
    }
    return render(request, "inspections/field_checklist.html", context)


def _roll(inspection, unit):
    records = {record.official_id: record for record in inspection.attendance.filter(unit=unit)}
    return [
        (official, AttendanceForm(instance=records.get(official.pk), prefix=f"att-{official.pk}"))
        for official in unit.officials.active().order_by("sort_key", "employee_code")
    ]


ROW_ACTION = re.compile(r"(item|att)-([0-9]{1,18})")


def _field_post(request, inspection, unit):
    action = request.POST.get("action", "")
    if action.startswith(("item-", "att-")) and not ROW_ACTION.fullmatch(action):
        raise Http404  # a row that cannot exist: "item-abc" is no id
    try:
        if action.startswith("item-"):
            item = get_object_or_404(ChecklistItem, pk=action.removeprefix("item-"), inspection=inspection, unit=unit)
            form = ChecklistItemForm(request.POST, instance=item, prefix=action)
            if form.is_valid():
                services.checklist_mark(
                    item=item, result=form.cleaned_data["result"], note=form.cleaned_data["note"], user=request.user
                )
                messages.success(request, _("Saved."))
            else:
                messages.error(request, _("Choose complies, breach or not checked."))
        elif action.startswith("att-"):
            official = get_object_or_404(unit.officials.all(), pk=action.removeprefix("att-"))
            form = AttendanceForm(request.POST, prefix=action)
            if form.is_valid():
                services.attendance_record(
                    inspection=inspection, unit=unit, official=official, user=request.user, **form.cleaned_data
                )
                messages.success(request, _("Saved."))
            else:
                messages.error(request, _("Choose present, late, absent with or without leave."))
        elif action == "finding":
            return _finding_post(request, inspection, unit)
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("inspections:field", public_id=inspection.public_id, code=unit.code)


def _finding_post(request, inspection, unit):
    form = FindingForm(request.POST, request.FILES, inspection=inspection, unit=unit)
    if not form.is_valid():
        context = {
            "inspection": inspection,
            "unit": unit,
            "finding_form": form,
            "items": [],
            "roll": [],
            "findings": [],
        }
        return render(request, "inspections/field_checklist.html", context, status=200)
    data = form.cleaned_data
    evidence = data.pop("evidence")
    finding = services.finding_record(inspection=inspection, unit=unit, user=request.user, **data)
    if evidence:
        try:
            services.evidence_attach(finding=finding, uploaded=evidence, user=request.user)
        except ValidationError as error:
            # The finding (and what was typed) is kept; only the file needs sending again.
            messages.warning(
                request, _("The finding is saved but the file was not: %(reason)s") % {"reason": _errors(error)}
            )
            return redirect("inspections:field", public_id=inspection.public_id, code=unit.code)
        except OSError as error:
            if not storage.storage_failed(error):
                raise
            storage.log.error("Evidence could not be stored for finding %s", finding.pk, exc_info=error)
            messages.warning(
                request,
                _(
                    "The finding is saved but the file was not: the server's storage is full or cannot be "
                    "written. Send the file again later; the administrators have been told."
                ),
            )
            return redirect("inspections:field", public_id=inspection.public_id, code=unit.code)
    messages.success(request, _("Finding saved."))
    return redirect("inspections:field", public_id=inspection.public_id, code=unit.code)


@require_GET
@login_required
def my_findings(request):
    """Any signed-in official: approved findings about themselves (and nothing else)."""
    findings = (
        selectors.findings_visible_to(request.user)
        .filter(official__user=request.user)
        .select_related("inspection", "norm", "unit")
        .order_by("-created_at")
    )
    return render(request, "inspections/my_findings.html", {"findings": findings[:200]})


@require_http_methods(["GET", "POST"])
@permission_required("inspections.change_inspection")
def conclusion_edit(request, public_id):
    """The team leader drafts the conclusion and the requirements with their deadlines."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    if inspection.leader_id != request.user.pk:
        raise PermissionDenied
    existing = Conclusion.objects.filter(inspection=inspection).first()
    initial = {"overall": existing.overall, "good_points": existing.good_points} if existing else None
    initial_requirements = (
        [{"unit": r.unit, "text": r.text, "working_days": r.working_days} for r in existing.requirements.all()]
        if existing
        else None
    )
    form = ConclusionForm(request.POST or None, initial=initial)
    formset = RequirementFormSet(
        request.POST or None, initial=initial_requirements, form_kwargs={"inspection": inspection}, prefix="req"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        requirements = [
            (row["unit"], row["text"], row["working_days"]) for row in formset.cleaned_data if row and row.get("unit")
        ]
        try:
            services.conclusion_draft(
                inspection=inspection, user=request.user, requirements=requirements, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("The conclusion is drafted and waits for leadership's approval."))
            return redirect("inspections:detail", public_id=public_id)
    context = {"inspection": inspection, "form": form, "formset": formset, "conclusion": existing}
    return render(request, "inspections/conclusion_form.html", context)


@require_POST
@permission_required("inspections.change_inspection")
def conclusion_decide(request, public_id, decision):
    """Leadership approves the conclusion (findings freeze) or returns it with a comment."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    try:
        if decision == "approve":
            services.conclusion_approve(inspection=inspection, user=request.user)
            messages.success(request, _("The conclusion is approved."))
        elif decision == "return":
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.conclusion_return(inspection=inspection, user=request.user, comment=comment)
            messages.success(request, _("The conclusion is returned to the team leader."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("inspections:detail", public_id=public_id)


@require_GET
@permission_required("inspections.view_inspection")
def unit_history(request, code):
    """Every finding about a unit (and its sub-units) the user may see, by norm group and year."""
    unit = unit_for_user(request.user, code)
    findings = selectors.findings_visible_to(request.user).filter(unit__path__startswith=unit.path)
    notices = (
        Notice.objects.filter(
            status=Notice.Status.DONE,
            inspection__in=selectors.inspections_visible_to(request.user).filter(units__path__startswith=unit.path),
        )
        .select_related("inspection")
        .order_by("-issued_on")[:50]
    )
    context = {
        "unit": unit,
        "notices": notices,
        "counts": _counts_by_year_and_group(findings),
        "findings": findings.select_related("norm__group", "official", "inspection", "unit").order_by("-created_at")[
            :200
        ],
    }
    return render(request, "inspections/history.html", context)


@require_GET
@permission_required("inspections.view_inspection")
def official_history(request, employee_code):
    """Every finding about an official, for those who may see the official and the findings."""
    official = get_object_or_404(officials_visible_to(request.user).select_related("unit"), employee_code=employee_code)
    findings = selectors.findings_visible_to(request.user).filter(official=official)
    context = {
        "official": official,
        "counts": _counts_by_year_and_group(findings),
        "findings": findings.select_related("norm__group", "inspection", "unit").order_by("-created_at")[:200],
    }
    return render(request, "inspections/history.html", context)


def _counts_by_year_and_group(findings):
    """Rows of (year, {group name: count}) computed in the database."""
    rows = (
        findings.filter(is_commendation=False)
        .annotate(year=ExtractYear("created_at"))
        .values("year", "norm__group__name")
        .annotate(count=Count("pk"))
        .order_by("-year", "norm__group__name")
    )
    table: dict[int, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["year"], {})[row["norm__group__name"]] = row["count"]
    return sorted(table.items(), reverse=True)


@require_GET
@permission_required("inspections.view_inspectionplan")
def plan_list(request):
    """Inspectors and leadership: annual plans of periodic inspections."""
    plans = InspectionPlan.objects.annotate(inspection_count=Count("inspections")).order_by("-year", "title")
    return render(request, "inspections/plan_list.html", {"plans": plans, "form": PlanForm()})


@require_POST
@permission_required("inspections.add_inspectionplan")
def plan_create(request):
    form = PlanForm(request.POST)
    if form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        return redirect("inspections:plan", public_id=plan.public_id)
    plans = InspectionPlan.objects.annotate(inspection_count=Count("inspections")).order_by("-year", "title")
    return render(request, "inspections/plan_list.html", {"plans": plans, "form": form})


@require_GET
@permission_required("inspections.view_inspectionplan")
def plan_detail(request, public_id):
    plan = get_object_or_404(InspectionPlan.objects.select_related("approved_by"), public_id=public_id)
    inspections = (
        plan.inspections.filter(kind=Inspection.Kind.PERIODIC)
        .select_related("leader")
        .prefetch_related("units", "norm_groups", "members")
        .order_by("window_start")
    )
    context = {"plan": plan, "inspections": inspections, "is_leadership": has_role(request.user, Role.LEADERSHIP)}
    return render(request, "inspections/plan_detail.html", context)


@require_POST
@permission_required("inspections.change_inspectionplan")
def plan_approve(request, public_id):
    plan = get_object_or_404(InspectionPlan, public_id=public_id)
    try:
        services.plan_approve(plan=plan, user=request.user)
        messages.success(request, _("The plan is approved."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("inspections:plan", public_id=public_id)


@require_GET
@permission_required("inspections.view_inspectionplan")
def plan_export(request, public_id):
    plan = get_object_or_404(InspectionPlan, public_id=public_id)
    # Periodic inspections only, as on the plan's page: a surprise inspection is never announced in a plan.
    inspections = (
        plan.inspections.filter(kind=Inspection.Kind.PERIODIC)
        .select_related("leader")
        .prefetch_related("units", "norm_groups")
        .order_by("window_start")
    )
    filename, content = plan_xlsx(plan, inspections)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@permission_required("inspections.change_inspection")
def finding_amend(request, public_id, finding_id):
    """After approval: leadership or the team leader corrects a finding, with a reason kept in the history."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    finding = get_object_or_404(
        selectors.findings_visible_to(request.user), inspection=inspection, public_id=finding_id
    )
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason and valid values for the amendment."))
        return redirect("inspections:detail", public_id=public_id)
    data = form.cleaned_data
    changes = {field: data[field] for field in ("severity", "observed") if data[field] != getattr(finding, field)}
    try:
        services.finding_amend(finding=finding, user=request.user, reason=data["reason"], **changes)
        messages.success(request, _("The amendment is recorded."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("inspections:detail", public_id=public_id)


@require_GET
@permission_required("inspections.view_inspection")
def notice_view(request, public_id):
    """The conclusion notice as HTML, with its downloads, for everyone who may see the inspection."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    notice = get_object_or_404(Notice.objects.select_related("signatory"), inspection=inspection)
    content = notice_content(notice) if notice.status == Notice.Status.DONE else None
    return render(request, "inspections/notice.html", {"inspection": inspection, "notice": notice, "content": content})


@require_GET
@permission_required("inspections.view_inspection")
def notice_download(request, public_id, fmt):
    inspection = selectors.inspection_for_user(request.user, public_id)
    notice = get_object_or_404(Notice, inspection=inspection, status=Notice.Status.DONE)
    field = {"pdf": notice.pdf, "docx": notice.docx}.get(fmt)
    if field is None or not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:  # the file is gone from MEDIA_ROOT (a restore without the files): not a 500
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{notice.reference.replace('/', '-')}.{fmt}")


@require_POST
@permission_required("inspections.change_inspection")
def notice_retry(request, public_id):
    """Leadership asks again for a notice whose production failed."""
    inspection = selectors.inspection_for_user(request.user, public_id)
    if not has_role(request.user, Role.LEADERSHIP):
        raise PermissionDenied
    notice = get_object_or_404(Notice, inspection=inspection)
    notices.notice_retry(notice=notice)
    messages.success(request, _("The notice is being produced again."))
    return redirect("inspections:notice", public_id=public_id)


@require_GET
@permission_required("inspections.view_inspection")
def action_list(request):
    """Unit heads: their units' actions; inspectors: their inspections'; leadership: the city, overdue first."""
    today = timezone.localdate()
    rows = corrective_actions.actions_filtered(request.user, request.GET, today).select_related(
        "unit", "requirement", "inspection"
    )
    overdue_only = request.GET.get("overdue") == "1"
    narrowed = {key: request.GET[key] for key in ("status", "team", "units") if request.GET.get(key)}
    page = Paginator(rows.order_by("deadline", "pk"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "today": today, "overdue_only": overdue_only, "narrowed": narrowed}
    return render(request, "inspections/action_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("inspections.view_inspection")
def action_detail(request, public_id):
    action = get_object_or_404(
        corrective_actions.actions_visible_to(request.user).select_related("unit", "requirement", "inspection"),
        public_id=public_id,
    )
    if request.method == "POST":
        try:
            if request.POST.get("do") == "report":
                corrective_actions.action_report(
                    action=action, user=request.user, text=printable_text(request.POST.get("report", ""))[:20000],
                    files=request.FILES.getlist("evidence")[:5],
                )  # fmt: skip
                messages.success(request, _("Your report is sent to the inspectors."))
            elif request.POST.get("do") in ("accept", "reopen"):
                corrective_actions.action_review(
                    action=action, user=request.user, accept=request.POST["do"] == "accept",
                    comment=printable_text(request.POST.get("comment", ""))[:5000],
                )  # fmt: skip
                messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("inspections:action", public_id=public_id)
    head = access.headed_unit(request.user)
    context = {
        "action": action,
        "evidence": action.evidence.all(),
        "can_report": head is not None
        and action.unit.path.startswith(head.path)
        and action.status in CorrectiveAction.OPEN_STATUSES,
        "can_review": action.status == CorrectiveAction.Status.REPORTED
        and (has_role(request.user, Role.LEADERSHIP) or action.inspection.leader_id == request.user.pk
             or action.inspection.members.filter(pk=request.user.pk).exists()),
    }  # fmt: skip
    return render(request, "inspections/action_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("inspections.view_disciplinaryoutcome")
def discipline(request):
    """Leadership and the personnel office: outcomes of disciplinary handling of serious findings."""
    form = OutcomeForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("inspections.add_disciplinaryoutcome"):
            raise PermissionDenied
        if form.is_valid():
            outcome = form.save(commit=False)
            outcome.official, outcome.recorded_by = outcome.finding.official, request.user
            outcome.save()
            audit_record(
                action="discipline.recorded", request=request, object_type="official",
                object_ref=outcome.official.employee_code, detail=f"{outcome.measure} {outcome.decision_reference}",
            )  # fmt: skip
            messages.success(request, _("The outcome is recorded."))
            return redirect("inspections:discipline")
    outcomes = DisciplinaryOutcome.objects.select_related("official__unit", "measure", "finding__norm").order_by(
        "-decision_date", "-pk"
    )
    page = Paginator(outcomes, 50).get_page(request.GET.get("page"))
    # Disciplinary records are personal data of the most sensitive kind: every viewing is logged.
    audit_record(
        action="discipline.viewed", request=request, object_type="official",
        detail=", ".join(outcome.official.employee_code for outcome in page),
    )  # fmt: skip
    return render(request, "inspections/discipline.html", {"page": page, "form": form})
