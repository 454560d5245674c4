"""The Open311 GeoReport v2 face: read-only, JSON, public data only, machine-readable errors, bounded queries."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone, translation

from feedback import services
from feedback.models import Case
from regulations.models import Norm, NormGroup
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
DISCOVERY = BASE + "discovery.json"
SERVICES = BASE + "services.json"
REQUESTS = BASE + "requests.json"

NAME = "Nguyễn Văn A"
PHONE = "0912345678"
EMAIL = "a@example.com"
ADDRESS = "Số 12 đường Hà Huy Tập"
OWN_WORDS = "Cán bộ quầy số 2 nói trống không, bắt tôi chờ từ sáng đến trưa"
ANSWER = "Kính gửi ông Nguyễn Văn A, cơ quan đã kiểm điểm cán bộ Lê Thị Hoa"
OFFICIAL = "Lê Thị Hoa"
SUMMARY = "Tóm tắt công khai: cán bộ đã được nhắc nhở, quầy bố trí thêm người"
SECRETS = [NAME, PHONE, EMAIL, ADDRESS, OWN_WORDS, ANSWER, OFFICIAL, "0912 345 678"]


def submit(unit, norm=None, *, nature="criticism", received_at=None, description=OWN_WORDS):
    case, _pin = services.case_submit(
        channel="web", nature=nature, description=description, unit=unit, norm=norm, full_name=NAME, phone=PHONE,
        email=EMAIL, address=ADDRESS, consent=True, received_at=received_at,
    )  # fmt: skip
    return case


def answer(case, officer, *, publish=True, official=None):
    services.case_accept(case=case, user=officer, track="feedback", official=official)
    return services.case_answer(
        case=case,
        user=officer,
        answer=ANSWER,
        publish=publish,
        public_summary=SUMMARY if publish else "",
        upheld="upheld",
    )


def body(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def assert_no_secrets(response):
    raw = response.content
    # Tracking codes are half of a citizen's key (with the PIN): the open data never shows them.
    assert re.search(rb"PA-\d{4}-[0-9A-Z]{6}", raw) is None
    for secret in SECRETS:
        escaped = json.dumps(secret)[1:-1].encode()  # as \uXXXX escapes, had it been dumped with ensure_ascii
        assert secret.encode() not in raw, secret
        assert escaped not in raw, secret


def assert_error(response, code):
    assert response.status_code == code
    data = body(response)
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["code"] == code
    assert isinstance(data[0]["description"], str) and data[0]["description"]
    return data[0]["description"]


@pytest.fixture
def catalogue(norm):
    """The `norm` of the feedback fixtures (GT-01, in use), one in use without citizens' wording, one retired."""
    group = NormGroup.objects.create(code="test-hours", name="Giờ giấc làm việc", order=0)
    plain = Norm.objects.create(code="GG-01", group=group, title="Đi muộn, về sớm", default_severity="minor")
    retired = Norm.objects.create(
        code="GG-99", group=group, title="Quy định cũ", citizen_title="Không dùng nữa", default_severity="minor",
        is_active=False,
    )  # fmt: skip
    return {"norm": norm, "plain": plain, "retired": retired}


# --- discovery and services -------------------------------------------------------------------------------------


