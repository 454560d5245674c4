"""Every public form and API endpoint, fed arbitrary input: never a server error, never a partial record.

Arbitrary means: any Unicode (NUL, lone surrogates sent as raw bytes, combining marks, right-to-left text),
100 000-character fields, several values for one field, numbers where text is expected and the other way round,
fields left out, files where text is expected, and repeated submissions.
"""

import importlib
import json
import unicodedata
from unittest import mock

import pytest
from axes.utils import reset as axes_reset
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.db import DatabaseError
from hypothesis import Phase, example, given
from hypothesis import strategies as st

from culture_portal.models import AuditEntry, OutgoingEmail
from feedback import services
from feedback.models import Case, DeskRating
from feedback.public_views import TRACKED_SESSION_KEY
from tests.conftest import PASSWORD
from tests.feedback.conftest import CAPTCHA, jpeg_bytes, submitted

from .conftest import (
    MISSING,
    Upload,
    any_char,
    captured_logs,
    counts,
    field_value,
    nasty_text,
    one_line,
    path_segment,
    post_raw,
    property_settings,
    query_string,
    raw,
    stored_text_is_clean,
)

pytestmark = pytest.mark.django_db

NEW = "/feedback/new/"
TRACK = "/feedback/track/"
OPEN311 = "/open311/v2/"
FEEDBACK_FIELDS = [
    "unit", "official_hint", "served_on", "topic", "description", "full_name", "phone", "email", "consent",
    "website", "captcha_0", "captcha_1",
]  # fmt: skip
CONTENT_FIELDS = ["official_hint", "description", "full_name"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def valid_submission(unit, norm) -> dict:
    return {
        "unit": str(unit.pk),
        "official_hint": "Quầy số 2",
        "served_on": "01/12/2025",
        "topic": f"norm:{norm.pk}",
        "description": "Cán bộ quầy một cửa nói trống không, không hướng dẫn thủ tục.",
        "full_name": "",
        "phone": "",
        "email": "",
        "consent": "on",
        "website": "",
        **CAPTCHA,
    }


file_name = st.one_of(
    st.sampled_from(["anh.jpg", "scan.pdf", "../../etc/passwd", "a\x00b.jpg", "x\r\nContent-Type: text/html.jpg",
                     "ảnh chụp \u202egpj.exe", "\ud800.jpg", "", "." * 300, "x" * 5000 + ".jpg"]),
    st.text(any_char, max_size=30),
)  # fmt: skip
upload = st.builds(
    Upload,
    filename=file_name,
    content=st.sampled_from([jpeg_bytes(), PDF, b"", b"MZ\x90\x00 a program", b"\xff\xd8\xff\xe0 not really a jpeg"]),
    content_type=st.sampled_from(["image/jpeg", "application/pdf", "text/html", "application/octet-stream"]),
)


def case_problems(case: Case) -> list[str]:
    """A new case holds all its parts (contact row, the "received" step), each with storable text."""
    problems = stored_text_is_clean(case)
    complainant = getattr(case, "complainant", None)
    if complainant is None:
        problems.append("no Complainant row")
    else:
        problems += [f"complainant {p}" for p in stored_text_is_clean(complainant)]
    if list(case.events.values_list("action", flat=True)) != ["received"]:
        problems.append(f"events {list(case.events.values_list('action', flat=True))}")
    for attachment in case.attachments.all():
        problems += [f"attachment {p}" for p in stored_text_is_clean(attachment)]
        if not attachment.file.storage.exists(attachment.file.name):
            problems.append("attachment without its file")
    return problems


def grows_under_nfc(*values) -> bool:
    """Known bug (see test_nfc_normalisation_can_overflow_the_columns): text longer once normalised."""
    return any(
        isinstance(value, str) and len(unicodedata.normalize("NFC", value.strip())) > len(value.strip())
        for value in values
    )


def check_submission(response, before: dict, data: dict) -> None:
    assert response.status_code < 500, response.status_code
    delta = {name: count - before[name] for name, count in counts().items()}
    if response.status_code == 302:
        assert response["Location"] == "/feedback/receipt/"
        case = Case.objects.order_by("-pk").first()
        assert delta == {"case": 1, "complainant": 1, "event": 1, "attachment": case.attachments.count()}, delta
        # Every file sent is kept (or the whole submission refused); a part without a file name is no file at all.
        assert case.attachments.count() <= len(data.get("attachments", [])), delta
        problems = case_problems(case)
        if grows_under_nfc(*(data.get(name) for name in ("official_hint", "full_name", "phone", "email"))):
            problems = [p for p in problems if "characters, the column holds" not in p]
        assert not problems, problems
        for message in OutgoingEmail.objects.filter(to=case.complainant.email).exclude(to=""):
            assert one_line(message.subject), message.subject
    else:
        assert response.status_code in (400, 429), response.status_code
        assert delta == dict.fromkeys(delta, 0), f"partial record: {delta}"


# --- /feedback/new/ ---------------------------------------------------------------------------------------------


@property_settings(max_examples=60)
@given(data=st.data())
def test_feedback_form_never_fails_and_never_saves_half_a_case(client, tree, norm, media, data):
    cache.clear()
    submission = valid_submission(tree["desk_a"], norm)
    if data.draw(st.booleans(), label="content only"):
        # Only what the citizen writes is arbitrary: most of these are accepted, with their odd text.
        for name in CONTENT_FIELDS:
            submission[name] = data.draw(nasty_text, label=name)
        if data.draw(st.booleans(), label="contact"):
            submission["phone"] = data.draw(st.sampled_from(["0912 345 678", "+84 912.345.678", "0912345678\u0301"]))
            submission["email"] = data.draw(st.sampled_from(["an@example.com", "AN@EXAMPLE.COM", "a@ví-dụ.vn"]))
    else:
        for name in data.draw(st.sets(st.sampled_from(FEEDBACK_FIELDS), min_size=1, max_size=4), label="changed"):
            submission[name] = data.draw(field_value(), label=name)
    as_multipart = data.draw(st.booleans(), label="multipart")
    if as_multipart:
        submission["attachments"] = data.draw(st.lists(upload, max_size=3), label="attachments")
        if data.draw(st.booleans(), label="file in a text field"):
            submission["description"] = Upload("description.txt", b"text sent as a file", "text/plain")
    before = counts()
    response = post_raw(client, NEW, submission, as_multipart=as_multipart)
    check_submission(response, before, submission)
    if response.status_code == 302:
        # The citizen's words are kept as sent, in one Unicode spelling: undecodable bytes (a lone surrogate) become
        # U+FFFD, nothing else is lost or cut.
        sent = submission["description"]
        assert Case.objects.order_by("-pk").first().description == as_stored(
            sent[-1] if isinstance(sent, list) else sent
        )
        receipt = client.get("/feedback/receipt/")
        assert receipt.status_code == 200 and receipt.context["case"] is not None


def as_stored(value: str) -> str:
    decoded = raw(value).decode("utf-8", "replace")
    return unicodedata.normalize("NFC", decoded.strip()).strip()


def test_a_huge_request_or_too_many_fields_is_refused_cleanly(client, tree, norm):
    before = counts()
    too_many = {**valid_submission(tree["desk_a"], norm), **{f"extra{n}": "x" for n in range(1001)}}
    assert post_raw(client, NEW, too_many, as_multipart=False).status_code == 400
    too_big = valid_submission(tree["desk_a"], norm) | {"description": "x" * (13 * 1024 * 1024)}
    assert post_raw(client, NEW, too_big, as_multipart=False).status_code == 400
    assert post_raw(client, NEW, too_big, as_multipart=True).status_code == 400
    assert counts() == before


def test_a_broken_multipart_body_is_refused_cleanly(client):
    before = counts()
    for body in (b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end', b"\x00\xff" * 100, b""):
        response = client.generic("POST", NEW, body, content_type="multipart/form-data; boundary=x")
        assert response.status_code == 400
    response = client.generic("POST", NEW, b"a=b", content_type="multipart/form-data")  # no boundary
    assert response.status_code == 400
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"unit": 1, "description": ["a", "b"], "topic": null}', "application/json"),
        (b"unit=1&description=x", "text/plain"),
        (b"\xff\xfe\x00\x00", "application/x-www-form-urlencoded; charset=utf-32"),
        (b"description=caf%E9", "application/x-www-form-urlencoded; charset=latin-1"),
        (b"description=%ED%A0%80", "application/x-www-form-urlencoded; charset=no-such-charset"),
        (b"", ""),
    ],
)
@pytest.mark.parametrize(
    "path", [NEW, TRACK, "/feedback/desk/DESK-A/", "/accounts/login/", "/accounts/password_reset/"]
)
def test_bodies_of_the_wrong_kind_are_refused_cleanly(client, tree, norm, path, body, content_type):
    before = counts()
    response = client.generic("POST", path, body, content_type=content_type)
    assert response.status_code in (200, 400, 429), response.status_code
    assert counts() == before


