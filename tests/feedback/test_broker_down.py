"""Nothing the public submits is lost when Redis is down: the case is saved and answered with its code;
the e-mails wait in the outbox and go out through a real worker once Redis is back."""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.utils import timezone

from culture_portal import celery_app
from culture_portal.models import OutgoingEmail
from culture_portal.tasks import flush_outbox
from feedback.models import Case
from tests.real_worker import free_port, running_worker, wait_for

from .conftest import form_data

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(not REDIS, reason="needs redis-server (installed on the CI machine)")


@contextmanager
def redis_server(port: int):
    """A private Redis, so the test can stop it without touching the one other tests use."""
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: _answers(port), timeout=10)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@contextmanager
def publishing_to(url: str):
    """Make this process publish tasks to `url` (and not run them in-process)."""
    # The write URL: CELERY_BROKER_URL in the environment (CI) would win over broker_url.
    celery_app.conf.broker_write_url = url
    celery_app.conf.task_always_eager = False
    _forget_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_write_url = None
        _forget_connections()


def _forget_connections():
    """Producers are pooled per broker address: drop the pools so the next task uses the new address."""
    celery_app._pool = None  # noqa: SLF001
    celery_app.amqp._producer_pool = None  # noqa: SLF001


def submit_while_down(client, tree, norm, port) -> Case:
    with publishing_to(f"redis://127.0.0.1:{port}/0"):
        started = time.monotonic()
        response = client.post("/feedback/new/", form_data(tree["desk_a"], norm, email="dan@example.com", consent="on"))
        elapsed = time.monotonic() - started
    assert response.status_code == 302, "the citizen is answered"
    assert elapsed < 10, "and not kept waiting on the broker"
    case = Case.objects.get()
    page = client.get("/feedback/receipt/").content.decode()
    assert case.tracking_code in page
    assert OutgoingEmail.objects.filter(to="dan@example.com", sent_at__isnull=True).count() == 1
    return case


@pytest.mark.django_db
def test_a_submission_with_redis_stopped_is_saved_and_answered(client, tree, norm):
    port = free_port()  # nothing listens there: Redis is "stopped"
    submit_while_down(client, tree, norm, port)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_mail_goes_out_once_redis_and_the_worker_are_back(client, tree, norm):
    port = free_port()
    submit_while_down(client, tree, norm, port)
    OutgoingEmail.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    with redis_server(port):
        broker = f"redis://127.0.0.1:{port}/0"
        with running_worker(env_extra={"CELERY_BROKER_URL": broker}), publishing_to(broker):
            assert flush_outbox() == 1  # what beat runs every minute
            assert wait_for(lambda: not OutgoingEmail.objects.filter(sent_at__isnull=True).exists(), timeout=60)
    assert OutgoingEmail.objects.get().attempts == 1
