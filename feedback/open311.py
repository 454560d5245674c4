"""A read-only Open311 GeoReport v2 face (JSON only): the services and the public state of the cases.

What goes out is what anyone may know: the tracking code, the kind of feedback, the unit concerned, when it
was received and answered, and the anonymised summary the officers chose to publish. Never the citizen's own
words, never their identity, never the official concerned. Spam and merged duplicates are left out, and so
are denunciations, whose very existence the law keeps confidential.

The base address (/open311/v2/) is printed and must never change. Errors are Open311 errors: a JSON list
`[{"code": 400, "description": "..."}]` with the same HTTP status.
"""

import datetime
import functools
import re
import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from feedback.models import Case, Track
from regulations.models import Norm

Status = Case.Status
Nature = Case.Nature

CHANGESET = "2026-11-27T00:00:00+07:00"  # the date of the last change of this face; bump when it changes
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPE = "application/json; charset=utf-8"
PAGE_SIZE_MAX = 50
PAGE_MAX = 1_000_000  # keeps OFFSET within every database's integers
IDS_MAX = PAGE_SIZE_MAX
CODE_MAX_LENGTH = 36  # a request id is a UUID
SERVICE_PRAISE = "praise"
SERVICE_OTHER = "other"
HIDDEN_STATUSES = (Status.SPAM, Status.DUPLICATE)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")  # ASCII digits only: int() would also take "１２" and "1_0"
DATE_ONLY = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}")
REQUEST_FIELDS = (
    "public_id", "status", "nature", "received_at", "answered_at", "is_published", "public_summary",
    "unit", "unit__name", "norm", "norm__code", "norm__title", "norm__citizen_title",
)  # fmt: skip


