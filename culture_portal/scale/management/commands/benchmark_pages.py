"""Every page and API on the current (seeded) database, in-process and served, in one run (issue 17).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_scale_province \
        python manage.py benchmark_pages --size-label province --json var/bench-pages.json --markdown var/bench-pages.md
"""

import json
import logging
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from culture_portal.scale.pages import PagesBenchmark, as_json, as_markdown, header_of


class Command(BaseCommand):
    help = (
        "Time every page per role in-process (p50/p95, queries), then serve the portal under gunicorn on loopback "
        "and measure the throughput of the public endpoints against a bare reference view."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="timed requests per page in-process (1-1000)")
        parser.add_argument("--size-label", default="", help="free text for the header, e.g. tiny or province")
        parser.add_argument("--skip-served", action="store_true", help="in-process only: no gunicorn, no load")
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
        parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients of the served part")
        parser.add_argument("--seconds", type=int, default=10, help="timed seconds per served endpoint (1-60)")
        parser.add_argument("--json", dest="json_path", help="write the figures as JSON here")
        parser.add_argument("--markdown", dest="markdown_path", help="write the figures as a Markdown table here")

    def handle(self, *args, runs, size_label, skip_served, workers, concurrency, seconds, json_path, markdown_path,
               **options):  # fmt: skip
        if not 1 <= runs <= 1000:
            raise CommandError("--runs must be between 1 and 1000.")
        if not skip_served:
            if not 1 <= seconds <= 60:
                raise CommandError("--seconds must be between 1 and 60 (the time per served endpoint).")
            if not 1 <= workers <= 64:
                raise CommandError("--workers must be between 1 and 64.")
            if not 1 <= concurrency <= 256:
                raise CommandError("--concurrency must be between 1 and 256.")
            if connection.vendor != "postgresql":
                raise CommandError(
                    "The served part needs DATABASE_URL on PostgreSQL (gunicorn's workers must reach the same "
                    "database): set it, or pass --skip-served."
                )
        logging.getLogger("axes").setLevel(logging.WARNING)  # a line per sign-in would bury the figures
        served = None if skip_served else {"workers": workers, "concurrency": concurrency, "seconds": seconds}
        try:
            bench = PagesBenchmark(runs=runs, out=self.stdout.write)
            # Before the run: the sizes as seeded (the served submissions add cases) and the load it started under.
            header = header_of(size_label=size_label, runs=runs, served=served)
            results = bench.in_process()
            if served:
                results += bench.served(**served)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump(as_json(results, header), handle, ensure_ascii=False, indent=2)
        if markdown_path:
            with open(markdown_path, "w", encoding="utf-8") as handle:
                handle.write(as_markdown(results, header))
