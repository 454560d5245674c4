"""End-to-end journeys in a real browser: Debian's chromium driven by Playwright against a live server.

Each test gets the demo data (the same as `make run`) in a live server on loopback. A failing test leaves a
screenshot and the page's HTML in var/browser-failures/. `SAVE_SCREENSHOTS=1` also saves each journey's last
page into docs/screenshots/ (the pictures in the README).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from playwright.sync_api import sync_playwright

from culture_portal.demo import DEMO_PASSWORD, demo_load

ROOT = Path(__file__).resolve().parents[2]
FAILURES = ROOT / "var" / "browser-failures"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def database_snapshot(django_db_setup, django_db_blocker):
    """The test database as migrations left it (roles, seeded rules), serialized by pytest-django.

    Taken before Playwright starts its event loop: from then on Django hands this thread other connection
    objects, which do not carry the snapshot, so Django's own serialized rollback cannot restore it.
    """
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    assert contents, "the browser tests need django_db(serialized_rollback=True) to snapshot the database"
    return contents


@pytest.fixture(scope="session")
def browser(database_snapshot):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make beside it are still
    # plain synchronous calls, one at a time. Set here, not at import, so no other test's subprocess inherits it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def demo(transactional_db, live_server, database_snapshot):
    """The demo organisation, accounts and data, as `make run` loads them, on the database as migrations left it."""
    from django.contrib.auth.models import Group
    from django.db import connection

    if not Group.objects.exists():  # an earlier transactional test emptied the tables
        from django.contrib.contenttypes.models import ContentType

        # The flush re-created content types and permissions with other ids; the snapshot brings its own.
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(database_snapshot)
    with override_settings(DEBUG=True):
        demo_load()
    return live_server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _open_page(browser, request, device: dict):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **device)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(FAILURES / f"{name}.png"), full_page=True)
            (FAILURES / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - the page may be gone; the test's own failure matters
            print(f"Could not save the failing page: {error}")
    context.close()


@pytest.fixture
def phone(browser, request):
    yield from _open_page(browser, request, PHONE)


@pytest.fixture
def desktop(browser, request):
    yield from _open_page(browser, request, DESKTOP)


class Journey:
    """What every journey does besides its own steps: sign in, audit each page, prove the language switch."""

    def __init__(self, page, server_url: str):
        self.page = page
        self.url = server_url
        self.audited: set[str] = set()

    def go(self, path: str):
        self.page.goto(self.url + path)
        self.audit()
        return self.page

    def sign_in(self, username: str):
        page = self.page
        page.goto(self.url + "/accounts/login/")
        page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
        page.get_by_label(re.compile("Mật khẩu|Password")).fill(DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile("Đăng nhập|Sign in")).click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "signed in"

    def audit(self):
        """axe-core in the page: no serious or critical violation (once per address)."""
        key = re.sub(r"\?.*$", "", self.page.url)
        if key in self.audited:
            return
        self.audited.add(key)
        results = Axe().run(self.page)
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in blocking
        )
        assert not blocking, f"accessibility violations on {self.page.url}:\n{details}"
        assert not self.page.js_errors, f"JavaScript errors on {self.page.url}: {self.page.js_errors}"

    def switch_language(self):
        """English and back: the page follows and keeps the choice."""
        page = self.page
        _open_menu_if_collapsed(page)
        page.locator("button[name=language][value=en]:visible").first.click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        _open_menu_if_collapsed(page)
        page.locator("button[name=language][value=vi]:visible").first.click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "vi"

    def denied(self, path: str):
        """A page of another role, typed in the address bar: refused (403 or 404), never shown."""
        response = self.page.goto(self.url + path)
        assert response.status in (403, 404), f"{path} answered {response.status}"

    def finish(self, name: str):
        self.audit()
        if os.environ.get("SAVE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _open_menu_if_collapsed(page):
    toggler = page.locator(".portal-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#portal-nav.show").wait_for()


def pick(scope, label: str, query: str, choice: str) -> None:
    """Choose in a search picker (culture_portal/pickers.py) as a person does: type part of the name in the box the
    field's label names, then tick the match `choice` names once it appears."""
    box = scope.locator("[data-picker] input[type=search]").and_(scope.get_by_label(label))
    box.fill(query)
    picker = box.locator("xpath=ancestor::div[@data-picker]")
    # A unit's label names the unit above it too ("Quầy số 2 — Trung tâm …"): match the name the choice begins with.
    named = re.compile("^" + re.escape(choice) + "( — .*)?$")
    picker.locator(".search-picker-choices").get_by_label(named).check()
