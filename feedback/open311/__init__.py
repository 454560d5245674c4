"""A read-only Open311 GeoReport v2 face (JSON only): the services and the public state of the cases.

What goes out is what anyone may know: the request's public id, the kind of feedback, the unit concerned, when
it was received and answered, and the anonymised summary the officers chose to publish. Never the citizen's own
words, never their identity, never the official concerned. Spam and merged duplicates are left out, and so
are denunciations, whose very existence the law keeps confidential.

The base address (/open311/v2/) is printed and must never change. Errors are Open311 errors: a JSON list
`[{"code": 400, "description": "..."}]` with the same HTTP status.

Where things are:

    params.py       reading the query string, each parameter bounded and checked
    selectors.py    the public cases and the norms offered as services
    serializers.py  cases and norms as Open311 dictionaries
    responses.py    JSON answers, Open311 errors, the `endpoint` decorator (GET/HEAD/OPTIONS only)
    views.py        the endpoints, wired in feedback/open311_urls.py

This module re-exports the views, the names the URLconf used when the face was one module.
"""

from feedback.open311.views import discovery, not_found, request_detail, request_list, services

__all__ = ["discovery", "not_found", "request_detail", "request_list", "services"]
