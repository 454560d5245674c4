"""The pages benchmark (issue 17): every GET page and API on the seeded data, in one run on one machine.

Two parts. In-process, as benchmark.Benchmark.page does: Django's test Client, signed in with force_login as the
seeded account of each role (or anonymous for the citizens' pages), one warm-up, `runs` timed, one more with the
SQL captured to count the queries. Served: the portal under gunicorn on loopback, driven by threads for a bounded
time per endpoint; requests per second, p50 and p95 as the client sees them, and each endpoint's throughput as a
share of a bare reference view's (culture_portal.scale.reference) measured in the same run.
"""

import datetime
import http.cookiejar
import os
import platform
import re
import socket
import subprocess  # starts the portal under gunicorn  # nosec B404
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from culture_portal.models import Official
from culture_portal.process_tuning import tune_garbage_collection
from culture_portal.roles import Role
from culture_portal.scale.benchmark import ROLE_ACCOUNTS, _percentile, database_sizes
from culture_portal.scale.seeding import SEED_PIN, UNIT_PREFIX
from feedback.models import Case
from feedback.public_views import TRACKED_SESSION_KEY
from inspections.models import Finding, Inspection
from regulations.models import Norm

ROOT = Path(__file__).resolve().parents[2]
ANONYMOUS = "anonymous"
# Issue 17's targets: p95 of every page and API, the dashboard, search (server time, in-process); the share of the
# reference's throughput the public form and a submission must reach when served.
PAGE_TARGET_MS, DASHBOARD_TARGET_MS, SEARCH_TARGET_MS = 100, 300, 50
FORM_TARGET_RATIO, SUBMISSION_TARGET_RATIO = 0.25, 0.10
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What the served portal is started with, besides the database of this run (said in the output).
SERVED_ENV = {
    "DEBUG": "1",  # CAPTCHA_TEST_MODE and the reference view are honoured only with DEBUG on
    "CAPTCHA_TEST_MODE": "1",  # a submission passes the CAPTCHA with "PASSED"
    "PORTAL_BENCHMARK_REFERENCE": "1",  # routes /benchmark/reference/
    "LOG_LEVEL": "WARNING",
    # Every simulated citizen comes from 127.0.0.1: lift the per-address limits, as benchmark_feedback_load does.
    "FEEDBACK_SUBMIT_RATE": "1000000/h",
    "FEEDBACK_TRACK_RATE": "1000000/m",
}
SERVED_NOTE = (
    "served by gunicorn on 127.0.0.1 with DEBUG=1 and CAPTCHA_TEST_MODE=1 (the CAPTCHA accepts PASSED), "
    "FEEDBACK_SUBMIT_RATE and FEEDBACK_TRACK_RATE lifted (every client is 127.0.0.1); the load generator's "
    "threads run on the same machine"
)


@dataclass
class PageResult:
    name: str
    role: str
    target_ms: float | None = None
    target_ratio: float | None = None
    path: str = ""
    part: str = "in-process"  # or "served"
    runs: int = 0
    status: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None
    requests: int | None = None
    errors: int | None = None
    throughput: float | None = None  # requests per second (served)
    ratio: float | None = None  # throughput / the reference's (served)
    note: str = ""
    times_ms: list[float] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return self.p50_ms is None

    @property
    def verdict(self) -> str:
        if self.skipped:
            return "skipped"
        if self.errors or (self.part == "in-process" and self.status != 200):
            return "error"
        if self.target_ms is not None and self.p95_ms > self.target_ms:
            return "over"
        if self.target_ratio is not None and (self.ratio or 0) < self.target_ratio:
            return "under"
        return "ok" if self.target_ms is not None or self.target_ratio is not None else ""

    @property
    def target(self) -> str:
        if self.target_ms is not None:
            return f"p95 < {self.target_ms:,.0f} ms"
        if self.target_ratio is not None:
            return f"≥ {self.target_ratio:.0%} of reference"
        return ""


def _summarise(result: PageResult) -> PageResult:
    times = sorted(result.times_ms)
    result.p50_ms = round(_percentile(times, 0.5), 1)
    result.p95_ms = round(_percentile(times, 0.95), 1)
    result.max_ms = round(times[-1], 1)
    result.times_ms = [round(value, 1) for value in result.times_ms] if result.part == "in-process" else []
    return result


