"""The second factor's devices: the authenticator app (TOTP) and the single-use recovery codes."""

from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from culture_portal.audit import audit_record

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"


def hide_devices_from_back_office():
    """Devices are not edited in the back office: a key shown there is a second factor handed out.

    A lost phone is reset with the "Reset two-factor sign-in" action on the accounts list (reset_two_factor
    below). Called from the app's ready(): django.contrib.admin is listed before this app, so its autodiscovery,
    which registers django-otp's device pages, has run by then.
    """
    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


def reset_two_factor(*, user, request) -> bool:
    """Forget the user's authenticator app and recovery codes; False if there was nothing to forget.

    Sessions verified with the old app stop counting as verified at their next request (django-otp no longer
    finds the device), so a stolen phone's session is cut off as well.
    """
    with transaction.atomic():
        removed_apps, _ = TOTPDevice.objects.filter(user=user).delete()
        removed_codes, _ = StaticDevice.objects.filter(user=user).delete()
        if not (removed_apps or removed_codes):
            return False
        audit_record(
            action="auth.2fa_reset",
            request=request,
            object_type="user",
            object_ref=user.pk,
            detail=user.get_username(),
        )
    return True


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones (shown once, then only their use counts)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
