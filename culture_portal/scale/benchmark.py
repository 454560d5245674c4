"""The leadership benchmark: server time of the home page per role, the dashboard and the yearly report.

Requests go through Django's test Client in this process (the whole middleware stack, templates and queries:
what a request costs the server, without the network). Each endpoint is asked once to warm up, `runs` times
timed, then once more with the SQL captured to count the queries.
"""

import datetime
import json
import statistics
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from culture_portal.models import Official, Unit
from culture_portal.roles import Role
from culture_portal.scale.seeding import USER_PREFIX
from feedback.models import Case, CaseEvent
from inspections.models import Finding, Inspection

# The accounts the seeded data holds for each role (seeding.Seeder.accounts_seed); "sc-unithead" heads a district.
ROLE_ACCOUNTS = {
    Role.STAFF: f"{USER_PREFIX}staff-001",
    Role.INSPECTOR: f"{USER_PREFIX}inspector-01",
    Role.FEEDBACK_OFFICER: f"{USER_PREFIX}officer-01",
    Role.UNIT_HEAD: f"{USER_PREFIX}unithead",
    Role.LEADERSHIP: f"{USER_PREFIX}leader",
    Role.ADMINISTRATOR: f"{USER_PREFIX}admin",
}
HOME_TARGET_MS, DASHBOARD_TARGET_MS, REPORT_TARGET_MS = 50, 300, 60_000


@dataclass
class Result:
    name: str
    target_ms: float
    role: str = ""
    path: str = ""
    runs: int = 0
    status: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    queries: int | None = None
    note: str = ""
    slowest_query_ms: float | None = None
    slowest_query: str = ""
    explain: str = ""
    times_ms: list[float] = field(default_factory=list)

    @property
    def over_target(self) -> bool:
        return self.p95_ms is not None and self.p95_ms > self.target_ms


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _summarise(result: Result) -> Result:
    result.p50_ms = round(statistics.median(result.times_ms), 1)
    result.p95_ms = round(_percentile(result.times_ms, 0.95), 1)
    result.max_ms = round(max(result.times_ms), 1)
    result.times_ms = [round(value, 1) for value in result.times_ms]
    return result