FAILURES = {
    "disk full while storing a photo": ("django.core.files.storage.FileSystemStorage._save", OSError(28, "No space")),
    "database error on the received step": ("feedback.services.CaseEvent.objects.create", DatabaseError("boom")),
    "database error on the receipt e-mail": ("culture_portal.outbox.OutgoingEmail.objects.create", DatabaseError()),
}


def failing(where: str):
    target, error = FAILURES[where]
    owner, _dot, name = target.rpartition(".")
    if owner.endswith(".objects"):
        module, _dot, model = owner[: -len(".objects")].rpartition(".")
        return mock.patch.object(getattr(importlib.import_module(module), model).objects, name, side_effect=error)
    return mock.patch(target, side_effect=error)


@property_settings(max_examples=20)
@given(where=st.sampled_from(sorted(FAILURES)), photos=st.integers(min_value=1, max_value=3), text=nasty_text)
def test_a_failure_half_way_through_saves_no_part_of_the_case(client, tree, norm, media, where, photos, text):
    cache.clear()
    submission = valid_submission(tree["desk_a"], norm) | {
        "description": f"Phản ánh {text}", "full_name": "Trần Thị Bích", "email": "bich@example.com",
        "attachments": [Upload(f"{n}.jpg", jpeg_bytes(), "image/jpeg") for n in range(photos)],
    }  # fmt: skip
    before, mails = counts(), OutgoingEmail.objects.count()
    with failing(where):
        response = post_raw(client, NEW, submission, as_multipart=True)
    if response.status_code == 400:  # the text itself was refused before anything was stored
        assert counts() == before
        return
    assert response.status_code == 503, response.status_code  # "a technical problem: nothing was recorded"
    assert counts() == before and OutgoingEmail.objects.count() == mails
    assert django_settings.FEEDBACK_HOTLINE in response.content.decode(), "the citizen is told what to do instead"


