"""Measure search at scale on PostgreSQL: 10,000 documents and 1,000,000 provisions by default.

Run it on a scratch database (see README, "Benchmarks"): it adds synthetic rows
under the issuer "Benchmark" and removes them afterwards unless --keep.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from culture_portal.text import fold
from regulations.demo_content import CODE_OF_CONDUCT_TEXT
from regulations.models import Issuer, LegalDocument
from regulations.search import search

ISSUER = "Benchmark"
QUERIES = [
    "kỷ luật hành chính", "ky luat", "thái độ phục vụ", "đeo thẻ công chức", "điện thoại", "GIỜ LÀM VIỆC",
    "sách nhiễu người dân", "trang phục", "ke luat", "xin loi", "uống rượu bia", "bien chuc danh",
]  # fmt: skip


class Command(BaseCommand):
    help = "Fill a scratch PostgreSQL database with synthetic documents and time the portal's search."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=10_000)
        parser.add_argument("--provisions", type=int, default=1_000_000)
        parser.add_argument("--rounds", type=int, default=5, help="times each query is run")
        parser.add_argument("--keep", action="store_true", help="keep the synthetic rows for another run")

    def handle(self, *args, documents, provisions, rounds, keep, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The search benchmark needs PostgreSQL: set DATABASE_URL to a scratch database.")
        if not Issuer.objects.filter(name=ISSUER).exists():
            self._fill(documents, provisions)
        try:
            self._measure(rounds)
        finally:
            if not keep:
                started = time.perf_counter()
                with transaction.atomic():
                    LegalDocument.objects.filter(issuer__name=ISSUER).delete()
                    Issuer.objects.filter(name=ISSUER).delete()
                self.stdout.write(f"removed the synthetic rows in {time.perf_counter() - started:.0f} s")

    def _fill(self, documents: int, provisions: int) -> None:
        lines = [" ".join(line.split()) for line in CODE_OF_CONDUCT_TEXT.splitlines() if len(line.split()) > 3]
        folded = [fold(line) for line in lines]
        words = sorted({word for line in folded for word in line.split()})
        started = time.perf_counter()
        issuer = Issuer.objects.create(name=ISSUER)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO regulations_legaldocument
                  (kind, reference, title, issuer_id, signer, issue_date, effective_date, original_file,
                   search_text, created_at, updated_at)
                SELECT 'decision', i || '/QĐ-BM', 'Văn bản thử nghiệm số ' || i, %s, '', DATE '2020-01-01',
                       DATE '2020-01-01', '', ' van ban thu nghiem so ' || i || ' ', now(), now()
                FROM generate_series(1, %s) AS i
                """,
                [issuer.pk, documents],
            )
            cursor.execute(
                """
                INSERT INTO regulations_documentversion (document_id, number, note, preamble, is_current, created_at)
                SELECT id, 1, '', '', true, now() FROM regulations_legaldocument WHERE issuer_id = %s
                """,
                [issuer.pk],
            )
            cursor.execute(
                "SELECT min(v.id), max(v.id) FROM regulations_documentversion v "
                "JOIN regulations_legaldocument d ON d.id = v.document_id WHERE d.issuer_id = %s",
                [issuer.pk],
            )
            first, last = cursor.fetchone()
            if last - first + 1 != documents:
                raise CommandError("The synthetic versions did not get consecutive ids; use an empty scratch database.")
            # Each provision is one or two real sentences of the demo code of conduct, so words and
            # phrases occur as often as in real documents.
            cursor.execute(
                """
                INSERT INTO regulations_provision
                  (version_id, level, number, heading, text, position, depth, anchor, search_text, search_vector)
                SELECT %s + (i %% %s), 'article', i::text, '', pair.text, i, 0, 'dieu-' || i, pair.folded,
                       to_tsvector('simple'::regconfig, pair.folded)
                FROM generate_series(1, %s) AS i,
                LATERAL (
                  SELECT string_agg(s.text, ' ') AS text, ' ' || string_agg(s.folded, ' ') || ' ' AS folded
                  FROM (SELECT t.text, f.folded
                        FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(text, folded_unused, k)
                        JOIN unnest(%s::text[]) WITH ORDINALITY AS f(folded, k) USING (k)
                        WHERE k IN (1 + (hashint4(i) & 2147483647) %% %s, 1 + (hashint4(i + 7) & 2147483647) %% %s)
                       ) AS s
                ) AS pair
                """,
                [first, documents, provisions, lines, folded, folded, len(lines), len(lines)],
            )
            cursor.execute(
                "INSERT INTO regulations_searchword (word) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING", [words]
            )
            cursor.execute("ANALYZE regulations_provision")
            cursor.execute("ANALYZE regulations_legaldocument")
        self.stdout.write(
            f"filled {documents:,} documents and {provisions:,} provisions in {time.perf_counter() - started:.0f} s"
        )

    def _measure(self, rounds: int) -> None:
        timings = {query: [] for query in QUERIES}
        search(QUERIES[0])  # warm the connection and the caches
        for _ in range(rounds):
            for query in random.sample(QUERIES, len(QUERIES)):  # benchmark order, not security  # nosec B311
                started = time.perf_counter()
                result = search(query)
                timings[query].append((time.perf_counter() - started) * 1000)
                timings[query + " hits"] = len(result.articles)
        every = [ms for query in QUERIES for ms in timings[query]]
        for query in QUERIES:
            median = statistics.median(timings[query])
            self.stdout.write(f"{query!r:28} median {median:6.1f} ms  ({timings[query + ' hits']} articles)")
        every.sort()
        self.stdout.write(
            f"all queries: median {statistics.median(every):.1f} ms, p95 {every[int(len(every) * 0.95) - 1]:.1f} ms, "
            f"max {every[-1]:.1f} ms over {len(every)} searches"
        )
