"""Several web nodes of one portal, as behind a load balancer: gunicorn processes that share nothing but what the
README's "Several web nodes and workers" says they share (the database, the Redis cache, MEDIA_ROOT, SECRET_KEY).

Used by tests/culture_portal/test_two_nodes.py, with the real Celery workers of tests/real_worker.py.
"""

import os
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings

from tests.real_worker import ROOT, current_database_url, free_port, require_broker, wait_for

# Every node must sign sessions, CSRF tokens and password-reset links with the same key.
SHARED_SECRET_KEY = "two-nodes-test-key-" + "x" * 40  # noqa: S105  # nosec B105 - a test's key


@contextmanager
def _node(env: dict):
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", prefix="web-node-", suffix=".log", delete=False)  # noqa: SIM115
    command = [sys.executable, "-m", "gunicorn", "culture_portal.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--timeout", "120"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_for(lambda: _answers(base + "/healthz"), timeout=60):
            log.seek(0)
            raise RuntimeError(f"the web node on {base} did not start:\n{log.read()[-3000:]}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)


def _answers(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  # nosec B310 - our own node
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def web_nodes(count: int = 2, *, env_extra: dict | None = None):
    """Yield the base addresses of `count` web nodes on the test database, the broker's Redis and MEDIA_ROOT."""
    broker = require_broker()
    env = {
        **os.environ,
        "DEBUG": "1",  # no TLS in front of them here; the deployment checks are the day-one test's
        "TWO_FACTOR_RELAXED": "1",
        "CAPTCHA_TEST_MODE": "1",
        "LOG_LEVEL": "ERROR",
        "SECRET_KEY": SHARED_SECRET_KEY,
        "DATABASE_URL": current_database_url(),
        "CELERY_BROKER_URL": broker,
        "CACHE_URL": os.environ.get("CACHE_URL") or broker,
        # Their own keys in the shared Redis (culture_portal/settings.py): counters of other tests never count here.
        "TEST_PROCESS": f"nodes-{uuid.uuid4().hex[:8]}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(env_extra or {}),
    }
    env.pop("PYTEST_XDIST_WORKER", None)  # it would win over TEST_PROCESS
    with ExitStack() as stack:
        yield [stack.enter_context(_node(env)) for _ in range(count)]
