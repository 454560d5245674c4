"""Fill the database with realistic data at a province's scale (or a city's, or a tiny sample), or drop it again.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_scale_province \
        python manage.py seed_scale --size province
    DEBUG=1 python manage.py seed_scale --drop
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from culture_portal.leadership import tallies
from culture_portal.models import Unit
from culture_portal.scale.dropping import Dropper
from culture_portal.scale.seeding import SIZES, UNIT_PREFIX, Seeder

# A PostgreSQL database is seeded only when its name says it is a scratch one (or with --force).
SCRATCH_WORDS = ("bench", "scale", "scratch")


class Command(BaseCommand):
    help = "Seed realistic data at a chosen scale (tiny, city, province) with set-based SQL, or --drop it."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
        parser.add_argument("--years", type=int, default=5, help="how many years of history, up to today")
        parser.add_argument("--drop", action="store_true", help="remove the seeded rows (and only them) first")
        parser.add_argument("--only-drop", action="store_true", help="remove the seeded rows and stop")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run although DEBUG is off or the database is not named as a scratch one",
        )

    def handle(self, *args, size, years, drop, only_drop, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. Seed only a scratch database "
                "(DEBUG=1), or pass --force if you are sure."
            )
        if connection.vendor != "postgresql" and size != "tiny" and not only_drop:
            raise CommandError(
                f"--size {size} needs PostgreSQL (DATABASE_URL=postgres://…): SQLite writes one row at a time "
                "under a single lock and would take hours; use --size tiny on SQLite."
            )
        name = str(connection.settings_dict["NAME"])
        scratch = any(word in name.lower() for word in SCRATCH_WORDS) or name.startswith("test_")
        if connection.vendor == "postgresql" and not scratch and not only_drop and not force:
            raise CommandError(
                f"The database {name!r} does not look like a scratch one: seed a database whose name contains "
                f"{' or '.join(repr(word) for word in SCRATCH_WORDS)}, or pass --force if you are sure."
            )
        if not 1 <= years <= 10:
            raise CommandError("--years must be between 1 and 10.")
        if drop or only_drop:
            Dropper(out=self.stdout.write).run()
            if only_drop:
                self._rebuild_tallies()
                return
        if Unit.objects.filter(code__startswith=UNIT_PREFIX).exists():
            raise CommandError("Scale data is already here: add --drop to replace it.")
        started = time.perf_counter()
        self.stdout.write(f"Seeding {size} ({years} years up to today) on {connection.vendor}:")
        try:
            counts = Seeder(size=size, years=years, out=self.stdout.write).run()
        except ValueError as error:
            raise CommandError(str(error)) from None
        for table, count in sorted(counts.items()):
            self.stdout.write(f"  {table:<40} {count:>10,}")
        total = sum(counts.values())
        self.stdout.write(f"{total:,} rows in {time.perf_counter() - started:.1f} s")
        self._rebuild_tallies()
        self._vacuum()

    def _vacuum(self):
        """PostgreSQL: mark the freshly written pages all-visible, as autovacuum would in a while. Without it the
        first readers of each page set its hint bits, and index-only scans read the table too: a benchmark would
        measure the hour after a bulk load, not the portal's usual day."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(f"VACUUM (ANALYZE): {time.perf_counter() - started:.1f} s")

    def _rebuild_tallies(self):
        """Rows written by COPY pass the tallies' deltas by: count the dashboard's tallies again."""
        started = time.perf_counter()
        rows = tallies.rebuild()
        self.stdout.write(f"Dashboard tallies: {rows:,} rows in {time.perf_counter() - started:.1f} s")
