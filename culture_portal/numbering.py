"""Numbers and symbols of administrative documents (Decree 30/2020/NĐ-CP).

Numbers run from 01 on 1 January per issuing unit and kind of document, with
no gaps and no duplicates: the counter row is locked while a number is taken,
so two workers issuing at the same moment get consecutive numbers.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from culture_portal.models import DocumentKind, DocumentNumber, IssuingBody, Unit


class NoIssuingBody(Exception):
    pass


def issuing_body_for(*, unit: Unit, on: datetime.date) -> IssuingBody:
    """The header a unit's documents carry on a date; a unit without its own uses its nearest ancestor's."""
    candidates = {
        body.unit_id: body
        for body in IssuingBody.objects.in_force(on).filter(unit_id__in=[*unit.ancestor_ids, unit.pk])
    }
    for unit_id in [unit.pk, *reversed(unit.ancestor_ids)]:
        if unit_id in candidates:
            return candidates[unit_id]
    raise NoIssuingBody(
        _("No issuing body is recorded for %(unit)s on %(date)s.") % {"unit": unit, "date": f"{on:%d/%m/%Y}"}
    )


def document_number_issue(*, unit: Unit, kind: DocumentKind, year: int) -> int:
    """Take the next number; call it inside the transaction that stores the document."""
    with transaction.atomic():
        DocumentNumber.objects.get_or_create(unit=unit, kind=kind, year=year)
        sequence = DocumentNumber.objects.select_for_update().get(unit=unit, kind=kind, year=year)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
        return sequence.last_number


def document_reference(*, number: int, kind: DocumentKind, body: IssuingBody) -> str:
    """'05/TB-UBND': a leading zero below 10, '/' before the symbol, '-' inside it."""
    return f"{number:02d}/{kind.symbol}-{body.symbol}"
