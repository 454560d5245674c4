import datetime

from celery import shared_task
from django.utils import timezone

from culture_portal.leased_tasks import LEASED_TASK_OPTIONS, produce_under_lease
from inspections.corrective_actions import actions_send_reminders
from inspections.models import Notice
from inspections.notices import notice_fail, notice_produce, notice_release


@shared_task(**LEASED_TASK_OPTIONS)
def render_notice(self, notice_id: int) -> None:
    """Produce a conclusion notice. Idempotent: a second delivery finds it issued and does nothing.

    Retried with back-off (5 s, 10 s); after the last attempt the notice is marked failed with the reason,
    and an authorised user can ask again from the inspection page. A delivery that finds another one rendering
    (Redis redelivers a task that outlives its visibility timeout) comes back when that one's lease ends.
    """
    produce_under_lease(
        self,
        notice_id,
        produce=lambda pk: notice_produce(notice_id=pk),
        release=lambda pk: notice_release(notice_id=pk),
        fail=lambda pk, error: notice_fail(notice_id=pk, error=error),
    )


@shared_task(ignore_result=True)
def requeue_pending_notices() -> int:
    """Every few minutes (beat): a notice still pending after two minutes is queued again.

    Covers a broker that was down when the approval committed; producing a notice is idempotent, so
    queueing one that a worker is already producing does no harm.
    """
    stale = timezone.now() - datetime.timedelta(minutes=2)
    ids = list(Notice.objects.filter(status=Notice.Status.PENDING, created_at__lt=stale).values_list("pk", flat=True))
    for notice_id in ids:
        render_notice.delay(notice_id)
    return len(ids)


@shared_task(ignore_result=True)
def send_action_reminders() -> None:
    """Daily (beat). Idempotent: each action records its reminder and its escalation."""
    actions_send_reminders(on=timezone.localdate())
