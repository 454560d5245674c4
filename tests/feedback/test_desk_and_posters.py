"""Desk ratings (public, one tap), the satisfaction summary per unit and the printable QR posters."""

import datetime
import io
import re

import pytest
import segno
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ContentStream

from culture_portal.models import Unit
from feedback.models import DeskRating
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

# Queries a signed-in page costs: session, user, the user's permissions (2: own and via groups).
AUTH_QUERIES = 4


@pytest.fixture(autouse=True)
def no_rate_limits_used():
    cache.clear()


def desk_url(code: str) -> str:
    return reverse("feedback:desk_rate", args=[code])


# The public rating page.


def test_rating_page_shows_the_unit_and_three_real_buttons(client, tree):
    response = client.get(desk_url("DESK-A"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quầy một cửa A" in page and "Phòng Nội vụ" in page
    assert page.count('type="submit"') == 3 and page.count("csrfmiddlewaretoken") == 3
    for score in (1, 2, 3):
        assert f'name="score" value="{score}"' in page
    assert "<script" not in page
    assert "no-cache" in response["Cache-Control"]


def test_a_tap_stores_one_rating_and_thanks(client, tree):
    response = client.post(desk_url("DESK-A"), {"score": "3"})
    assert response.status_code == 200
    rating = DeskRating.objects.get()
    assert rating.unit == tree["desk_a"] and rating.score == DeskRating.Score.VERY_SATISFIED
    page = response.content.decode()
    assert f'href="{reverse("feedback:new")}?unit=DESK-A"' in page
    assert f'href="{desk_url("DESK-A")}"' in page
    assert 'http-equiv="refresh"' not in page  # only the counter's tablet goes back by itself


def test_the_tablet_goes_back_to_the_buttons_by_itself(client, tree):
    page = client.get(desk_url("DESK-A") + "?kiosk=1").content.decode()
    assert f'action="{desk_url("DESK-A")}?kiosk=1"' in page
    response = client.post(desk_url("DESK-A") + "?kiosk=1", {"score": "1"})
    assert response.status_code == 200 and DeskRating.objects.get().score == 1
    assert f'content="10;url={desk_url("DESK-A")}?kiosk=1"' in response.content.decode()


@pytest.mark.parametrize(
    "data", [{}, {"score": ""}, {"score": "0"}, {"score": "4"}, {"score": "abc"}, {"score": "2.5"}]
)
def test_an_invalid_score_is_refused_and_nothing_stored(client, tree, data):
    response = client.post(desk_url("DESK-A"), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not DeskRating.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_or_inactive_unit_is_not_found(client, tree, method):
    UnitFactory(code="CLOSED", name="Quầy đã đóng", kind=Unit.Kind.RECEPTION_DESK, is_active=False)
    for code in ("NOPE", "CLOSED", "desk-a", "X" * 200):
        assert getattr(client, method)(desk_url(code), {"score": "3"} if method == "post" else None).status_code == 404
    assert not DeskRating.objects.exists()


def test_other_methods_are_refused(client, tree):
    assert client.put(desk_url("DESK-A")).status_code == 405
    assert not DeskRating.objects.exists()


def test_the_thirteenth_tap_within_a_minute_from_one_address_is_refused(client, tree):
    cache.clear()
    for _ in range(12):
        assert client.post(desk_url("DESK-A"), {"score": "2"}, REMOTE_ADDR="203.0.113.7").status_code == 200
    response = client.post(desk_url("DESK-A"), {"score": "2"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert 'role="alert"' in response.content.decode()
    assert DeskRating.objects.count() == 12
    # Another address (another service centre) is not affected.
    assert client.post(desk_url("WARD-B"), {"score": "2"}, REMOTE_ADDR="198.51.100.9").status_code == 200
    assert DeskRating.objects.count() == 13


# The satisfaction summary.

SATISFACTION = "/feedback/satisfaction/"


def rate(unit, *scores):
    DeskRating.objects.bulk_create([DeskRating(unit=unit, score=score) for score in scores])


def table_rows(page: str) -> list[tuple[str, list[str]]]:
    """(unit code, [very, satisfied, not satisfied, total, share]) of each row of the table, in order."""
    rows = re.findall(r'<tr data-unit="([^"]+)">(.*?)</tr>', page, flags=re.S)
    return [(code, re.findall(r'<td class="text-end[^"]*">([^<]*)</td>', cells)) for code, cells in rows]


def test_satisfaction_needs_sign_in_and_the_permission(client, staff_user):
    response = client.get(SATISFACTION)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(staff_user)
    assert client.get(SATISFACTION).status_code == 403


@pytest.mark.parametrize("role", ["officer_user", "leader_user", "admin_user_role", "unit_head_user"])
def test_roles_with_the_permission_open_the_summary(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(SATISFACTION).status_code == 200


def test_counts_and_share_per_unit_worst_first(client, tree, leader_user):
    rate(tree["desk_a"], 3, 3, 2, 1)  # 3 of 4 satisfied: 75%
    rate(tree["ward_b"], 3, 1, 1, 1, 1)  # 1 of 5: 20%
    client.force_login(leader_user)
    response = client.get(SATISFACTION)
    assert response.status_code == 200
    page = response.content.decode()
    assert table_rows(page) == [
        ("WARD-B", ["1", "0", "4", "5", "20%"]),
        ("DESK-A", ["2", "1", "1", "4", "75%"]),
    ]
    assert "<script" not in page.split('<footer class="portal-footer')[0].split('<main id="main"')[1]
    assert 'class="progress w-' in page  # the bar chart: widths from the stylesheet, no inline script or style


def test_the_period_is_chosen_from_a_fixed_list(client, tree, leader_user):
    rate(tree["desk_a"], 3, 2)
    old = DeskRating.objects.create(unit=tree["ward_b"], score=1)
    DeskRating.objects.filter(pk=old.pk).update(at=old.at - datetime.timedelta(days=40))
    client.force_login(leader_user)
    assert [code for code, _ in table_rows(client.get(SATISFACTION + "?days=30").content.decode())] == ["DESK-A"]
    assert [code for code, _ in table_rows(client.get(SATISFACTION).content.decode())] == ["WARD-B", "DESK-A"]
    for bad in ("abc", "-1", "0", "99999999999999999999", "12"):
        response = client.get(SATISFACTION, {"days": bad})
        assert response.status_code == 200 and len(table_rows(response.content.decode())) == 2


def test_empty_period_shows_a_message(client, tree, leader_user):
    client.force_login(leader_user)
    page = client.get(SATISFACTION).content.decode()
    assert 'class="alert alert-info"' in page and not table_rows(page)


def test_a_unit_head_sees_only_their_own_units(client, tree, unit_head_user):
    rate(tree["desk_a"], 3)
    rate(tree["ward_b"], 1)
    client.force_login(unit_head_user)  # head of OFFICE-A, whose sub-unit is DESK-A
    assert [code for code, _ in table_rows(client.get(SATISFACTION).content.decode())] == ["DESK-A"]


@pytest.mark.parametrize("ratings", [3, 300])
def test_satisfaction_query_count_does_not_grow_with_ratings(
    client, tree, leader_user, ratings, django_assert_num_queries
):
    units = [tree["desk_a"], tree["ward_b"], tree["office_a"]]
    DeskRating.objects.bulk_create(DeskRating(unit=units[i % 3], score=i // 3 % 3 + 1) for i in range(ratings))
    client.force_login(leader_user)
    # auth + the user's groups (city-wide or not) + one aggregate query that brings the units' names along
    with django_assert_num_queries(AUTH_QUERIES + 2 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(SATISFACTION)
    rows = table_rows(response.content.decode())
    assert len(rows) == 3 and sum(int(cells[3]) for _, cells in rows) == ratings


# Posters.

POSTERS = "/feedback/posters/"


def poster_url(code: str) -> str:
    return reverse("feedback:poster", args=[code])


def pdf_of(response) -> PdfReader:
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


PAINTING = {b"S", b"s", b"B", b"B*", b"b", b"b*", b"f", b"F", b"f*", b"n"}


def normalised(modules: set[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    """Dark modules moved so that the top-left one (a corner of a finder pattern) is (0, 0): the quiet zone drops out."""
    top, left = min(row for row, _ in modules), min(col for _, col in modules)
    return frozenset((row - top, col - left) for row, col in modules)


def drawn_qr_codes(reader: PdfReader) -> list[frozenset[tuple[int, int]]]:
    """The QR codes on the first page, read back from their vector drawing.

    segno draws each run of dark modules of a row as one line from (x, row + 0.5) to (x + length, row + 0.5) in
    module units; WeasyPrint keeps those coordinates under a scaling matrix. No QR decoder is installed, so the
    test compares the modules drawn with those segno computes for the expected address: the same modules, the
    same address.
    """
    codes, modules, start = [], set(), None
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator == b"m":
            start = tuple(float(value) for value in operands)
        elif operator == b"l" and start is not None:
            (x1, y1), (x2, y2) = start, tuple(float(value) for value in operands)
            if y1 == y2 and (y1 - 0.5).is_integer() and x1.is_integer() and x2.is_integer() and x1 < x2:
                modules.update((int(y1), col) for col in range(int(x1), int(x2)))
            start = None
        elif operator in PAINTING:
            if len(modules) > 50:
                codes.append(normalised(modules))
            modules, start = set(), None
    return codes


def qr_of(url: str) -> frozenset[tuple[int, int]]:
    matrix = segno.make(url, error="m").matrix
    return normalised({(row, col) for row, line in enumerate(matrix) for col, dark in enumerate(line) if dark})


def test_poster_list_shows_active_units_with_links(client, tree, officer_user):
    UnitFactory(code="CLOSED", name="Quầy đã đóng", is_active=False)
    client.force_login(officer_user)
    response = client.get(POSTERS)
    page = response.content.decode()
    assert response.status_code == 200
    for code in ("CITY", "OFFICE-A", "DESK-A", "WARD-B"):
        assert f'href="{poster_url(code)}"' in page and f'href="{desk_url(code)}"' in page
    assert "CLOSED" not in page
    assert page.index("OFFICE-A") < page.index("DESK-A") < page.index("WARD-B")  # tree order


@pytest.mark.parametrize("url", [POSTERS, "/feedback/posters/DESK-A.pdf"])
def test_posters_need_sign_in_and_the_permission(client, staff_user, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(staff_user)
    assert client.get(url).status_code == 403


def test_desk_poster_pdf_has_the_unit_hotline_and_both_codes(client, tree, officer_user):
    client.force_login(officer_user)
    response = client.get(poster_url("DESK-A"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="poster-DESK-A.pdf"'
    reader = pdf_of(response)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert "Quầy một cửa A" in text and "PHÒNG NỘI VỤ" in text  # the parent unit in capitals, as on official papers
    assert settings.FEEDBACK_HOTLINE in text
    compact = text.replace(" ", "")
    form_url, rating_url = (
        f"{settings.SITE_URL}/feedback/new/?unit=DESK-A",
        f"{settings.SITE_URL}/feedback/desk/DESK-A/",
    )
    assert form_url in compact and rating_url in compact
    # The big code opens the form with the unit chosen; the small one, the desk's rating page.
    assert drawn_qr_codes(reader) == [qr_of(form_url), qr_of(rating_url)]


def test_poster_of_a_unit_that_is_not_a_desk_has_one_code(client, tree, leader_user):
    client.force_login(leader_user)
    reader = pdf_of(client.get(poster_url("WARD-B")))
    text = text_of(reader)
    assert "UBND phường Bắc Hà" in text and "ỦY BAN NHÂN DÂN THÀNH PHỐ" in text
    form_url = f"{settings.SITE_URL}/feedback/new/?unit=WARD-B"
    assert form_url in text.replace(" ", "") and "/feedback/desk/" not in text
    assert drawn_qr_codes(reader) == [qr_of(form_url)]


def test_poster_of_an_unknown_or_closed_unit_is_not_found(client, tree, officer_user):
    UnitFactory(code="CLOSED", name="Quầy đã đóng", is_active=False)
    client.force_login(officer_user)
    for code in ("NOPE", "CLOSED", "desk-a"):
        assert client.get(poster_url(code)).status_code == 404