def test_a_failure_after_the_photos_leaves_no_photo_behind(client, tree, norm, media):
    submission = valid_submission(tree["desk_a"], norm) | {
        "attachments": [Upload("anh.jpg", jpeg_bytes(), "image/jpeg"), Upload("scan.pdf", PDF, "application/pdf")],
    }
    with failing("database error on the received step"):
        response = post_raw(client, NEW, submission, as_multipart=True)
    assert response.status_code == 503 and not Case.objects.exists()
    left = sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())
    assert left == [], f"files of no case: {left}"


@property_settings(max_examples=20)
@given(times=st.integers(min_value=2, max_value=4), description=nasty_text, as_multipart=st.booleans())
def test_repeated_identical_submissions_are_separate_cases_with_their_own_codes(
    client, tree, norm, media, times, description, as_multipart
):
    cache.clear()
    submission = valid_submission(tree["desk_a"], norm) | {"description": description}
    before = set(Case.objects.values_list("tracking_code", flat=True))
    statuses = []
    for _ in range(times):
        counted = counts()
        response = post_raw(client, NEW, submission, as_multipart=as_multipart)
        check_submission(response, counted, submission)
        statuses.append(response.status_code)
    new_codes = list(Case.objects.exclude(tracking_code__in=before).values_list("tracking_code", flat=True))
    assert len(new_codes) == len(set(new_codes)) == statuses.count(302)
    assert len(set(statuses)) == 1, "the same submission is either always accepted or always refused"


