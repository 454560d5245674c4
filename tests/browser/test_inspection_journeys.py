"""Journeys 3 to 5 — an inspection from the field to the corrective actions, in the roles that live it.

3. The inspector, on a phone: a surprise inspection at a one-stop desk of Thành Sen ward, the attendance roll,
   findings with photos, the findings submitted and the conclusion drafted by the team leader.
4. Leadership, at a desk: the conclusion approved, the notice produced while the page shows its progress (a real
   Celery worker when a broker is configured, as in CI), the PDF downloaded and read, the overdue actions.
5. The head of Thành Sen ward: the notice about the ward's desk, the corrective action reported with its evidence,
   accepted by the inspector.

Journeys 4 and 5 begin later in the story: `_story()` builds the state journey 3 leaves, through the services.
"""

import datetime
import io
import re
import unicodedata
import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from culture_portal import celery_app
from culture_portal.models import Official, Unit
from inspections import services, tasks
from inspections.models import (
    AttendanceRecord,
    Conclusion,
    CorrectiveAction,
    Evidence,
    Finding,
    Inspection,
    Notice,
)
from regulations.models import Norm, NormGroup
from tests.real_worker import require_broker, running_worker

from .conftest import Journey, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Kiểm tra đột xuất giờ giấc, trang phục tại Quầy số 1 phường Thành Sen"
DESK, DESK_NAME = "PHUONG-THANHSEN-Q1", "Quầy số 1 phường Thành Sen - Tư pháp, hộ tịch, đất đai"
WARD = "PHUONG-THANHSEN"
LATE_OFFICIAL, ABSENT_OFFICIAL = "Lê Văn Bình", "Trần Thị Ngân"  # the two officials of the desk (demo data)
GROUPS = {
    "working_hours": "Chấp hành giờ giấc hành chính, kỷ luật lao động",
    "dress": "Trang phục, thẻ công chức",
    "communication": "Chuẩn mực giao tiếp, ứng xử",
}
OVERALL = "Quầy một cửa cơ bản chấp hành quy định; còn công chức đi muộn và không đeo thẻ công chức."
GOOD_POINTS = "Tiếp công dân niềm nở, hướng dẫn đầy đủ một lần."
REQUIREMENT = "Chấn chỉnh giờ giấc và việc đeo thẻ công chức tại quầy một cửa."  # < 90 characters: shown whole


