"""The leadership dashboard (issue 14 §3): leadership see the whole organisation, unit heads their own subtree.

Every figure comes from figures.figures_for (database aggregates, a fixed number of queries); the view only checks
the scope and the period and turns tables into cells for the template.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from culture_portal.access import headed_unit, permission_required
from culture_portal.leadership.charts import chart_svg
from culture_portal.leadership.figures import MAX_ITEMS, NO_GROUP, figures_for, group_label, items_behind
from culture_portal.leadership.models import Target
from culture_portal.leadership.period import PeriodForm
from culture_portal.models import Unit
from culture_portal.organisation import unit_find, units_named
from culture_portal.roles import Role, has_role
from regulations.models import NormGroup
from regulations.selectors import rereadings_summary

MAX_UNIT_TEXT = 100  # a unit code (at most 32 characters) or a few words of its name


def dashboard_scope(user) -> Unit | None:
    """The widest unit the user may see: None (everything) for leadership, the headed unit for a unit head."""
    if user.is_superuser or has_role(user, Role.LEADERSHIP):
        return None
    unit = headed_unit(user)
    if unit is None:
        raise PermissionDenied
    return unit


def unit_in_scope(user, text: str) -> tuple[Unit | None, str]:
    """(unit, error): the unit asked for by code or name within the user's scope (404 outside it), or the default.

    A code outside the user's subtree is not found (404); a name is looked for only inside it ("bac ha" finds
    "Phường Bắc Hà"). A text that names no unit, or several, is an input error (a message)."""
    scope = dashboard_scope(user)
    text = text.strip()
    if not text:
        return scope, ""
    if len(text) > MAX_UNIT_TEXT:
        return scope, _("No unit has the code or name “%(text)s”.") % {"text": text[:MAX_UNIT_TEXT] + "…"}
    unit = Unit.objects.filter(code=text.upper()).first()
    if unit is not None:
        if scope is not None and not scope.contains(unit):
            raise Http404
        return unit, ""
    unit, candidates = unit_find(text, units=Unit.objects.subtree_of(scope) if scope else Unit.objects.all())
    if unit is not None:
        return unit, ""
    if candidates:
        return scope, _("Several units match “%(text)s”: %(units)s. Type the code of the one you mean.") % {
            "text": text,
            "units": units_named(candidates),
        }
    return scope, _("No unit has the code or name “%(text)s”.") % {"text": text}


def display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return formats.number_format(value, 1, use_l10n=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def table_rows(table) -> SafeString:
    """The table's body rows as HTML: the unit (or figure) in a row header, numbers right-aligned, the worst cells
    marked for the eye (▲, bold) and for screen readers. Built here rather than in the template, and with plain
    string operations: a unit head's page has some 3,000 cells, which the template engine (or format_html per cell)
    takes a tenth of a second to draw. Every piece of text and every address goes through escape()."""
    among_highest = escape(_("among the highest"))
    html = []
    for r, row in enumerate(table.rows):
        html.append("<tr>")
        for c, value in enumerate(row):
            content = escape(display(value))
            url = table.links.get((r, c))
            if url:
                content = f'<a href="{escape(url)}">{content}</a>'
            if c == 0:
                html.append(f'<th scope="row">{content}</th>')
                continue
            classes = "text-end" if not isinstance(value, str) else ""
            if (r, c) in table.highlight:
                classes = f"{classes} worst"
                content = f'<strong>▲ {content}</strong><span class="visually-hidden"> ({among_highest})</span>'
            html.append(f'<td class="{classes}">{content}</td>')
        html.append("</tr>\n")
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703: every value above is escaped


def headline(result) -> list[tuple[str, str, str]]:
    """(label, value, section key) of the figures shown first, above the sections."""

    def number(section: str, key: str, missing: str = "—") -> str:
        value = result.section(section).numbers[key]
        return missing if value is None else display(value)

    return [
        (_("Breaches found"), number("scorecard", "findings"), "scorecard"),
        (_("Upheld complaints"), number("scorecard", "upheld_complaints"), "scorecard"),
        (_("Surprise inspections (conclusion approved)"), number("inspections", "surprise"), "inspections"),
        (_("Corrective actions overdue"), number("actions", "overdue"), "actions"),
        (_("Feedback answered within the legal deadline (%)"), number("feedback", "on_time_rate"), "feedback"),
        (_("Median answer time (working days)"), number("feedback", "median_answer_days"), "feedback"),
        (
            _("Citizens satisfied or very satisfied (%)"),
            number("satisfaction", "satisfaction_share", _("too few ratings")),
            "satisfaction",
        ),
        (_("Assigned documents confirmed as read (%)"), number("dissemination", "confirmed_rate"), "dissemination"),
    ]


@require_GET
@permission_required("leadership.view_dashboard")
def dashboard(request):
    unit, unit_error = unit_in_scope(request.user, request.GET.get("unit", ""))
    form = PeriodForm(request.GET)
    context = {
        "form": form,
        "unit": unit,
        "unit_code": request.GET.get("unit", "")[:MAX_UNIT_TEXT],
        "unit_error": unit_error,
    }
    if unit_error or not form.is_valid():
        return render(request, "leadership/dashboard.html", context, status=400)
    result = figures_for(period=form.period(), unit=unit)
    context["figures"] = result
    context["targets"] = Target.objects.in_force(result.period.end).order_by("measure", "-valid_from")
    context["headline"] = headline(result)
    # Provisions brought back after repeated breaches (issue 18 §3), in the same scope; not tied to the period.
    context["rereadings"] = rereadings_summary(unit=unit or dashboard_scope(request.user), today=timezone.localdate())
    context["sections"] = [
        {
            "section": section,
            "charts": [{"chart": chart, "svg": chart_svg(chart)} for chart in section.charts],
            "tables": [{"table": table, "rows": table_rows(table)} for table in section.tables],
        }
        for section in result.sections
    ]
    return render(request, "leadership/dashboard.html", context)


@require_GET
@permission_required("leadership.view_dashboard")
def dashboard_items(request):
    """The approved findings and upheld complaints behind a scorecard cell (no complainant, capped list)."""
    unit, unit_error = unit_in_scope(request.user, request.GET.get("unit", ""))
    form = PeriodForm(request.GET)
    group = request.GET.get("group", "")[:64]
    if group and group != NO_GROUP and not NormGroup.objects.filter(code=group).exists():
        unit_error = unit_error or _("There is no norm group “%(code)s”.") % {"code": group}
    context = {"form": form, "unit": unit, "group": group, "unit_error": unit_error, "max_items": MAX_ITEMS}
    if unit_error or not form.is_valid():
        return render(request, "leadership/dashboard_items.html", context, status=400)
    own = unit is not None and request.GET.get("own") == "1"
    context.update(
        period=form.period(),
        own=own,
        group_label=group_label(group),
        items=items_behind(period=form.period(), unit=unit, group=group, own=own),
        back_query=form.period().query() | ({"unit": unit.code} if unit else {}),
    )
    return render(request, "leadership/dashboard_items.html", context)