def test_repeated_submissions_over_the_limit_get_429_and_nothing_more(client, tree, norm, settings):
    settings.FEEDBACK_SUBMIT_RATE = "3/h"
    submission = valid_submission(tree["desk_a"], norm)
    before = counts()
    statuses = [post_raw(client, NEW, submission, as_multipart=False).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert counts()["case"] == before["case"] + 3
    assert len(set(Case.objects.values_list("tracking_code", flat=True))) == Case.objects.count()


@property_settings(max_examples=30)
@given(unit=nasty_text)
@example(unit="\x00")
@example(unit="\ud800")
def test_feedback_form_prefilled_from_any_link(client, tree, unit):
    response = client.get(NEW, QUERY_STRING=query_string({"unit": unit}))
    assert response.status_code == 200


# --- tracking ---------------------------------------------------------------------------------------------------


@property_settings(max_examples=50)
@given(data=st.data())
def test_tracking_form_never_fails_and_opens_nothing_without_the_pin(client, tree, norm, data):
    cache.clear()
    case, pin = submitted(tree["desk_a"], norm)
    lookup = {"code": case.tracking_code, "pin": "000000", **CAPTCHA}
    for name in data.draw(st.sets(st.sampled_from(sorted(lookup)), min_size=1), label="changed"):
        lookup[name] = data.draw(field_value(), label=name)
    response = post_raw(client, TRACK, lookup, as_multipart=data.draw(st.booleans(), label="multipart"))
    assert response.status_code in (400, 429) or (response.status_code == 302 and lookup["pin"] == pin)


@property_settings(max_examples=30)
@given(
    spelling=st.sampled_from(["lower", "spaces", "dots", "padded"]), pin_noise=st.sampled_from(["", " ", "-", "\u200b"])
)
def test_any_spelling_of_the_code_and_pin_opens_the_case(client, tree, norm, spelling, pin_noise):
    cache.clear()
    case, pin = submitted(tree["desk_a"], norm, email="")
    code = case.tracking_code
    typed = {
        "lower": code.lower(),
        "spaces": code.replace("-", " "),
        "dots": code.replace("-", "."),
        "padded": f"  {code}\t",
    }[spelling]
    typed_pin = pin_noise.join(pin[i : i + 3] for i in (0, 3))
    response = post_raw(client, TRACK, {"code": typed, "pin": typed_pin, **CAPTCHA}, as_multipart=False)
    assert response.status_code == 302 and response["Location"] == f"/feedback/track/{code}/"


@property_settings(max_examples=30)
@given(code=nasty_text)
@example(code="\x00")
@example(code="\ud800")
@example(code="PA-2026-\r\nSet-Cookie: x=y")
def test_tracking_pages_by_address_never_fail(client, tree, code):
    assert client.get(TRACK, QUERY_STRING=query_string({"code": code})).status_code == 200
    if not code or "/" in code:
        return
    response = client.get(f"{TRACK}{path_segment(code)}/")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].startswith(TRACK) and one_line(response["Location"])


