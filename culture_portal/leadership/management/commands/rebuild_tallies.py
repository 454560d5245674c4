"""Count the dashboard's tallies again from the records: after loading data outside the portal (COPY, a restore of
an older backup, SQL by hand). The portal keeps them current by itself otherwise."""

import time

from django.core.management.base import BaseCommand

from culture_portal.leadership import tallies


class Command(BaseCommand):
    help = "Count the dashboard's monthly tallies again from the findings, cases and desk ratings."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = tallies.rebuild()
        self.stdout.write(f"{rows:,} tally rows in {time.perf_counter() - started:.1f} s")
