"""Writes of the periodic report: create, edit the narrative, ask for the files, issue; and the producing steps the
Celery task runs (culture_portal/leadership/tasks.py), in the pattern of the conclusion notice (inspections/notices.py):
the row says what is asked, the task is queued after the commit with the id only, a lease keeps a redelivered copy
from producing at the same time, and the number is taken once, in the transaction that stores it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.leadership.models import MonthlyMailing, Report
from culture_portal.leadership.period import Period
from culture_portal.leased_tasks import Leased
from culture_portal.models import DocumentKind, Signatory, Unit
from culture_portal.numbering import NoIssuingBody, document_number_issue, document_reference, issuing_body_for
from culture_portal.outbox import email_queue
from culture_portal.roles import Role, users_with_role
from culture_portal.text import printable_text

REPORT_KIND = "report"  # DocumentKind.code of "Báo cáo" (BC), added by leadership/migrations/0002_reports.py
MAX_DELIVERIES = 3
# Steps the progress bar counts (the first is taking the number and freezing the figures, or reading them).
STEPS = ("figures", "charts", "pdf", "docx", "xlsx", "save")


class ReportBusy(ValidationError):
    """The same report is being produced: nothing new is queued."""


def report_create(*, user, period: Period, unit: Unit | None) -> Report:
    report = Report.objects.create(
        period_start=period.start, period_end=period.end, period_kind=period.kind, unit=unit, created_by=user,
        language=settings.LANGUAGE_CODE,
    )  # fmt: skip
    audit_record(
        action="report_create", user=user, object_type="report", object_ref=report.public_id,
        detail=f"{period.label}" + (f" — {unit.code}" if unit else ""),
    )  # fmt: skip
    return report


def report_narrative_update(*, report: Report, user, narrative: dict[str, str]) -> Report:
    """Save the narrative paragraphs (already cleaned by the form). Refused while the files are being produced or
    once the report is issued; draft files made before the change are dropped (they no longer say the same)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Report.Status.PRODUCING:
            raise ReportBusy(_("The report is being produced: wait until it is done, then save your changes."))
        if not report.is_editable:
            raise ValidationError(_("An issued report cannot be changed."))
        changed = [
            name
            for name in (*Report.NARRATIVE_FIELDS, "recipients")
            if name in narrative and printable_text(narrative[name]) != getattr(report, name)
        ]
        for name in changed:
            setattr(report, name, printable_text(narrative[name]))
        files = [name for name in ("pdf", "docx", "xlsx") if changed and getattr(report, name)]
        for name in files:
            getattr(report, name).delete(save=False)
        report.files_at = None if files else report.files_at
        report.save(update_fields=[*changed, *files, "files_at", "updated_at"])
        audit_record(action="report_edit", user=user, object_type="report", object_ref=report.public_id)
    return report


def _signatory(user, on: datetime.date) -> Signatory | None:
    signatory = Signatory.objects.in_force(on).filter(user=user).select_related("issuing_body_unit").first()
    if signatory is None or not (
        signatory.capacity.strip() and signatory.title.strip() and signatory.full_name.strip()
    ):
        return None
    return signatory


def report_request(*, report: Report, user, issue: bool) -> Report:
    """Ask for the files (a draft, or the issued report). The row is locked and its status checked first: a
    second request while the same report is being produced queues nothing and says so."""
    today = timezone.localdate()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Report.Status.PRODUCING:
            raise ReportBusy(_("This report is already being produced: wait for it to finish."))
        if report.status == Report.Status.ISSUED:
            raise ValidationError(_("This report is already issued."))
        # A failed issue keeps its number: asking again finishes that issue, never takes a second number.
        issue = issue or report.production == Report.Production.ISSUE or report.number is not None
        update = ["status", "production", "progress_step", "progress_total", "attempts", "lease_until", "error"]
        if issue and report.signatory_id is None:
            signatory = _signatory(user, today)
            if signatory is None:
                raise ValidationError(_("You have no recorded capacity to sign this report (ask an administrator)."))
            try:
                issuing_body_for(unit=signatory.issuing_body_unit, on=today)
            except NoIssuingBody as error:
                raise ValidationError(str(error)) from None
            if not DocumentKind.objects.filter(code=REPORT_KIND).exists():
                raise ValidationError(_("The kind of document “report” (BC) is missing from the records."))
            report.signatory, report.issuing_unit = signatory, signatory.issuing_body_unit
            update += ["signatory", "issuing_unit"]
        report.status = Report.Status.PRODUCING
        report.production = Report.Production.ISSUE if issue else Report.Production.DRAFT
        report.progress_step, report.progress_total = 0, len(STEPS)
        report.attempts, report.lease_until, report.error = 0, None, ""
        report.save(update_fields=[*update, "updated_at"])
        audit_record(
            action="report_issue" if issue else "report_files", user=user, object_type="report",
            object_ref=report.public_id,
        )  # fmt: skip
        report_enqueue(report_id=report.pk)
    return report


def report_enqueue(*, report_id: int) -> None:
    from culture_portal.leadership.tasks import produce_report

    # After commit: the worker must find the row, and nothing is queued if the request rolls back.
    transaction.on_commit(lambda: produce_report.delay(report_id))


class ReportLeased(Leased):
    """Another delivery is producing this report right now; try again after `seconds`."""


