"""What every task that produces a document under a lease does (a conclusion notice, a periodic report).

Redis redelivers a task that outlives its visibility timeout, so two deliveries of one production can meet: the
first takes a lease on the row, the second finds it (`Leased`) and comes back when the lease ends, on the queue it
came from. A failure releases the lease and is retried with back-off (5 s, 10 s, ...); after the last attempt the
row is marked failed with the reason, and the page offers to try again.
"""

from collections.abc import Callable

from django.conf import settings

MAX_ATTEMPTS = 3

# The Celery options of such a task: delivered again if the worker dies mid-way, retried up to MAX_ATTEMPTS, and
# stopped before the lease (NOTICE_LEASE_SECONDS, shared by notices and reports) ends, so a stuck production is
# stopped before another delivery may take over.
LEASED_TASK_OPTIONS = {
    "bind": True,
    "max_retries": MAX_ATTEMPTS - 1,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": settings.NOTICE_TIME_LIMIT_SECONDS - 30,
    "time_limit": settings.NOTICE_TIME_LIMIT_SECONDS,
}


class Leased(Exception):
    """Another delivery is producing this right now; try again after `seconds`."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def produce_under_lease(
    task, object_id: int, *, produce: Callable[[int], None], release: Callable[[int], None],
    fail: Callable[[int, str], None],
) -> None:  # fmt: skip
    """The body of a bound Celery task (`bind=True`, `max_retries` set): produce, or wait for the lease, or retry."""
    try:
        produce(object_id)
    except Leased as leased:
        queue = (task.request.delivery_info or {}).get("routing_key")  # back to the queue it came from
        task.apply_async((object_id,), countdown=leased.seconds + 1, queue=queue)
        return
    except Exception as error:
        release(object_id)
        if task.request.retries >= task.max_retries:
            fail(object_id, f"{error.__class__.__name__}: {error}")
            return
        raise task.retry(exc=error, countdown=5 * 2**task.request.retries) from error
