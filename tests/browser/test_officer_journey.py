"""Journey 2 — the feedback officer at a desktop: a suggestion-box opening and its letters, a hotline call keyed in,
one case triaged as a complaint, assigned and answered, and an overdue case flagged in the list."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from culture_portal.models import Unit
from feedback.models import BoxOpening, Case
from regulations.models import Norm

from .conftest import Journey, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LETTERS = [
    ("Cán bộ bộ phận một cửa hẹn trả kết quả nhưng quá hẹn 5 ngày không báo lý do.", "PHUONG-THANHSEN-Q1"),
    ("Đề nghị bố trí thêm ghế chờ ở Trung tâm Phục vụ hành chính công tỉnh, người già phải đứng lâu.", "TTPVHCC"),
]
CALL = "Người gọi phản ánh cán bộ quầy số 2 gắt gỏng khi hướng dẫn thủ tục đăng ký khai sinh cho con."
ANSWER = "Trung tâm đã làm việc với cán bộ quầy số 2; cán bộ đã nhận khuyết điểm và được nhắc nhở bằng văn bản."


def _section(page, heading: str):
    """A card of the case page, found by its heading (each form has its own "Lưu" button)."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def _duplicate_ids(page) -> list:
    """Ids used twice: a label pointing at one would name (and a click on it focus) the other form's field."""
    return page.evaluate(
        """() => {
            const seen = {};
            document.querySelectorAll('[id]').forEach((el) => { seen[el.id] = (seen[el.id] || 0) + 1; });
            return Object.keys(seen).filter((id) => seen[id] > 1);
        }"""
    )


def _save(journey, section, message="Đã lưu."):
    page = journey.page
    with page.expect_navigation():
        section.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("status").filter(has_text=message).is_visible()
    journey.audit()


