"""What goes out, as Open311 dictionaries: a service, the two services that are not norms, a service request.

Only what anyone may know: the request's public id (not the tracking code), the kind of feedback, the unit
concerned, when it was received and answered, and the anonymised summary the officers chose to publish. Never
the citizen's own words, never their identity, never the official concerned.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Case
from feedback.open311.selectors import SERVICE_OTHER, SERVICE_PRAISE
from regulations.models import Norm

Nature = Case.Nature


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else None


def _norm_name(norm: Norm) -> str:
    return norm.citizen_title or norm.title


def service_item(norm: Norm) -> dict:
    return {
        "service_code": norm.code,
        "service_name": _norm_name(norm),
        "description": norm.title,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": norm.group.name,
    }


def extra_services() -> list[dict]:
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


def request_item(case: Case) -> dict:
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
