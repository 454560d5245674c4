"""Faults with a real worker on Redis: a poison task is given up, a task that outlives the broker's visibility
timeout is not rendered twice (CI runs these; they need CELERY_BROKER_URL)."""

from pathlib import Path

import pytest

from inspections import services
from inspections.models import Notice
from regulations.demo import _norms
from tests.real_worker import running_worker, wait_for

from .test_notices import ready_for_approval

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHORT_LEASE = {"NOTICE_TIME_LIMIT_SECONDS": "30", "NOTICE_LEASE_SECONDS": "35"}


def test_a_task_that_kills_its_worker_every_time_is_given_up_after_three_attempts(
    client, tree, code_of_conduct, inspector_user, leader_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspection = ready_for_approval(tree, inspector_user)
    poison = {"FAULT": "poison", **SHORT_LEASE}
    # Prefork: the pool's child dies on every render; the worker hands the task back and starts a new child.
    with running_worker(pool="prefork", include=["tests.fault_injection"], env_extra=poison):
        services.conclusion_approve(inspection=inspection, user=leader_user)
        assert wait_for(lambda: Notice.objects.filter(status="failed").exists(), timeout=240), list(
            Notice.objects.values_list("status", "attempts", "lease_until")
        )
    notice = Notice.objects.get()
    assert notice.attempts == 3 and notice.number == 1 and not notice.pdf
    client.force_login(leader_user)
    page = client.get(f"/inspections/{inspection.public_id}/notice/").content.decode()
    assert notice.error in page  # shown as failed, with the reason, and a button to try again


def test_a_task_longer_than_the_visibility_timeout_is_rendered_once(
    tree, code_of_conduct, inspector_user, leader_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspection = ready_for_approval(tree, inspector_user)
    log = tmp_path / "renders.log"
    slow = {
        "FAULT": "slow", "FAULT_SECONDS": "25", "FAULT_LOG": str(log),
        "CELERY_VISIBILITY_TIMEOUT": "10", **SHORT_LEASE,
    }  # fmt: skip
    # Two workers on one queue: after 10 s Redis gives the unfinished task to the idle one.
    with (
        running_worker(include=["tests.fault_injection"], env_extra=slow) as queue,
        running_worker(queue=queue, include=["tests.fault_injection"], env_extra=slow),
    ):
        services.conclusion_approve(inspection=inspection, user=leader_user)
        assert wait_for(lambda: Notice.objects.filter(status="done").exists(), timeout=120)
        # Give a redelivered copy the time to show itself (it waits for the lease, then finds the notice done).
        wait_for(lambda: False, timeout=45)
    renders = Path(log).read_text().split()
    assert len(renders) == 1, f"rendered {len(renders)} times"
    notice = Notice.objects.get()
    assert notice.status == "done" and notice.number == 1 and notice.attempts == 1
