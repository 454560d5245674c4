"""The officers' case list, most urgent first, paged by keyset (culture_portal/keyset.py): following its links
visits every case once, in order, at any depth; a page link edited by hand shows the first page with a message."""

import base64
import datetime
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from culture_portal.keyset import KeysetPaginator
from feedback import selectors
from feedback.models import Case
from feedback.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

CASES = reverse("feedback:cases")


def make_cases(unit, norm, specs):
    """specs: (status, deadline in days from today or None, received hours ago) per case; returns their codes."""
    now, today = timezone.now(), timezone.localdate()
    Case.objects.bulk_create(
        [
            Case(
                tracking_code=f"PA-2026-K{n:05d}", pin_digest="-", channel="web", nature="criticism",
                description="Phản ánh", unit=unit, norm=norm, status=status,
                due_on=None if due is None else today + datetime.timedelta(days=due),
                received_at=now - datetime.timedelta(hours=hours),
            )
            for n, (status, due, hours) in enumerate(specs)
        ]
    )  # fmt: skip
    return [f"PA-2026-K{n:05d}" for n in range(len(specs))]


def codes_on(response) -> list[str]:
    return re.findall(r">(PA-2026-K\d{5})</a>", response.content.decode())


def link(response, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return response.request["PATH_INFO"] + unescape(found.group(1)) if found else None


def test_open_cases_come_first_by_deadline_then_undated_ones_then_closed_ones_by_receipt(
    client, tree, norm, officer_user
):
    codes = make_cases(
        tree["desk_a"], norm,
        [("answered", None, 1), ("in_progress", 5, 2), ("received", None, 3), ("accepted", -2, 4),
         ("closed", 9, 50), ("received", 5, 9)],
    )  # fmt: skip
    client.force_login(officer_user)
    listed = codes_on(client.get(CASES, {"status": "all"}))
    overdue, due_in_5_older, due_in_5, undated, closed_older, answered = (
        codes[3], codes[5], codes[1], codes[2], codes[4], codes[0]
    )  # fmt: skip
    assert listed == [overdue, due_in_5_older, due_in_5, undated, closed_older, answered]


def test_next_and_previous_links_visit_every_case_once_in_order_and_the_last_link_ends_the_list(
    client, tree, norm, officer_user
):
    # Two and a half pages, with many cases sharing a deadline and a receipt time: ties are broken by id.
    count = PAGE_SIZE * 2 + PAGE_SIZE // 2
    make_cases(tree["desk_a"], norm, [("received", n % 3, n % 2) for n in range(count)])
    client.force_login(officer_user)
    client.cookies["django_language"] = "en"
    expected = [case.tracking_code for case in Case.objects.order_by("urgency_on", "received_at", "id")]

    seen, pages, response = [], [], client.get(CASES)
    while True:
        pages.append(response)
        seen += codes_on(response)
        if not link(response, "next"):
            break
        response = client.get(link(response, "next"))
    assert seen == expected and [len(codes_on(page)) for page in pages] == [PAGE_SIZE, PAGE_SIZE, PAGE_SIZE // 2]
    assert f"{count} results." in pages[0].content.decode()

    back = client.get(link(pages[2], "prev"))
    assert codes_on(back) == codes_on(pages[1])
    last = client.get(CASES, {"last": "1"})
    assert codes_on(last) == expected[-PAGE_SIZE:] and not link(last, "next") and link(last, "prev")
    assert codes_on(client.get(link(last, "prev"))) == expected[-2 * PAGE_SIZE : -PAGE_SIZE]


def test_the_filters_hold_across_pages(client, tree, norm, officer_user):
    make_cases(tree["desk_a"], norm, [("answered" if n % 2 else "received", None, n) for n in range(2 * PAGE_SIZE + 2)])
    client.force_login(officer_user)
    first = client.get(CASES, {"status": "answered"})
    second = client.get(link(first, "next"))
    assert "status=answered" in link(first, "next")
    listed = codes_on(first) + codes_on(second)
    assert len(listed) == PAGE_SIZE + 1 and set(Case.objects.filter(tracking_code__in=listed).values_list(
        "status", flat=True)) == {"answered"}  # fmt: skip


def b64(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    ["x", "!!!!", "💥", "a" * 5000, b64("not a list"), b64([]), b64(["2026-01-01"]), b64([1, 2, 3]),
     b64(["2026-13-40", "2026-01-01T00:00:00", 1]), b64(["2026-01-01", "not a time", 1]),
     b64(["2026-01-01", "2026-01-01T00:00:00", None]), b64([{}, [], 1]), b64(["2026-01-01", "2026-01-01T00:00:00", "x"]),
     b64(["2026-01-01", "2026-01-01T00:00:00", 1, 4])],
)  # fmt: skip
def test_a_page_link_edited_by_hand_shows_the_first_page_with_a_message(client, tree, norm, officer_user, cursor):
    codes = make_cases(tree["desk_a"], norm, [("received", n, 1) for n in range(3)])
    client.force_login(officer_user)
    client.cookies["django_language"] = "en"
    for direction in ("after", "before"):
        response = client.get(CASES, {direction: cursor})
        assert response.status_code == 400
        assert "That page link is not valid" in response.content.decode()
        assert codes_on(response) == codes


def test_the_cursor_carries_the_time_to_the_microsecond(tree, norm):
    """A cursor that lost the microseconds (as JSON encoders of dates often do) would repeat or skip cases received
    within the same second."""
    make_cases(tree["desk_a"], norm, [("received", 1, 0)])
    case = Case.objects.get()
    Case.objects.filter(pk=case.pk).update(received_at=case.received_at.replace(microsecond=123456))
    pages = KeysetPaginator(Case.objects.all(), selectors.CASE_LIST_KEYS, 10)
    edge = pages.decode(pages.encode(Case.objects.get()))
    assert edge[1].microsecond == 123456 and edge[2] == case.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
@pytest.mark.parametrize(
    ("params", "index"),
    [({}, "case_list_idx"), ({"status": "all"}, "case_list_idx"), ({"status": "all", "last": "1"}, "case_list_idx"),
     ({"status": "answered"}, "case_status_list_idx"), ({"status": "received", "last": "1"}, "case_status_list_idx")],
)  # fmt: skip
def test_every_page_of_the_case_list_is_read_along_its_index(tree, norm, officer_user, params, index):
    """At a province, the list sorted its million rows on a CASE expression for each page (1.5 s), and OFFSET read
    every row before the last page (4 s). With whole-table scans, bitmaps and sorts priced out (the test's few rows
    would make any plan cheap), the plan left is a walk of the index from the cursor, or a sort if none can."""
    make_cases(tree["desk_a"], norm, [("received", 1, 1), ("answered", None, 2)])
    cases, _chosen = selectors.case_list_filtered(officer_user, params)
    pages = KeysetPaginator(selectors.case_list_ordered(cases), selectors.CASE_LIST_KEYS, PAGE_SIZE)
    edge = pages.decode(pages.encode(Case.objects.first()))
    sql, sql_params = pages.rows_beyond(edge, backwards="last" in params).query.sql_with_params()
    with connection.cursor() as cursor:
        for planner_method in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{planner_method} = off")
        cursor.execute("EXPLAIN " + sql, sql_params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"using {index} on" in plan and "Sort" not in plan, plan
    # The cursor is where the walk starts (an index condition), not a filter on every row read from the start.
    assert re.search(r"Index Cond: .*ROW\(urgency_on, received_at, id\) [<>] ROW\(", plan), plan