@dataclass
class Page:
    name: str
    role: str
    url_name: str
    args: tuple = ()
    query: str = ""
    target_ms: float = PAGE_TARGET_MS
    tracked: str = ""  # a tracking code the citizen's session has unlocked (the tracking page of a case)


class Picks:
    """The seeded objects the pages are about, each the first by id of the seeded prefix (the same every run)."""

    def __init__(self):
        seeded_cases = Case.objects.filter(unit__code__startswith=UNIT_PREFIX).order_by("id")
        self.case = seeded_cases.only("public_id", "tracking_code").first()
        self.tracking_codes = list(seeded_cases.values_list("tracking_code", flat=True)[:64])
        # An inspection the seeded inspector leads, so that every role asked may open it; else the first one.
        inspections = Inspection.objects.filter(units__code__startswith=UNIT_PREFIX).order_by("id")
        self.inspection = (
            inspections.filter(leader__username=ROLE_ACCOUNTS[Role.INSPECTOR]).only("public_id").first()
            or inspections.only("public_id").first()
        )
        head = Official.objects.filter(user__username=ROLE_ACCOUNTS[Role.UNIT_HEAD]).select_related("unit").first()
        self.unit = head.unit if head else None
        self.norm = Norm.objects.filter(is_active=True).order_by("id").first()
        # The official with the most findings about them: the longest record a page has to draw; for the unit head,
        # the same within the units they head (anyone else's record is a 404 for them).
        self.official = self._busiest(Finding.objects.filter(official__unit__code__startswith=UNIT_PREFIX))
        in_head_units = Finding.objects.filter(official__unit__path__startswith=self.unit.path) if self.unit else None
        self.head_official = self._busiest(in_head_units) if self.unit else None

    @staticmethod
    def _busiest(findings) -> Official | None:
        busiest = findings.values("official").annotate(n=Count("*")).order_by("-n", "official").first()
        return Official.objects.filter(pk=busiest["official"]).first() if busiest else None


def page_list(picks: Picks) -> list[Page]:
    leader, inspector, officer, head = Role.LEADERSHIP, Role.INSPECTOR, Role.FEEDBACK_OFFICER, Role.UNIT_HEAD
    staff, admin = Role.STAFF, Role.ADMINISTRATOR
    year = timezone.localdate().year
    case = (picks.case.public_id,) if picks.case else None
    inspection = (picks.inspection.public_id,) if picks.inspection else None
    unit = (picks.unit.code,) if picks.unit else None
    tracked = picks.case.tracking_code if picks.case else ""
    official = (picks.official.employee_code,) if picks.official else None
    head_official = (picks.head_official.employee_code,) if picks.head_official else None
    norm = (picks.norm.code,) if picks.norm else None
    pages = [Page("home", role, "home") for role in ROLE_ACCOUNTS]
    pages += [
        Page("case list", officer, "feedback:cases"),
        Page("case list, answered", officer, "feedback:cases", query="status=answered"),
        Page("case list, all", officer, "feedback:cases", query="status=all"),
        Page("case list, all, last page", officer, "feedback:cases", query="status=all&last=1"),
        Page("case list", leader, "feedback:cases"),
        Page("case list, all, last page", leader, "feedback:cases", query="status=all&last=1"),
        Page("case list", head, "feedback:cases"),
        Page("case", officer, "feedback:case", case),
        Page("case", leader, "feedback:case", case),
        # Search: documents and their provisions without diacritics, and cases by a unit's name.
        Page("search: documents and provisions 'ke luat'", staff, "regulations:documents", query="q=ke+luat",
             target_ms=SEARCH_TARGET_MS),
        Page("search: cases by unit name 'phuong'", officer, "feedback:cases", query="status=all&q=phuong",
             target_ms=SEARCH_TARGET_MS),
        Page("inspections", inspector, "inspections:list"),
        Page("inspections", leader, "inspections:list"),
        Page("inspections", head, "inspections:list"),
        Page("inspection", inspector, "inspections:detail", inspection),
        Page("inspection", leader, "inspections:detail", inspection),
        Page("corrective actions", inspector, "inspections:actions"),
        Page("corrective actions, last page", inspector, "inspections:actions", query="last=1"),
        Page("corrective actions", leader, "inspections:actions"),
        Page("corrective actions", head, "inspections:actions"),
        Page("officials", leader, "organisation:officials"),
        # A page number past the end: the paginator answers the last page.
        Page("officials, last page", leader, "organisation:officials", query="page=99999"),
        Page("officials", head, "organisation:officials"),
        Page("unit", head, "organisation:unit", unit),
        # The spine (issue 18): an official's whole record, a norm's page, the re-readings, a case's inspection form.
        Page("official's record", leader, "organisation:official", official),
        Page("official's record", head, "organisation:official", head_official),
        Page("norm", leader, "regulations:norm", norm),
        Page("norm", head, "regulations:norm", norm),
        Page("re-readings", leader, "regulations:rereadings"),
        Page("re-readings", head, "regulations:rereadings"),
        Page("surprise inspection from a case", leader, "inspections:from_case", case),
        Page("unit history", head, "inspections:unit_history", unit),
        Page("unit history", leader, "inspections:unit_history", unit),
        Page(f"dashboard, year {year}, city-wide", leader, "leadership:dashboard", query=f"kind=year&year={year}",
             target_ms=DASHBOARD_TARGET_MS),
        Page(f"dashboard, year {year}, own subtree", head, "leadership:dashboard", query=f"kind=year&year={year}",
             target_ms=DASHBOARD_TARGET_MS),
        Page("notifications", leader, "notifications:list"),
        Page("notifications", officer, "notifications:list"),
        Page("documents", staff, "regulations:documents"),
        Page("campaigns", leader, "regulations:campaigns"),
        Page("trainings", leader, "regulations:trainings"),
        Page("audit log", admin, "audit_log"),
        # The citizens' pages, anonymous.
        Page("feedback form", ANONYMOUS, "feedback:new"),
        Page("tracking form", ANONYMOUS, "feedback:track"),
        Page("tracking page of a case", ANONYMOUS, "feedback:track_case", (tracked,) if tracked else None,
             tracked=tracked),
        Page("answered cases", ANONYMOUS, "feedback:answered"),
        Page("answered cases, last page", ANONYMOUS, "feedback:answered", query="last=1"),
        Page("Open311 requests", ANONYMOUS, "open311:requests"),
    ]  # fmt: skip
    return pages


