"""Two-factor authentication for leadership, inspectors, feedback officers and administrators."""

import re
import time
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from culture_portal.models import AuditEntry
from tests.culture_portal.test_settings import PRODUCTION, run_manage
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

SETUP = reverse("two_factor:setup")
VERIFY = reverse("two_factor:verify")
CODES = reverse("two_factor:recovery_codes")


def code_for(device, steps_ahead=0):
    """The code the app shows (`steps_ahead` time steps later: a code already used is refused)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def set_up_app(client, user):
    """Sign in and set the app up; returns the device and the recovery codes shown."""
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": code_for(device)}, follow=True)
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def sign_in_again(client, user):
    client.logout()
    client.force_login(user)


def test_an_unverified_leader_is_sent_to_setup_and_staff_is_not(client, leader_user, staff_user):
    client.force_login(leader_user)
    response = client.get("/inspections/")
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Finspections%2F"
    client.force_login(staff_user)
    assert client.get("/regulations/").status_code == 200


@pytest.mark.parametrize("fixture", ["inspector_user", "officer_user", "admin_user_role"])
def test_every_role_that_needs_it_is_sent_to_setup(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("organisation:units"))["Location"].startswith(SETUP)


def test_a_superuser_without_any_role_is_sent_to_setup(client):
    root = UserFactory(username="root")
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_setup_shows_a_qr_code_and_the_key(client, leader_user):
    client.force_login(leader_user)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=leader_user, confirmed=False)
    assert "<svg" in page
    assert 'for="id_token"' in page  # the field has a label
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=leader_user).count() == 1, "a reload keeps the same pending device"


def test_setup_confirms_the_device_and_shows_ten_recovery_codes_once(client, leader_user):
    device, codes = set_up_app(client, leader_user)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=leader_user).values_list("token", flat=True)) == set(codes)
    assert client.get(CODES)["Location"] == reverse("home"), "shown once"
    assert AuditEntry.objects.filter(action="auth.2fa_enabled", object_ref=str(leader_user.pk)).exists()
    assert client.get("/inspections/").status_code == 200, "the session is verified"


def test_a_wrong_code_at_setup_is_refused(client, leader_user):
    client.force_login(leader_user)
    client.get(SETUP)
    wrong = "000000" if code_for(TOTPDevice.objects.get(user=leader_user)) != "000000" else "111111"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "id_token" in response.content.decode() and "invalid-feedback" in response.content.decode()
    assert not TOTPDevice.objects.get(user=leader_user).confirmed
    assert AuditEntry.objects.filter(action="auth.2fa_failed").exists()
    assert client.get("/inspections/")["Location"].startswith(SETUP)


def test_next_sign_in_asks_for_a_code_from_the_app(client, leader_user):
    device, _codes = set_up_app(client, leader_user)
    sign_in_again(client, leader_user)
    response = client.get("/inspections/")
    assert response["Location"] == VERIFY + "?next=%2Finspections%2F"
    response = client.post(VERIFY, {"token": code_for(device, steps_ahead=1), "next": "/inspections/"})
    assert response["Location"] == "/inspections/"
    assert client.get("/inspections/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.2fa_verified", object_ref=str(leader_user.pk)).exists()


def test_a_wrong_code_at_sign_in_is_refused_and_throttled(client, settings, leader_user):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the wait after a failure outlasts the test
    device, _codes = set_up_app(client, leader_user)
    sign_in_again(client, leader_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are compared in English
    wrong = "123456" if code_for(device, 1) != "123456" else "654321"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()
    assert response.context["form"].errors["token"] == [
        "This code is not right. Enter the code the app shows now, or a recovery code."
    ]
    assert client.get("/inspections/")["Location"].startswith(VERIFY)
    assert AuditEntry.objects.filter(action="auth.2fa_failed").exists()
    # django-otp's throttling: right after a failure even the right code must wait.
    response = client.post(VERIFY, {"token": code_for(device, steps_ahead=1)})
    assert response.context["form"].errors["token"] == ["Too many wrong codes. Wait a moment, then try again."]
    assert client.get("/inspections/")["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once_and_never_twice(client, leader_user):
    _device, codes = set_up_app(client, leader_user)
    sign_in_again(client, leader_user)
    response = client.post(VERIFY, {"token": codes[0].upper()})
    assert response["Location"] == reverse("home")
    assert client.get("/inspections/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.2fa_recovery_used", object_ref=str(leader_user.pk)).exists()
    assert StaticToken.objects.filter(device__user=leader_user).count() == 9
    sign_in_again(client, leader_user)
    response = client.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert client.get("/inspections/")["Location"].startswith(VERIFY)


def test_verify_without_an_app_leads_to_setup(client, leader_user):
    client.force_login(leader_user)
    assert client.get(VERIFY)["Location"].startswith(SETUP)


def test_next_is_never_another_site(client, leader_user):
    device, _codes = set_up_app(client, leader_user)
    sign_in_again(client, leader_user)
    response = client.post(VERIFY, {"token": code_for(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    "path",
    ["/", "/healthz", "/calendar/", "/feedback/new/", "/feedback/track/", "/open311/v2/discovery.json", SETUP],
)
def test_public_pages_stay_reachable_for_an_unverified_leader(client, leader_user, path):
    client.force_login(leader_user)
    assert client.get(path).status_code == 200


def test_sign_out_and_language_switch_stay_reachable(client, leader_user):
    client.force_login(leader_user)
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"})["Location"] == "/"
    assert client.post(reverse("logout"))["Location"] == reverse("home")


def test_the_requirement_can_be_lifted_by_the_setting(client, settings, leader_user):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(leader_user)
    assert client.get("/inspections/").status_code == 200


SHOW = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"


def test_relaxed_is_honoured_with_debug_on():
    result = run_manage("shell", "-c", SHOW, DEBUG="1", TWO_FACTOR_RELAXED="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_relaxed_is_ignored_with_debug_off_and_said_so():
    result = run_manage("shell", "-c", SHOW, TWO_FACTOR_RELAXED="1", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"
    result = run_manage("check", TWO_FACTOR_RELAXED="1", **PRODUCTION)
    assert "culture_portal.W002" in result.stderr + result.stdout
    result = run_manage("check", TWO_FACTOR_RELAXED="0", **PRODUCTION)
    assert "culture_portal.W002" not in result.stderr + result.stdout


# --- a lost phone: the administrator resets the second factor in the back office ----------------------------------

USERS_ADMIN = reverse("admin:auth_user_changelist")


def reset_in_back_office(client, *users):
    return client.post(
        USERS_ADMIN,
        {"action": "reset_two_factor", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_an_administrator_resets_a_lost_phone_and_the_user_sets_up_a_new_app(
    client, settings, admin_user_role, leader_user
):
    leader_client = type(client)()
    set_up_app(leader_client, leader_user)
    assert leader_client.get("/inspections/").status_code == 200
    set_up_app(client, admin_user_role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = reset_in_back_office(client, leader_user).content.decode()

    assert "Two-factor sign-in was reset for leader" in page
    assert not TOTPDevice.objects.filter(user=leader_user).exists()
    assert not StaticToken.objects.filter(device__user=leader_user).exists(), "the old recovery codes are void"
    entry = AuditEntry.objects.get(action="auth.2fa_reset")
    assert (entry.actor, entry.object_ref) == (admin_user_role, str(leader_user.pk))
    # The session verified with the lost phone is no longer verified: it is sent to set up a new app.
    assert leader_client.get("/inspections/")["Location"].startswith(SETUP)
    assert TOTPDevice.objects.filter(user=admin_user_role, confirmed=True).exists(), "the administrator's own stays"


def test_resetting_an_account_without_an_app_changes_nothing_and_says_so(client, settings, admin_user_role, staff_user):
    set_up_app(client, admin_user_role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = reset_in_back_office(client, staff_user).content.decode()
    assert "None of these accounts had two-factor sign-in set up." in page
    assert not AuditEntry.objects.filter(action="auth.2fa_reset").exists()


def test_an_administrator_cannot_reset_a_superusers_second_factor(client, settings, admin_user_role, leader_user):
    leader_user.is_superuser = True
    leader_user.save(update_fields=["is_superuser"])
    set_up_app(type(client)(), leader_user)
    set_up_app(client, admin_user_role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = reset_in_back_office(client, leader_user, admin_user_role).content.decode()
    assert "Only a superuser may reset the two-factor sign-in of a superuser. Nothing was changed." in page
    assert TOTPDevice.objects.filter(user=leader_user).exists()
    assert TOTPDevice.objects.filter(user=admin_user_role).exists(), "nothing at all was changed"
    assert not AuditEntry.objects.filter(action="auth.2fa_reset").exists()


@pytest.mark.parametrize("fixture", ["staff_user", "inspector_user", "officer_user", "unit_head_user", "leader_user"])
def test_no_other_role_can_reset_a_second_factor(client, request, fixture, admin_user_role):
    victim_client = type(client)()
    set_up_app(victim_client, admin_user_role)
    set_up_app(client, request.getfixturevalue(fixture))  # signed in with both factors: only the role is missing
    response = reset_in_back_office(client, admin_user_role)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert TOTPDevice.objects.filter(user=admin_user_role).exists()