def test_discovery_lists_the_json_endpoint(client):
    response = client.get(DISCOVERY)
    assert response.status_code == 200
    data = body(response)
    [endpoint] = data["endpoints"]
    assert endpoint["formats"] == ["application/json"]
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["contact"] and data["key_service"] and data["changeset"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"


def test_services_are_the_norms_in_use_then_praise_and_other(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(SERVICES)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    data = body(response)
    by_code = {service["service_code"]: service for service in data}
    assert [service["service_code"] for service in data] == ["GG-01", "GT-01", "praise", "other"]
    assert "GG-99" not in by_code  # retired
    assert by_code["GT-01"] == {
        "service_code": "GT-01",
        "service_name": "Cán bộ nói trống không, thiếu tôn trọng",
        "description": "Thái độ thiếu tôn trọng người dân",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": catalogue["norm"].group.name,  # the groups come with the migrations
    }
    assert by_code["GG-01"]["service_name"] == "Đi muộn, về sớm"  # no citizens' wording: the title
    assert by_code["GG-01"]["group"] == "Giờ giấc làm việc"
    for code in ("praise", "other"):
        assert by_code[code]["service_name"] and by_code[code]["metadata"] is False
        assert by_code[code]["type"] == "realtime"


# --- requests: what goes out ------------------------------------------------------------------------------------


def test_a_request_shows_public_facts_only(client, tree, norm, officer_user):
    official = OfficialFactory(full_name=OFFICIAL, unit=tree["desk_a"])
    published = answer(submit(tree["desk_a"], norm), officer_user, official=official)
    unpublished = answer(submit(tree["ward_b"], norm), officer_user, publish=False)
    still_open = submit(tree["office_a"])
    praise = submit(tree["desk_a"], nature="praise")

    response = client.get(REQUESTS)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert_no_secrets(response)
    data = {item["service_request_id"]: item for item in body(response)}
    assert set(data) == {str(published.public_id), str(unpublished.public_id), str(still_open.public_id),
                         str(praise.public_id)}  # fmt: skip

    item = data[str(published.public_id)]
    with translation.override("vi"):
        answered_label = str(Case.Status.ANSWERED.label)
        received_label = str(Case.Status.RECEIVED.label)
    assert item["status"] == "closed"
    assert item["status_notes"] == answered_label
    assert item["service_code"] == "GT-01"
    assert item["service_name"] == "Cán bộ nói trống không, thiếu tôn trọng"
    assert item["description"] == SUMMARY
    assert item["agency_responsible"] == "Quầy một cửa A"
    published.refresh_from_db()
    requested = datetime.datetime.fromisoformat(item["requested_datetime"])
    updated = datetime.datetime.fromisoformat(item["updated_datetime"])
    assert requested.utcoffset() == datetime.timedelta(hours=7)
    assert requested == published.received_at.replace(microsecond=0)
    assert updated == published.answered_at.replace(microsecond=0)
    for absent in ("address", "lat", "long", "address_id", "zipcode", "media_url"):
        assert absent not in item

    assert "description" not in data[str(unpublished.public_id)]  # answered, not published: nothing of its words
    assert data[str(unpublished.public_id)]["status"] == "closed"
    opened = data[str(still_open.public_id)]
    assert opened["status"] == "open" and opened["status_notes"] == received_label
    assert opened["service_code"] == "other" and "description" not in opened
    assert opened["updated_datetime"] == opened["requested_datetime"]
    assert data[str(praise.public_id)]["service_code"] == "praise"

    # The same in every other answer of the face.
    for address in [DISCOVERY, SERVICES, BASE + f"requests/{str(published.public_id)}.json",
                    BASE + f"requests/{str(unpublished.public_id)}.json", REQUESTS + "?status=closed",
                    REQUESTS + "?service_code=GT-01&page_size=1", BASE + "nothing-here"]:  # fmt: skip
        assert_no_secrets(client.get(address))


def test_one_request_is_a_list_of_one(client, tree, norm, officer_user):
    case = answer(submit(tree["desk_a"], norm), officer_user)
    response = client.get(BASE + f"requests/{str(case.public_id)}.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    [item] = body(response)
    assert item["service_request_id"] == str(case.public_id)
    assert item["description"] == SUMMARY
    assert_no_secrets(response)
    # Typed in lower case, as people do.
    assert body(client.get(BASE + f"requests/{str(case.public_id).upper()}.json"))[0]["service_request_id"] == (
        str(case.public_id)
    )


def test_spam_duplicates_and_denunciations_are_not_public(client, tree, norm, officer_user):
    kept = submit(tree["desk_a"], norm)
    spam = submit(tree["desk_a"], norm, description="Quảng cáo bán hàng")
    services.case_mark_spam(case=spam, user=officer_user)
    duplicate = submit(tree["desk_a"], norm)
    services.case_mark_duplicate(case=duplicate, user=officer_user, original=kept)
    denunciation = submit(tree["desk_a"], norm)
    services.case_accept(case=denunciation, user=officer_user, track="denunciation")
    # A duplicate receives the original's answer (and its status) but stays merged.
    answer(kept, officer_user)

    codes = [item["service_request_id"] for item in body(client.get(REQUESTS))]
    assert codes == [str(kept.public_id)]
    for hidden in (spam, duplicate, denunciation):
        assert_error(client.get(BASE + f"requests/{str(hidden.public_id)}.json"), 404)
        assert body(client.get(REQUESTS + f"?service_request_id={str(hidden.public_id)}")) == []


# --- requests: filters and pages --------------------------------------------------------------------------------


def test_filters(client, tree, catalogue, officer_user):
    norm, plain = catalogue["norm"], catalogue["plain"]
    tz = timezone.get_current_timezone()
    at = lambda day, hour=9: datetime.datetime(2026, 3, day, hour, tzinfo=tz)  # noqa: E731
    march_2 = answer(submit(tree["desk_a"], norm, received_at=at(2)), officer_user)
    march_5 = submit(tree["desk_a"], plain, received_at=at(5))
    march_5_late = submit(tree["ward_b"], received_at=at(5, 23))
    march_9 = submit(tree["desk_a"], nature="praise", received_at=at(9))

    def codes(query):
        response = client.get(REQUESTS + query)
        assert response.status_code == 200, response.content
        return [item["service_request_id"] for item in body(response)]

    everything = [str(march_9.public_id), str(march_5_late.public_id), str(march_5.public_id), str(march_2.public_id)]
    assert codes("") == everything  # newest first
    assert codes("?service_code=GT-01") == [str(march_2.public_id)]
    assert codes("?service_code=praise") == [str(march_9.public_id)]
    assert codes("?service_code=other") == [str(march_5_late.public_id)]
    assert codes("?service_code=GG-01,praise") == [str(march_9.public_id), str(march_5.public_id)]
    assert codes("?service_code=NO-SUCH") == []
    assert codes("?status=closed") == [str(march_2.public_id)]
    assert codes("?status=open") == everything[:3]
    assert codes("?status=open,closed") == everything
    assert codes("?start_date=2026-03-05&end_date=2026-03-05") == [str(march_5_late.public_id), str(march_5.public_id)]
    assert codes("?start_date=2026-03-05T10:00:00%2B07:00") == [str(march_9.public_id), str(march_5_late.public_id)]
    # An unencoded "+" arrives as a space; it is still understood.
    assert codes("?start_date=2026-03-05T10:00:00+07:00") == [str(march_9.public_id), str(march_5_late.public_id)]
    assert codes("?end_date=2026-03-05T02:00:00Z") == [str(march_5.public_id), str(march_2.public_id)]
    assert codes("?end_date=2026-03-04") == [str(march_2.public_id)]
    assert codes("?start_date=2026-03-05T09:00:00") == everything[:3]  # no offset: Vietnam's time
    assert codes("?status=open&service_code=other&start_date=2026-03-01") == [str(march_5_late.public_id)]
    assert codes(f"?service_request_id={str(march_2.public_id)},{str(march_9.public_id)}&status=open") == [
        str(march_9.public_id), str(march_2.public_id),
    ]  # fmt: skip
    assert codes("?page_size=3") == everything[:3]
    assert codes("?page_size=3&page=2") == everything[3:]
    assert codes("?page_size=3&page=3") == []
    assert codes("?page=1000000") == []
    # Parameters Open311 clients send and we do not need are ignored.
    assert codes("?jurisdiction_id=hatinh.gov.vn&api_key=x") == everything


def test_pages_hold_at_most_fifty(client, tree):
    for _ in range(55):
        submit(tree["desk_a"])
    assert len(body(client.get(REQUESTS))) == 50
    assert len(body(client.get(REQUESTS + "?page=2"))) == 5
    assert len(body(client.get(REQUESTS + "?page_size=50"))) == 50
    assert_error(client.get(REQUESTS + "?page_size=51"), 400)


@pytest.mark.parametrize("count", [3, 60])
def test_queries_do_not_grow(client, tree, norm, officer_user, django_assert_num_queries, count):
    for index in range(count):
        case = submit(tree["desk_a"] if index % 2 else tree["ward_b"], norm if index % 3 else None)
        if index < 3:
            answer(case, officer_user)
    last = Case.objects.order_by("-received_at").first()
    with django_assert_num_queries(1):
        response = client.get(REQUESTS)
    assert response.status_code == 200 and len(body(response)) == min(count, 50)
    with django_assert_num_queries(1):
        assert client.get(REQUESTS + "?status=closed&service_code=GT-01,other&page=2&page_size=2").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(BASE + f"requests/{str(last.public_id)}.json").status_code == 200


# --- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "status=pending", "status=open;closed", "status=%00", "start_date=yesterday", "start_date=2026-13-01",
        "end_date=2026-02-30", "end_date=2026-03-01T25:00:00", "start_date=%00", "start_date=2026-03-01%00",
        "start_date=2026-03-10&end_date=2026-03-01", "page=0", "page=-1", "page=abc", "page=1.5", "page=%EF%BC%92",
        "page=1_0", "page=99999999999999999999999999", "page=1000001", "page_size=0", "page_size=51",
        "page_size=1e3", "service_code=%00", "service_code=" + "X" * 5000, "service_request_id=" + ",".join(["A"] * 51),
        "start_date=" + "2" * 100,
    ],
)  # fmt: skip
def test_bad_parameters_are_400_errors(client, tree, query):
    submit(tree["desk_a"])
    response = client.get(f"{REQUESTS}?{query}")
    assert_error(response, 400)
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "query",
    [
        "", "%FF%FE", "status=ĐÓNG", "service_code=Giao+tiếp", "service_code=🙂", "service_code=,,,", "page=",
        "status=&page=&page_size=&start_date=&end_date=", "page=1&page=2", "start_date=0001-01-01T00:00:00%2B07:00",
        "end_date=9999-12-31", "end_date=9999-12-31T23:59:59-12:00", "start_date=0001-01-01", "end_date=20260301",
        "start_date=2026-03-01T08:00:00.123456789", "%00=%00", "service_request_id=%00", "a=" + "b" * 10000,
        "&".join(f"p{i}=1" for i in range(900)), "service_code='%20OR%201=1--", "service_request_id=PA-2026-' OR 1=1",
    ],
)  # fmt: skip
def test_any_query_string_is_never_a_server_error(client, tree, query):
    submit(tree["desk_a"])
    for address in (REQUESTS, SERVICES, DISCOVERY):
        response = client.get(f"{address}?{query}")
        assert response.status_code in (200, 400), (address, query, response.status_code)
        data = body(response)
        if response.status_code == 400:
            assert data[0]["code"] == 400


