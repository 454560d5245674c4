"""Search pickers (culture_portal/pickers.py): forms that choose a unit or an official among thousands carry a search
box, not a list of them all; without script, Find lists the matches and keeps what was typed; with script, the
JSON addresses answer as one types."""

import re

import pytest
from django.urls import reverse

from culture_portal.models import Unit
from culture_portal.pickers import MATCHES_SHOWN
from feedback.models import Case
from tests.factories import DocumentFactory, NormFactory, OfficialFactory, UnitFactory

from ..feedback.conftest import form_data

pytestmark = pytest.mark.django_db

NEW = reverse("feedback:new")
UNITS = reverse("organisation:units_search")
OFFICIALS = reverse("organisation:officials_search")


@pytest.fixture
def norm(db):
    return NormFactory()


def many_units(parent, count: int, name: str = "Bộ phận một cửa số") -> list[Unit]:
    return [UnitFactory(code=f"MANY-{n:04d}", name=f"{name} {n}", parent=parent) for n in range(count)]


def test_the_citizens_form_does_not_grow_with_the_number_of_units(client, tree):
    small = client.get(NEW).content.decode()
    many_units(tree["ward_b"], 150)
    large = client.get(NEW).content.decode()
    assert "Bộ phận một cửa số 7" not in large and "<option" not in large.split('name="unit__q"')[1][:2000]
    assert abs(len(large) - len(small)) < 200  # the CSRF token and the CAPTCHA key differ between any two pages


def test_without_script_find_lists_the_matches_keeps_what_was_typed_and_saves_nothing(client, tree, norm):
    client.cookies["django_language"] = "en"
    desk = UnitFactory(code="BH-DESK", name="Bộ phận một cửa", parent=tree["ward_b"])
    typed = form_data(
        tree["desk_a"], norm, description="Cán bộ đến muộn nửa tiếng.", full_name="Lê Thị Hoa", consent="on"
    )
    typed.pop("unit")
    response = client.post(NEW, {**typed, "unit__q": "bac ha", "unit__find": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    # The ward, and its desk (whose own name says only "one-stop desk"), named with the ward to tell desks apart.
    assert f'value="{tree["ward_b"].pk}"' in page and f'value="{desk.pk}"' in page
    assert "Bộ phận một cửa — UBND phường Bắc Hà" in page and f'value="{tree["desk_a"].pk}"' not in page
    assert "Cán bộ đến muộn nửa tiếng." in page and 'value="Lê Thị Hoa"' in page and 'value="bac ha"' in page
    assert "is-invalid" not in page and "This field is required" not in page

    response = client.post(NEW, {**typed, "unit": desk.pk, "unit__q": "bac ha"})
    assert response.status_code == 302 and Case.objects.get().unit == desk


def test_a_search_that_finds_nothing_or_too_much_says_so(client, tree):
    client.cookies["django_language"] = "en"
    page = client.post(NEW, {"unit__q": "khong co dau", "unit__find": "1"}).content.decode()
    assert "Nothing matches" in page
    many_units(tree["ward_b"], MATCHES_SHOWN + 5)
    page = client.post(NEW, {"unit__q": "mot cua so", "unit__find": "1"}).content.decode()
    assert "More match than are shown" in page and page.count('name="unit" id=') == MATCHES_SHOWN


def test_an_empty_choice_is_still_refused_when_the_form_is_sent(client, tree, norm):
    client.cookies["django_language"] = "en"
    data = form_data(tree["desk_a"], norm)
    data.pop("unit")
    response = client.post(NEW, data)
    assert response.status_code == 400 and not Case.objects.exists()
    assert "This field is required" in response.content.decode()
    forged = client.post(NEW, {**data, "unit": "99999999"})
    assert forged.status_code == 400 and not Case.objects.exists()


def test_the_units_json_answers_a_few_active_units_to_anyone(client, tree):
    closed = UnitFactory(code="OLD-BH", name="Phường Bắc Hà cũ", parent=tree["city"], is_active=False)
    answer = client.get(UNITS, {"q": "bắc hà"}).json()
    values = [row["value"] for row in answer["results"]]
    assert tree["ward_b"].pk in values and closed.pk not in values and answer["more"] is False
    assert client.get(UNITS, {"q": "bac ha", "scope": "all"}).json()["results"] == answer["results"]  # anonymous

    many_units(tree["ward_b"], MATCHES_SHOWN + 1)
    answer = client.get(UNITS, {"q": "mot cua so"}).json()
    assert len(answer["results"]) == MATCHES_SHOWN and answer["more"] is True


def test_units_no_longer_in_operation_are_found_by_those_who_may_see_the_organisation(client, tree, leader_user):
    closed = UnitFactory(code="OLD-BH", name="Phường Bắc Hà cũ", parent=tree["city"], is_active=False)
    client.force_login(leader_user)
    values = [row["value"] for row in client.get(UNITS, {"q": "bac ha", "scope": "all"}).json()["results"]]
    assert closed.pk in values


@pytest.mark.parametrize("query", ["", " ", "a" * 5000, "\x00", "%", "_", "' OR 1=1 --", "🙂"])
def test_odd_searches_answer_an_empty_or_short_list(client, tree, query):
    response = client.get(UNITS, {"q": query})
    assert response.status_code == 200 and len(response.json()["results"]) <= MATCHES_SHOWN


def test_officials_are_searched_only_within_what_the_user_may_see(client, tree, staff_user, unit_head_user):
    inside = OfficialFactory(full_name="Nguyễn Văn Trong", unit=tree["desk_a"])
    outside = OfficialFactory(full_name="Nguyễn Văn Ngoài", unit=tree["ward_b"])
    assert client.get(OFFICIALS, {"q": "nguyen van"}).status_code in (302, 403)
    client.force_login(staff_user)
    assert client.get(OFFICIALS, {"q": "nguyen van"}).status_code == 403
    client.force_login(unit_head_user)
    values = [row["value"] for row in client.get(OFFICIALS, {"q": "nguyen van"}).json()["results"]]
    assert inside.pk in values and outside.pk not in values


def test_a_campaign_ticks_officials_found_by_search_and_keeps_them_across_searches(client, tree, admin_user_role):
    """Multiple pickers: what is ticked stays listed, checked, when another search is made."""
    document = DocumentFactory(text="Điều 1. Cán bộ phải đúng giờ.")
    first = OfficialFactory(full_name="Trần Thị Lan", unit=tree["desk_a"])
    OfficialFactory(full_name="Phạm Văn Hùng", unit=tree["desk_a"])
    client.force_login(admin_user_role)
    url = reverse("regulations:campaign_create", args=[document.pk])
    page = client.post(url, {"officials": [first.pk], "officials__q": "pham van", "officials__find": "1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(rf'value="{first.pk}" checked', html) and "Phạm Văn Hùng" in html