@pytest.fixture
def answered(client, tree, norm, officer_user):
    """A factory of answered cases, each one tracked in the client's session (the first through the form)."""

    def make():
        case, pin = submitted(tree["desk_a"], norm, email="")
        services.case_accept(case=case, user=officer_user, track="feedback")
        services.case_answer(case=case, user=officer_user, answer="Đơn vị đã chấn chỉnh.", upheld="upheld")
        session = client.session
        if not session.get(TRACKED_SESSION_KEY):
            cache.clear()
            response = client.post(TRACK, {"code": case.tracking_code, "pin": pin, **CAPTCHA})
            assert response.status_code == 302
        else:  # as the tracking form does it (tested above), without paying for a page each time
            session[TRACKED_SESSION_KEY] = [*session[TRACKED_SESSION_KEY][-19:], case.tracking_code]
            session.save()
        return case

    return make


@property_settings(max_examples=30)
@given(data=st.data())
def test_rating_form_never_fails_and_stores_a_whole_rating_or_none(client, answered, data):
    case = answered()
    rating = {"score": "4", "comment": "Cảm ơn"}
    for name in data.draw(st.sets(st.sampled_from(sorted(rating)), min_size=1), label="changed"):
        rating[name] = data.draw(field_value(), label=name)
    url = f"{TRACK}{case.tracking_code}/"
    response = post_raw(client, url, rating, as_multipart=data.draw(st.booleans(), label="multipart"))
    # An empty body is no submission at all: the page is shown again.
    assert response.status_code in ((200,) if rating == dict.fromkeys(rating, MISSING) else (302, 400))
    case.refresh_from_db()
    if response.status_code == 302:
        assert case.rating in range(1, 6) and case.rated_at is not None
        assert case.events.filter(action="rated").count() == 1
        assert not stored_text_is_clean(case)
        # Rated once: a second rating is refused and changes nothing.
        assert post_raw(client, url, {"score": "1"}, as_multipart=False).status_code == 400
        case.refresh_from_db()
        assert case.rating != 1 or rating["score"] == "1"
    else:
        assert (case.rating, case.rated_at, case.rating_comment) == (None, None, "")
        assert not case.events.filter(action="rated").exists()
    assert client.get(url).status_code == 200


# --- desk ratings -----------------------------------------------------------------------------------------------


@property_settings(max_examples=40)
@given(score=field_value("3"), kiosk=st.sampled_from(["", "1", "\x00", "\ud800"]), as_multipart=st.booleans())
@example(score=["1", "3"], kiosk="1", as_multipart=False)
@example(score="99999999999999999999999", kiosk="", as_multipart=False)
def test_desk_rating_never_fails_and_records_one_rating_or_none(client, tree, score, kiosk, as_multipart):
    cache.clear()
    before = DeskRating.objects.count()
    path = f"/feedback/desk/{tree['desk_a'].code}/?{query_string({'kiosk': kiosk})}"
    response = post_raw(client, path, {"score": score}, as_multipart=as_multipart)
    assert response.status_code in (200, 400, 429), response.status_code
    assert DeskRating.objects.count() == before + (1 if response.status_code == 200 else 0)


@property_settings(max_examples=30)
@given(code=nasty_text)
@example(code="\x00")
@example(code="\ud800")
def test_desk_pages_of_any_unit_code(client, tree, code):
    if not code or "/" in code:
        return
    cache.clear()
    before = DeskRating.objects.count()
    assert client.get(f"/feedback/desk/{path_segment(code)}/").status_code in (200, 404)
    assert client.post(f"/feedback/desk/{path_segment(code)}/", {"score": "3"}).status_code in (200, 404)
    assert DeskRating.objects.count() - before in (0, 1)


# --- published answers, calendar --------------------------------------------------------------------------------


@property_settings(max_examples=40)
@given(page=field_value("1"))
@example(page="99999999999999999999999999")
@example(page="-1")
@example(page="1e309")
def test_answered_list_any_page(client, db, page):
    assert client.get("/feedback/answered/", QUERY_STRING=query_string({"page": page})).status_code == 200


@property_settings(max_examples=40)
@given(year=field_value("2026"))
@example(year="99999999999999999999999999")
@example(year="1e309")
@example(year="２０２６")
def test_calendar_any_year(client, db, year):
    assert client.get("/calendar/", QUERY_STRING=query_string({"year": year})).status_code == 200


