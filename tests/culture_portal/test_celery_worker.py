"""A task goes through the real broker to a real worker process and writes to the test database."""

import pytest

from culture_portal.models import WorkerHeartbeat
from culture_portal.tasks import worker_heartbeat
from tests.real_worker import running_worker, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the roles made by migrations
def test_round_trip_through_a_real_worker():
    with running_worker() as queue:
        worker_heartbeat.apply_async(queue=queue)
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(hostname__startswith=queue).exists()), (
            "the worker did not run the task within 60 s"
        )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_starting_worker_is_seen_at_once_without_waiting_for_beat():
    with running_worker() as queue:
        # No task is sent: the worker reports itself when it is ready (set-up page, /healthz).
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(hostname__startswith=queue).exists()), (
            "the worker did not report itself within 60 s"
        )
