"""What of the inspections app moves when units cease in a reorganisation (culture_portal.reorganisation calls
`open_actions_move`, registered from the AppConfig): corrective actions not yet accepted go to the successor, with
a line in their inspection's history; the conclusion's requirements, findings and attendance keep the unit that was
inspected (closed history stays where it happened)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from culture_portal.reorganisation import OpenWork
from inspections.models import CorrectiveAction, InspectionEvent

NOT_ACCEPTED = (CorrectiveAction.Status.OPEN, CorrectiveAction.Status.REOPENED, CorrectiveAction.Status.REPORTED)
BATCH = 1000


def open_actions_move(*, units, successor, limit: int) -> OpenWork:
    actions = CorrectiveAction.objects.filter(status__in=NOT_ACCEPTED, unit__in=units)
    sample = [
        (f"{code} · {deadline:%d/%m/%Y}", reverse("inspections:action", args=[public_id]))
        for public_id, code, deadline in actions.order_by("deadline", "pk").values_list(
            "public_id", "unit__code", "deadline"
        )[:limit]
    ]

    def apply(*, user, reorganisation) -> None:
        if successor is None:
            return
        rows = list(actions.values_list("pk", "inspection_id", "public_id", "unit__code"))
        CorrectiveAction.objects.filter(pk__in=[row[0] for row in rows]).update(unit=successor)
        InspectionEvent.objects.bulk_create(
            [
                InspectionEvent(
                    inspection_id=inspection_id,
                    by=user,
                    action="reorganised",
                    detail={
                        "action": str(public_id),
                        "before": code,
                        "after": successor.code,
                        "reason": f"{code} → {successor.code} ({reorganisation.legal_basis})",
                    },
                )
                for _pk, inspection_id, public_id, code in rows
            ],
            batch_size=BATCH,
        )

    return OpenWork(
        key="inspections.action",
        label=gettext_lazy("Corrective actions not yet accepted"),
        count=actions.count(),
        sample=sample,
        rule=gettext_lazy("Their unit becomes the successor; findings and accepted actions stay."),
        apply=apply,
    )
