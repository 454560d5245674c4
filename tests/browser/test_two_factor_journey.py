"""Leadership's first sign-in with two-factor authentication in the browser: set up the app, keep the recovery
codes, and confirm the next sign-in with one of them; every page audited for accessibility."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.two_factor,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]  # fmt: skip


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_a_leader_sets_up_the_app_then_confirms_the_next_sign_in(demo, desktop):
    journey = Journey(desktop, demo.url)
    journey.sign_in("leader")
    page = desktop
    page.goto(demo.url + "/inspections/")
    assert "/accounts/2fa/setup/" in page.url, "asked to set up the app before any protected page"
    journey.audit()
    assert page.locator("svg").first.is_visible()  # the QR code
    device = TOTPDevice.objects.get(user__username="leader", confirmed=False)
    page.locator("input[name=token]").fill(current_code(device))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/2fa/recovery-codes/" in page.url
    journey.audit()
    codes = re.findall(r"\b[a-z0-9]{8}\b", page.locator("main").inner_text())
    assert len(set(codes)) >= 10

    page.context.clear_cookies()  # a new sign-in
    journey.sign_in("leader")
    page.goto(demo.url + "/inspections/")
    assert "/accounts/2fa/verify/" in page.url
    journey.audit()
    # The app's code was just used (a code never works twice): this time, one of the recovery codes.
    page.locator("input[name=token]").fill(codes[0])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/2fa/" not in page.url
    journey.go("/inspections/")
    assert page.locator("h1").first.is_visible()
