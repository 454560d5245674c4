"""Journey — a member of the city leadership, at a desk (issue 14): the home page says one conclusion is waiting
for approval; the link opens the list of exactly that conclusion; the leader approves it, sees it gone from the
home page, then opens the dashboard and the periodic reports. The accessibility audit runs on every page.

The conclusion is the one the inspector's journey leaves (test_inspection_journeys._story, through the services).
"""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from inspections import tasks
from inspections.models import Inspection

from .conftest import Journey
from .test_inspection_journeys import TITLE, _message, _story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Until the Vietnamese catalogue carries the new strings the page may say them in English: both are accepted.
TO_APPROVE = re.compile(r"^\s*(Kết luận kiểm tra chờ phê duyệt|Conclusions to approve):\s*1\s*$")
WAITING = re.compile(r"Việc đang chờ đồng chí|Waiting for you")


def test_leader_goes_from_what_is_waiting_to_approving_then_to_the_dashboard_and_reports(demo, desktop, monkeypatch):
    inspection = _story(until="drafted")
    leader = get_user_model().objects.get(username="leader")
    assert Inspection.objects.filter(status=Inspection.Status.CONCLUSION_DRAFTED).exclude(leader=leader).count() == 1
    # The notice is not part of this journey: its task is held (test_inspection_journeys follows it to the PDF).
    monkeypatch.setattr(tasks, "render_notice", SimpleNamespace(delay=lambda notice_id: None))

    journey = Journey(desktop, demo.url)
    journey.sign_in("leader")

    # The home page: what is waiting comes first, with the number, as a link.
    page = journey.go("/")
    waiting = page.get_by_role("region", name=WAITING)
    expect(waiting).to_be_visible()
    link = waiting.get_by_role("link", name=TO_APPROVE)
    expect(link).to_have_count(1)
    link.click()

    # The list it opens holds exactly the conclusion counted.
    page.wait_for_load_state()
    assert "/inspections/" in page.url and "status=conclusion_drafted" in page.url
    journey.audit()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=TITLE).click()

    # The inspection's page: the leader approves the conclusion.
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    journey.audit()
    page.get_by_role("button", name="Phê duyệt kết luận").click()
    expect(_message(page, "Kết luận đã được phê duyệt.")).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CONCLUSION_APPROVED

    # Back home: nothing of it waits any more.
    page = journey.go("/")
    expect(page.get_by_role("region", name=WAITING).get_by_role("link", name=TO_APPROVE)).to_have_count(0)

    # The dashboard and the periodic reports, each audited.
    page = journey.go("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.rstrip("/").endswith("/dashboard") or "/dashboard/?" in page.url
    expect(page.locator("#headline-title")).to_have_count(1)  # the figures are there, not only the period form
    page = journey.go("/reports/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    journey.finish("leader-journey")
