"""Two-factor authentication: leadership, inspectors, feedback officers and administrators confirm each sign-in.

A user of those roles sets up an authenticator app once (TOTP, django-otp) and receives 10 single-use recovery
codes; afterwards every sign-in asks for a code from the app, or a recovery code (used up). Until then the
middleware sends every request to the setup or verification page; the public pages stay reachable (apps name
theirs with `register_public_pages` from their AppConfig.ready()).

`TWO_FACTOR_REQUIRED` (settings) switches the requirement; `TWO_FACTOR_RELAXED=1` turns it off for a local
trial, and is ignored with a warning (culture_portal.W002) when DEBUG is off.

policy.py     who must use a second factor, and which pages need none
middleware.py sends who must and did not yet to the two-factor pages
devices.py    the authenticator app and the recovery codes: made, reset (a lost phone), hidden from the back office
forms.py      the code typed at setup and at sign-in
views.py      setup, verification, the recovery codes shown once; urls.py their addresses
checks.py     the start-up warning when TWO_FACTOR_RELAXED is asked for with DEBUG off
"""

from culture_portal.two_factor import checks  # noqa: F401 - registers the check culture_portal.W002
from culture_portal.two_factor.devices import hide_devices_from_back_office, reset_two_factor
from culture_portal.two_factor.middleware import TwoFactorRequiredMiddleware
from culture_portal.two_factor.policy import register_public_pages, two_factor_required_for
from culture_portal.two_factor.urls import urlpatterns

__all__ = [
    "TwoFactorRequiredMiddleware",
    "hide_devices_from_back_office",
    "register_public_pages",
    "reset_two_factor",
    "two_factor_required_for",
    "urlpatterns",
]
