"""Journey 1 — a citizen on a phone: the desk's QR code, a complaint with a photo, the receipt, following it with
the code and PIN from another phone, reading the answer and rating it. And the same form with the keyboard alone."""

import contextlib
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from PIL import Image

from culture_portal.models import Unit
from feedback import services
from feedback.models import Case
from regulations.models import Norm

from .conftest import FAILURES, PHONE, Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESK = "PHUONG-THANHSEN-Q1"  # desk no. 1 of Thành Sen ward: the QR code on its counter
DESK_NAME = "Quầy số 1 phường Thành Sen - Tư pháp, hộ tịch, đất đai"
DESCRIPTION = (
    "Sáng thứ Hai tôi nộp hồ sơ đăng ký hộ tịch. Cán bộ ở quầy nói trống không, "
    "yêu cầu tôi về photo thêm giấy tờ mà quy định không đòi hỏi."
)
ANSWER = "Phường đã xác minh sự việc; cán bộ tiếp nhận đã bị nhắc nhở và xin lỗi Ông/Bà. Hồ sơ được nhận ngay."
TRACKING_CODE = re.compile(r"^PA-\d{4}-[2-9A-HJKMNP-Z]{6}$")


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploaded photos go to a temporary folder; the rate limits (in the cache) start unused."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def _photo(folder) -> str:
    path = folder / "quay-mot-cua.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


