"""The two-factor pages: set up the app, confirm a sign-in, the recovery codes shown once."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from culture_portal.audit import audit_record
from culture_portal.two_factor.devices import new_recovery_codes
from culture_portal.two_factor.forms import SetupForm, VerifyForm
from culture_portal.two_factor.policy import confirmed_app

RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def setup(request):
    user = request.user
    if confirmed_app(user):
        target = "two_factor:verify" if not user.is_verified() else settings.LOGIN_REDIRECT_URL
        return redirect(target)
    # One pending device per user, so reloading the page keeps the QR code already scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = SetupForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            return _setup_confirmed(request, device)
        audit_record(action="auth.2fa_failed", request=request, object_type="user", object_ref=user.pk)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(segno.make(device.config_url).svg_inline(scale=4)),  # noqa: S308  # nosec B308 B703
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _setup_confirmed(request, device: TOTPDevice):
    """The first right code: the app is confirmed, this session verified, and new recovery codes shown once."""
    user = request.user
    with transaction.atomic():
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = new_recovery_codes(user)
    otp_login(request, device)
    request.session[RECOVERY_CODES_SESSION_KEY] = codes
    request.session["two_factor_next"] = _safe_next(request, request.POST.get("next"))
    audit_record(action="auth.2fa_enabled", request=request, object_type="user", object_ref=user.pk)
    return redirect("two_factor:recovery_codes")


@never_cache
@login_required
def recovery_codes(request):
    """The codes made at setup, shown once: they live in the session until this page is shown."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    next_url = request.session.pop("two_factor_next", None)
    if not codes:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request, "registration/recovery_codes.html", {"codes": codes, "next_url": _safe_next(request, next_url)}
    )


@never_cache
@login_required
def verify(request):
    user = request.user
    if not confirmed_app(user):
        return redirect(reverse("two_factor:setup") + "?" + urlencode({"next": request.GET.get("next", "")}))
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            device = form.device
            otp_login(request, device)
            recovery = isinstance(device, StaticDevice)
            action = "auth.2fa_recovery_used" if recovery else "auth.2fa_verified"
            audit_record(action=action, request=request, object_type="user", object_ref=user.pk)
            if recovery:
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(
                    request,
                    _("You signed in with a recovery code. Recovery codes left: %(count)d.") % {"count": left},
                )
            return redirect(_safe_next(request, request.POST.get("next")))
        audit_record(action="auth.2fa_failed", request=request, object_type="user", object_ref=user.pk)
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "registration/two_factor_verify.html", context)