# --- Open311 ----------------------------------------------------------------------------------------------------

OPEN311_PARAMS = ["service_code", "status", "start_date", "end_date", "page", "page_size", "service_request_id"]
DATE_LIKE = st.sampled_from(
    ["2026-03-01", "2026-03-01T08:00:00+07:00", "2026-03-01T08:00:00 07:00", "9999-12-31", "0001-01-01",
     "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2026-02-30", "20260301", "2026-W09-1", "now"]
)  # fmt: skip


def check_open311(response, allowed=(200, 400, 404)):
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    if response.status_code == 404 and "\x00" in response.wsgi_request.path:
        return None  # RejectNulMiddleware answers first, with Django's plain 404 (not an Open311 error)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    if response.status_code != 200:
        assert body == [{"code": response.status_code, "description": body[0]["description"]}]
    return body


@pytest.fixture
def public_cases(tree, norm, officer_user):
    first, _ = submitted(tree["desk_a"], norm)
    second, _ = submitted(tree["ward_b"], None, nature="praise")
    services.case_accept(case=second, user=officer_user, track="feedback")
    services.case_answer(case=second, user=officer_user, answer="Cảm ơn.", publish=True, public_summary="Khen.")
    return [first, second]


@property_settings(max_examples=60)
@given(data=st.data())
@example(data=None)
def test_open311_requests_any_query(client, public_cases, data):
    if data is None:  # every parameter at once, each at the edge
        params = {"service_code": "praise,other,GT-01", "status": "open,closed", "start_date": "0001-01-01",
                  "end_date": "9999-12-31", "page": "1000000", "page_size": "50"}  # fmt: skip
    else:
        params = {}
        for name in data.draw(st.sets(st.sampled_from(OPEN311_PARAMS), max_size=4), label="params"):
            params[name] = data.draw(st.one_of(field_value(), DATE_LIKE), label=name)
    response = client.get(f"{OPEN311}requests.json", QUERY_STRING=query_string(params))
    body = check_open311(response, allowed=(200, 400))
    for item in body if response.status_code == 200 else []:
        assert set(item) >= {"service_request_id", "status", "service_code", "requested_datetime"}
        assert "description" not in item or item["description"] == "Khen."


@property_settings(max_examples=40)
@given(code=nasty_text, endpoint=st.sampled_from(["discovery.json", "services.json", "requests.json", "x"]))
@example(code="\x00", endpoint="services.json")
@example(code="\ud800", endpoint="requests.json")
def test_open311_any_address_and_any_method(client, public_cases, code, endpoint):
    if code and "/" not in code:
        response = client.get(f"{OPEN311}requests/{path_segment(code)}.json")
        check_open311(response)
    known = public_cases[1].public_id
    check_open311(client.get(f"{OPEN311}requests/{known}.json"), allowed=(200,))
    check_open311(client.get(f"{OPEN311}{endpoint}", QUERY_STRING=query_string({"x": code})), allowed=(200, 404))
    before = counts()
    submission = {"service_code": code, "description": code, "email": code}
    for as_multipart in (False, True):
        check_open311(post_raw(client, f"{OPEN311}{endpoint}", submission, as_multipart=as_multipart), (404, 405))
    for method in ("PUT", "PATCH", "DELETE"):
        check_open311(client.generic(method, f"{OPEN311}{endpoint}", b"x=1"), allowed=(404, 405))
    assert counts() == before


# --- signing in, password reset, staff search -------------------------------------------------------------------