@contextlib.contextmanager
def _another_phone(browser, name: str):
    """A second phone (a new browser context: no cookies, no session), kept on failure like the fixtures do."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    try:
        yield page
    except BaseException:
        FAILURES.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(FAILURES / f"{name}.png"), full_page=True)
            (FAILURES / f"{name}.html").write_text(page.content(), encoding="utf-8")
        raise
    finally:
        context.close()


def test_citizen_complains_from_the_desk_qr_code_and_rates_the_answer(demo, phone, browser, tmp_path):
    desk = Unit.objects.get(code=DESK)
    norm = Norm.objects.filter(is_active=True, group__code="communication").order_by("code").first()
    cases_before = Case.objects.count()

    # The QR code on the counter opens the form with the desk already chosen.
    journey = Journey(phone, demo.url)
    page = journey.go(f"/feedback/new/?unit={DESK}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Gửi phản ánh")
    chosen = page.locator("input[name=unit]:checked")
    assert chosen.input_value() == str(desk.pk)
    assert DESK_NAME in page.locator(f"label[for='{chosen.get_attribute('id')}']").inner_text()

    page.get_by_label("Quầy hoặc cán bộ, nếu Ông/Bà biết").fill("Quầy hộ tịch, cán bộ nam đeo kính")
    page.get_by_label("Ngày được phục vụ").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Nội dung liên quan đến việc gì?").select_option(label=norm.citizen_title or norm.title)
    page.get_by_label("Sự việc đã xảy ra").fill(DESCRIPTION)
    page.get_by_label("Ảnh hoặc tệp PDF (không bắt buộc)").set_input_files(_photo(tmp_path))

    # The consent line of Decree 13/2023 appears only once contact details are typed.
    consent = page.get_by_label(re.compile("Tôi đồng ý để Ủy ban nhân dân xử lý thông tin liên hệ"))
    assert not consent.is_visible()
    page.get_by_label("Họ và tên").fill("Trần Thị Thu")
    page.get_by_label("Điện thoại").fill("0987 654 321")
    consent.wait_for(state="visible")
    consent.check()
    page.get_by_label("Nhập các ký tự trong hình").fill("PASSED")
    page.get_by_role("button", name="Gửi phản ánh").click()

    # The receipt: the tracking code and the PIN, shown once.
    page.wait_for_url(re.compile(r"/feedback/receipt/$"))
    journey.audit()
    assert page.title().startswith("Đã tiếp nhận phản ánh ·"), page.title()  # what the tab and the history show
    assert page.get_by_role("heading", name="phản ánh của Ông/Bà đã được tiếp nhận").is_visible()
    code = page.locator(".tracking-code").inner_text().strip()
    pin = page.locator(".tracking-pin").inner_text().strip()
    assert TRACKING_CODE.match(code), code
    assert re.fullmatch(r"\d{6}", pin), pin
    assert DESK_NAME in page.locator("main").inner_text()

    assert Case.objects.count() == cases_before + 1
    case = Case.objects.select_related("complainant").get(tracking_code=code)
    assert (case.channel, case.status, case.unit, case.norm) == ("web", "received", desk, norm)
    assert case.description == DESCRIPTION
    assert case.attachments.count() == 1 and case.attachments.get().content_type == "image/jpeg"
    assert case.complainant.full_name == "Trần Thị Thu" and case.complainant.consent_at is not None

    # The public pages follow the language switch too.
    journey.switch_language()
    assert page.url.endswith("/feedback/receipt/")

    # A citizen typing an officer's address is sent to the sign-in page, never shown the cases.
    response = page.goto(demo.url + "/feedback/cases/")
    assert response.ok
    assert re.search(r"/accounts/login/\?next=/feedback/cases/$", page.url), page.url
    assert page.get_by_role("button", name="Đăng nhập").is_visible()
    assert code not in page.content()
    journey.audit()

    # The officer handles it (service level, as the officers' pages would).
    officer = get_user_model().objects.get(username="officer")
    services.case_accept(case=case, user=officer, track="feedback")
    services.case_assign(case=case, user=officer, handling_unit=desk.parent, assignee=officer)
    services.case_answer(case=case, user=officer, answer=ANSWER, upheld="upheld")

    # Days later, on another phone: the code and PIN from the receipt open the case.
    with _another_phone(browser, "journey-1-citizen-second-phone") as other_phone:
        later = Journey(other_phone, demo.url)
        tracking = later.go("/feedback/track/")
        wrong_pin = "000000" if pin != "000000" else "111111"
        for typed_pin in (wrong_pin, pin):  # a slip of the finger first: said plainly, the code kept
            tracking.get_by_label("Mã tra cứu").fill(code.lower())  # as typed from paper: case does not matter
            tracking.get_by_label("Mã PIN").fill(typed_pin)
            tracking.get_by_label("Nhập các ký tự trong hình").fill("PASSED")
            with tracking.expect_navigation():
                tracking.get_by_role("button", name="Xem trạng thái").click()
            if typed_pin == wrong_pin:
                assert tracking.get_by_role("alert").inner_text() == "Mã tra cứu hoặc mã PIN không đúng."
                assert tracking.get_by_label("Mã tra cứu").input_value() == code.lower()  # kept as typed
        tracking.wait_for_url(re.compile(rf"/feedback/track/{code}/$"))
        later.audit()
        main = tracking.locator("main")
        assert "Trạng thái: Đã trả lời" in main.inner_text()
        assert ANSWER in tracking.get_by_role("region", name=re.compile("^Văn bản trả lời")).inner_text()
        assert "Lê Thị Mai" not in main.inner_text(), "no staff names on the citizen's page"

        # Rate it 5 with a comment; the thank-you replaces the form.
        rating = tracking.get_by_role("region", name="Đánh giá văn bản trả lời")
        rating.get_by_label("5", exact=True).check()
        rating.get_by_label("Nhận xét (không bắt buộc)").fill("Cảm ơn phường đã xử lý nhanh.")
        with tracking.expect_navigation():
            rating.get_by_role("button", name="Gửi đánh giá").click()
        later.audit()
        assert tracking.get_by_role("status").filter(has_text="Cảm ơn Ông/Bà đã đánh giá văn bản trả lời.").is_visible()
        assert "Ông/Bà đã đánh giá văn bản trả lời 5/5" in rating.inner_text()
        assert rating.get_by_role("button", name="Gửi đánh giá").count() == 0

    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_comment) == ("answered", 5, "Cảm ơn phường đã xử lý nhanh.")

    journey.go(f"/feedback/track/{code}/")  # the first phone remembers the case it sent
    journey.finish("journey-1-citizen")


def _focused(page) -> dict:
    """The element with the focus and whether a focus indicator is drawn on it (an outline or a box-shadow ring)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const ring = style.boxShadow !== 'none' && !style.boxShadow.startsWith('rgba(0, 0, 0, 0)');
            // A date box keeps the focus inside its own shadow tree (day, month, year, then its calendar button,
            // on which chromium draws its own ring): the box itself no longer matches :focus on that last stop.
            const calendarButton = el.type === 'date' && !el.matches(':focus');
            return {id: el.id || el.className || el.tagName, visible: calendarButton || outline || ring};
        }"""
    )


def _tab_to(page, target: str, trail: list, presses: int = 12) -> None:
    """Tab until the element `target` has the focus, noting every stop (with whether its focus can be seen)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = _focused(page)
        trail.append(focused)
        if focused["id"] == target:
            return
    pytest.fail(f"{target} not reached with Tab; the focus went through {[stop['id'] for stop in trail]}")


