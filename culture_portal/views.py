"""Pages of the shared core: home, health, calendar and the organisation."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import Error as DatabaseError
from django.db import connection
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from kombu import Connection

from culture_portal import access, calendar_corrections, importing, setup, waiting
from culture_portal.forms import (
    AuditFilterForm,
    CalendarConfirmForm,
    CalendarDayDecisionForm,
    CalendarYearForm,
    ImportForm,
    OfficialFilterForm,
)
from culture_portal.models import AuditEntry, DeadlineRule, Official, Unit, WorkerHeartbeat
from culture_portal.navigation import home_panels, items_for
from culture_portal.official_record import official_record as record_of
from culture_portal.reorganisation import reorganisation_of, unit_in_operation
from culture_portal.roles import Role, roles_of
from culture_portal.workdays import WorkingCalendar


@require_GET
def home(request):
    """Public: entry points per audience; signed-in users see first what is waiting for them, then what their roles
    allow."""
    role_labels = [label for code, label in Role.choices if code in roles_of(request.user)]
    context = {
        "waiting": waiting.items_for(request.user),
        "entries": items_for(request.user),
        "role_labels": role_labels,
        "panels": home_panels(request),
    }
    return render(request, "culture_portal/home.html", context)


@never_cache
@require_GET
def healthz(request):
    """Public, for load balancers: 200 while the database answers, 503 when it does not."""
    report = {"database": _database_status(), "broker": _broker_status(), "worker": None}
    if report["database"]["ok"]:
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
        report["worker"] = {"last_seen": last.isoformat() if last else None}
    healthy = report["database"]["ok"] and report["broker"]["ok"]
    report["status"] = "ok" if healthy else ("degraded" if report["database"]["ok"] else "error")
    return JsonResponse(report, status=200 if report["database"]["ok"] else 503)


def _database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except DatabaseError as exc:  # any database error, also a connection that the server closed
        return {"ok": False, "error": exc.__class__.__name__}


def _broker_status() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as broker:
            broker.ensure_connection(max_retries=1, timeout=1)
        return {"ok": True, "mode": "broker"}
    except Exception as exc:  # noqa: BLE001 - any failure to reach the broker is "unreachable"
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}


@require_GET
def calendar(request):
    """Public: the year's days off and working Saturdays, as deadlines count them, the days waiting for an
    administrator's decision, and which periods count working days and which calendar days."""
    form = CalendarYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    working_calendar = WorkingCalendar()
    on = min(max(timezone.localdate(), datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
    context = {
        "form": form,
        "year": year,
        "days_off": working_calendar.days_off(year),
        "unconfirmed": working_calendar.unconfirmed_days(year),
        "working_weekend_days": working_calendar.working_weekend_days(year),
        "years": range(year - 1, year + 2),
        "rules_on": on,
        "rules": DeadlineRule.objects.in_force(on).order_by("counting", "track", "step", "condition"),
        "may_decide": request.user.has_perm("culture_portal.add_calendarexception"),
    }
    return render(request, "culture_portal/calendar.html", context)


@require_POST
@access.permission_required("culture_portal.add_calendarexception")
def calendar_day_decide(request):
    """An administrator confirms an unconfirmed holiday as a day off, or removes it (a working day); the open
    deadlines across it are recounted."""
    form = CalendarDayDecisionForm(request.POST)
    year = timezone.localdate().year
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the day and the decision."))
        day = form.cleaned_data["date"]
        year = day.year
        _exception, plans = calendar_corrections.calendar_day_decide(
            day=day,
            day_off=form.cleaned_data["decision"] == CalendarDayDecisionForm.DAY_OFF,
            legal_basis=form.cleaned_data["legal_basis"],
            user=request.user,
            request=request,
        )
        messages.success(request, calendar_corrections.plans_summary(plans))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("calendar") + f"?year={year}")


@require_GET
@access.permission_required("culture_portal.view_unit")
def unit_list(request):
    """Staff and above: the organisation tree, with the number of active officials per unit."""
    units = (
        access.units_visible_to(request.user)
        .annotate(official_count=Count("officials", filter=Q(officials__is_active=True)))
        .order_by("path")
    )  # aggregation drops Meta.ordering; path order is the tree, depth first
    return render(request, "culture_portal/unit_list.html", {"units": units})


@require_GET
@access.permission_required("culture_portal.view_unit")
def unit_detail(request, code):
    """Staff and above; the roll of officials only for those whose scope covers the unit."""
    unit = access.unit_for_user(request.user, code)
    context = {
        "unit": unit,
        "ancestors": Unit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"),
        "children": unit.children.order_by("path"),  # the tree's order, as on the list of units
        "officials": access.unit_officials_for_user(request.user, unit).order_by("sort_key", "employee_code")
        if request.user.has_perm("culture_portal.view_official")
        else Official.objects.none(),
        "issuing_body": unit.issuing_bodies.in_force(timezone.localdate()).first(),
        # A unit that ceased in a reorganisation says when, under which text, and who took over; a successor
        # names the units whose work it took over.
        "ceased_under": reorganisation_of(unit),
        "successor": unit_in_operation(unit) if not unit.is_active else None,
        "took_over": unit.predecessors.filter(parent=unit).order_by("path"),
    }
    return render(request, "culture_portal/unit_detail.html", context)


OFFICIALS_PER_PAGE = 50


@require_GET
@access.permission_required("culture_portal.view_official")
def official_list(request):
    """Roles with view_official; a unit head sees their subtree, staff only themselves."""
    form = OfficialFilterForm(request.GET or None)
    officials = access.officials_visible_to(request.user).select_related("unit")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            officials = officials.matching(data["q"])
        if data["unit"]:
            officials = officials.filter(unit__path__startswith=data["unit"].path)
        if data["category"]:
            officials = officials.filter(category=data["category"])
        if data["status"]:
            officials = officials.filter(is_active=data["status"] == "active")
    # Vietnamese order (given, middle, family name), paged in the database through official_sort_idx.
    page = Paginator(officials.order_by("sort_key", "employee_code"), OFFICIALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "culture_portal/official_list.html", {"form": form, "page": page})


@require_GET
@login_required
def official_record(request, code):
    """One official's whole record, for city-wide roles, the official's unit heads and the official themself (the
    officials they may list; 404 for anybody else), filtered by year and norm group."""
    official = get_object_or_404(access.officials_visible_to(request.user).select_related("unit"), employee_code=code)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    group = request.GET.get("group", "")[:32]
    record = record_of(request.user, official, year=year, group=group)
    this_year = timezone.localdate().year
    context = {
        "official": official,
        "record": record,
        "year": year,
        "group": group,
        "years": range(this_year, this_year - 6, -1),
        "is_self": access.own_official(request.user) == official,
    }
    return render(request, "culture_portal/official_record.html", context)


@require_http_methods(["GET", "POST"])
@access.permission_required("culture_portal.import_organisation")
def organisation_import(request):
    """Administrators: upload units or officials; a dry run reports every bad row and writes nothing."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = importing.import_file(
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            request=request,
        )
    return render(request, "culture_portal/import.html", {"form": form, "report": report})


@require_GET
@access.permission_required("culture_portal.view_auditentry")
def audit_log(request):
    """Leadership and administrators search the audit log (read only: it cannot be changed, here or elsewhere)."""
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(actor_name__iexact=data["user"].strip())
        if data["action"]:
            entries = entries.filter(action__startswith=data["action"])
        if data["object_ref"]:
            entries = entries.filter(object_ref=data["object_ref"].strip())
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
    page = Paginator(entries.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "culture_portal/audit_log.html", {"form": form, "page": page})


@require_GET
@access.permission_required("culture_portal.view_calendarconfirmation")
def setup_page(request):
    """Administrators: what the portal still needs before real use, each item linking to the screen that fixes it."""
    items = setup.setup_checklist()
    today = timezone.localdate()
    context = {
        "items": items,
        "remaining": sum(1 for item in items if not item.done),
        "years_to_confirm": setup.years_to_confirm(today=today),
    }
    return render(request, "culture_portal/setup.html", context)


@require_POST
@access.permission_required("culture_portal.add_calendarconfirmation")
def calendar_confirm(request):
    """An administrator confirms that a year's days off match the government's announcement."""
    form = CalendarConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the year to confirm."))
        setup.calendar_confirm(year=form.cleaned_data["year"], user=request.user, request=request)
        messages.success(request, _("The calendar of %(year)d is confirmed.") % {"year": form.cleaned_data["year"]})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("setup")


@require_POST
@access.permission_required("culture_portal.view_calendarconfirmation")
def email_test(request):
    """An administrator sends themselves a test e-mail: the set-up item only says the settings are there."""
    try:
        address = setup.email_test_send(user=request.user, request=request)
        messages.success(
            request,
            _("A test e-mail is on its way to %(address)s. If it has not arrived within a few minutes, check the "
              "EMAIL_* settings and that a worker is running.") % {"address": address},
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("setup")


def server_error(request):
    """The 500 handler. A database that cannot be reached (a restart, a fail-over) is "try again shortly" (503):
    Django drops the broken connection after the request and the next one reconnects by itself."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
