"""Two-factor authentication: leadership, inspectors, feedback officers and administrators confirm each sign-in.

A user of those roles sets up an authenticator app once (TOTP, django-otp) and receives 10 single-use recovery
codes; afterwards every sign-in asks for a code from the app, or a recovery code (used up). Until then the
middleware sends every request to the setup or verification page; the public pages stay reachable.

`TWO_FACTOR_REQUIRED` (settings) switches the requirement; `TWO_FACTOR_RELAXED=1` turns it off for a local
trial, and is ignored with a warning (culture_portal.W002) when DEBUG is off.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core import checks
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from culture_portal.audit import audit_record
from culture_portal.roles import Role, has_role

REQUIRED_ROLES = (Role.LEADERSHIP, Role.INSPECTOR, Role.FEEDBACK_OFFICER, Role.ADMINISTRATOR)
RECOVERY_CODE_COUNT = 10
RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"
RECOVERY_DEVICE_NAME = "recovery"

# Reachable without the second factor: the 2FA pages, signing out, the language switch, and the public pages.
EXEMPT_NAMESPACES = {"two_factor", "open311"}
EXEMPT_URL_NAMES = {
    "home",
    "healthz",
    "calendar",
    "login",
    "logout",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha-refresh",
    "feedback:new",
    "feedback:receipt",
    "feedback:track",
    "feedback:track_case",
    "feedback:answered",
    "feedback:desk_rate",
}
EXEMPT_PATH_PREFIXES = ("/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"))


# --- who must, and whether they did -----------------------------------------------------------------------------


def two_factor_required_for(user) -> bool:
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return False
    return user.is_superuser or has_role(user, *REQUIRED_ROLES)


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def _exempt(request) -> bool:
    if request.path_info.startswith(EXEMPT_PATH_PREFIXES):
        return True
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in EXEMPT_URL_NAMES or bool(set(match.namespaces) & EXEMPT_NAMESPACES)


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


class TwoFactorRequiredMiddleware:
    """Sends a signed-in user of a role that needs 2FA, not yet verified in this session, to the 2FA pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or _exempt(request) or not two_factor_required_for(user):
            return None
        if user.is_verified():
            return None
        target = "two_factor:verify" if confirmed_app(user) else "two_factor:setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


# --- the check at start-up ----------------------------------------------------------------------------------------


@checks.register(checks.Tags.security, deploy=False)
def two_factor_relaxed_refused(app_configs, **kwargs):
    """TWO_FACTOR_RELAXED=1 would drop the second factor; with DEBUG off it is ignored, and said so at start-up."""
    if getattr(settings, "TWO_FACTOR_RELAXED_REFUSED", False):
        return [
            checks.Warning(
                "TWO_FACTOR_RELAXED is set but DEBUG is off: it is ignored and two-factor authentication stays "
                "required.",
                id="culture_portal.W002",
            )
        ]
    return []


def hide_devices_from_back_office():
    """Devices are not edited in the back office: a key shown there is a second factor handed out.

    A lost phone is reset with the "Reset two-factor sign-in" action on the accounts list (reset_two_factor
    below). Called from the app's ready(): django.contrib.admin is listed before this app, so its autodiscovery,
    which registers django-otp's device pages, has run by then.
    """
    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


# --- reset (a lost or replaced phone) -------------------------------------------------------------------------


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


# --- forms ------------------------------------------------------------------------------------------------------


class SetupForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("6-digit code from the app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        allowed, _data = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Too many wrong codes. Wait a moment, then try again."))
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("This code is not right. Enter the code the app shows now."))
        return token


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        # Six digits come from the app; a recovery code is 8 letters and digits (never six digits).
        model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        with transaction.atomic():
            devices = model.objects.devices_for_user(self.user, confirmed=True).select_for_update()
            throttled = False
            for device in devices:
                if not device.verify_is_allowed()[0]:
                    throttled = True
                elif device.verify_token(token):  # a recovery code is deleted as it matches
                    self.device = device
                    return token
        if throttled:
            raise forms.ValidationError(_("Too many wrong codes. Wait a moment, then try again."))
        raise forms.ValidationError(_("This code is not right. Enter the code the app shows now, or a recovery code."))


# --- views ------------------------------------------------------------------------------------------------------


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


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
            with transaction.atomic():
                device.confirmed = True
                device.save()
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = _new_recovery_codes(user)
            otp_login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            request.session["two_factor_next"] = _safe_next(request, request.POST.get("next"))
            audit_record(action="auth.2fa_enabled", request=request, object_type="user", object_ref=user.pk)
            return redirect("two_factor:recovery_codes")
        audit_record(action="auth.2fa_failed", request=request, object_type="user", object_ref=user.pk)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(segno.make(device.config_url).svg_inline(scale=4)),  # noqa: S308  # nosec B308 B703
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "registration/two_factor_setup.html", context)


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


urlpatterns = (
    [
        path("setup/", setup, name="setup"),
        path("verify/", verify, name="verify"),
        path("recovery-codes/", recovery_codes, name="recovery_codes"),
    ],
    "two_factor",
)
