"""The conclusion notice pipeline: requested at approval, produced exactly once by a Celery task."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from culture_portal.access import unit_heads_of
from culture_portal.leased_tasks import Leased
from culture_portal.models import DocumentKind, Signatory
from culture_portal.notifications import notify
from culture_portal.numbering import NoIssuingBody, document_number_issue, document_reference, issuing_body_for
from inspections.documents import notice_content, notice_docx, notice_pdf
from inspections.models import Inspection, InspectionEvent, Notice
from inspections.notification_subjects import NOTICE


def signatory_for(user, on):
    """The capacity in which this user signs today; None when they may not sign."""
    return Signatory.objects.in_force(on).filter(user=user).select_related("issuing_body_unit").first()


MAX_DELIVERIES = 3


def notice_request(*, inspection: Inspection, user) -> Notice:
    """Inside the approval transaction: check everything the notice needs, store it pending, queue the task."""
    today = timezone.localdate()
    signatory = signatory_for(user, today)
    if signatory is None or not (
        signatory.capacity.strip() and signatory.title.strip() and signatory.full_name.strip()
    ):
        raise ValidationError(_("You have no recorded capacity to sign this notice (ask an administrator)."))
    try:
        issuing_body_for(unit=signatory.issuing_body_unit, on=today)
    except NoIssuingBody as error:
        raise ValidationError(str(error)) from None
    if not DocumentKind.objects.filter(code="notice").exists():
        raise ValidationError(_("The kind of document “notice” (TB) is missing from the records."))
    if not inspection.basis_reference.strip() or not inspection.conclusion.overall.strip():
        raise ValidationError(_("The notice would have an empty part: the legal basis and the assessment are needed."))
    notice = Notice.objects.create(
        inspection=inspection, signatory=signatory, issuing_unit=signatory.issuing_body_unit,
        language=settings.LANGUAGE_CODE,
    )  # fmt: skip
    notice_enqueue(notice_id=notice.pk)
    return notice


def notice_enqueue(*, notice_id: int) -> None:
    from inspections.tasks import render_notice

    # After commit: the worker must find the row, and nothing is queued if the approval rolls back.
    transaction.on_commit(lambda: render_notice.delay(notice_id))


class NoticeLeased(Leased):
    """Another delivery is rendering this notice right now; try again after `seconds`."""


def notice_number(*, notice_id: int) -> Notice | None:
    """Step 1: take the number once and store it with the notice in the same transaction (no gaps, no reuse).

    Also takes the lease: while it runs, a second delivery of the same task gets NoticeLeased.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.status != Notice.Status.PENDING:
            return None
        now = timezone.now()
        if notice.lease_until is not None and notice.lease_until > now:
            raise NoticeLeased((notice.lease_until - now).total_seconds())
        if notice.attempts >= MAX_DELIVERIES:
            # Every earlier delivery ended without finishing (a crash is redelivered, not retried by Celery):
            # a task that kills its worker each time stops here instead of coming back for ever.
            notice.status = Notice.Status.FAILED
            notice.error = _("Gave up after %(count)d attempts: the worker stopped each time.") % {
                "count": notice.attempts
            }
            notice.save(update_fields=["status", "error"])
            return None
        notice.attempts += 1
        notice.lease_until = now + datetime.timedelta(seconds=settings.NOTICE_LEASE_SECONDS)
        if notice.number is None:
            today = timezone.localdate()
            body = issuing_body_for(unit=notice.issuing_unit, on=today)
            kind = DocumentKind.objects.get(code="notice")
            notice.year, notice.issued_on = today.year, today
            notice.number = document_number_issue(unit=notice.issuing_unit, kind=kind, year=today.year)
            notice.reference = document_reference(number=notice.number, kind=kind, body=body)
        notice.save(update_fields=["attempts", "lease_until", "year", "issued_on", "number", "reference"])
        return notice


def notice_produce(*, notice_id: int) -> bool:
    """Render and publish; True when this call issued the notice, False when it was already issued."""
    notice = notice_number(notice_id=notice_id)
    if notice is None:
        return False
    with translation.override(notice.language):
        content = notice_content(notice)
        pdf, docx = notice_pdf(content), notice_docx(content)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("inspection").get(pk=notice_id)
        if notice.status == Notice.Status.DONE:
            return False  # another delivery of the same task finished first
        stem = f"{notice.reference.replace('/', '-')}-{notice.inspection.public_id.hex[:8]}"
        notice.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        notice.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        notice.status, notice.error, notice.issued_at = Notice.Status.DONE, "", timezone.now()
        notice.lease_until = None
        notice.save(update_fields=["pdf", "docx", "status", "error", "issued_at", "lease_until"])
        inspection = notice.inspection
        Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.NOTICE_ISSUED)
        InspectionEvent.objects.create(
            inspection=inspection, by=notice.signatory.user, action="status",
            detail={"before": Inspection.Status.CONCLUSION_APPROVED, "after": Inspection.Status.NOTICE_ISSUED},
        )  # fmt: skip
        _notify(notice)
    return True


def notice_fail(*, notice_id: int, error: str) -> None:
    Notice.objects.filter(pk=notice_id).exclude(status=Notice.Status.DONE).update(
        status=Notice.Status.FAILED, error=error[:2000], lease_until=None
    )


def notice_release(*, notice_id: int) -> None:
    """A delivery that failed with an error (not a crash) gives the notice back at once for its retry."""
    Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).update(lease_until=None)


def notice_retry(*, notice: Notice) -> None:
    """An authorised user asks again after a failure: a fresh set of attempts."""
    with transaction.atomic():
        updated = Notice.objects.filter(pk=notice.pk, status=Notice.Status.FAILED).update(
            status=Notice.Status.PENDING, attempts=0, lease_until=None
        )
        if updated:
            notice_enqueue(notice_id=notice.pk)


def _notify(notice: Notice) -> None:
    """Unit heads of the units concerned (and of the units above them) are told in the portal and by e-mail; the
    units' own addresses get the e-mail too."""
    from django.urls import reverse

    inspection = notice.inspection
    units = list(inspection.units.all())
    url = reverse("inspections:notice", args=[inspection.public_id])
    text = _("Conclusion notice %(reference)s: %(title)s") % {"reference": notice.reference, "title": inspection.title}
    body = _("The conclusion notice %(reference)s is issued. Read it and report the corrective actions: %(url)s") % {
        "reference": notice.reference,
        "url": settings.SITE_URL + url,
    }
    notify(
        recipients=unit_heads_of(units), text=text, url=url, subject_type=NOTICE, subject_key=inspection.public_id,
        email_body=body, also_email=[unit.email for unit in units],
    )  # fmt: skip
