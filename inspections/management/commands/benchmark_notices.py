"""Time the rendering of one conclusion notice (PDF + DOCX) for an inspection of 10 units and 50 findings.

Everything it creates is rolled back at the end, so it can run on any database with the demo loaded.
"""

import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from culture_portal.models import Signatory, Unit
from inspections import services
from inspections.documents import notice_content, notice_docx, notice_pdf
from inspections.models import Notice
from regulations.models import Norm, NormGroup


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Median time to render one conclusion notice (PDF + DOCX); needs the demo data (make run)."

    def add_arguments(self, parser):
        parser.add_argument("--renders", type=int, default=20)

    def handle(self, *args, renders, **options):
        User = get_user_model()
        try:
            inspector, leader = User.objects.get(username="inspector"), User.objects.get(username="leader")
        except User.DoesNotExist:
            raise CommandError("Load the demo first: python manage.py seed_demo (with DEBUG=1).") from None
        timings = []
        try:
            with transaction.atomic():
                notice = self._notice(inspector, leader)
                notice_content(notice)  # warm WeasyPrint's import and fonts
                notice_pdf(notice_content(notice))
                for _ in range(renders):
                    started = time.perf_counter()
                    content = notice_content(notice)
                    notice_pdf(content), notice_docx(content)
                    timings.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
        timings.sort()
        self.stdout.write(
            f"notice with 10 units and 50 findings, PDF + DOCX: median {statistics.median(timings) * 1000:.0f} ms, "
            f"max {timings[-1] * 1000:.0f} ms over {renders} renders"
        )

    def _notice(self, inspector, leader) -> Notice:
        units = list(Unit.objects.filter(kind__in=["ward", "commune", "office"]).order_by("path")[:10])
        if len(units) < 10:
            raise CommandError("The demo organisation has fewer than 10 offices and wards.")
        start = timezone.now() - datetime.timedelta(days=1)
        inspection = services.inspection_create(
            user=inspector, kind="periodic", title="Kiểm tra đo hiệu năng", basis_reference="99/QĐ-UBND",
            basis_date=timezone.localdate(), window_start=start, window_end=start + datetime.timedelta(hours=8),
            leader=inspector, units=units, norm_groups=NormGroup.objects.all(),
        )  # fmt: skip
        services.inspection_start(inspection=inspection, user=inspector)
        norms = list(Norm.objects.all()[:25])
        for index in range(50):
            unit = units[index % 10]
            services.finding_record(
                inspection=inspection, unit=unit, official=unit.officials.first(), norm=norms[index % len(norms)],
                observed=f"Ghi nhận số {index + 1}: cán bộ chưa chấp hành đúng quy định tại thời điểm kiểm tra.",
                severity="minor", user=inspector,
            )  # fmt: skip
        services.findings_submit(inspection=inspection, user=inspector)
        services.conclusion_draft(
            inspection=inspection, user=inspector, overall="Cơ bản chấp hành tốt.", good_points="Trụ sở gọn gàng.",
            requirements=[(unit, "Chấn chỉnh, khắc phục các tồn tại đã nêu.", 10) for unit in units],
        )  # fmt: skip
        with transaction.atomic():
            services.conclusion_approve(inspection=inspection, user=leader)
        notice = Notice.objects.get(inspection=inspection)
        signatory = Signatory.objects.filter(user=leader).first()
        notice.number, notice.year, notice.reference = 99, timezone.localdate().year, "99/TB-UBND"
        notice.issued_on, notice.signatory = timezone.localdate(), signatory
        return notice