@property_settings(max_examples=50)
@given(data=st.data())
@example(data=None)
def test_sign_in_form_never_fails(client, staff_user, data):
    axes_reset()
    cache.clear()
    if data is None:
        form = {"username": "staff\r\nFAKE LOG LINE", "password": "x"}
    else:
        form = {"username": "staff", "password": "wrong"}
        for name in data.draw(st.sets(st.sampled_from(["username", "password"]), min_size=1), label="changed"):
            form[name] = data.draw(field_value(), label=name)
    before = AuditEntry.objects.count()
    with captured_logs() as records:
        response = post_raw(client, "/accounts/login/", form, as_multipart=data is not None and data.draw(
            st.booleans(), label="multipart"))  # fmt: skip
    assert response.status_code in (200, 429), response.status_code  # never signed in by a wrong password
    for entry in AuditEntry.objects.order_by("pk")[before:]:
        assert one_line(entry.detail), entry.detail
    for record in records:
        assert one_line(record.getMessage()), record.getMessage()


def test_repeated_failed_sign_ins_lock_out_without_a_server_error(client, staff_user):
    axes_reset()
    statuses = [client.post("/accounts/login/", {"username": "staff", "password": f"sai{n}"}).status_code
                for n in range(7)]  # fmt: skip
    assert statuses == [200] * 4 + [429] * 3  # locked at the fifth failure
    axes_reset()
    assert client.post("/accounts/login/", {"username": "staff", "password": PASSWORD}).status_code == 302


@property_settings(max_examples=40)
@given(email=field_value("staff@example.org"))
@example(email="staff@example.org\r\nBcc: victim@example.com")
@example(email="STAFF@EXAMPLE.ORG")
@example(email="staff@example.org\x00")
@example(email="\ud800@example.org")
@example(email="x" * 100_000)
def test_password_reset_never_fails_and_mails_only_the_account(client, staff_user, email):
    cache.clear()
    mail.outbox.clear()
    response = post_raw(client, "/accounts/password_reset/", {"email": email}, as_multipart=False)
    assert response.status_code in (200, 302), response.status_code
    for message in mail.outbox:
        assert message.to == [staff_user.email]
        assert one_line(message.subject) and message.subject.strip()
        for name, value in message.message().items():
            assert one_line(value.replace("\r\n ", " ").replace("\n ", " ")), (name, value)  # folded lines only
        assert message.extra_headers == {}
    if response.status_code == 302:  # the form takes the last of several values
        typed = email[-1] if isinstance(email, list) else "" if email is MISSING else email
        assert len(mail.outbox) == (1 if typed.strip().lower() == staff_user.email else 0)


@property_settings(max_examples=40)
@given(data=st.data())
def test_regulation_search_any_query(client, code_of_conduct, staff_user, data):
    client.force_login(staff_user)
    params = {"q": data.draw(nasty_text, label="q")}
    for name in data.draw(st.sets(st.sampled_from(["kind", "issuer", "year", "status", "page"])), label="more"):
        params[name] = data.draw(field_value(), label=name)
    assert client.get("/regulations/", QUERY_STRING=query_string(params)).status_code == 200


# --- found by these tests, fixed ---------------------------------------------------------------------------------


@property_settings(max_examples=1, phases=[Phase.explicit])
@given(field=st.sampled_from(CONTENT_FIELDS), value=st.text())
@example(field="full_name", value="\u0958" * 150)  # DEVANAGARI LETTER QA: NFC makes it KA + NUKTA
@example(field="official_hint", value="Quầy số 2 " + "\u0958" * 140)
@example(field="phone", value="0912345678" + "\u0344" * 10)  # COMBINING GREEK DIALYTIKA TONOS: NFC makes it two
def test_text_is_measured_after_nfc_normalisation(client, tree, norm, media, field, value):
    """Some letters take two code points once normalised: the form measures the normalised text, so what it
    accepts fits its column, and what would not fit is refused with a message instead of a database error."""
    submission = valid_submission(tree["desk_a"], norm) | {field: value}
    before = counts()
    response = post_raw(client, NEW, submission, as_multipart=False)
    if response.status_code == 302:
        case = Case.objects.order_by("-pk").first()
        assert counts()["case"] == before["case"] + 1
        assert not case_problems(case), case_problems(case)
    else:
        assert response.status_code == 400 and field in response.context["form"].errors
        assert counts() == before
