"""The only way to read a complainant's identity: every reading is logged.

Who may (the law on denunciations forbids revealing the denouncer) is feedback/access.py's can_see_identity and
can_correct_contact; the page asks them before it reads.
"""

from culture_portal.audit import audit_record
from feedback.models import Complainant


def identity_read(*, case, request) -> Complainant | None:
    """The complainant of `case` for this request's user, logged; None when there is none to show."""
    complainant = Complainant.objects.filter(case=case, erased_at__isnull=True).first()
    if complainant is None or complainant.is_anonymous:
        return None
    audit_record(action="feedback.identity_viewed", request=request, object_type="case", object_ref=case.tracking_code)
    return complainant
