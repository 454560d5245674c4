"""Issue many notices through real worker processes and watch their memory.

Needs PostgreSQL and a Redis broker (a scratch database: it leaves its inspections behind):
    DATABASE_URL=postgres://…/culture_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/14 make bench-notice-batch
"""

import datetime
import os
import subprocess  # starts our own worker processes  # nosec B404
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from culture_portal import celery_app
from culture_portal.models import Unit
from inspections import services
from inspections.models import Notice
from regulations.models import Norm, NormGroup


def rss_mb(pid: int) -> float:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except FileNotFoundError:  # a recycled child that just exited
        return 0.0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """A worker's memory: the supervising process plus its pool children (which are recycled)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    child_pids = [int(c) for c in children.read_text().split()] if children.exists() else []
    return rss_mb(pid) + sum(rss_mb(child) for child in child_pids)


class Command(BaseCommand):
    help = "Issue N notices through 2 worker processes; print throughput and worker memory at the start and end."

    def add_arguments(self, parser):
        parser.add_argument("--notices", type=int, default=500)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--pool", choices=["prefork", "solo"], default="prefork",
            help="prefork (production: one child per worker, recycled after CELERY_MAX_TASKS_PER_CHILD) or solo",
        )  # fmt: skip

    def handle(self, *args, notices, workers, pool, **options):
        if settings.CELERY_TASK_ALWAYS_EAGER or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            raise CommandError("Needs DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis (a scratch database).")
        if not get_user_model().objects.filter(username="leader").exists():
            call_command("seed_demo")  # the demo accounts and organisation (DEBUG only, which make sets)
        queue = f"bench-{uuid.uuid4().hex[:8]}"
        celery_app.conf.task_default_queue = queue
        started = time.perf_counter()
        created = self._approve(notices)
        self.stdout.write(
            f"approved {len(created)} inspections in {time.perf_counter() - started:.0f} s (tasks queued)"
        )
        env = {**os.environ, "DEBUG": "1"}
        command = [
            sys.executable, "-m", "celery", "-A", "culture_portal", "worker", "--pool", pool, "--concurrency", "1",
            "--queues", queue, "--without-gossip", "--without-mingle", "--loglevel", "ERROR",
        ]  # fmt: skip
        procs = [
            subprocess.Popen([*command, "--hostname", f"{queue}-{n}@%h"], env=env, stdout=subprocess.DEVNULL)  # noqa: S603 - our own command line  # nosec B603
            for n in range(workers)
        ]
        try:
            started = time.perf_counter()
            samples, done = [], 0  # (notices done, memory of each worker) about every tenth of the batch
            step = max(len(created) // 10, 1)
            while done < len(created) and time.perf_counter() - started < 3600:
                time.sleep(1)
                done = Notice.objects.filter(inspection__in=created, status=Notice.Status.DONE).count()
                if done >= 20 and (not samples or done - samples[-1][0] >= step):
                    samples.append((done, [tree_rss_mb(p.pid) for p in procs]))
            elapsed = time.perf_counter() - started
            samples.append((done, [tree_rss_mb(p.pid) for p in procs]))
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
        numbers = sorted(Notice.objects.filter(inspection__in=created).values_list("number", flat=True))
        rate = done / elapsed
        self.stdout.write(f"{done} notices in {elapsed:.0f} s ({rate:.1f}/s) through {workers} {pool} workers")
        self.stdout.write("worker memory (process + pool children, MB) as the batch went on:")
        for count, sizes in samples:
            self.stdout.write(f"  after {count:>5} notices: {', '.join(f'{m:.0f}' for m in sizes)}")
        consecutive = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        self.stdout.write(f"numbers {numbers[0]}..{numbers[-1]}, consecutive without duplicates: {consecutive}")

    def _approve(self, count: int):
        User = get_user_model()
        inspector, leader = User.objects.get(username="inspector"), User.objects.get(username="leader")
        units = list(Unit.objects.filter(kind__in=["ward", "office"]).order_by("path")[:10])
        norm = Norm.objects.first()
        groups = NormGroup.objects.filter(code="working_hours")
        created = []
        for index in range(count):
            start = timezone.now() - datetime.timedelta(days=1)
            inspection = services.inspection_create(
                user=inspector, kind="periodic", title=f"Kiểm tra hàng loạt {index}", basis_reference="1/QĐ-UBND",
                basis_date=timezone.localdate(), window_start=start, window_end=start + datetime.timedelta(hours=2),
                leader=inspector, units=units, norm_groups=groups,
            )  # fmt: skip
            services.inspection_start(inspection=inspection, user=inspector)
            for unit in units:
                services.finding_record(inspection=inspection, unit=unit, norm=norm, observed="Ghi nhận.",
                                        severity="minor", user=inspector)  # fmt: skip
            services.findings_submit(inspection=inspection, user=inspector)
            services.conclusion_draft(inspection=inspection, user=inspector, overall="Đánh giá.", good_points="",
                                      requirements=[(units[0], "Khắc phục.", 5)])  # fmt: skip
            services.conclusion_approve(inspection=inspection, user=leader)
            created.append(inspection.pk)
        return created
