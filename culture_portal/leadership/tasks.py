import datetime

from celery import shared_task
from django.utils import timezone

from culture_portal.leadership import tallies
from culture_portal.leadership.models import Report
from culture_portal.leadership.report_services import (
    monthly_figures_send,
    report_fail,
    report_produce,
    report_release,
)
from culture_portal.leased_tasks import LEASED_TASK_OPTIONS, produce_under_lease


@shared_task(**LEASED_TASK_OPTIONS)
def produce_report(self, report_id: int) -> None:
    """Produce a periodic report's files (a draft, or the issued report). Idempotent: a second delivery finds the
    report no longer being produced and does nothing; one that finds another producing it comes back later.

    Retried with back-off (5 s, 10 s); after the last attempt the report is marked failed with the reason, and the
    page offers to try again (an issue keeps its number).
    """
    produce_under_lease(
        self,
        report_id,
        produce=lambda pk: report_produce(report_id=pk),
        release=lambda pk: report_release(report_id=pk),
        fail=lambda pk, error: report_fail(report_id=pk, error=error),
    )


@shared_task(ignore_result=True)
def requeue_stale_reports() -> int:
    """Every few minutes (beat): a report still being produced, untouched for two minutes and not leased, is queued
    again (the broker may have been down when the request committed). Producing is idempotent."""
    stale = timezone.now() - datetime.timedelta(minutes=2)
    ids = list(
        Report.objects.filter(status=Report.Status.PRODUCING, updated_at__lt=stale)
        .exclude(lease_until__gt=timezone.now())
        .values_list("pk", flat=True)
    )
    for report_id in ids:
        produce_report.delay(report_id)
    return len(ids)


@shared_task(ignore_result=True)
def send_monthly_figures() -> int:
    """On the first days of each month (beat): last month's figures to leadership. Idempotent per month."""
    return monthly_figures_send(today=timezone.localdate())


@shared_task
def rebuild_tallies() -> int:
    """Count the dashboard's tallies again from the records (after a unit moved); the dashboard counts from the
    records meanwhile. Runs again every few minutes while they are stale, in case this one was lost."""
    return tallies.rebuild()


@shared_task
def rebuild_stale_tallies() -> int | None:
    return tallies.rebuild() if not tallies.are_fresh() else None