def test_too_many_parameters_are_a_400_error(client):
    assert_error(client.get(REQUESTS + "?" + "&".join(f"p{i}=1" for i in range(1500))), 400)


@pytest.mark.parametrize("code", ["PA-2026-ZZZZZZ", "nothing", "Ủy-ban", "x" * 500, "%F0%9F%99%82", "PA-2026-%27"])
def test_unknown_request_is_a_404_error(client, tree, code):
    submit(tree["desk_a"])
    response = client.get(BASE + f"requests/{code}.json")
    assert_error(response, 404)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_other_addresses_under_the_base_are_json_errors(client):
    for address in (BASE, BASE + "requests.xml", BASE + "services/GT-01.json", BASE + "a/b/c"):
        assert_error(client.get(address), 404)


@pytest.mark.parametrize("address", [DISCOVERY, SERVICES, REQUESTS, BASE + "requests/PA-2026-ABCDEF.json"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_submissions_are_refused_with_a_405_error(tree, address, method):
    client = Client(enforce_csrf_checks=True)  # as an outside client would: no CSRF token
    response = getattr(client, method)(
        address, data={"service_code": "GT-01", "description": "x"}, content_type="application/json"
    )
    description = assert_error(response, 405)
    assert "/feedback/new/" in description  # the way to send feedback
    assert "GET" in response["Allow"] and "POST" not in response["Allow"]
    assert Case.objects.count() == 0


def test_a_cors_preflight_is_answered(client):
    response = client.options(REQUESTS)
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_head_is_allowed(client):
    response = client.head(SERVICES)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