def _jpeg(colour=(200, 40, 40)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(output, "JPEG")
    return output.getvalue()


def _photo(tmp_path, name: str, colour) -> str:
    path = tmp_path / name
    path.write_bytes(_jpeg(colour))
    return str(path)


def _story(*, until: str) -> Inspection:
    """The state journey 3 leaves ("drafted"), or the one after leadership's approval and the notice ("issued")."""
    User = get_user_model()
    inspector, leader = User.objects.get(username="inspector"), User.objects.get(username="leader")
    desk = Unit.objects.get(code=DESK)
    now = timezone.now()
    inspection = services.inspection_create(
        user=inspector,
        kind=Inspection.Kind.SURPRISE,
        title=TITLE,
        basis_reference="57/QĐ-UBND",
        basis_date=timezone.localdate(),
        window_start=now - datetime.timedelta(minutes=30),
        window_end=now + datetime.timedelta(hours=2),
        leader=inspector,
        units=[desk],
        norm_groups=NormGroup.objects.filter(code__in=GROUPS),
    )
    services.inspection_start(inspection=inspection, user=inspector)
    late = Official.objects.get(unit=desk, full_name=LATE_OFFICIAL)
    absent = Official.objects.get(unit=desk, full_name=ABSENT_OFFICIAL)
    services.attendance_record(
        inspection=inspection, unit=desk, official=late, status="late", late_minutes=25, user=inspector
    )
    services.attendance_record(
        inspection=inspection, unit=desk, official=absent, status="absent_without_leave", user=inspector
    )
    breaches = [
        ("GG-01", late, "Đến cơ quan lúc 7 giờ 55, muộn 25 phút.", "minor"),
        ("TP-04", None, "Một công chức tại quầy không đeo thẻ công chức.", "moderate"),
    ]
    for code, official, observed, severity in breaches:
        finding = services.finding_record(
            inspection=inspection, unit=desk, official=official, norm=Norm.objects.get(code=code),
            observed=observed, severity=severity, user=inspector,
        )  # fmt: skip
        photo = SimpleUploadedFile(f"{code}.jpg", _jpeg(), content_type="image/jpeg")
        services.evidence_attach(finding=finding, uploaded=photo, user=inspector)
    services.finding_record(
        inspection=inspection, unit=desk, norm=Norm.objects.get(code="GT-01"), observed=GOOD_POINTS,
        severity="minor", user=inspector, is_commendation=True,
    )  # fmt: skip
    services.findings_submit(inspection=inspection, user=inspector)
    services.conclusion_draft(
        inspection=inspection, user=inspector, overall=OVERALL, good_points=GOOD_POINTS,
        requirements=[(desk, REQUIREMENT, 10)],
    )  # fmt: skip
    if until == "issued":
        # Tasks run in this process here (tests/conftest.py): the notice is issued when the approval commits.
        services.conclusion_approve(inspection=inspection, user=leader)
    inspection.refresh_from_db()
    return inspection


def _message(page, text: str):
    """The confirmation the portal shows after a step (a polite live region)."""
    return page.get_by_role("status").filter(has_text=text)


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").locator("visible=true").click()
    page.wait_for_load_state()


# --- Journey 3 -----------------------------------------------------------------------------------------------------


def test_inspector_runs_a_surprise_inspection_on_the_phone(demo, phone, tmp_path):
    journey = Journey(phone, demo.url)
    journey.sign_in("inspector")

    # A surprise inspection of the ward's one-stop desk, ordered this morning, in progress now.
    page = journey.go("/inspections/")
    page.get_by_role("link", name="Tạo cuộc kiểm tra").click()
    expect(page.get_by_role("heading", name="Tạo cuộc kiểm tra")).to_be_visible()
    journey.audit()
    now = timezone.localtime()
    start, end = now - datetime.timedelta(minutes=30), now + datetime.timedelta(hours=2)
    page.get_by_label("Loại").select_option(label="Đột xuất")
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_label("Theo quyết định số").fill("57/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(f"{now:%d/%m/%Y}")
    page.get_by_label("Từ ngày").fill(f"{start:%d/%m/%Y %H:%M}")
    page.get_by_label("Đến ngày").fill(f"{end:%d/%m/%Y %H:%M}")
    page.get_by_label("Trưởng đoàn").select_option(label="Nguyễn Văn Hùng")  # chosen by name, not by login
    pick(page, "Đơn vị được kiểm tra", DESK_NAME, DESK_NAME)
    for group in GROUPS.values():
        page.get_by_label(group).check()
    page.get_by_role("button", name="Lưu", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    journey.audit()
    inspection = Inspection.objects.get(title=TITLE)
    assert inspection.kind == Inspection.Kind.SURPRISE and inspection.status == Inspection.Status.PLANNED
    assert inspection.leader.username == "inspector"
    assert list(inspection.units.values_list("code", flat=True)) == [DESK]
    assert set(inspection.norm_groups.values_list("code", flat=True)) == set(GROUPS)
    expect(page.get_by_text("Đã lên kế hoạch", exact=True)).to_be_visible()

    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    expect(page.get_by_text("Đang kiểm tra", exact=True)).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.IN_PROGRESS
    assert inspection.checklist.filter(unit__code=DESK).exists(), "the checklist is built from the norms in scope"

    # The field page of the unit.
    page.get_by_role("link", name=DESK_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DESK_NAME)
    journey.audit()

    # The attendance roll: one official late, one absent without leave.
    roll = page.get_by_role("region", name=re.compile("Kiểm tra giờ giấc"))
    late = roll.get_by_role("group", name=LATE_OFFICIAL)
    late.get_by_label("Tình trạng").select_option(label="Đi muộn")
    late.get_by_label("Số phút đi muộn").fill("25")
    late.get_by_role("button", name="Lưu").click()
    expect(_message(page, "Đã lưu.")).to_be_visible()
    expect(roll.get_by_role("group", name=LATE_OFFICIAL).get_by_label("Tình trạng")).to_have_value("late")
    absent = roll.get_by_role("group", name=ABSENT_OFFICIAL)
    absent.get_by_label("Tình trạng").select_option(label="Vắng không phép")
    absent.get_by_role("button", name="Lưu").click()
    # One of the two expected at work is: 50 %.
    expect(roll.get_by_role("heading")).to_contain_text(re.compile(r"50[,.]0\s*%"))
    expect(roll.get_by_role("group", name=ABSENT_OFFICIAL).get_by_label("Tình trạng")).to_have_value(
        "absent_without_leave"
    )
    records = {
        r.official.full_name: (r.status, r.late_minutes) for r in AttendanceRecord.objects.filter(inspection=inspection)
    }
    assert records == {LATE_OFFICIAL: ("late", 25), ABSENT_OFFICIAL: ("absent_without_leave", None)}

    # Two breaches, each with a photo taken on the spot, and one commendation.
    def record(norm: str, observed: str, severity: str, *, official=None, photo=None, commendation=False):
        form = page.get_by_role("region", name="Ghi nhận kết quả kiểm tra")
        form.get_by_label("Chuẩn mực").select_option(label=norm)
        if official:
            form.get_by_label("Cán bộ").select_option(label=str(Official.objects.get(full_name=official)))
        form.get_by_label("Nội dung ghi nhận").fill(observed)
        form.get_by_label("Mức độ").select_option(label=severity)
        if commendation:
            form.get_by_label("Biểu dương").check()
        if photo:
            form.get_by_label("Tài liệu chứng minh").set_input_files(photo)
        form.get_by_role("button", name="Lưu kết quả").click()
        expect(_message(page, "Đã lưu kết quả kiểm tra.")).to_be_visible()
        expect(unit_findings.get_by_role("listitem").filter(has_text=observed)).to_be_visible()

    unit_findings = page.get_by_role("region", name="Kết quả kiểm tra tại đơn vị này")

    record(
        "GG-01 Đi muộn", "Đến cơ quan lúc 7 giờ 55, muộn 25 phút.", "nhẹ",
        official=LATE_OFFICIAL, photo=_photo(tmp_path, "di-muon.jpg", (200, 40, 40)),
    )  # fmt: skip
    record(
        "TP-04 Không đeo thẻ công chức", "Một công chức tại quầy không đeo thẻ công chức.", "trung bình",
        photo=_photo(tmp_path, "the-cong-chuc.jpg", (40, 40, 200)),
    )  # fmt: skip
    record("GT-01 Không thực hiện “4 xin, 4 luôn”", GOOD_POINTS, "nhẹ", commendation=True)
    expect(unit_findings.get_by_role("listitem")).to_have_count(3)
    findings = Finding.objects.filter(inspection=inspection)
    assert findings.count() == 3
    breaches = findings.filter(is_commendation=False)
    assert sorted(breaches.values_list("norm__code", flat=True)) == ["GG-01", "TP-04"]
    assert breaches.get(norm__code="GG-01").official.full_name == LATE_OFFICIAL
    assert Evidence.objects.filter(finding__in=breaches, content_type="image/jpeg").count() == 2
    assert all(f.evidence.count() == 1 for f in breaches)
    assert findings.get(is_commendation=True).norm.code == "GT-01"

    # Back on the inspection: the findings are submitted.
    page.get_by_role("navigation", name="Đường dẫn").get_by_role("link", name=TITLE).click()
    journey.audit()
    expect(page.get_by_role("row").filter(has_text="biểu dương")).to_have_count(1)
    page.get_by_role("button", name="Nộp kết quả kiểm tra").click()
    expect(page.get_by_text("Đã nộp kết quả kiểm tra", exact=True)).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.FINDINGS_SUBMITTED

    # The team leader drafts the conclusion: the assessment and a requirement with its deadline.
    page.get_by_role("link", name="Dự thảo kết luận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo kết luận")
    journey.audit()
    page.get_by_label("Đánh giá chung").fill(OVERALL)
    page.get_by_label("Ưu điểm").fill(GOOD_POINTS)
    first = page.get_by_role("group", name="Yêu cầu 1")
    first.get_by_label("Đơn vị").select_option(label=DESK_NAME)
    first.get_by_label("Yêu cầu").fill(REQUIREMENT)
    first.get_by_label("Thời hạn").fill("10")
    page.get_by_role("button", name="Lưu và trình phê duyệt").click()
    expect(_message(page, "Đã dự thảo kết luận, chờ lãnh đạo phê duyệt.")).to_be_visible()
    conclusion = page.get_by_role("region", name=re.compile("Kết luận"))
    expect(conclusion).to_contain_text(OVERALL)
    expect(conclusion.get_by_role("listitem").filter(has_text=REQUIREMENT)).to_contain_text("10")
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CONCLUSION_DRAFTED
    drafted = Conclusion.objects.get(inspection=inspection)
    assert drafted.status == Conclusion.Status.DRAFT and drafted.overall == OVERALL
    assert [(r.unit.code, r.text, r.working_days, r.deadline) for r in drafted.requirements.all()] == [
        (DESK, REQUIREMENT, 10, None)
    ]

    journey.switch_language()
    journey.denied("/inspections/discipline/")
    journey.go(f"/inspections/{inspection.public_id}/")
    journey.finish("journey-3-inspector")


# --- Journey 4 -----------------------------------------------------------------------------------------------------


def _pdf_text(path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_leadership_approves_follows_the_notice_and_reads_the_overdue_actions(demo, desktop, monkeypatch):
    inspection = _story(until="drafted")
    journey = Journey(desktop, demo.url)
    journey.sign_in("leader")

    # The conclusion waiting for approval, from the list of inspections.
    page = journey.go("/inspections/?status=conclusion_drafted")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    journey.audit()
    conclusion = page.get_by_role("region", name=re.compile("Kết luận"))
    expect(conclusion).to_contain_text(OVERALL)
    expect(conclusion.get_by_role("listitem").filter(has_text=REQUIREMENT)).to_contain_text("10 ngày làm việc")

    # The notice is produced by a Celery task. With a broker (CI) a real worker produces it, started only once the
    # page has shown the notice waiting, so that the progress is seen whatever the speed of the worker. Without
    # one, tasks run in this process: the task is held the same way and run here.
    with_worker = not settings.CELERY_TASK_ALWAYS_EAGER
    held: list[int] = []
    if with_worker:
        require_broker()
        queue = f"test-{uuid.uuid4().hex[:10]}"
        celery_app.conf.task_always_eager = False  # tests/conftest.py restores both after the test
        celery_app.conf.task_default_queue = queue
    else:
        render_notice = tasks.render_notice
        monkeypatch.setattr(tasks, "render_notice", SimpleNamespace(delay=held.append))
        # The in-memory SQLite database is one connection shared with the live server: the page's checks are held
        # in the browser while the test produces the notice, and let through afterwards.
        page.route(re.compile(r"/notice/$"), lambda route: route.continue_())

    page.get_by_role("button", name="Phê duyệt kết luận").click()
    expect(_message(page, "Kết luận đã được phê duyệt.")).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CONCLUSION_APPROVED
    notice = Notice.objects.get(inspection=inspection)
    assert notice.status == Notice.Status.PENDING and notice.signatory.user.username == "leader"
    action = CorrectiveAction.objects.get(inspection=inspection)
    assert action.unit.code == DESK and action.status == CorrectiveAction.Status.OPEN
    assert action.deadline > timezone.localdate()

    # The notice page shows its progress while the notice is produced...
    page.get_by_role("link", name="Thông báo kết luận").click()
    progress = page.get_by_role("progressbar", name="Đang tạo thông báo")
    expect(progress).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo kết luận")
    expect(page.get_by_role("link", name="Tải PDF")).to_have_count(0)
    journey.audit()
    notice_url = page.url
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    # ... and updates by itself when the notice is issued: nobody reloads it.
    download_link = page.get_by_role("link", name="Tải PDF")
    if with_worker:
        with running_worker(queue=queue):
            expect(download_link).to_be_visible(timeout=90_000)
    else:
        with page.expect_response(
            lambda response: response.url == notice_url and response.request.resource_type == "fetch"
        ):
            pass  # one check went through and found the notice pending; the next one waits in the browser
        assert held == [notice.pk]
        render_notice.delay(held[0])
        expect(download_link).to_be_visible(timeout=30_000)
    expect(progress).to_have_count(0)
    assert navigations and navigations[-1] == notice_url, "the page reloaded itself once the notice was issued"
    notice.refresh_from_db()
    inspection.refresh_from_db()
    assert notice.status == Notice.Status.DONE and "/TB-" in notice.reference
    assert inspection.status == Inspection.Status.NOTICE_ISSUED
    expect(page.get_by_role("article")).to_contain_text(notice.reference)
    journey.audit()

    # The PDF, downloaded through the page's link and read.
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"{notice.reference.replace('/', '-')}.pdf"
    text = _pdf_text(download.path())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "/TB-" in text and notice.reference in text
    assert DESK_NAME in text

    # The overdue corrective actions across the city: this one is not overdue yet, then it is.
    page = journey.go("/inspections/actions/")
    page.get_by_role("navigation", name="Lọc").get_by_role("link", name="Quá hạn").click()
    expect(page).to_have_url(re.compile(r"\?overdue=1$"))
    journey.audit()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=REQUIREMENT))
    expect(row).to_have_count(0)
    overdue_since = timezone.localdate() - datetime.timedelta(days=3)
    CorrectiveAction.objects.filter(pk=action.pk).update(deadline=overdue_since)
    page.reload()
    expect(row).to_have_count(1)
    expect(row).to_contain_text(DESK_NAME)
    # Overdue in words beside the deadline, not only in red.
    expect(row.get_by_role("cell", name=f"{overdue_since:%d/%m/%Y} Quá hạn")).to_be_visible()
    overdue = CorrectiveAction.objects.filter(
        status__in=CorrectiveAction.OPEN_STATUSES, deadline__lt=timezone.localdate()
    )
    expect(page.locator("main tbody tr")).to_have_count(overdue.count())

    journey.switch_language()
    journey.denied("/organisation/import/")
    journey.go("/inspections/actions/?overdue=1")
    journey.finish("journey-4-leadership")


# --- Journey 5 -----------------------------------------------------------------------------------------------------


def test_unit_head_reports_a_corrective_action_the_inspector_accepts(demo, desktop, tmp_path):
    inspection = _story(until="issued")
    notice = Notice.objects.get(inspection=inspection)
    assert notice.status == Notice.Status.DONE
    action = CorrectiveAction.objects.get(inspection=inspection)
    journey = Journey(desktop, demo.url)
    journey.sign_in("unithead")

    # The notice about the ward's one-stop desk, from the ward's inspection history.
    page = journey.go(f"/inspections/units/{WARD}/history/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ủy ban nhân dân phường Thành Sen")
    page.get_by_role("link", name=notice.reference, exact=True).click()
    journey.audit()
    document = page.get_by_role("article")
    expect(document.get_by_role("heading", name="THÔNG BÁO")).to_be_visible()
    expect(document).to_contain_text(DESK_NAME)
    expect(document).to_contain_text(REQUIREMENT)
    expect(page.get_by_role("link", name="Tải PDF")).to_be_visible()

    # The corrective action: what was done, with a photo as evidence.
    page = journey.go("/inspections/actions/")
    page.get_by_role("link", name=REQUIREMENT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REQUIREMENT)
    journey.audit()
    expect(page.get_by_text("Chưa thực hiện", exact=True)).to_be_visible()
    report = "Đã họp bộ phận một cửa, nhắc nhở công chức; từ tuần sau mọi công chức đeo thẻ và đến đúng giờ."
    page.get_by_label("Kết quả khắc phục").fill(report)
    page.get_by_label("Tài liệu chứng minh").set_input_files(_photo(tmp_path, "bien-ban-hop.jpg", (40, 160, 40)))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_message(page, "Báo cáo đã được gửi đến đoàn kiểm tra.")).to_be_visible()
    expect(page.get_by_text("Đã báo cáo, chờ đánh giá", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.REPORTED and action.report == report
    assert action.reported_by.username == "unithead"
    assert list(action.evidence.values_list("content_type", flat=True)) == ["image/jpeg"]

    journey.switch_language()
    journey.denied("/inspections/new/")

    # The inspector reads the report and accepts it.
    action_path = f"/inspections/actions/{action.public_id}/"
    _sign_out(page)
    journey.sign_in("inspector")
    page = journey.go(action_path)
    expect(page.get_by_text(report)).to_be_visible()
    expect(page.get_by_text("Đính kèm 1 tệp.")).to_be_visible()
    page.get_by_label("Ý kiến").fill("Đã kiểm tra lại tại bộ phận một cửa: đạt yêu cầu.")
    page.get_by_role("button", name="Chấp nhận").click()
    expect(_message(page, "Đã lưu.")).to_be_visible()
    expect(page.get_by_text("Đã chấp nhận", exact=True)).to_be_visible()
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.ACCEPTED and action.reviewed_by.username == "inspector"

    # Back to the unit head: the action is closed.
    _sign_out(page)
    journey.sign_in("unithead")
    page = journey.go(action_path)
    expect(page.get_by_text("Đã chấp nhận", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
    journey.finish("journey-5-unit-head")
