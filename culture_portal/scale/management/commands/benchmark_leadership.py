"""Server time of the leadership pages on the current database, signed in as the seeded accounts.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_scale_province \
        python manage.py benchmark_leadership --runs 20 --json var/bench-leadership.json --markdown var/bench.md
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from culture_portal.scale.benchmark import Benchmark, write_outputs


class Command(BaseCommand):
    help = "Time the home page per role, the dashboard and the yearly report on the seeded data (p50/p95/max)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", dest="json_path", help="write the figures as JSON here")
        parser.add_argument("--markdown", dest="markdown_path", help="write the figures as a Markdown table here")
        parser.add_argument(
            "--explain", action="store_true", help="PostgreSQL: EXPLAIN ANALYZE each endpoint's slowest query"
        )

    def handle(self, *args, runs, json_path, markdown_path, explain, **options):
        if not 1 <= runs <= 1000:
            raise CommandError("--runs must be between 1 and 1000.")
        logging.getLogger("axes").setLevel(logging.WARNING)  # a line per sign-in would bury the figures
        try:
            results = Benchmark(runs=runs, out=self.stdout.write, explain=explain).run()
        except ValueError as error:
            raise CommandError(str(error)) from None
        write_outputs(results, json_path=json_path, markdown_path=markdown_path)
