"""The citizen's side: the form, the receipt, tracking with code and PIN, rating; bad input and anti-abuse."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from culture_portal.keyset import KeysetPaginator
from culture_portal.models import OutgoingEmail
from feedback import selectors, services
from feedback.models import Attachment, Case, CaseEvent, Complainant
from tests.factories import NormFactory

from .conftest import CAPTCHA, form_data, jpeg_bytes, submitted

pytestmark = pytest.mark.django_db
NEW = "/feedback/new/"
TRACK = "/feedback/track/"


def receipt_of(client):
    page = client.get(reverse("feedback:receipt")).content.decode()
    code = re.search(r'class="tracking-code">([^<]+)<', page).group(1)
    pin = re.search(r'class="tracking-pin">([^<]+)<', page).group(1)
    return code, pin


def test_full_public_journey_submit_track_and_rate(
    client, tree, norm, officer_user, django_capture_on_commit_callbacks
):
    photo = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{NEW}?unit={tree['desk_a'].code}",
            form_data(tree["desk_a"], norm, full_name="Trần Thị Bích", email="bich@example.com", consent="on",
                      attachments=[photo]),
        )  # fmt: skip
    assert response.status_code == 302
    code, pin = receipt_of(client)
    assert re.fullmatch(r"PA-\d{4}-[2-9A-HJKMNP-Z]{6}", code) and re.fullmatch(r"\d{6}", pin)
    case = Case.objects.get(tracking_code=code)
    assert case.channel == "web" and case.status == "received" and case.due_on is not None
    assert Attachment.objects.filter(case=case).count() == 1
    # The receipt went by e-mail with the code and the PIN.
    receipt_mail = next(m for m in mail.outbox if code in m.subject)
    assert pin in receipt_mail.body and receipt_mail.to == ["bich@example.com"]

    # Later, in another browser: code and PIN open the case.
    citizen = client.__class__()
    response = citizen.post(TRACK, {"code": code.lower().replace("-", " "), "pin": pin, **CAPTCHA})
    assert response.status_code == 302
    page = citizen.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận" in page

    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(case=case, user=officer_user, track="feedback", note="Ghi chú nội bộ bí mật")
        services.case_assign(case=case, user=officer_user, handling_unit=tree["desk_a"], assignee=officer_user)
        services.case_answer(
            case=case, user=officer_user, answer="Đơn vị đã nhắc nhở cán bộ quầy số 2.", upheld="upheld"
        )
    page = citizen.get(reverse("feedback:track_case", args=[code])).content.decode()
    assert "Đơn vị đã nhắc nhở cán bộ quầy số 2." in page
    # No internal notes, no staff names on the citizen's page.
    assert "Ghi chú nội bộ bí mật" not in page and officer_user.username not in page
    assert any("Đã trả lời" in m.subject for m in mail.outbox if m.to == ["bich@example.com"])

    response = citizen.post(reverse("feedback:track_case", args=[code]), {"score": "4", "comment": "Cảm ơn"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == (4, "Cảm ơn")
    # Once only.
    response = citizen.post(reverse("feedback:track_case", args=[code]), {"score": "1"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.rating == 4


def test_anonymous_feedback_is_accepted_without_consent(client, tree, norm):
    response = client.post(NEW, form_data(tree["desk_a"], norm))
    assert response.status_code == 302
    complainant = Complainant.objects.get()
    assert complainant.is_anonymous and complainant.consent_at is None


def test_contact_details_need_the_consent_line(client, tree, norm):
    response = client.post(NEW, form_data(tree["desk_a"], norm, phone="0912345678"))
    assert response.status_code == 400
    assert "Nghị định 13/2023/NĐ-CP" in response.content.decode()
    assert not Case.objects.exists()


def test_qr_link_prefills_the_unit_and_an_unknown_code_is_explained(client, tree, norm):
    page = client.get(f"{NEW}?unit={tree['desk_a'].code}").content.decode()
    assert re.search(rf'type="radio" name="unit" id="id_unit_0" value="{tree["desk_a"].pk}" checked', page)
    response = client.get(f"{NEW}?unit=KHONG-CO")
    assert response.status_code == 200
    assert "KHONG-CO" in response.content.decode() and "không" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 50_000}, "description"),
        ({"description": "abc\x00def"}, "description"),
        ({"served_on": "2999-01-01"}, "served_on"),
        ({"phone": "12ab", "consent": "on"}, "phone"),
        ({"email": "not-an-email", "consent": "on"}, "email"),
        ({"unit_": "999999"}, "unit"),
        ({"topic": "norm:999999"}, "topic"),
        ({"captcha_1": "WRONG"}, "captcha"),
    ],
)
def test_bad_input_redisplays_the_form_with_a_message_and_saves_nothing(client, tree, norm, overrides, field):
    data = form_data(tree["desk_a"], norm, **overrides)
    if "unit_" in data:
        data["unit"] = data.pop("unit_")
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists() and not Complainant.objects.exists()


def test_uploads_are_checked_by_content_count_and_size(client, tree, norm):
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00\x03 a renamed program", content_type="image/jpeg")
    response = client.post(NEW, form_data(tree["desk_a"], norm, attachments=[fake]))
    assert response.status_code == 400 and "attachments" in response.context["form"].errors

    six = [SimpleUploadedFile(f"{n}.jpg", jpeg_bytes(), content_type="image/jpeg") for n in range(6)]
    response = client.post(NEW, form_data(tree["desk_a"], norm, attachments=six))
    assert response.status_code == 400 and "5" in " ".join(response.context["form"].errors["attachments"])

    huge = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    response = client.post(NEW, form_data(tree["desk_a"], norm, attachments=[huge]))
    assert response.status_code == 400 and "10" in " ".join(response.context["form"].errors["attachments"])
    assert not Case.objects.exists() and not Attachment.objects.exists()


def test_html_typed_by_the_public_is_shown_escaped_to_officers(client, tree, norm, officer_user):
    client.post(NEW, form_data(tree["desk_a"], norm, description="<script>alert('x')</script> thái độ"))
    case = Case.objects.get()
    client.force_login(officer_user)
    page = client.get(reverse("feedback:case", args=[case.public_id])).content.decode()
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page


def test_honeypot_filled_by_a_robot_saves_nothing(client, tree, norm):
    response = client.post(NEW, form_data(tree["desk_a"], norm, website="http://spam.example"))
    assert response.status_code == 400
    assert not Case.objects.exists()


@override_settings(FEEDBACK_SUBMIT_RATE="3/h")
def test_submissions_are_rate_limited_per_client_address(client, tree, norm):
    for _ in range(3):
        assert client.post(NEW, form_data(tree["desk_a"], norm)).status_code == 302
    response = client.post(NEW, form_data(tree["desk_a"], norm))
    assert response.status_code == 429
    assert Case.objects.count() == 3
    # Another address is not affected.
    assert client.post(NEW, form_data(tree["desk_a"], norm), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_wrong_pin_and_an_unknown_code_get_the_same_answer(client, tree, norm):
    case, _pin = submitted(tree["desk_a"], norm)
    wrong_pin = client.post(TRACK, {"code": case.tracking_code, "pin": "000000", **CAPTCHA})
    unknown = client.post(TRACK, {"code": "PA-2026-ZZZZZZ", "pin": "000000", **CAPTCHA}, REMOTE_ADDR="10.0.0.2")
    assert wrong_pin.status_code == unknown.status_code == 400
    assert wrong_pin.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    # Without the PIN, the case page is not reachable by typing its address.
    response = client.get(reverse("feedback:track_case", args=[case.tracking_code]))
    assert response.status_code == 302 and response["Location"].startswith(TRACK)


def test_guessing_pins_is_rate_limited_per_address_and_per_code(client, tree, norm):
    case, pin = submitted(tree["desk_a"], norm)
    for n in range(10):
        client.post(TRACK, {"code": case.tracking_code, "pin": f"{n:06d}", **CAPTCHA}, REMOTE_ADDR=f"10.1.0.{n % 2}")
    # The right PIN now, from a fresh address: the code itself is locked for a while.
    response = client.post(TRACK, {"code": case.tracking_code, "pin": pin, **CAPTCHA}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429


def test_the_same_name_in_composed_and_decomposed_unicode_is_one_name(tree, norm):
    import unicodedata

    composed = unicodedata.normalize("NFC", "Nguyễn Thị Ánh")
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert composed != decomposed
    first, _ = submitted(tree["desk_a"], norm, full_name=composed, phone="", email="")
    second, _ = submitted(tree["desk_a"], norm, full_name=decomposed, phone="", email="")
    assert first.complainant.full_name == second.complainant.full_name == composed


def test_published_answers_list_shows_the_summary_not_the_citizens_words(client, tree, norm, officer_user):
    case, _ = submitted(tree["desk_a"], norm, description="Lời lẽ riêng của người dân, có tên Nguyễn Văn An")
    services.case_accept(case=case, user=officer_user, track="feedback")
    services.case_answer(case=case, user=officer_user, answer="Trả lời.", publish=True, upheld="upheld",
                         public_summary="Phản ánh về thái độ tại quầy; đã chấn chỉnh.")  # fmt: skip
    page = client.get(reverse("feedback:answered")).content.decode()
    assert "đã chấn chỉnh" in page and "Nguyễn Văn An" not in page and "Lời lẽ riêng" not in page


def test_receipt_survives_when_no_mail_can_be_sent(client, tree, norm, settings):
    """The e-mail is an extra: it waits in the outbox, the citizen still gets the code on the page."""
    settings.EMAIL_BACKEND = "tests.feedback.test_public.BrokenBackend"
    response = client.post(NEW, form_data(tree["desk_a"], norm, email="x@example.com", consent="on"))
    assert response.status_code == 302
    assert receipt_of(client)[0] == Case.objects.get().tracking_code
    assert OutgoingEmail.objects.filter(sent_at__isnull=True, to="x@example.com").exists()
    assert CaseEvent.objects.filter(action="received").count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server unreachable")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_the_answered_list_counts_and_pages_through_its_partial_index():
    """At a province (130,000 published of 1M cases) the count walked every answered case to test is_published. The
    test's few rows would make any plan cheap: with scans of the whole table, bitmaps and sorts priced out, the plan
    left is the one an index serves, or a sort if none can."""
    cases = selectors.cases_answered_in_public()
    pages = KeysetPaginator(cases, selectors.ANSWERED_PUBLIC_KEYS, 20, descending=True)
    deep_page = pages.rows_beyond([timezone.now(), 10**9])
    plans = []
    for queryset in (cases.order_by().values("pk"), deep_page):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            for planner_method in ("seqscan", "bitmapscan", "sort"):
                cursor.execute(f"SET LOCAL enable_{planner_method} = off")
            cursor.execute("EXPLAIN " + sql, params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    count, page = plans
    assert "case_answered_public_idx" in count, count
    assert "case_answered_public_idx" in page and "Sort" not in page, page
    assert "Index Cond: (ROW(" in page, page  # the cursor starts the walk


def test_the_answered_list_pages_from_the_latest_answer_to_the_first(client, tree, norm):
    """Keyset pages, newest first: following "next" shows every published answer once, answers given at the same
    moment included."""
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(
                tracking_code=f"PA-2026-P{n:05d}", pin_digest="-", channel="web", nature="criticism", description="-",
                unit=tree["desk_a"], norm=norm, status="answered", is_published=n != 7, public_summary=f"Tóm tắt {n:05d}",
                answered_at=now - datetime.timedelta(minutes=n // 3),
            )
            for n in range(45)
        ]
    )  # fmt: skip
    expected = [case.public_summary for case in Case.objects.filter(is_published=True).order_by("-answered_at", "-pk")]
    seen, path = [], reverse("feedback:answered")
    while path:
        response = client.get(path)
        page = response.content.decode()
        seen += re.findall(r"Tóm tắt \d{5}", page)
        following = re.search(r'rel="next" href="([^"]+)"', page)
        path = reverse("feedback:answered") + following.group(1).replace("&amp;", "&") if following else None
    assert seen == expected and len(seen) == 44 and "Tóm tắt 00007" not in seen


def test_the_blank_forms_fields_drawn_once_follow_the_catalogue_the_language_and_the_qr_code(client, tree, norm):
    """A blank form's fields are kept in the cache (drawing them was most of a GET): under a key of all they show,
    so a new norm, the other language and a desk's QR code each draw them afresh."""
    assert norm.citizen_title in client.get(NEW).content.decode()
    added = NormFactory(citizen_title="Cán bộ hẹn nhiều lần mới giải quyết")
    assert added.citizen_title in client.get(NEW).content.decode()
    added.group.name = "Nhóm đã đổi tên"
    added.group.save()
    assert "Nhóm đã đổi tên" in client.get(NEW).content.decode()
    added.is_active = False  # retired in the back office
    added.save()
    assert added.citizen_title not in client.get(NEW).content.decode()
    client.cookies["django_language"] = "en"
    assert "Unit that served you" in client.get(NEW).content.decode()
    page = client.get(f"{NEW}?unit={tree['desk_a'].code}").content.decode()
    assert re.search(rf'name="unit" id="id_unit_0" value="{tree["desk_a"].pk}" checked', page)
    assert 'name="unit" id="id_unit_0"' not in client.get(NEW).content.decode()
