"""The periodic summary report (issue 14 §4): list, new, the draft page, produce, issue, progress, downloads.

Who: the drafting role (inspectors — the programme's office — and leadership: leadership.draft_report) writes the
narrative and asks for draft files; leadership issues (leadership.issue_report). Unit heads have no reports: a
report speaks for the organisation to the superior body, and the dashboard gives them their own units' figures.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from culture_portal.access import headed_unit, is_city_wide, permission_required
from culture_portal.leadership import report_documents, report_services, report_snapshot
from culture_portal.leadership.charts import chart_svg
from culture_portal.leadership.figures import figures_for
from culture_portal.leadership.models import Report
from culture_portal.leadership.report_forms import NarrativeForm, ReportNewForm
from culture_portal.models import Unit

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def reports_visible_to(user):
    """City-wide roles: every report; anybody else holding the permission: reports on their own subtree only."""
    reports = Report.objects.select_related("unit", "signatory")
    if is_city_wide(user):
        return reports
    unit = headed_unit(user)
    if unit is None:
        return reports.none()
    return reports.filter(unit__path__startswith=unit.path)


def report_for_user(user, public_id) -> Report:
    return get_object_or_404(reports_visible_to(user), public_id=public_id)


def unit_in_scope(user, code: str) -> Unit:
    """The unit a new report is about; a code outside the user's scope is a 404, as if it did not exist."""
    units = Unit.objects.all()
    if not is_city_wide(user):
        unit = headed_unit(user)
        units = units.filter(path__startswith=unit.path) if unit else units.none()
    return get_object_or_404(units, code=code)


@require_GET
@permission_required("leadership.view_report")
def report_list(request):
    # Queries: session, user, groups (roles), official, count, page of reports with unit and signatory.
    page = Paginator(reports_visible_to(request.user).order_by("-created_at", "-pk"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "leadership/report_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@permission_required("leadership.draft_report")
def report_new(request):
    form = ReportNewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["unit"]
        unit = unit_in_scope(request.user, code) if code else None
        report = report_services.report_create(user=request.user, period=form.period(), unit=unit)
        messages.success(request, _("The draft report is created: write its narrative, then produce the files."))
        return redirect("leadership:report", public_id=report.public_id)
    return render(request, "leadership/report_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("leadership.view_report")
def report_detail(request, public_id):
    report = report_for_user(request.user, public_id)
    may_draft = request.user.has_perm("leadership.draft_report") and report.is_editable
    form = NarrativeForm(instance=report) if may_draft else None
    if request.method == "POST":
        form, done = _narrative_post(request, report, may_draft=may_draft)
        if done:
            return redirect("leadership:report", public_id=report.public_id)
    if report.figures is not None:
        figures = report_snapshot.load(report.figures)
    else:
        figures = figures_for(period=report.period, unit=report.unit)
    context = {
        "report": report,
        "form": form,
        "parts": _page_parts(report, figures),
        "steps": report_services.STEPS,
    }
    return render(request, "leadership/report_detail.html", context, status=400 if form and form.errors else 200)


def _narrative_post(request, report: Report, *, may_draft: bool) -> tuple[NarrativeForm | None, bool]:
    """The drafting officer saves the narrative: (the form to show again, whether the page is done)."""
    if not request.user.has_perm("leadership.draft_report"):
        raise PermissionDenied
    if not may_draft:
        messages.error(request, _("An issued report cannot be changed."))
        return None, True
    form = NarrativeForm(request.POST, instance=Report(pk=report.pk))
    if not form.is_valid():
        return form, False
    try:
        report_services.report_narrative_update(report=report, user=request.user, narrative=form.narrative())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The narrative is saved."))
    return form, True


def _svg(chart):
    return chart_svg(chart)


def _page_parts(report: Report, figures) -> list[dict]:
    """The draft page in the report's order: the narrative's place, then each part's sentences, tables and charts."""
    parts = [{"key": "achievements", "title": _("Results: working methods, discipline, communication, premises")}]
    for part, title, keys in report_documents.FIGURE_PARTS:
        sections = report_documents._sections(figures, *keys)
        if sections:
            parts.append(
                {
                    "key": part,
                    "title": title,
                    "sentences": report_documents.figure_sentences(part, figures),
                    "tables": [
                        (table, [[report_documents.cell_text(value) for value in row] for row in table.rows])
                        for section in sections
                        for table in section.tables
                    ],
                    "charts": [(chart, _svg(chart)) for section in sections for chart in section.charts],
                }
            )
    parts.append({"key": "shortcomings", "title": _("Shortcomings")})
    parts.append({"key": "directions", "title": _("Directions")})
    return parts


def _request_files(request, public_id, *, issue: bool):
    report = report_for_user(request.user, public_id)
    try:
        report_services.report_request(report=report, user=request.user, issue=issue)
    except report_services.ReportBusy as busy:
        messages.warning(request, " ".join(busy.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is being produced; this page shows how far it has got."))
    return redirect("leadership:report", public_id=report.public_id)


@require_POST
@permission_required("leadership.draft_report")
def report_produce(request, public_id):
    """Draft files (PDF, DOCX, XLSX) without a number, to read and correct before the issue."""
    return _request_files(request, public_id, issue=False)


@require_POST
@permission_required("leadership.issue_report")
def report_issue(request, public_id):
    """Leadership issues the report: it takes the next BC number, the figures are frozen, the files are produced."""
    return _request_files(request, public_id, issue=True)


@require_GET
@permission_required("leadership.view_report")
def report_progress(request, public_id):
    """What the draft page polls (static/portal/js/report-progress.js) while the files are being produced."""
    report = report_for_user(request.user, public_id)
    step = report.progress_step
    label = (
        _("Step %(step)d of %(total)d") % {"step": step, "total": report.progress_total}
        if report.status == Report.Status.PRODUCING
        else report.get_status_display()
    )
    return JsonResponse(
        {"status": report.status, "step": step, "total": report.progress_total, "label": label},
        headers={"Cache-Control": "no-store"},
    )


@require_GET
@permission_required("leadership.view_report")
def report_download(request, public_id, fmt):
    report = report_for_user(request.user, public_id)
    if fmt not in FILE_TYPES or report.status == Report.Status.PRODUCING:
        raise Http404
    field = getattr(report, fmt)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:  # the file is gone from MEDIA_ROOT (a restore without the files): not a 500
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=report_documents.download_name(report, fmt), content_type=FILE_TYPES[fmt]
    )
