"""Reading the query string: every parameter bounded and checked, a bad one answered with an Open311 error (400)."""

import datetime
import re
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.open311.responses import Open311Error

CODE_MAX_LENGTH = 36  # a request id is a UUID
WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")  # ASCII digits only: int() would also take "１２" and "1_0"
DATE_ONLY = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}")


def _text(params, name: str, max_length: int = 200) -> str:
    value = params.get(name, "").strip()
    if "\x00" in value or len(value) > max_length:
        raise Open311Error(400, _("The parameter %(name)s is not valid.") % {"name": name})
    return value


def whole_number(params, name: str, default: int, maximum: int) -> int:
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


def moment(params, name: str, *, end: bool) -> tuple[datetime.datetime | None, bool]:
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
            parsed = datetime.datetime.fromisoformat(candidate.replace("z", "Z"))
        except ValueError:
            continue
        return _aware(parsed), True
    raise invalid


def statuses(params) -> set[str]:
    value = _text(params, "status", 40).lower()
    wanted = {part.strip() for part in value.split(",") if part.strip()}
    if not wanted <= {"open", "closed"}:
        raise Open311Error(400, _('status must be "open" or "closed".'))
    return wanted


def codes(params, name: str, limit: int) -> list[str]:
    value = _text(params, name, (CODE_MAX_LENGTH + 1) * limit)
    found = [part.strip() for part in value.split(",") if part.strip()]
    if len(found) > limit or any(len(code) > CODE_MAX_LENGTH for code in found):
        raise Open311Error(400, _("The parameter %(name)s is not valid.") % {"name": name})
    return found


def uuids(values) -> list[uuid.UUID]:
    """The values that are request ids (random UUIDs); anything else matches nothing."""
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(value.strip()))
        except (ValueError, AttributeError):
            continue
    return found
