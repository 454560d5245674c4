"""Desk ratings (public, one tap), the satisfaction summary per unit and the printable QR posters.

The rating page is public: a tablet at the counter or a QR code on the desk
opens /feedback/desk/<unit code>/. Taps are rate-limited per client address;
nothing identifies the person who taps.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from culture_portal.access import headed_unit, is_city_wide, permission_required
from culture_portal.models import Unit
from culture_portal.reorganisation import reorganisation_of, unit_in_operation
from feedback.forms import DeskRatingForm
from feedback.models import DeskRating

DESK_RATE = "12/m"
PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 90
Score = DeskRating.Score


def _active_unit(code: str) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), code=code[:32], is_active=True)


def _is_kiosk(request) -> bool:
    """`?kiosk=1`: the tablet at the counter; the thank-you page returns to the buttons by itself."""
    return request.GET.get("kiosk") == "1"


def _rate_context(unit: Unit, kiosk: bool, error: str = "") -> dict:
    return {
        "unit": unit,
        "kiosk": kiosk,
        "error": error,
        "choices": [
            {"value": Score.VERY_SATISFIED, "label": Score.VERY_SATISFIED.label, "face": "very"},
            {"value": Score.SATISFIED, "label": Score.SATISFIED.label, "face": "ok"},
            {"value": Score.NOT_SATISFIED, "label": Score.NOT_SATISFIED.label, "face": "not"},
        ],
    }


def _ceased_desk_answer(request, desk: Unit):
    """A desk that ceased in a reorganisation: its printed QR code still answers, with its successor's form (or the
    successor desk's rating page when a desk took over), and says why; never a 404 for an address on a poster."""
    successor = unit_in_operation(desk)
    if successor is None:
        if reorganisation_of(desk) is None:
            raise Http404  # closed by hand, not in a reorganisation: nothing answers for it
        messages.info(request, _("%(desk)s is no longer in operation. You can still send us your feedback here.")
                      % {"desk": desk.name})  # fmt: skip
        return redirect("feedback:new")
    messages.info(
        request,
        _("%(desk)s is no longer in operation; its work has passed to %(successor)s.")
        % {"desk": desk.name, "successor": successor.name},
    )
    if successor.is_desk:
        suffix = "?kiosk=1" if _is_kiosk(request) else ""
        return redirect(reverse("feedback:desk_rate", args=[successor.code]) + suffix)
    return redirect(feedback_form_path(successor))


@never_cache
@require_http_methods(["GET", "POST"])
def desk_rate(request, code):
    """/feedback/desk/<code>/ — printed as a QR code on posters: never change the address."""
    unit = Unit.objects.select_related("parent").filter(code=code[:32]).first()
    if unit is None:
        raise Http404
    if not unit.is_active:
        return _ceased_desk_answer(request, unit)
    kiosk = _is_kiosk(request)
    if request.method == "GET":
        return render(request, "feedback/desk_rate.html", _rate_context(unit, kiosk))
    if is_ratelimited(request, group="desk-rate", key="ip", rate=DESK_RATE, method="POST", increment=True):
        error = _("Too many ratings from this connection. Please wait a minute and try again.")
        return render(request, "feedback/desk_rate.html", _rate_context(unit, kiosk, error), status=429)
    form = DeskRatingForm(request.POST)
    if not form.is_valid():
        error = _("Your rating was not recorded. Please tap one of the three buttons.")
        return render(request, "feedback/desk_rate.html", _rate_context(unit, kiosk, error), status=400)
    rating = DeskRating.objects.create(unit=unit, score=form.cleaned_data["score"])
    return render(
        request,
        "feedback/desk_thanks.html",
        {"unit": unit, "kiosk": kiosk, "rating": rating, "form_url": feedback_form_path(unit)},
    )


def feedback_form_path(unit: Unit) -> str:
    return f"{reverse('feedback:new')}?unit={quote(unit.code)}"


# Satisfaction summary.


