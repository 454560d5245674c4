"""What of the feedback app moves when units cease in a reorganisation (culture_portal.reorganisation calls
`open_cases_move`, registered from the AppConfig): open cases about a ceasing unit, or handled by one, go to the
successor; answered and closed cases keep the unit they were about. Each moved case gets a line in its history."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from culture_portal.bulk_writes import bulk_write
from culture_portal.reorganisation import OpenWork
from feedback.models import Case, CaseEvent

LANGUAGE = "vi"  # what officers read in a case's history, as feedback.services writes it
BATCH = 1000


def open_cases_move(*, units, successor, limit: int) -> OpenWork:
    cases = Case.objects.filter(status__in=Case.OPEN_STATUSES).filter(Q(unit__in=units) | Q(handling_unit__in=units))
    sample = [
        (code, reverse("feedback:case", args=[public_id]))
        for code, public_id in cases.order_by("received_at", "pk").values_list("tracking_code", "public_id")[:limit]
    ]

    def apply(*, user, reorganisation) -> None:
        if successor is None:
            return
        ids = list(cases.values_list("pk", flat=True))
        with bulk_write(Case, Q(pk__in=ids)):  # the dashboard counts a case in its unit: the counts move with it
            Case.objects.filter(pk__in=ids, unit__in=units).update(unit=successor)
            Case.objects.filter(pk__in=ids, handling_unit__in=units).update(handling_unit=successor)
        with override(LANGUAGE):
            note = _("Moved to %(unit)s: the unit concerned ceased on %(date)s under %(basis)s.") % {
                "unit": successor.name,
                "date": f"{reorganisation.effective_on:%d/%m/%Y}",
                "basis": reorganisation.legal_basis,
            }
        CaseEvent.objects.bulk_create(
            [CaseEvent(case_id=pk, actor=user, action="reorganised", note=note) for pk in ids], batch_size=BATCH
        )

    return OpenWork(
        key="feedback.case",
        label=gettext_lazy("Open feedback cases"),
        count=cases.count(),
        sample=sample,
        rule=gettext_lazy("Their unit concerned and handling unit become the successor; answered cases stay."),
        apply=apply,
    )


def desk_address(desk) -> str:
    """The address a desk's QR poster prints (after the reorganisation it answers with the successor's form)."""
    return reverse("feedback:desk_rate", args=[desk.code])