class Benchmark:
    def __init__(self, *, runs: int = 20, out=print, explain: bool = False):
        self.runs = runs
        self.explain = explain
        self.out = out
        self.year = timezone.localdate().year
        self.users = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=ROLE_ACCOUNTS.values(), is_active=True)
        }

    def run(self) -> list[Result]:
        missing = [name for name in ROLE_ACCOUNTS.values() if name not in self.users]
        if missing:
            raise ValueError(f"No seeded accounts {', '.join(missing)}: run seed_scale first.")
        results = []
        # Signed in with force_login: the second factor is a sign-in step, not part of a page's cost.
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(TWO_FACTOR_REQUIRED=False, ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False):
            for role in ROLE_ACCOUNTS:
                results.append(self.page(f"home ({role})", role, "/", HOME_TARGET_MS))
            try:
                dashboard = reverse("leadership:dashboard")
            except NoReverseMatch:
                dashboard = None
            for role, label in ((Role.LEADERSHIP, "city-wide"), (Role.UNIT_HEAD, "own subtree")):
                name = f"dashboard, year {self.year}, {label} ({role})"
                if dashboard is None:
                    results.append(Result(name, DASHBOARD_TARGET_MS, role, note="skipped: /dashboard/ does not exist"))
                    continue
                path = f"{dashboard}?kind=year&year={self.year}"
                results.append(self.page(name, role, path, DASHBOARD_TARGET_MS))
        results.append(self.report())
        for result in results:
            self.out(self.line(result))
        return results

    def page(self, name: str, role: str, path: str, target: float) -> Result:
        client = Client()
        client.force_login(self.users[ROLE_ACCOUNTS[role]])
        result = Result(name, target, role, path, self.runs)
        result.status = client.get(path).status_code  # warm-up: caches, translations, templates
        for _ in range(self.runs):
            started = time.perf_counter()
            response = client.get(path)
            result.times_ms.append((time.perf_counter() - started) * 1000)
            result.status = response.status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        result.queries = len(captured.captured_queries)
        self.slowest(result, captured.captured_queries)
        if result.status != 200:
            result.note = f"answered {result.status}"
        return _summarise(result)

    def report(self) -> Result:
        name = f"yearly report {self.year}, produced (PDF, DOCX, XLSX)"
        result = Result(name, REPORT_TARGET_MS, Role.LEADERSHIP, runs=1)
        try:
            from culture_portal.leadership.models import Report
            from culture_portal.leadership.period import Period
            from culture_portal.leadership.report_services import STEPS, report_create, report_produce
        except ImportError:
            result.note = "not available yet"
            return result
        leader = self.users[ROLE_ACCOUNTS[Role.LEADERSHIP]]
        report = report_create(user=leader, period=Period.year_of(self.year), unit=None)
        try:
            # What report_request does before queueing, without a broker: the task's work is timed in-process.
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.PRODUCING, production=Report.Production.DRAFT, progress_step=0,
                progress_total=len(STEPS),
            )  # fmt: skip
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                done = report_produce(report_id=report.pk)
                result.times_ms.append((time.perf_counter() - started) * 1000)
            result.queries = len(captured.captured_queries)
            self.slowest(result, captured.captured_queries)
            report.refresh_from_db()
            result.status = 200 if done and report.status == Report.Status.DRAFT else 500
            if result.status != 200:
                result.note = f"report ended {report.status}: {report.error[:200]}"
        finally:
            report.refresh_from_db()
            for name in ("pdf", "docx", "xlsx"):
                if getattr(report, name):
                    getattr(report, name).delete(save=False)
            report.delete()
        return _summarise(result)

    def slowest(self, result: Result, queries: list[dict]) -> None:
        """The request's slowest query, and with --explain its plan as PostgreSQL ran it (EXPLAIN ANALYZE)."""
        if not queries:
            return
        query = max(queries, key=lambda query: float(query["time"]))
        result.slowest_query_ms = round(float(query["time"]) * 1000, 1)
        result.slowest_query = query["sql"]
        if self.explain and connection.vendor == "postgresql" and query["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                result.explain = "\n".join(row[0] for row in cursor.fetchall())

    @staticmethod
    def line(result: Result) -> str:
        if result.p50_ms is None:
            return f"{result.name:<58} {result.note}"
        verdict = "over target" if result.over_target else "ok"
        return (
            f"{result.name:<58} p50 {result.p50_ms:>9.1f} ms  p95 {result.p95_ms:>9.1f} ms  "
            f"max {result.max_ms:>9.1f} ms  {result.queries:>4} queries  target {result.target_ms:,.0f} ms: "
            f"{verdict}{'  ' + result.note if result.note else ''}"
        )


def database_sizes() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "officials": Official.objects.count(),
        "feedback cases": Case.objects.count(),
        "case events": CaseEvent.objects.count(),
        "inspections": Inspection.objects.count(),
        "findings": Finding.objects.count(),
    }


def as_json(results: list[Result], sizes: dict) -> dict:
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "sizes": sizes,
        "endpoints": [
            {key: value for key, value in asdict(result).items() if key != "times_ms"} | {"times_ms": result.times_ms}
            for result in results
        ],
    }


def as_markdown(results: list[Result], sizes: dict) -> str:
    lines = [
        f"Leadership benchmark, {datetime.datetime.now(datetime.UTC):%d/%m/%Y %H:%M} UTC, {connection.vendor}: "
        + ", ".join(f"{count:,} {what}" for what, count in sizes.items()),
        "",
        "| endpoint | role | p50 ms | p95 ms | max ms | queries | target ms | |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        if result.p50_ms is None:
            lines.append(f"| {result.name} | {result.role} | | | | | {result.target_ms:,.0f} | {result.note} |")
            continue
        verdict = "**over**" if result.over_target else "ok"
        lines.append(
            f"| {result.name} | {result.role} | {result.p50_ms:.1f} | {result.p95_ms:.1f} | {result.max_ms:.1f} | "
            f"{result.queries} | {result.target_ms:,.0f} | {verdict} {result.note} |"
        )
    for result in results:
        if result.over_target and result.slowest_query:
            lines += ["", f"### {result.name}: slowest query ({result.slowest_query_ms} ms)", "", "```sql",
                      result.slowest_query, "```"]  # fmt: skip
            if result.explain:
                lines += ["", "```", result.explain, "```"]
    return "\n".join(lines) + "\n"


def write_outputs(results: list[Result], *, json_path: str | None, markdown_path: str | None) -> None:
    sizes = database_sizes()
    if json_path:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump(as_json(results, sizes), handle, ensure_ascii=False, indent=2)
    if markdown_path:
        with open(markdown_path, "w", encoding="utf-8") as handle:
            handle.write(as_markdown(results, sizes))
