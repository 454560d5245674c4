"""Journey 6 — a staff member: the document to read on the home page, a search without diacritics, the article,
the confirmation of reading."""

import re

import pytest

from regulations.models import Acknowledgement

from .conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_reads_searches_and_confirms(demo, desktop):
    journey = Journey(desktop, demo.url)
    journey.sign_in("staff")
    page = journey.go("/")
    to_read = page.locator("#to-read").locator("xpath=..")
    assert to_read.is_visible()
    document_link = to_read.get_by_role("link").first
    document_title = document_link.inner_text()

    # Search the code of conduct without diacritics.
    page = journey.go("/regulations/?q=ky+luat")
    results = page.locator("main")
    assert re.search("kỷ luật", results.inner_text(), re.IGNORECASE)
    page.locator("main mark").first.wait_for()
    page.locator("main a[href*='#dieu-']").first.click()
    page.wait_for_load_state()
    journey.audit()
    assert re.search(r"Điều \d+", page.locator("main").inner_text())

    # Open the assigned document from the home page, then confirm reading it.
    page = journey.go("/")
    page.get_by_role("link", name=document_title).click()
    page.wait_for_load_state()
    journey.audit()
    page.get_by_label(re.compile("Tôi đã đọc")).check()
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("Bạn đã xác nhận đọc|đã xác nhận")).first.is_visible()
    assert Acknowledgement.objects.filter(official__user__username="staff").count() == 1

    journey.switch_language()
    journey.denied("/inspections/plans/")
    journey.denied("/feedback/cases/")
    journey.go("/")
    journey.finish("journey-6-staff")