class Open311Error(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


# --- responses --------------------------------------------------------------------------------------------------


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    # Public open data: any web page may read it; errors too, so that a browser client can show them.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60" if status == 200 else "no-cache"
    return response


def _error(code: int, description: str) -> JsonResponse:
    response = _json([{"code": code, "description": description}], status=code)
    if code == 405:
        response["Allow"] = ALLOWED_METHODS
    return response


def _form_url() -> str:
    return settings.SITE_URL + reverse("feedback:new")


def _base_url() -> str:
    return settings.SITE_URL + reverse("open311:discovery").rsplit("/", 1)[0]


def endpoint(view):
    """GET and HEAD only (OPTIONS answers a CORS preflight); every failure becomes an Open311 error."""

    @functools.wraps(view)
    @csrf_exempt  # nothing is ever written: a POST must reach the view to be told so (405), not meet a 403
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            return _error(
                405,
                _(
                    "This Open311 service is read-only: it does not accept submissions yet. "
                    "Please send your feedback through the form at %(url)s."
                )
                % {"url": _form_url()},
            )
        try:
            params = request.GET  # parsed here: too many parameters raise TooManyFieldsSent
            return view(request, params, *args, **kwargs)
        except Open311Error as error:
            return _error(error.code, error.description)
        except SuspiciousOperation:  # too many parameters
            return _error(400, _("The query string is too long or has too many parameters."))

    return wrapper


# --- parameters -------------------------------------------------------------------------------------------------


def _text(params, name: str, max_length: int = 200) -> str:
    value = params.get(name, "").strip()
    if "\x00" in value or len(value) > max_length:
        raise Open311Error(400, _("The parameter %(name)s is not valid.") % {"name": name})
    return value


def _whole_number(params, name: str, default: int, maximum: int) -> int:
    value = _text(params, name, 20)
    if not value:
        return default
    if not WHOLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= maximum:
        raise Open311Error(
            400, _("%(name)s must be a whole number from 1 to %(max)s.") % {"name": name, "max": maximum}
        )
    return int(value)


def _aware(moment: datetime.datetime) -> datetime.datetime | None:
    """An aware datetime, or None when it lies beyond what a database can store (then it bounds nothing)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        moment.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return moment


def _moment(params, name: str, *, end: bool) -> tuple[datetime.datetime | None, bool]:
    """(moment, inclusive) from an ISO 8601 date or date and time; a date alone means the whole day."""
    value = _text(params, name, 40)
    if not value:
        return None, True
    invalid = Open311Error(
        400,
        _("%(name)s must be an ISO 8601 date or date and time, for example 2026-03-01 or 2026-03-01T08:00:00+07:00.")
        % {"name": name},
    )
    if DATE_ONLY.fullmatch(value):
        try:
            day = datetime.date.fromisoformat(value)
            if end:  # up to the end of that day: before the next one starts
                return _aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)), False
            return _aware(datetime.datetime.combine(day, datetime.time.min)), True
        except (ValueError, OverflowError):
            raise invalid from None
    candidates = [value]
    if " " in value:  # an unencoded "+07:00" arrives as " 07:00"
        head, _space, tail = value.rpartition(" ")
        candidates.append(f"{head}+{tail}")
    for candidate in candidates:
        try:
            moment = datetime.datetime.fromisoformat(candidate.replace("z", "Z"))
        except ValueError:
            continue
        return _aware(moment), True
    raise invalid


def _statuses(params) -> set[str]:
    value = _text(params, "status", 40).lower()
    wanted = {part.strip() for part in value.split(",") if part.strip()}
    if not wanted <= {"open", "closed"}:
        raise Open311Error(400, _('status must be "open" or "closed".'))
    return wanted


def _codes(params, name: str, limit: int) -> list[str]:
    value = _text(params, name, (CODE_MAX_LENGTH + 1) * limit)
    codes = [part.strip() for part in value.split(",") if part.strip()]
    if len(codes) > limit or any(len(code) > CODE_MAX_LENGTH for code in codes):
        raise Open311Error(400, _("The parameter %(name)s is not valid.") % {"name": name})
    return codes


# --- what goes out ----------------------------------------------------------------------------------------------


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else None


def _norm_name(norm: Norm) -> str:
    return norm.citizen_title or norm.title


def _extra_services() -> list[dict]:
    group = _("Other kinds")
    return [
        {
            "service_code": SERVICE_PRAISE,
            "service_name": _("Praise for an official or a desk"),
            "description": _("Tell us about an official or a desk that served you well."),
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": group,
        },
        {
            "service_code": SERVICE_OTHER,
            "service_name": _("Something else"),
            "description": _("Feedback that fits none of the other services."),
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": group,
        },
    ]


def public_cases():
    """The cases anyone may know about, with only the columns that may go out (and what they need)."""
    return (
        Case.objects.exclude(status__in=HIDDEN_STATUSES)
        .exclude(duplicate_of__isnull=False)
        .exclude(track=Track.DENUNCIATION)
        .select_related("unit", "norm")
        .only(*REQUEST_FIELDS)
    )


def _service_q(code: str) -> Q:
    if code == SERVICE_PRAISE:
        return Q(nature=Nature.PRAISE)
    if code == SERVICE_OTHER:
        return ~Q(nature=Nature.PRAISE) & Q(norm__isnull=True)
    return ~Q(nature=Nature.PRAISE) & Q(norm__code=code)


def _request(case: Case) -> dict:
    if case.nature == Nature.PRAISE:
        code, name = SERVICE_PRAISE, _("Praise for an official or a desk")
    elif case.norm is not None:
        code, name = case.norm.code, _norm_name(case.norm)
    else:
        code, name = SERVICE_OTHER, _("Something else")
    item = {
        "service_request_id": str(case.public_id),  # not the tracking code: that is half of the citizen's key
        "status": "open" if case.status in Case.OPEN_STATUSES else "closed",
        "status_notes": str(case.get_status_display()),
        "service_name": name,
        "service_code": code,
    }
    if case.is_published and case.public_summary:
        item["description"] = case.public_summary
    item.update(
        {
            "agency_responsible": case.unit.name if case.unit is not None else "",
            "requested_datetime": _iso(case.received_at),
            "updated_datetime": _iso(case.answered_at or case.received_at),
        }
    )
    return item


# --- views ------------------------------------------------------------------------------------------------------


@endpoint
def discovery(request, params):
    """GET /open311/v2/discovery.json"""
    return _json(
        {
            "changeset": CHANGESET,
            "contact": _("Citizens' feedback: the form at %(url)s or the hotline %(hotline)s.")
            % {"url": _form_url(), "hotline": getattr(settings, "FEEDBACK_HOTLINE", "")},
            "key_service": _("No API key is needed: the data are public and read-only."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": _base_url(),
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }
    )


@endpoint
def services(request, params):
    """GET /open311/v2/services.json — one service per norm in use, then praise and other."""
    norms = Norm.objects.active().select_related("group").order_by("group__order", "code")
    items = [
        {
            "service_code": norm.code,
            "service_name": _norm_name(norm),
            "description": norm.title,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": norm.group.name,
        }
        for norm in norms
    ]
    return _json(items + _extra_services())


@endpoint
def request_list(request, params):
    """GET /open311/v2/requests.json — newest first, one bounded page at a time."""
    ids = _codes(params, "service_request_id", IDS_MAX)
    service_codes = _codes(params, "service_code", 100)
    statuses = _statuses(params)
    start, start_inclusive = _moment(params, "start_date", end=False)
    end, end_inclusive = _moment(params, "end_date", end=True)
    page = _whole_number(params, "page", 1, PAGE_MAX)
    page_size = _whole_number(params, "page_size", PAGE_SIZE_MAX, PAGE_SIZE_MAX)
    if start is not None and end is not None and (start > end or (start == end and not end_inclusive)):
        raise Open311Error(400, _("start_date must not be after end_date."))

    cases = public_cases()
    if ids:  # as Open311 says: the ids asked for, and no other filter
        cases = cases.filter(public_id__in=_uuids(ids))
    else:
        if service_codes:
            wanted = Q()
            for code in service_codes:
                wanted |= _service_q(code)
            cases = cases.filter(wanted)
        if statuses == {"open"}:
            cases = cases.filter(status__in=Case.OPEN_STATUSES)
        elif statuses == {"closed"}:
            cases = cases.exclude(status__in=Case.OPEN_STATUSES)
        if start is not None:
            cases = cases.filter(received_at__gte=start)
        if end is not None:
            cases = cases.filter(**{"received_at__lte" if end_inclusive else "received_at__lt": end})
    offset = (page - 1) * page_size
    page_cases = cases.order_by("-received_at", "-pk")[offset : offset + page_size]
    return _json([_request(case) for case in page_cases])


def _uuids(values) -> list[uuid.UUID]:
    """The values that are request ids (random UUIDs); anything else matches nothing."""
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value.strip()))
        except (ValueError, AttributeError):
            continue
    return found


@endpoint
def request_detail(request, params, code):
    """GET /open311/v2/requests/<request id>.json — a list holding that one request."""
    case = None
    ids = _uuids([code])
    if ids:
        case = public_cases().filter(public_id=ids[0]).first()
    if case is None:
        raise Open311Error(404, _("There is no public service request with this id."))
    return _json([_request(case)])


@endpoint
def not_found(request, params, rest=""):
    """Anything else under the base address: an Open311 error, not an HTML page."""
    raise Open311Error(
        404,
        _("This address is not part of the Open311 service; the list of addresses is at %(url)s.")
        % {"url": settings.SITE_URL + reverse("open311:discovery")},
    )
