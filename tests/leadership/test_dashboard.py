"""The dashboard page and its drill-down: who sees what, bad input, identity and secrecy, bounded queries."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from culture_portal.leadership.models import Target
from feedback import services as feedback_services
from feedback.models import DeskRating
from regulations.models import Norm
from tests.leadership.conftest import at

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("leadership:dashboard")
ITEMS = reverse("leadership:dashboard_items")
Q1 = {"kind": "quarter", "year": "2026", "quarter": "1"}
IDENTITY = ("Nguyễn Văn Khiếu", "0987 654 321", "0987654321", "khieu.nai@example.com")


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_leadership_see_every_section_with_charts_and_tables(client, world, leader_user):
    client.force_login(leader_user)
    response = client.get(DASHBOARD, Q1)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("scorecard", "trends", "norms", "inspections", "measures", "actions", "feedback", "satisfaction",
                "dissemination"):  # fmt: skip
        assert f'id="{key}"' in html
    assert (
        html.count('aria-labelledby="chart-') == 13
        and "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    )
    for svg in html.split("<svg")[1:]:
        ET.fromstring("<svg" + svg.split("</svg>", 1)[0] + "</svg>")  # noqa: S314  # nosec B314
    assert html.count("<caption>") >= 12 and 'th scope="col"' in html and 'th scope="row"' in html
    assert 'class="target"' in html, "the satisfaction target (90%) is drawn"
    assert "▲" in html and "visually-hidden" in html, "worst cells are marked by more than colour"
    assert "dashboard.css" in html and "table-responsive" in html
    assert "unit=OFFICE-A" in html and f"{ITEMS}?" in html
    for secret in IDENTITY:
        assert secret not in html
    assert "GG-03" not in html, "the unapproved surprise inspection's finding"


def test_a_unit_head_sees_their_own_subtree_only(client, world, unit_head_user):
    client.force_login(unit_head_user)
    response = client.get(DASHBOARD, Q1)
    assert response.status_code == 200
    assert response.context["unit"] == world["office_a"]
    assert response.context["figures"].section("scorecard").numbers["findings"] == 4
    assert world["ward_b"].name not in response.content.decode()
    assert client.get(DASHBOARD, {**Q1, "unit": "DESK-A"}).status_code == 200
    assert client.get(DASHBOARD, {**Q1, "unit": "desk-a"}).status_code == 200, "codes are case-insensitive"
    assert client.get(DASHBOARD, {**Q1, "unit": "WARD-B"}).status_code == 404, "another subtree: not zeros"
    assert client.get(DASHBOARD, {**Q1, "unit": "CITY"}).status_code == 404, "above their unit"
    assert client.get(ITEMS, {**Q1, "unit": "WARD-B", "group": "working_hours"}).status_code == 404


def test_nobody_else_sees_the_dashboard(client, tree, staff_user, inspector_user, officer_user, admin_user_role):
    assert client.get(DASHBOARD).status_code == 302
    for user in (staff_user, inspector_user, officer_user, admin_user_role):
        client.force_login(user)
        assert client.get(DASHBOARD).status_code == 403
        assert client.get(ITEMS).status_code == 403
    assert client.post(DASHBOARD).status_code in (403, 405)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "custom", "start": "2026-03-01", "end": "2026-02-01"}, "The period ends before it starts."),
        ({"kind": "custom", "start": "01/01/2010", "end": "01/01/2021"}, "A period can span at most 10 years."),
        ({"kind": "custom", "start": "2026-01-01"}, "Enter the first and the last day of the period."),
        ({"kind": "custom", "start": "0001-01-01", "end": "2026-01-01"}, "Enter a date between"),
        ({"kind": "year", "year": "20260"}, "Ensure this value is less than or equal to 2100."),
        ({"kind": "month", "year": "abc", "month": "13"}, "Enter a whole number."),
        ({"kind": "year", "unit": "NO-SUCH-UNIT"}, "No unit has the code or name “NO-SUCH-UNIT”."),
        ({"kind": "year", "unit": "X" * 200}, "No unit has the code"),
    ],
)
def test_bad_input_gets_a_message_not_an_error(client, tree, leader_user, query, message):
    client.force_login(leader_user)
    response = english(client).get(DASHBOARD, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "figures" not in response.context


def test_bad_input_is_translated(client, tree, leader_user):
    client.force_login(leader_user)
    response = client.get(DASHBOARD, {"kind": "custom", "start": "2026-03-01", "end": "2026-02-01"})
    assert response.status_code == 400 and 'lang="vi"' in response.content.decode()


def test_a_ten_year_period_is_accepted(client, tree, leader_user):
    client.force_login(leader_user)
    response = client.get(DASHBOARD, {"kind": "custom", "start": "2016-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    assert response.context["figures"].period.label == "01/01/2016 – 31/12/2025"
    assert len(response.context["figures"].section("trends").tables[0].rows) == 120


def test_the_default_is_the_current_year(client, tree, leader_user):
    client.force_login(leader_user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["figures"].period.kind == "year"


def test_the_drill_down_lists_the_items_behind_a_cell_without_identity(client, world, leader_user):
    client.force_login(leader_user)
    response = client.get(ITEMS, {**Q1, "unit": "WARD-B", "group": "working_hours"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "GG-01" in html and world["cases"][1].tracking_code in html
    assert "GG-03" not in html, "the finding of the surprise inspection not yet approved"
    for secret in IDENTITY:
        assert secret not in html
    assert "Cán bộ nói trống không" not in html, "no description (it may name people)"
    own = client.get(ITEMS, {**Q1, "unit": "OFFICE-A", "own": "1"})
    assert own.status_code == 200 and own.context["items"].findings_total == 3  # office_a's own: 2 + S2's
    everything = client.get(ITEMS, Q1)
    assert everything.status_code == 200 and everything.context["items"].findings_total == 5
    assert english(client).get(ITEMS, {**Q1, "group": "nope"}).status_code == 400


def test_an_unapproved_surprise_inspection_shows_nothing_in_its_drill_down(client, world, leader_user):
    client.force_login(leader_user)
    # S1 (5 March, ward_b, working hours): only P1's finding of January is behind ward_b's March cell... none.
    march = {"kind": "month", "year": "2026", "month": "3"}
    response = client.get(ITEMS, {**march, "unit": "WARD-B", "group": "working_hours"})
    assert response.status_code == 200
    assert response.context["items"].findings == [] and response.context["items"].findings_total == 0


def test_the_query_count_is_bounded_and_does_not_grow(client, world, leader_user, clock,
                                                      django_assert_max_num_queries):  # fmt: skip
    client.force_login(leader_user)
    client.get(DASHBOARD, Q1)  # sessions, caches warmed
    with django_assert_max_num_queries(45) as small:
        assert client.get(DASHBOARD, Q1).status_code == 200
    # More of everything: cases, ratings, answers.
    norm = Norm.objects.get(code="GT-01")
    for day in range(2, 20):
        clock.set(datetime.date(2026, 3, day))
        case, _pin = feedback_services.case_submit(
            channel="web", nature="criticism", description="Thái độ chưa đúng mực.", unit=world["ward_b"],
            norm=norm, received_at=at(datetime.date(2026, 3, day)),
        )  # fmt: skip
        DeskRating.objects.create(unit=world["desk_a"], score=1 + day % 3)
    with django_assert_max_num_queries(45) as larger:
        assert client.get(DASHBOARD, Q1).status_code == 200
    assert len(larger.captured_queries) == len(small.captured_queries)


@override_settings(DEBUG=True)
def test_the_demo_has_targets_and_its_dashboard_shows_them(client):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Target.objects.count() == 5, "one per measure, not repeated"
    client.force_login(get_user_model().objects.get(username="leader"))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert 'id="targets-title"' in response.content.decode() and 'class="target"' in response.content.decode()


def test_the_drill_down_is_bounded_and_scoped_by_default(client, world, unit_head_user, django_assert_max_num_queries):
    client.force_login(unit_head_user)
    client.get(ITEMS, Q1)
    # session, user, roles, official, the two capped lists (their totals come from the lists when below the cap)
    with django_assert_max_num_queries(10):
        response = client.get(ITEMS, Q1)
    assert response.status_code == 200
    assert response.context["unit"] == world["office_a"], "a unit head's default is their own unit"
    assert response.context["items"].findings_total == 4 and response.context["items"].cases_total == 2