class PagesBenchmark:
    def __init__(self, *, runs: int = 10, out=print):
        self.runs = runs
        self.out = out
        self.users = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=ROLE_ACCOUNTS.values(), is_active=True)
        }
        missing = [name for name in ROLE_ACCOUNTS.values() if name not in self.users]
        if missing:
            raise ValueError(f"No seeded accounts {', '.join(missing)}: run seed_scale first.")
        self.picks = Picks()

    # --- in-process ------------------------------------------------------------------------------------------------

    def in_process(self) -> list[PageResult]:
        results = []
        tune_garbage_collection()  # as culture_portal/wsgi.py does in each web process
        # Signed in with force_login: the second factor is a sign-in step, not part of a page's cost.
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(TWO_FACTOR_REQUIRED=False, ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False):
            for page in page_list(self.picks):
                result = self.page(page)
                self.out(line(result))
                results.append(result)
        return results

    def page(self, page: Page) -> PageResult:
        result = PageResult(page.name, page.role, target_ms=page.target_ms, runs=self.runs)
        if page.args is None:
            result.note = "skipped: the seeded data holds no such object"
            return result
        try:
            path = reverse(page.url_name, args=page.args)
        except NoReverseMatch:
            result.note = f"skipped: no page named {page.url_name}"
            return result
        result.path = path + (f"?{page.query}" if page.query else "")
        client = Client()
        if page.role != ANONYMOUS:
            client.force_login(self.users[ROLE_ACCOUNTS[page.role]])
        if page.tracked:  # as after the citizen gave the code and the PIN
            session = client.session
            session[TRACKED_SESSION_KEY] = [page.tracked]
            session.save()
        result.status = client.get(result.path).status_code  # warm-up: caches, translations, templates
        for _ in range(self.runs):
            started = time.perf_counter()
            response = client.get(result.path)
            result.times_ms.append((time.perf_counter() - started) * 1000)
            result.status = response.status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(result.path)
        result.queries = len(captured.captured_queries)
        if result.status != 200:
            result.note = f"answered {result.status}"
        return _summarise(result)

    # --- served ----------------------------------------------------------------------------------------------------

    def served(self, *, workers: int, concurrency: int, seconds: int) -> list[PageResult]:
        unit = Case.objects.filter(unit__code__startswith=UNIT_PREFIX).order_by("id").values_list("unit", flat=True)
        unit_id = unit.first()
        if unit_id is None or self.picks.norm is None:
            raise ValueError("No seeded case or no norm: run seed_scale first.")
        port = free_port()
        env = {**os.environ, **SERVED_ENV, "DATABASE_URL": database_url()}
        server = subprocess.Popen(  # noqa: S603 - our own command line  # nosec B603
            [sys.executable, "-m", "gunicorn", "culture_portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server)
            submission = {
                "unit": unit_id, "topic": f"norm:{self.picks.norm.pk}", "official_hint": "Quầy 2",
                "description": "Thử tải benchmark_pages: cán bộ quầy trả lời thiếu tôn trọng.",
                "captcha_0": "benchmark", "captcha_1": "PASSED",
            }  # fmt: skip
            codes = self.picks.tracking_codes
            endpoints = [
                ("reference: bare Django view", "/benchmark/reference/", None, 200, None),
                ("feedback form GET", "/feedback/new/", None, 200, FORM_TARGET_RATIO),
                ("feedback submission POST (no attachment)", "/feedback/new/", submission, 302,
                 SUBMISSION_TARGET_RATIO),
                ("Open311 requests", "/open311/v2/requests.json", None, 200, None),
                ("tracking page of a case GET", "/feedback/track/{code}/", None, 200, None),
            ]  # fmt: skip
            results = []
            for name, path, form, expected, target_ratio in endpoints:
                result = PageResult(f"served: {name}", ANONYMOUS, target_ratio=target_ratio, path=path,
                                    part="served")  # fmt: skip
                load(base, result, form=form, expected=expected, concurrency=concurrency, seconds=seconds,
                     codes=codes)  # fmt: skip
                reference = results[0].throughput if results else result.throughput
                if reference and result.throughput is not None:
                    result.ratio = round(result.throughput / reference, 3)
                self.out(line(result))
                results.append(result)
        finally:
            server.terminate()
            server.wait(timeout=30)
        return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The database this process uses, as a URL for the served portal (the same rows, whatever the environment)."""
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise ValueError(f"The portal under gunicorn stopped (exit {server.returncode}): see its output above.")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=10):  # noqa: S310 - loopback  # nosec B310
                return
        except OSError:  # not listening yet (URLError), or a worker still starting (a time-out)
            time.sleep(0.2)
    raise ValueError("The portal under gunicorn did not answer /healthz within 30 s.")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a submission's answer is its 302: time that, not the receipt it leads to


class Browser:
    """One citizen's browser: its own cookies (session, CSRF)."""

    def __init__(self, base: str):
        self.base = base
        jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(jar, _NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310 - http to loopback  # nosec B310
        try:
            with self.opener.open(request, timeout=30) as response:  # nosec B310 - loopback
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


def load(base, result: PageResult, *, form, expected, concurrency, seconds, codes) -> None:
    """`concurrency` browsers ask the endpoint back to back for `seconds` (after one second of warm-up)."""
    times: list[float] = []
    statuses: dict[int | str, int] = {}
    lock = threading.Lock()
    window: dict[str, float] = {}

    def clock_start():  # once every browser is ready: one second of warm-up, then the timed window
        window["warm"] = time.monotonic() + 1
        window["end"] = window["warm"] + seconds

    ready = threading.Barrier(concurrency + 1, action=clock_start)

    def browser_loop(number: int):
        browser, data, path = Browser(base), None, result.path
        try:
            if form is not None:  # the form page first: the CSRF cookie and token, as a browser has them
                _status, page = browser.request(path)
                data = {**form, "csrfmiddlewaretoken": CSRF.search(page).group(1)}
            if "{code}" in path:  # the code and the PIN first: the session then opens the case's page
                code = codes[number % len(codes)]
                _status, page = browser.request("/feedback/track/")
                lookup = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "code": code, "pin": SEED_PIN,
                          "captcha_0": "benchmark", "captcha_1": "PASSED"}  # fmt: skip
                browser.request("/feedback/track/", lookup)
                path = path.format(code=code)
        except Exception as error:  # noqa: BLE001 - a browser that could not start is an error to count
            with lock:
                statuses[repr(error)[:80]] = statuses.get(repr(error)[:80], 0) + 1
            ready.wait()
            return
        ready.wait()
        while time.monotonic() < window["warm"]:
            browser.request(path, data)
        mine = []
        while time.monotonic() < window["end"]:
            started = time.perf_counter()
            try:
                status, _body = browser.request(path, data)
            except Exception as error:  # noqa: BLE001 - a broken connection is an error to count
                status = repr(error)[:80]
            mine.append((time.perf_counter() - started, status))
        with lock:
            for elapsed, status in mine:
                times.append(elapsed * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=browser_loop, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()
    result.runs = len(times)
    result.requests = sum(statuses.values())
    result.errors = sum(count for status, count in statuses.items() if status != expected)
    result.status = expected if not result.errors else max(statuses, key=statuses.get)
    if result.errors:
        result.note = "answers: " + ", ".join(f"{status}: {count}" for status, count in statuses.items())
    if times:
        result.times_ms = times
        result.throughput = round(len(times) / seconds, 1)
        _summarise(result)


# --- output ----------------------------------------------------------------------------------------------------------


def line(result: PageResult) -> str:
    name = f"{result.name} ({result.role})"
    if result.skipped:
        return f"{name:<64} {result.note}"
    figures = f"p50 {result.p50_ms:>8.1f} ms  p95 {result.p95_ms:>8.1f} ms"
    if result.part == "served":
        ratio = f"  {result.ratio:>6.1%} of reference" if result.ratio is not None else ""
        figures += f"  {result.throughput:>8.1f} req/s{ratio}"
    else:
        figures += f"  {result.queries:>3} queries  HTTP {result.status}"
    target = f"  target {result.target}: {result.verdict}" if result.target else ""
    return f"{name:<64} {figures}{target}{'  ' + result.note if result.note else ''}"


def machine() -> dict:
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = 0
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(memory / 2**30, 1),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
    }


def database_label() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version  # e.g. 150010
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    return connection.vendor


def as_json(results: list[PageResult], header: dict) -> dict:
    return {
        **header,
        "endpoints": [asdict(result) | {"target": result.target, "verdict": result.verdict} for result in results],
    }


def header_of(*, size_label: str, runs: int, served: dict | None) -> dict:
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "size_label": size_label,
        "machine": machine(),
        "database": database_label(),
        "sizes": database_sizes(),
        "runs": runs,
        "served": served,
    }


def as_markdown(results: list[PageResult], header: dict) -> str:
    measured = datetime.datetime.fromisoformat(header["measured_at"])
    computer = header["machine"]
    lines = [
        f"Pages benchmark, {measured:%d/%m/%Y %H:%M} UTC, size {header['size_label'] or '(not given)'}, "
        f"{header['database']}, {computer['cores']} cores and {computer['ram_gib']} GiB (load average "
        f"{computer['load_average'][0]} at the start): "
        + ", ".join(f"{count:,} {what}" for what, count in header["sizes"].items())
        + ".",
        "",
        f"In-process: Django's test Client, {header['runs']} requests per page after a warm-up, the queries counted "
        "on one more.",
    ]
    if header["served"]:
        served = header["served"]
        lines.append(
            f"Served: gunicorn with {served['workers']} workers, {served['concurrency']} concurrent clients for "
            f"{served['seconds']} s per endpoint after 1 s of warm-up; {SERVED_NOTE}."
        )
    lines += [
        "",
        "| endpoint | role | p50 ms | p95 ms | req/s | ratio to reference | queries | target | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for result in results:
        if result.skipped:
            lines.append(f"| {result.name} | {result.role} | | | | | | {result.target} | {result.note} |")
            continue
        throughput = f"{result.throughput:,.1f}" if result.throughput is not None else ""
        ratio = f"{result.ratio:.1%}" if result.ratio is not None else ""
        queries = result.queries if result.queries is not None else ""
        verdict = {"over": "**over**", "under": "**under**", "error": "**error**"}.get(result.verdict, result.verdict)
        lines.append(
            f"| {result.name} | {result.role} | {result.p50_ms:.1f} | {result.p95_ms:.1f} | {throughput} | {ratio} "
            f"| {queries} | {result.target} | {verdict} {result.note} |".replace("  |", " |")
        )
    return "\n".join(lines) + "\n"