def report_begin(*, report_id: int) -> Report | None:
    """Step 1: take the lease; for an issue, freeze the figures and take the BC number once, in one transaction."""
    from culture_portal.leadership import report_snapshot
    from culture_portal.leadership.figures import figures_for

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != Report.Status.PRODUCING:
            return None
        now = timezone.now()
        if report.lease_until is not None and report.lease_until > now:
            raise ReportLeased((report.lease_until - now).total_seconds())
        if report.attempts >= MAX_DELIVERIES:
            report.status, report.lease_until = Report.Status.FAILED, None
            report.error = _("Gave up after %(count)d attempts: the worker stopped each time.") % {
                "count": report.attempts
            }
            report.save(update_fields=["status", "error", "lease_until", "updated_at"])
            return None
        report.attempts += 1
        report.lease_until = now + datetime.timedelta(seconds=settings.NOTICE_LEASE_SECONDS)
        report.progress_step = 1
        report.save(update_fields=["attempts", "lease_until", "progress_step", "updated_at"])
    if report.production != Report.Production.ISSUE or report.number is not None:
        return report
    # Computed before the number is taken, so the counter's lock is not held while the database adds up a year.
    with translation.override(report.language):
        frozen = report_snapshot.dump(figures_for(period=report.period, unit=report.unit))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.number is None:
            today = timezone.localdate()
            body = issuing_body_for(unit=report.issuing_unit, on=today)
            kind = DocumentKind.objects.get(code=REPORT_KIND)
            report.figures = frozen
            report.year, report.issued_on = today.year, today
            report.number = document_number_issue(unit=report.issuing_unit, kind=kind, year=today.year)
            report.reference = document_reference(number=report.number, kind=kind, body=body)
            report.save(update_fields=["figures", "year", "issued_on", "number", "reference", "updated_at"])
    return report


def report_progress(*, report_id: int, step: str) -> None:
    """Its own tiny commit, so the page that polls sees it at once."""
    Report.objects.filter(pk=report_id, status=Report.Status.PRODUCING).update(progress_step=STEPS.index(step) + 1)


def report_produce(*, report_id: int) -> bool:
    """Produce the files; True when this call finished the report, False when there was nothing to do."""
    from culture_portal.leadership import report_documents, report_snapshot
    from culture_portal.leadership.figures import figures_for

    report = report_begin(report_id=report_id)
    if report is None:
        return False
    with translation.override(report.language):
        if report.production == Report.Production.ISSUE:
            figures = report_snapshot.load(report.figures)
        else:
            figures = figures_for(period=report.period, unit=report.unit)
        files = report_documents.report_files(
            report, figures, progress=lambda step: report_progress(report_id=report_id, step=step)
        )
    report_progress(report_id=report_id, step="save")
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != Report.Status.PRODUCING:
            return False  # another delivery finished first
        stem = report_documents.file_stem(report)
        for name in ("pdf", "docx", "xlsx"):
            if getattr(report, name):
                getattr(report, name).delete(save=False)
            getattr(report, name).save(f"{stem}.{name}", ContentFile(files[name]), save=False)
        issued = report.production == Report.Production.ISSUE
        report.status = Report.Status.ISSUED if issued else Report.Status.DRAFT
        report.files_at, report.lease_until, report.error = timezone.now(), None, ""
        report.progress_step = len(STEPS)
        update = ["pdf", "docx", "xlsx", "status", "files_at", "lease_until", "error", "progress_step", "updated_at"]
        if issued:
            report.issued_at = report.files_at
            update.append("issued_at")
        report.save(update_fields=update)
    return True


def report_release(*, report_id: int) -> None:
    """A delivery that failed with an error (not a crash) gives the report back at once for its retry."""
    Report.objects.filter(pk=report_id, status=Report.Status.PRODUCING).update(lease_until=None)


def report_fail(*, report_id: int, error: str) -> None:
    Report.objects.filter(pk=report_id, status=Report.Status.PRODUCING).update(
        status=Report.Status.FAILED, error=error[:2000], lease_until=None, updated_at=timezone.now()
    )


def previous_month(today: datetime.date) -> Period:
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return Period.month_of(last.year, last.month)


def monthly_figures_send(*, today: datetime.date) -> int:
    """E-mail last month's figures (whole organisation) to every active leadership account, once per month.

    The month's row and the e-mails are written in one transaction: a second run (beat twice, a redelivered task)
    finds the row and sends nothing. Returns the number of e-mails queued.
    """
    from culture_portal.leadership import report_documents
    from culture_portal.leadership.figures import figures_for

    period = previous_month(today)
    if MonthlyMailing.objects.filter(month=period.start).exists():
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = report_documents.monthly_email(figures_for(period=period, unit=None))
    with transaction.atomic():
        mailing, created = MonthlyMailing.objects.get_or_create(month=period.start)
        if not created:
            return 0
        addresses = sorted({u.email for u in users_with_role(Role.LEADERSHIP) if u.email})
        for address in addresses:
            email_queue(to=address, subject=subject, body=body)
        mailing.recipients = len(addresses)
        mailing.save(update_fields=["recipients"])
    return len(addresses)


def setup_items(today: datetime.date):
    """The set-up page's line for the kind "report" (BC), as the core has one for the notice (TB)."""
    from django.urls import reverse

    from culture_portal.setup import SetupItem

    present = DocumentKind.objects.filter(code=REPORT_KIND).exists()
    yield SetupItem(
        "report_kind",
        _("Kind of document of the periodic report (BC)"),
        present,
        "" if present else _("The kind “report” (code report, symbol BC) is missing: reports cannot be issued."),
        reverse("admin:culture_portal_documentkind_changelist"),
        _("Kinds of document"),
        order=31,
    )
