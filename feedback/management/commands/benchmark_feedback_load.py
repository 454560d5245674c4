"""A bounded load test on loopback: concurrent citizens submit feedback and track it, for a few minutes.

Starts the portal under gunicorn (on PostgreSQL: DATABASE_URL must point at a scratch database), drives it from
threads that behave like browsers (form page, CSRF cookie, submission, receipt, tracking with code and PIN), then
checks that every submission answered with a code is stored exactly once. Prints the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/culture_bench make bench-load
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess  # starts the portal under gunicorn  # nosec B404
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from culture_portal.models import Unit
from feedback.models import Case
from regulations.models import Norm

ROOT = Path(__file__).resolve().parents[3]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = re.compile(r'class="tracking-code">([^<]+)<')
PIN = re.compile(r'class="tracking-pin">([^<]+)<')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Citizen:
    """One browser: its own cookies, the pages a citizen opens, in order."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310 - http to loopback  # nosec B310
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:  # nosec B310 - loopback
                return response.status, response.read().decode(), time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), time.perf_counter() - started

    def submit_and_track(self, unit_id: int, norm_id: int, marker: str) -> dict:
        status, page, first = self.request("/feedback/new/")
        token = CSRF.search(page).group(1)
        form = {
            "csrfmiddlewaretoken": token, "unit": unit_id, "topic": f"norm:{norm_id}",
            "description": f"Thử tải {marker}: cán bộ quầy trả lời thiếu tôn trọng.", "official_hint": "Quầy 2",
            "captcha_0": "load", "captcha_1": "PASSED",
        }  # fmt: skip
        status, receipt, submit = self.request("/feedback/new/", form)
        if status != 200 or not CODE.search(receipt):
            return {"marker": marker, "submit_status": status, "times": [first, submit]}
        code, pin = CODE.search(receipt).group(1), PIN.search(receipt).group(1)
        status_page, page, _ = self.request("/feedback/track/")
        token = CSRF.search(page).group(1)
        lookup = {"csrfmiddlewaretoken": token, "code": code, "pin": pin, "captcha_0": "x", "captcha_1": "PASSED"}
        track_status, page, track = self.request("/feedback/track/", lookup)
        tracked = track_status == 200 and code in page
        return {"marker": marker, "submit_status": 200, "code": code, "tracked": tracked, "track_status": track_status,
                "times": [first, submit, track]}  # fmt: skip


class Command(BaseCommand):
    help = "Concurrent submissions and tracking look-ups against a live portal on loopback; every case stored once."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=300)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")

    def handle(self, *args, seconds, clients, workers, **options):
        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise CommandError("Needs DATABASE_URL on PostgreSQL (a scratch database): SQLite serialises writers.")
        unit = Unit.objects.filter(is_active=True).order_by("path").first()
        norm = Norm.objects.filter(is_active=True).first()
        if unit is None or norm is None:
            raise CommandError("Load the demo data first: DEBUG=1 python manage.py seed_demo")
        port = free_port()
        env = {
            **os.environ, "DEBUG": "1", "CAPTCHA_TEST_MODE": "1", "LOG_LEVEL": "WARNING",
            # One client address for every simulated citizen: lift the per-address limits for the test.
            "FEEDBACK_SUBMIT_RATE": "1000000/h", "FEEDBACK_TRACK_RATE": "1000000/m",
        }  # fmt: skip
        server = subprocess.Popen(  # noqa: S603 - our own command line  # nosec B603
            [sys.executable, "-m", "gunicorn", "culture_portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            self._wait_until_up(port)
            results = self._load(f"http://127.0.0.1:{port}", unit.pk, norm.pk, seconds, clients)
        finally:
            server.terminate()
            server.wait(timeout=30)
        self._report(results, seconds, clients)

    def _wait_until_up(self, port: int) -> None:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310  # nosec B310
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise CommandError("The portal did not start.")

    def _load(self, base: str, unit_id: int, norm_id: int, seconds: int, clients: int) -> list[dict]:
        results: list[dict] = []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds
        run = uuid.uuid4().hex[:8]

        def citizen_loop(number: int):
            citizen = Citizen(base)
            count = 0
            while time.monotonic() < deadline:
                count += 1
                try:
                    outcome = citizen.submit_and_track(unit_id, norm_id, f"{run}-{number}-{count}")
                except Exception as error:  # noqa: BLE001 - a broken connection is an error to count
                    outcome = {"marker": f"{run}-{number}-{count}", "submit_status": repr(error), "times": []}
                with lock:
                    results.append(outcome)

        threads = [threading.Thread(target=citizen_loop, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.run_marker = run
        return results

    def _report(self, results: list[dict], seconds: int, clients: int) -> None:
        answered = [r for r in results if r.get("code")]
        errors = Counter(str(r["submit_status"]) for r in results if not r.get("code"))
        track_failures = [r for r in answered if not r["tracked"]]
        stored = Counter(
            Case.objects.filter(description__contains=f"Thử tải {self.run_marker}-").values_list(
                "description", flat=True
            )
        )
        duplicated = sum(1 for count in stored.values() if count > 1)
        missing = [r for r in answered if not any(r["marker"] + ":" in text for text in stored)]
        times = sorted(t for r in results for t in r["times"])
        p95 = times[int(len(times) * 0.95)] if times else 0
        self.stdout.write(f"{clients} concurrent citizens for {seconds} s on loopback")
        self.stdout.write(
            f"submissions answered with a code: {len(answered)} ({len(answered) / seconds:.1f}/s); "
            f"errors: {sum(errors.values())} {dict(errors)}; tracking look-ups that failed: {len(track_failures)}"
        )
        self.stdout.write(
            f"cases stored for this run: {sum(stored.values())}; stored twice: {duplicated}; answered but missing: "
            f"{len(missing)}"
        )
        if times:
            self.stdout.write(
                f"page times: median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                f"max {times[-1] * 1000:.0f} ms over {len(times)} requests"
            )
        if errors or track_failures or duplicated or missing:
            raise CommandError("The load test found errors (see above).")
