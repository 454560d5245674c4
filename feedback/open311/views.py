"""The Open311 views: discovery, services, the list of requests and one request; anything else is a 404 error.

The base address (/open311/v2/) is printed and must never change.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from feedback.open311 import params as query
from feedback.open311.responses import Open311Error, endpoint, form_url, json_response
from feedback.open311.selectors import public_cases, public_cases_matching, service_norms
from feedback.open311.serializers import extra_services, request_item, service_item

CHANGESET = "2026-11-27T00:00:00+07:00"  # the date of the last change of this face; bump when it changes
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
PAGE_SIZE_MAX = 50
PAGE_MAX = 1_000_000  # keeps OFFSET within every database's integers
IDS_MAX = PAGE_SIZE_MAX


def _base_url() -> str:
    return settings.SITE_URL + reverse("open311:discovery").rsplit("/", 1)[0]


@endpoint
def discovery(request, params):
    """GET /open311/v2/discovery.json"""
    return json_response(
        {
            "changeset": CHANGESET,
            "contact": _("Citizens' feedback: the form at %(url)s or the hotline %(hotline)s.")
            % {"url": form_url(), "hotline": getattr(settings, "FEEDBACK_HOTLINE", "")},
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
    return json_response([service_item(norm) for norm in service_norms()] + extra_services())


@endpoint
def request_list(request, params):
    """GET /open311/v2/requests.json — newest first, one bounded page at a time."""
    ids = query.codes(params, "service_request_id", IDS_MAX)
    service_codes = query.codes(params, "service_code", 100)
    statuses = query.statuses(params)
    start, start_inclusive = query.moment(params, "start_date", end=False)
    end, end_inclusive = query.moment(params, "end_date", end=True)
    page = query.whole_number(params, "page", 1, PAGE_MAX)
    page_size = query.whole_number(params, "page_size", PAGE_SIZE_MAX, PAGE_SIZE_MAX)
    if start is not None and end is not None and (start > end or (start == end and not end_inclusive)):
        raise Open311Error(400, _("start_date must not be after end_date."))

    cases = public_cases_matching(
        ids=query.uuids(ids) if ids else None, service_codes=service_codes, statuses=statuses,
        start=start, end=end, end_inclusive=end_inclusive,
    )  # fmt: skip
    offset = (page - 1) * page_size
    page_cases = cases.order_by("-received_at", "-pk")[offset : offset + page_size]
    return json_response([request_item(case) for case in page_cases])


@endpoint
def request_detail(request, params, code):
    """GET /open311/v2/requests/<request id>.json — a list holding that one request."""
    case = None
    ids = query.uuids([code])
    if ids:
        case = public_cases().filter(public_id=ids[0]).first()
    if case is None:
        raise Open311Error(404, _("There is no public service request with this id."))
    return json_response([request_item(case)])


@endpoint
def not_found(request, params, rest=""):
    """Anything else under the base address: an Open311 error, not an HTML page."""
    raise Open311Error(
        404,
        _("This address is not part of the Open311 service; the list of addresses is at %(url)s.")
        % {"url": settings.SITE_URL + reverse("open311:discovery")},
    )
