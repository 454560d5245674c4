"""What feedback knows of one official, for their record page (culture_portal.official_record): complaints and
praise that named them, once triaged, never with who sent them; and the ratings of the desk they staff.

The official reading their own record sees only what the law allows: cases answered, and never a denunciation
(Law on Denunciation 2018: the denouncer is protected; the denounced learns the conclusion, not the file)."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from culture_portal import access
from culture_portal.official_record import LIMIT, RecordEntry, RecordSource
from feedback.models import Case, DeskRating
from feedback.selectors import cases_visible_to

UNTRIAGED = (Case.Status.RECEIVED, Case.Status.SPAM)


def _entries(user, official, year):
    return [*_cases(user, official, year), *_desk_ratings(official, year)]


def _cases(user, official, year):
    if access.own_official(user) == official:
        cases = Case.objects.filter(official=official, status=Case.Status.ANSWERED).exclude(track="denunciation")
        readable = set()
    else:
        cases = cases_visible_to(user).filter(official=official).exclude(status__in=UNTRIAGED)
        readable = None  # every case listed is one the reader may open
    if year:
        cases = cases.filter(received_at__year=year)
    cases = cases.select_related("norm__group").order_by("-received_at")[:LIMIT]
    return [
        RecordEntry(
            date=timezone.localtime(case.received_at).date(),
            kind=case.get_nature_display(),
            title=f"{case.tracking_code} · {case.get_track_display()}",
            detail=_("Upheld") if case.upheld in Case.UPHELD_OUTCOMES else case.get_status_display(),
            url=None if readable is not None else reverse("feedback:case", args=[case.public_id]),
            group_code=case.norm.group.code if case.norm_id else "",
            group_name=case.norm.group.name if case.norm_id else "",
            tone="good"
            if case.nature == Case.Nature.PRAISE
            else "breach"
            if case.upheld in Case.UPHELD_OUTCOMES
            else "",
        )
        for case in cases
    ]


def _desk_ratings(official, year):
    """The desk's ratings per year (one line a year, not one per tap), when the official staffs a desk."""
    if not official.unit.is_desk:
        return []
    ratings = DeskRating.objects.filter(unit=official.unit)
    if year:
        ratings = ratings.filter(at__year=year)
    rows = (
        ratings.annotate(year=ExtractYear("at"))
        .values("year")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=DeskRating.Score.SATISFIED)))
        .order_by("-year")
    )
    today = timezone.localdate()
    return [
        RecordEntry(
            date=today if row["year"] == today.year else today.replace(year=row["year"], month=12, day=31),
            kind=_("Ratings of the desk"),
            title=official.unit.name,
            detail=ngettext(
                "%(count)s rating, %(percent)s%% satisfied or very satisfied",
                "%(count)s ratings, %(percent)s%% satisfied or very satisfied",
                row["n"],
            )
            % {"count": row["n"], "percent": round(100 * row["satisfied"] / row["n"])},
        )
        for row in rows
    ]


SOURCE = RecordSource("feedback", _entries, order=20)
