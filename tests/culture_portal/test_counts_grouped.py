"""Issue 15 §3: counts are written with thousands grouped, "1.234"; years and ids are not (USE_THOUSAND_SEPARATOR
stays off). The English pages keep the Vietnamese number format (culture_portal/formats/en), as they keep its dates."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from culture_portal.leadership.charts import chart_svg
from culture_portal.leadership.figures import Chart
from culture_portal.models import Official
from feedback.models import DeskRating

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def many_officials(tree):
    Official.objects.bulk_create(
        Official(employee_code=f"M{n:05d}", full_name=f"Nguyễn Văn Số {n}", category="cong_chuc", unit=tree["ward_b"])
        for n in range(1005)
    )


def test_the_officials_list_and_the_units_count_in_thousands(client, many_officials, leader_user):
    client.force_login(leader_user)
    page = client.get(reverse("organisation:officials")).content.decode()
    assert re.search(r"1\.00[5-9] cán bộ", page)  # the 1,005 and the fixtures' own
    units = client.get(reverse("organisation:units")).content.decode()
    assert '<td class="text-end">1.005</td>' in units
    english(client)
    assert re.search(r"1\.00[5-9] officials", client.get(reverse("organisation:officials")).content.decode())
    # Years are not counts: the calendar page still says 2026.
    calendar = client.get(reverse("calendar"), {"year": 2026}).content.decode()
    assert "2026" in calendar and "2.026" not in calendar


def test_desk_satisfaction_counts_in_thousands(client, tree, leader_user):
    DeskRating.objects.bulk_create(DeskRating(unit=tree["desk_a"], score=3) for _ in range(1234))
    client.force_login(leader_user)
    page = client.get(reverse("feedback:satisfaction")).content.decode()
    assert "1.234 lượt đánh giá" in page
    assert '<td class="text-end">1.234</td>' in page


def test_chart_values_are_grouped_in_both_languages():
    chart = Chart(key="k", title="Cases", kind="bar", categories=["A", "B"], series=[("Cases", [1234, 56])])
    with translation.override("vi"):
        assert "1.234" in chart_svg(chart)
    with translation.override("en"):
        assert "1.234" in chart_svg(chart)
