"""Journey 7 — the spine (issue 18): two complaints about a desk launch a surprise inspection; nobody outside the
team learns of it until leadership approves the conclusion; then the citizen's tracking page says the matter was
taken up, and the officer's answer starts from the findings."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from culture_portal.models import Unit
from feedback import services as feedback_services
from feedback.models import Case
from inspections import services
from inspections.models import Inspection
from regulations.models import Norm
from tests.feedback.conftest import submitted

from .conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK, DESK_NAME = "PHUONG-THANHSEN-Q1", "Quầy số 1 phường Thành Sen - Tư pháp, hộ tịch, đất đai"
COMPLAINTS = (
    "Cán bộ quầy số 1 trả lời cộc lốc, không hướng dẫn thủ tục khai sinh.",
    "Tôi hỏi lại hồ sơ thì cán bộ quầy số 1 quát to, thiếu tôn trọng.",
)
TAKEN_UP = "đã được xem xét trong một cuộc kiểm tra công vụ"


def _complaints(officer):
    """Two citizens' complaints about the desk, triaged under the norm on respect towards citizens."""
    desk, norm = Unit.objects.get(code=DESK), Norm.objects.get(code="GT-01")
    cases = []
    for text in COMPLAINTS:
        case, pin = submitted(desk, norm, description=text, full_name="", phone="", email="", consent=False)
        feedback_services.case_accept(case=case, user=officer, track="feedback", norm=norm)
        case.refresh_from_db()
        cases.append((case, pin))
    return cases


def _field_work(inspection, inspector):
    desk = Unit.objects.get(code=DESK)
    services.inspection_start(inspection=inspection, user=inspector)
    services.finding_record(
        inspection=inspection, unit=desk, norm=Norm.objects.get(code="GT-01"),
        observed="Công chức tại quầy trả lời người dân cộc lốc, không hướng dẫn thủ tục.", severity="minor",
        user=inspector,
    )  # fmt: skip
    services.findings_submit(inspection=inspection, user=inspector)
    services.conclusion_draft(
        inspection=inspection, user=inspector, overall="Có vi phạm chuẩn mực giao tiếp tại quầy số 1.", good_points="",
        requirements=[(desk, "Chấn chỉnh thái độ giao tiếp với người dân.", 5)],
    )  # fmt: skip


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").locator("visible=true").click()
    page.wait_for_load_state()


def test_complaints_launch_a_surprise_inspection_whose_findings_answer_them(demo, desktop):
    User = get_user_model()
    officer, inspector = User.objects.get(username="officer"), User.objects.get(username="inspector")
    (first, first_pin), (second, _pin) = _complaints(officer)
    journey = Journey(desktop, demo.url)

    # Leadership reads the first complaint and starts a surprise inspection from it, adding the second.
    journey.sign_in("leader")
    page = journey.go(f"/feedback/cases/{first.public_id}/")
    page.get_by_role("link", name="Lập cuộc kiểm tra đột xuất từ vụ việc này").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra đột xuất từ phản ánh")
    journey.audit()
    expect(page.get_by_label(re.compile(first.tracking_code))).to_be_checked()
    page.get_by_label(re.compile(second.tracking_code)).check()
    now = timezone.localtime()
    start, end = now + datetime.timedelta(hours=1), now + datetime.timedelta(hours=4)
    page.get_by_label("Theo quyết định số").fill("88/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(f"{now:%d/%m/%Y}")
    page.get_by_label("Từ ngày").fill(f"{start:%d/%m/%Y %H:%M}")
    page.get_by_label("Đến ngày").fill(f"{end:%d/%m/%Y %H:%M}")
    page.get_by_label("Trưởng đoàn").select_option(label="Nguyễn Văn Hùng")
    page.get_by_role("button", name="Lập cuộc kiểm tra đột xuất").click()

    inspection = Inspection.objects.get(basis_reference="88/QĐ-UBND")
    expect(page.get_by_role("heading", level=1)).to_have_text(inspection.title)
    journey.audit()
    grounds = page.get_by_role("heading", name="Các phản ánh dẫn đến cuộc kiểm tra")
    expect(grounds).to_be_visible()
    for case in (first, second):
        expect(page.get_by_role("link", name=case.tracking_code)).to_be_visible()
    assert inspection.kind == Inspection.Kind.SURPRISE
    assert list(inspection.units.values_list("code", flat=True)) == [DESK]

    # The officer handling the complaints is not on the team: the case page says nothing yet.
    _sign_out(page)
    journey.sign_in("officer")
    page = journey.go(f"/feedback/cases/{first.public_id}/")
    expect(page.get_by_text("Đã được đưa vào cuộc kiểm tra")).to_have_count(0)
    expect(page.get_by_role("textbox", name=re.compile("^Trả lời người dân"))).to_have_value("")

    # The team does the field work; leadership approves the conclusion.
    _field_work(inspection, inspector)
    _sign_out(page)
    journey.sign_in("leader")
    page = journey.go(f"/inspections/{inspection.public_id}/")
    page.get_by_role("button", name="Phê duyệt kết luận").click()
    expect(page.get_by_role("status").filter(has_text="Kết luận đã được phê duyệt.")).to_be_visible()

    # Now the officer sees the inspection on the case, and the answer starts from its finding.
    _sign_out(page)
    journey.sign_in("officer")
    page = journey.go(f"/feedback/cases/{first.public_id}/")
    expect(page.get_by_text("Đã được đưa vào cuộc kiểm tra")).to_be_visible()
    answer = page.get_by_role("textbox", name=re.compile("^Trả lời người dân"))
    expect(answer).to_have_value(re.compile("88/QĐ-UBND.*GT-01"))
    answer.press("End")
    answer.type(" Đơn vị đã kiểm điểm công chức và xin lỗi ông/bà.")
    page.get_by_label("Kết quả xác minh").select_option(label="Phản ánh đúng")
    page.get_by_role("region", name="Trả lời người dân").get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu.")).to_be_visible()
    first.refresh_from_db()
    assert first.status == Case.Status.ANSWERED and "88/QĐ-UBND" in first.answer

    # The citizen, with the code and PIN from the receipt: the matter was taken up, and the answer.
    _sign_out(page)
    page = journey.go("/feedback/track/")
    page.get_by_label("Mã tra cứu").fill(first.tracking_code)
    page.get_by_label("Mã PIN").fill(first_pin)
    page.get_by_label("Nhập các ký tự trong hình").fill("PASSED")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem trạng thái").click()
    expect(page.get_by_text(re.compile(TAKEN_UP))).to_be_visible()
    expect(page.get_by_text(re.compile("xin lỗi ông/bà"))).to_be_visible()
    journey.audit()