def test_citizen_form_works_with_the_keyboard_alone(demo, desktop):
    desktop.emulate_media(reduced_motion="reduce")  # no focus-ring transition: the ring is there at once
    journey = Journey(desktop, demo.url)
    page = journey.go("/feedback/new/")
    cases_before = Case.objects.count()

    # The first Tab reaches the skip link; Enter on it moves on to the page's content.
    page.keyboard.press("Tab")
    assert _focused(page) == {"id": "visually-hidden-focusable skip-link", "visible": True}
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"

    trail: list[dict] = []
    _tab_to(page, "id_unit__q", trail, presses=1)
    page.keyboard.type("thanh sen")  # no diacritics: the units of Thành Sen come as one types
    page.locator("input[name=unit]").first.wait_for()
    page.keyboard.press("Tab")  # into the matches: the first one
    trail.append(_focused(page))
    page.keyboard.press("Space")
    chosen_id = page.locator("input[name=unit]:checked").get_attribute("id")
    chosen = page.locator(f"label[for='{chosen_id}']").inner_text()
    assert "Thành Sen" in chosen, chosen

    _tab_to(page, "id_topic", trail)  # past the desk and the date (day, month, year, calendar button)
    page.keyboard.press("ArrowDown")
    topic = page.locator("#id_topic").input_value()
    assert topic.startswith("norm:"), topic

    _tab_to(page, "id_description", trail, presses=1)
    page.keyboard.type("Tôi phải chờ rất lâu dù quầy không có ai.")
    _tab_to(page, "id_captcha_1", trail)  # past the photo button and the contact details (left empty: anonymous)
    page.keyboard.type("PASSED")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/feedback/receipt/(#main)?$"))  # the skip link's #main survives the redirect
    journey.audit()
    assert TRACKING_CODE.match(page.locator(".tracking-code").inner_text().strip())
    case = Case.objects.get(tracking_code=page.locator(".tracking-code").inner_text().strip())
    assert Case.objects.count() == cases_before + 1
    assert chosen.startswith(case.unit.name) and case.norm_id == int(topic.removeprefix("norm:"))
    assert case.complainant.is_anonymous

    # The focus went through the form in reading order, could be seen at every stop, skipped the hidden consent
    # line (no contact details given) and never landed on the robots' trap.
    stops = [stop["id"] for stop in trail]
    stops = ["a unit found" if re.fullmatch(r"id_unit_\d+", stop) else stop for stop in stops]
    order = [stop for index, stop in enumerate(stops) if index == 0 or stops[index - 1] != stop]
    expected = ["id_unit__q", "a unit found", "id_official_hint", "id_served_on", "id_topic", "id_description"]
    expected += ["id_attachments", "id_full_name", "id_phone", "id_email", "id_captcha_1"]
    assert order == expected
    # NOTE: on the form fields the indicator is Bootstrap's ring (rgba(13, 110, 253, .25), about 1.4:1 against
    # white, under the 3:1 of WCAG 1.4.11): Bootstrap's `.form-control:focus { outline: 0 }` overrides the portal's
    # yellow `:focus-visible` outline. The fix belongs in static/portal/css/portal.css (see the report); this checks
    # that an indicator is drawn at every stop, not yet its contrast.
    assert all(stop["visible"] for stop in trail), [stop for stop in trail if not stop["visible"]]
    assert "id_website" not in stops and "id_consent" not in stops
