"""PostgreSQL restarted while citizens submit: errors for the moment, recovery by itself, nothing half-saved.

A private PostgreSQL cluster (so restarting it disturbs nobody) serves a gunicorn portal; threads submit
feedback while the cluster restarts. Runs where PostgreSQL's binaries are installed (CI).
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.real_worker import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), "")
NEEDS_POSTGRESQL = pytest.mark.skipif(not BIN or not shutil.which("runuser"), reason="needs PostgreSQL's binaries")


def as_postgres(*command, check=True):
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=check, capture_output=True, text=True)


@pytest.fixture
def private_postgresql():
    # Not pytest's tmp_path: the postgres user cannot enter root's private temporary folders.
    tmp_path = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    tmp_path.chmod(0o755)
    data = tmp_path / "pgdata"
    data.mkdir()
    shutil.chown(tmp_path, "postgres")
    shutil.chown(data, "postgres")
    port = free_port()
    as_postgres(f"{BIN}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {tmp_path} -c listen_addresses=127.0.0.1"
    log = str(tmp_path / "server.log")  # the server must not hold our pipes open
    as_postgres(f"{BIN}/pg_ctl", "-D", str(data), "-o", options, "-l", log, "-w", "start")
    as_postgres(f"{BIN}/createdb", "-h", "127.0.0.1", "-p", str(port), "portal")
    try:
        yield {"url": f"postgres://postgres@127.0.0.1:{port}/portal", "data": data, "options": options, "log": log}
    finally:
        as_postgres(f"{BIN}/pg_ctl", "-D", str(data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(tmp_path, ignore_errors=True)


def portal_env(database_url: str) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "CACHE_URL")},
        "DEBUG": "1", "DATABASE_URL": database_url, "CAPTCHA_TEST_MODE": "1", "LOG_LEVEL": "ERROR",
        "FEEDBACK_SUBMIT_RATE": "1000000/h",
    }  # fmt: skip


@pytest.mark.worker  # slow, real services: with the other real-service tests
@NEEDS_POSTGRESQL
def test_the_portal_recovers_by_itself_after_postgresql_restarts(private_postgresql):
    env = portal_env(private_postgresql["url"])
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "culture_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    outcomes: list[tuple[float, int, str]] = []  # (time, status, marker)
    stop = threading.Event()

    def submit_forever(number: int):
        count = 0
        while not stop.is_set():
            count += 1
            marker = f"restart-{number}-{count}"
            outcomes.append((time.monotonic(), _submit(base, marker), marker))

    def successes(*, after: float) -> int:
        return sum(1 for at, status, _marker in list(outcomes) if at > after and status == 200)

    try:
        assert wait_for(lambda: _status(base + "/healthz") == 200, timeout=30)
        threads = [threading.Thread(target=submit_forever, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        # Citizens are submitting: a few answered before the restart (rather than a fixed pause).
        wait_for(lambda: successes(after=0) >= 3, timeout=60)
        restarted_at = time.monotonic()
        as_postgres(f"{BIN}/pg_ctl", "-D", str(private_postgresql["data"]), "-o", private_postgresql["options"],
                    "-l", private_postgresql["log"], "-m", "fast", "-w", "restart")  # fmt: skip
        # Until the portal has answered submissions made well after the restart (checked below: all of them).
        wait_for(lambda: successes(after=restarted_at + 3) >= 6, timeout=60, interval=0.1)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    answered = [marker for _at, status, marker in outcomes if status == 200]
    statuses = {status for _at, status, _marker in outcomes}
    # Errors while the database restarts (with DEBUG off they are "try again shortly" pages: see the next test).
    assert statuses <= {200, 500, 503, 0}, f"only successes and errors of the moment: {statuses}"
    late = [status for at, status, _marker in outcomes if at > restarted_at + 3]
    assert late and all(status == 200 for status in late), "recovered by itself after the restart"
    stored = _stored_descriptions(private_postgresql["url"])
    for marker in answered:
        assert stored.count(f"Khởi động lại {marker}.") == 1, marker  # each answered submission once
    assert len(stored) == len(set(stored)), "nothing stored twice"
    assert _orphans(private_postgresql["url"]) == 0, "no case without its complainant row and its history"


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  # nosec B310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def _submit(base: str, marker: str) -> int:
    import http.cookiejar
    import re

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        with opener.open(base + "/feedback/new/?unit=PHUONG-THANHSEN-Q1", timeout=10) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        unit = re.search(r'name="unit" id="[^"]*" value="(\d+)" checked', page).group(1)  # the unit picker's choice
        topic = re.search(r'<option value="(norm:\d+)"', page).group(1)
        data = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "unit": unit, "topic": topic, "captcha_0": "x", "captcha_1": "PASSED",
            "description": f"Khởi động lại {marker}.",
        }).encode()  # fmt: skip
        request = urllib.request.Request(base + "/feedback/new/", data=data, headers={"Referer": base})  # noqa: S310
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, AttributeError):
        return 0  # the page before the form could not be read (database down): nothing was submitted


def _query(database_url: str, sql: str) -> list[str]:
    port = database_url.rsplit(":", 1)[1].split("/")[0]
    result = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "portal", "-At", "-c", sql],
                            check=True, capture_output=True, text=True)  # fmt: skip
    return result.stdout.splitlines()


def _stored_descriptions(database_url: str) -> list[str]:
    return _query(database_url, "SELECT description FROM feedback_case WHERE description LIKE 'Khởi động lại %'")


def _orphans(database_url: str) -> int:
    sql = (
        "SELECT count(*) FROM feedback_case c WHERE NOT EXISTS (SELECT 1 FROM feedback_complainant p "
        "WHERE p.case_id = c.id) OR NOT EXISTS (SELECT 1 FROM feedback_caseevent e WHERE e.case_id = c.id)"
    )
    return int(_query(database_url, sql)[0])


def test_an_unreachable_database_answers_try_again_shortly(rf):
    from django.db import OperationalError

    from culture_portal.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/feedback/new/"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500