@dataclass
class UnitSatisfaction:
    code: str
    name: str
    parent_name: str
    path: str
    very: int
    satisfied: int
    not_satisfied: int

    @property
    def total(self) -> int:
        return self.very + self.satisfied + self.not_satisfied

    @property
    def share(self) -> float:
        """Share of ratings that are "satisfied" or better (score >= 2), from 0 to 1."""
        return (self.very + self.satisfied) / self.total if self.total else 0.0

    @property
    def share_percent(self) -> int:
        return round(self.share * 100)

    @property
    def widths(self) -> tuple[int, int, int]:
        """Whole percentages of very / satisfied / not satisfied that add up to 100 (largest remainder)."""
        if not self.total:
            return 0, 0, 0
        exact = [count * 100 / self.total for count in (self.very, self.satisfied, self.not_satisfied)]
        widths = [int(value) for value in exact]
        by_remainder = sorted(range(3), key=lambda index: exact[index] - widths[index], reverse=True)
        for index in by_remainder[: 100 - sum(widths)]:
            widths[index] += 1
        return widths[0], widths[1], widths[2]


def _period(request) -> int:
    try:
        days = int(request.GET.get("days", DEFAULT_PERIOD))
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


def _ratings_visible_to(user):
    """City-wide roles see every unit; a unit head their unit and its sub-units; anyone else nothing."""
    ratings = DeskRating.objects.all()
    if is_city_wide(user):
        return ratings
    unit = headed_unit(user)
    if unit is None:
        return ratings.none()
    return ratings.filter(unit__path__startswith=unit.path)


def satisfaction_rows(ratings) -> list[UnitSatisfaction]:
    """One aggregate query (the units' names come through the join), worst share first."""
    rows = (
        ratings.values("unit", "unit__code", "unit__name", "unit__path", "unit__parent__name")
        .annotate(
            very=Count("pk", filter=Q(score=Score.VERY_SATISFIED)),
            satisfied=Count("pk", filter=Q(score=Score.SATISFIED)),
            not_satisfied=Count("pk", filter=Q(score=Score.NOT_SATISFIED)),
        )
        .order_by()
    )
    summaries = [
        UnitSatisfaction(
            code=row["unit__code"],
            name=row["unit__name"],
            parent_name=row["unit__parent__name"] or "",
            path=row["unit__path"],
            very=row["very"],
            satisfied=row["satisfied"],
            not_satisfied=row["not_satisfied"],
        )
        for row in rows
    ]
    summaries.sort(key=lambda summary: (summary.share, -summary.total, summary.path))
    return summaries


@require_GET
@permission_required("feedback.view_deskrating")
def satisfaction(request):
    days = _period(request)
    since = timezone.now() - timedelta(days=days)
    rows = satisfaction_rows(_ratings_visible_to(request.user).filter(at__gte=since))
    totals = UnitSatisfaction(
        code="",
        name="",
        parent_name="",
        path="",
        very=sum(row.very for row in rows),
        satisfied=sum(row.satisfied for row in rows),
        not_satisfied=sum(row.not_satisfied for row in rows),
    )
    return render(
        request,
        "feedback/satisfaction.html",
        {"rows": rows, "totals": totals, "days": days, "periods": PERIODS, "since": since},
    )


# Posters.


@require_GET
@permission_required("feedback.print_poster")
def poster_list(request):
    units = Unit.objects.active().order_by("path").only("code", "name", "kind", "depth", "path")
    return render(request, "feedback/poster_list.html", {"units": units})


def _qr_data_uri(url: str, scale: int) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


@require_GET
@permission_required("feedback.print_poster")
def poster_pdf(request, code):
    from weasyprint import HTML  # a second to import; only this page needs it

    unit = _active_unit(code)
    form_url = settings.SITE_URL + feedback_form_path(unit)
    context = {
        "unit": unit,
        "form_url": form_url,
        "form_qr": _qr_data_uri(form_url, scale=10),
        "track_url": settings.SITE_URL + reverse("feedback:track"),
        "hotline": settings.FEEDBACK_HOTLINE,
    }
    if unit.kind == Unit.Kind.RECEPTION_DESK:
        desk_url = settings.SITE_URL + reverse("feedback:desk_rate", args=[unit.code])
        context.update(desk_url=desk_url, desk_qr=_qr_data_uri(desk_url, scale=5))
    # The poster speaks to citizens: in the portal's language, whatever the language of the officer's screen.
    with translation.override(settings.LANGUAGE_CODE):
        pdf = HTML(string=render_to_string("feedback/poster.html", context)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{unit.code}.pdf"'
    return response
