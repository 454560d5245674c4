"""How the Open311 face answers: public JSON, Open311 errors, and the `endpoint` decorator every view wears.

Errors are Open311 errors: a JSON list `[{"code": 400, "description": "..."}]` with the same HTTP status.
"""

import functools

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

CONTENT_TYPE = "application/json; charset=utf-8"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class Open311Error(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


def json_response(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    # Public open data: any web page may read it; errors too, so that a browser client can show them.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60" if status == 200 else "no-cache"
    return response


def _error(code: int, description: str) -> JsonResponse:
    response = json_response([{"code": code, "description": description}], status=code)
    if code == 405:
        response["Allow"] = ALLOWED_METHODS
    return response


def form_url() -> str:
    return settings.SITE_URL + reverse("feedback:new")


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
                % {"url": form_url()},
            )
        try:
            params = request.GET  # parsed here: too many parameters raise TooManyFieldsSent
            return view(request, params, *args, **kwargs)
        except Open311Error as error:
            return _error(error.code, error.description)
        except SuspiciousOperation:  # too many parameters
            return _error(400, _("The query string is too long or has too many parameters."))

    return wrapper
