"""The officers' case list stays at a fixed number of queries with 10,000 cases."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import Case

pytestmark = pytest.mark.django_db


def make_cases(count, *, unit, norm, assignee):
    now = timezone.now()
    Case.objects.bulk_create(
        [
            Case(
                tracking_code=f"PA-2026-T{n:05d}", pin_digest="-", channel="web", nature="criticism",
                description="Phản ánh", unit=unit, norm=norm, handling_unit=unit, assignee=assignee,
                status=("received", "accepted", "in_progress", "answered")[n % 4],
                received_at=now - datetime.timedelta(minutes=n), due_on=timezone.localdate() + datetime.timedelta(days=n % 40 - 10),
            )
            for n in range(count)
        ],
        batch_size=2000,
    )  # fmt: skip


@pytest.mark.parametrize("count", [30, 10_000])
def test_case_list_queries_do_not_grow(client, tree, norm, officer_user, django_assert_num_queries, count):
    make_cases(count, unit=tree["desk_a"], norm=norm, assignee=officer_user)
    client.force_login(officer_user)
    # session, user, its two permission sets, its roles; the count and one page of cases (units, assignee, norm)
    with django_assert_num_queries(7 + 1 + 1):  # +1: the notification bell, +1: the portal's identity (then cached)
        response = client.get(reverse("feedback:cases"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="case-overdue"') > 0
    with django_assert_num_queries(7 + 1):  # +1: the notification bell
        assert client.get(reverse("feedback:cases") + "?status=overdue&page=3").status_code == 200
