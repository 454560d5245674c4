"""Who must confirm sign-ins with a second factor, and which pages anybody reaches without one."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from culture_portal.roles import Role, has_role

REQUIRED_ROLES = (Role.LEADERSHIP, Role.INSPECTOR, Role.FEEDBACK_OFFICER, Role.ADMINISTRATOR)

# Reachable without the second factor: the two-factor pages, signing in and out, the language switch, the
# CAPTCHA pictures and the core's public pages; the apps add their public pages with register_public_pages().
_exempt_namespaces = {"two_factor"}
_exempt_url_names = {
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
}
EXEMPT_PATH_PREFIXES = ("/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"))


def register_public_pages(*, url_names=(), namespaces=()) -> None:
    """An app's pages for the public (no account, so no second factor): a signed-in official who must still set up
    or confirm the second factor reaches them too, as anybody does."""
    _exempt_url_names.update(url_names)
    _exempt_namespaces.update(namespaces)


def two_factor_required_for(user) -> bool:
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return False
    return user.is_superuser or has_role(user, *REQUIRED_ROLES)


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def is_exempt(request) -> bool:
    if request.path_info.startswith(EXEMPT_PATH_PREFIXES):
        return True
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in _exempt_url_names or bool(set(match.namespaces) & _exempt_namespaces)