def test_feedback_officer_keys_in_triages_assigns_answers_and_sees_overdue(demo, desktop):
    officer = get_user_model().objects.get(username="officer")
    centre = Unit.objects.get(code="TTPVHCC")
    desk_2 = Unit.objects.get(code="TTPVHCC-Q2")
    norm = Norm.objects.filter(is_active=True, group__code="communication").order_by("code").first()
    topic = norm.citizen_title or norm.title
    journey = Journey(desktop, demo.url)
    journey.sign_in("officer")

    # A suggestion box opened this morning at the public service centre: 2 letters inside.
    page = journey.go("/feedback/cases/")
    page.get_by_role("link", name="Ghi nhận lần mở hòm thư").click()
    page.wait_for_url(re.compile(r"/feedback/boxes/new/$"))
    journey.audit()
    pick(page, "Vị trí hòm thư", centre.name, centre.name)
    page.get_by_label("Ngày mở").fill(timezone.localdate().isoformat())
    page.get_by_label("Người mở").fill("Lê Thị Mai")
    page.get_by_label("Người chứng kiến").fill("Nguyễn Văn Lộc (Giám đốc Trung tâm)")
    page.get_by_label("Số lượng thư").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("status").filter(has_text="Đã ghi nhận lần mở hòm thư").is_visible()
    journey.audit()
    opening = BoxOpening.objects.get(opened_by="Lê Thị Mai", witnesses__startswith="Nguyễn Văn Lộc")
    assert page.url.endswith(f"/feedback/boxes/{opening.public_id}/")
    assert "Đã nhập 0/2 thư" in page.locator("main").inner_text()

    # Each letter keyed in from the opening's page; the channel is fixed to the suggestion box.
    assert page.get_by_label("Kênh tiếp nhận").is_disabled()
    for number, (text, unit_code) in enumerate(LETTERS, start=1):
        unit = Unit.objects.get(code=unit_code)
        pick(page, "Đơn vị liên quan", unit.name, unit.name)
        page.get_by_label("Nội dung liên quan đến việc gì?").select_option(label=topic)
        page.get_by_label("Sự việc đã xảy ra").fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu thư").click()
        assert page.get_by_role("status").filter(has_text="Đã ghi nhận hồ sơ").is_visible()
        assert f"Đã nhập {number}/2 thư" in page.locator("main").inner_text()
    letters = list(opening.letters.order_by("received_at", "pk"))
    assert [letter.description for letter in letters] == [text for text, _ in LETTERS]
    assert {(letter.channel, letter.keyed_in_by_id) for letter in letters} == {("box", officer.pk)}
    letter_list = page.get_by_role("list").filter(has_text=letters[0].tracking_code)
    assert letter_list.get_by_role("link").all_inner_texts() == [letter.tracking_code for letter in letters]

    # A hotline call, keyed in with what the caller said and when.
    page = journey.go("/feedback/cases/")
    page.get_by_role("link", name="Nhập cuộc gọi hoặc thư điện tử").click()
    page.wait_for_url(re.compile(r"/feedback/cases/new/$"))
    journey.audit()
    called_at = timezone.localtime() - datetime.timedelta(hours=1)
    page.get_by_label("Kênh tiếp nhận").select_option(label="Đường dây nóng")
    page.get_by_label("Thời điểm tiếp nhận (ngày và giờ)").fill(called_at.strftime("%Y-%m-%dT%H:%M"))
    pick(page, "Đơn vị liên quan", desk_2.name, desk_2.name)
    page.get_by_label("Nội dung liên quan đến việc gì?").select_option(label=topic)
    page.get_by_label("Sự việc đã xảy ra").fill(CALL)
    page.get_by_label("Họ và tên").fill("Phạm Văn Hùng")
    page.get_by_label("Điện thoại").fill("0905 111 222")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("status").filter(has_text="Đã ghi nhận hồ sơ").is_visible()
    journey.audit()
    call = Case.objects.get(description=CALL)
    assert (call.channel, call.status, call.unit, call.keyed_in_by) == ("hotline", "received", desk_2, officer)
    assert call.received_at.replace(second=0, microsecond=0) == called_at.replace(second=0, microsecond=0)
    assert page.url.endswith(f"/feedback/cases/{call.public_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Hồ sơ {call.tracking_code}"

    # Triage: valid, handled as a complaint. (Triage and "move to another track" both ask for a track.)
    assert _duplicate_ids(page) == []
    triage = _section(page, "Phân loại")
    triage.get_by_label("Hợp lệ: tiếp nhận để xử lý").check()
    triage.get_by_label("Hình thức xử lý").select_option(label="Khiếu nại")
    triage.get_by_label("Ghi chú nội bộ").fill("Người gọi đồng ý để lại số điện thoại.")
    _save(journey, triage)
    call.refresh_from_db()
    assert (call.status, call.track, call.due_on is not None) == ("accepted", "complaint", True)
    facts = page.locator("section dl").first.inner_text()
    assert "Đã thụ lý" in facts and "Khiếu nại" in facts and call.due_on.strftime("%d/%m/%Y") in facts

    # Assign it to the centre, to the officer herself.
    assign = _section(page, "Phân công xác minh")
    pick(assign, "Đơn vị xử lý", centre.name, centre.name)
    assign.get_by_label("Cán bộ").select_option(str(officer.pk))
    _save(journey, assign)
    call.refresh_from_db()
    assert (call.status, call.handling_unit, call.assignee) == ("in_progress", centre, officer)
    assert "Đang xác minh" in page.locator("section dl").first.inner_text()

    # Answer the caller. (Moving the case and extending its deadline both ask for a reason.)
    assert _duplicate_ids(page) == []
    answer = _section(page, "Trả lời người dân")
    answer.get_by_label("Trả lời người dân").fill(ANSWER)
    answer.locator("select[name=upheld]").select_option("upheld")  # the caller's criticism was found justified
    _save(journey, answer)
    call.refresh_from_db()
    assert (call.status, call.answer, call.answered_by) == ("answered", ANSWER, officer)
    assert ANSWER in _section(page, "Văn bản trả lời").inner_text()
    assert _section(page, "Trả lời người dân").count() == 0, "an answered case has no answer form any more"

    # A case past its deadline stands out in the list.
    late = Case.objects.filter(status__in=Case.OPEN_STATUSES, channel="web").order_by("received_at").first()
    Case.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    page = journey.go("/feedback/cases/")
    late_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=late.tracking_code))
    assert "Quá hạn" in late_row.inner_text()
    assert "case-overdue" in late_row.get_attribute("class")
    assert late.tracking_code in page.locator("tbody tr").first.inner_text(), "the most urgent case comes first"
    for case in Case.objects.filter(status__in=Case.OPEN_STATUSES).exclude(pk=late.pk):
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.tracking_code))
        assert "Quá hạn" not in row.inner_text(), case.tracking_code
    assert page.get_by_role("link", name=call.tracking_code).count() == 0, "answered cases leave the open list"
    page.get_by_label("Trạng thái").select_option(label="Quá hạn")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"status=overdue"))
    journey.audit()
    codes = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert codes == [late.tracking_code]

    journey.switch_language()
    journey.denied("/inspections/plans/")
    journey.denied("/inspections/discipline/")
    journey.go("/feedback/cases/")
    journey.finish("journey-2-feedback-officer")
