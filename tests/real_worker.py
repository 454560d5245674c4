"""Start a real Celery worker process against the test database and the configured broker.

Tests marked `worker` use it. They run whenever CELERY_BROKER_URL is set; CI
sets REQUIRE_WORKER_TESTS=1 so that a missing broker fails the run instead of
silently skipping what it must prove.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from kombu import Connection

ROOT = Path(__file__).resolve().parents[1]


def require_broker() -> str:
    broker = "" if settings.CELERY_TASK_ALWAYS_EAGER else settings.CELERY_BROKER_URL
    required = os.environ.get("REQUIRE_WORKER_TESTS") == "1"
    if not broker:
        if required:
            pytest.fail("REQUIRE_WORKER_TESTS=1 but CELERY_BROKER_URL is not set: the real-worker tests cannot run.")
        pytest.skip("needs a broker: set CELERY_BROKER_URL (CI does)")
    try:
        with Connection(broker, connect_timeout=2) as probe:
            probe.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - any failure means the broker is unusable
        message = f"the broker at {broker} does not answer: {exc.__class__.__name__}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    return broker


def current_database_url() -> str:
    """The URL of the database the tests are using right now: the connection's own settings, which name
    pytest-django's test database as created for this process (test_<name>_gw0, _gw1 under pytest-xdist)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


_processes: dict[str, list[subprocess.Popen]] = {}


def kill_workers(queue: str) -> None:
    """SIGKILL every worker serving `queue`, as a crash or the OOM killer would: no clean shutdown."""
    for process in _processes.get(queue, []):
        process.kill()
        process.wait(timeout=20)


@contextmanager
def running_worker(*, concurrency: int = 1, pool: str = "solo", queue: str | None = None, env_extra=None, include=()):
    """Yield the name of a private queue served by a fresh worker process; stop the worker afterwards.

    Pass the queue of another running_worker() to have two worker processes serve the same queue, and modules
    in `include` to load them into the worker (tests/fault_injection.py breaks it on purpose).
    """
    broker = require_broker()
    from culture_portal import celery_app

    celery_app.conf.task_always_eager = False  # the autouse fixture restores it after the test
    celery_app.conf.task_default_queue = queue or f"test-{uuid.uuid4().hex[:10]}"
    queue = celery_app.conf.task_default_queue
    env = {
        **os.environ,
        "DEBUG": "1",
        "CELERY_BROKER_URL": broker,
        "DATABASE_URL": current_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # files the worker writes are where the test reads them
        **(env_extra or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "culture_portal", "worker",
        "--pool", pool, "--concurrency", str(concurrency), "--queues", queue,
        "--hostname", f"{queue}-{uuid.uuid4().hex[:4]}@%h", "--without-gossip", "--without-mingle", "--loglevel", "INFO",
        *(f"--include={module}" for module in include),
    ]  # fmt: skip
    log = tempfile.NamedTemporaryFile("w+", prefix=f"{queue}-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    _processes.setdefault(queue, []).append(process)
    try:
        yield queue
    finally:
        _processes[queue].remove(process)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.seek(0)
        output = log.read()
        log.close()
        Path(log.name).unlink(missing_ok=True)
        if process.returncode not in (0, -15, -9):
            print(output)


def queue_drained(queue: str, *, workers: int) -> bool:
    """Nothing of `queue` waits at the broker and none of its `workers` holds a task (with late acknowledgement a
    task stays reserved or active until it has run): every task sent to it has run."""
    from culture_portal import celery_app

    with celery_app.connection_for_write() as connection:
        try:
            waiting = connection.default_channel.queue_declare(queue, passive=True).message_count
        except connection.channel_errors:  # Redis keeps no empty list: an empty queue is "not found"
            waiting = 0
    if waiting:
        return False
    inspector = celery_app.control.inspect(timeout=2)
    held = {**(inspector.active() or {}), **{f"{k} reserved": v for k, v in (inspector.reserved() or {}).items()}}
    ours = {host: tasks for host, tasks in held.items() if host.startswith(queue)}
    return len(ours) == 2 * workers and not any(ours.values())


def free_port() -> int:
    """A TCP port nothing listens on right now (for a private Redis, PostgreSQL or portal in a test)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
