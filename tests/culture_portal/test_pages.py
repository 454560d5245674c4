"""Every page of the core, for anonymous visitors and each role: allowed, forbidden, wrong method, query count."""

import pytest
from django.urls import reverse

from tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db

# page -> roles that may open it ("anonymous" included when public)
ALL_ROLES = {"staff", "inspector", "officer", "unithead", "leader", "admin"}
ACCESS = {
    "home": ALL_ROLES | {"anonymous"},
    "calendar": ALL_ROLES | {"anonymous"},
    "organisation:units": ALL_ROLES,
    "organisation:officials": ALL_ROLES - {"staff"},
    "organisation:import": {"admin"},
}
# Queries a signed-in page costs: session, user, the user's permissions (2: own and via groups).
AUTH_QUERIES = 4


@pytest.fixture
def populated(tree):
    for unit in ("office_a", "desk_a", "ward_b"):
        OfficialFactory.create_batch(3, unit=tree[unit])
    return tree


@pytest.mark.parametrize("name", ACCESS)
def test_each_page_allows_or_denies_each_role(client, populated, any_role_user, name):
    client.force_login(any_role_user)
    response = client.get(reverse(name))
    expected = 200 if any_role_user.username in ACCESS[name] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("name", ACCESS)
def test_anonymous_visitors_are_sent_to_sign_in_for_protected_pages(client, db, name):
    response = client.get(reverse(name))
    if "anonymous" in ACCESS[name]:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["home", "calendar", "organisation:units", "organisation:officials"])
def test_read_only_pages_refuse_post(client, admin_user_role, name):
    client.force_login(admin_user_role)
    assert client.post(reverse(name)).status_code == 405


def test_navigation_shows_each_role_only_what_it_may_open(client, staff_user, admin_user_role):
    client.force_login(staff_user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("organisation:units") in page
    assert reverse("organisation:officials") not in page
    assert reverse("organisation:import") not in page
    client.force_login(admin_user_role)
    page = client.get(reverse("home")).content.decode()
    assert reverse("organisation:import") in page and reverse("admin:index") in page


def test_home_query_count(client, populated, leader_user, django_assert_num_queries):
    client.force_login(leader_user)
    # auth + the user's groups (role names for the greeting) + what is waiting (issue 14 §1): campaigns behind
    # schedule, own official, documents to confirm, conclusions to approve, overdue actions, overdue cases + home
    # panel: documents to read + provisions to re-read. tests/culture_portal/test_home_waiting.py: the count does not
    # grow with the rows.
    with django_assert_num_queries(AUTH_QUERIES + 9 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        assert client.get(reverse("home")).status_code == 200


def test_unit_list_is_one_query_however_many_units(client, populated, inspector_user, django_assert_num_queries):
    client.force_login(inspector_user)
    # auth + units with their official counts (one aggregate query)
    with django_assert_num_queries(AUTH_QUERIES + 1 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        page = client.get(reverse("organisation:units")).content.decode()
    assert "Quầy một cửa A" in page and "UBND phường Bắc Hà" in page


def test_unit_page_query_count(client, populated, unit_head_user, django_assert_num_queries):
    client.force_login(unit_head_user)
    # auth + unit + groups + own official + ancestors + children + officials + issuing body + units it took over
    # in a reorganisation
    with django_assert_num_queries(AUTH_QUERIES + 8 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(reverse("organisation:unit", args=["DESK-A"]))
    assert response.content.decode().count("Nguyễn Văn Thử") == 3


def test_official_list_query_count_and_scope(client, populated, unit_head_user, django_assert_num_queries):
    client.force_login(unit_head_user)
    # auth + groups + own official + count + page of officials with units (the unit filter searches: no list)
    with django_assert_num_queries(AUTH_QUERIES + 4 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(reverse("organisation:officials"))
    # office A (3 + the unit head) and its desk (3); not ward B's 3
    assert response.context["page"].paginator.count == 7


def test_unit_head_cannot_read_the_roll_of_another_unit(client, populated, unit_head_user):
    client.force_login(unit_head_user)
    page = client.get(reverse("organisation:unit", args=["WARD-B"]))
    assert page.status_code == 200  # unit names are public within the portal
    assert "Nguyễn Văn Thử" not in page.content.decode()
    assert page.context["officials"].count() == 0


def test_unknown_unit_code_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("organisation:unit", args=["NO-SUCH"])).status_code == 404


def test_official_filters(client, populated, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("organisation:officials"), {"unit": populated["office_a"].pk, "q": "thử"})
    names = [official.unit.code for official in response.context["page"]]
    assert names and set(names) <= {"OFFICE-A", "DESK-A"}
    bad = client.get(reverse("organisation:officials"), {"unit": "999999"})
    assert bad.status_code == 200 and "unit" in bad.context["form"].errors


def test_admin_site_is_for_administrators(client, admin_user_role, leader_user):
    client.force_login(admin_user_role)
    assert client.get(reverse("admin:culture_portal_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:culture_portal_calendarexception_add")).status_code == 200
    client.force_login(leader_user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_unit_list_shows_the_tree_depth_first(client, inspector_user, tree):
    # More than nine siblings: a path compared as text must still keep children under their parent.
    extra = [UnitFactory(parent=tree["city"], code=f"EXTRA-{n}") for n in range(10)]
    client.force_login(inspector_user)
    codes = [unit.code for unit in client.get(reverse("organisation:units")).context["units"]]
    assert codes.index("DESK-A") == codes.index("OFFICE-A") + 1
    assert codes[-1] == extra[-1].code
