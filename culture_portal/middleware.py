import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLanguageMiddleware:
    """Vietnamese unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    civil servant on an English-language browser would get an English portal;
    the customer wants Vietnamese first. The choice is remembered in the
    language cookie set by django.views.i18n.set_language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulMiddleware:
    """A NUL character in the address is never a valid id or code; PostgreSQL would refuse it with an error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            from django.http import HttpResponseNotFound

            return HttpResponseNotFound()
        return self.get_response(request)


IDLE_KEY = "portal_last_seen"
RENEW_AFTER_SECONDS = 60


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE seconds without activity.

    Each request of a signed-in user pushes the expiry forward, but the session is written at most once a
    minute (Django's SESSION_SAVE_EVERY_REQUEST would cost a database write on every page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(IDLE_KEY, 0) >= RENEW_AFTER_SECONDS:
                request.session[IDLE_KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)


def session_mark_seen(sender, request, user, **kwargs):
    """At sign-in (saved with the new session anyway), so the first pages cost no extra write."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = int(time.time())


class StorageFailureMiddleware:
    """A full disk or an unwritable media folder during an upload: a 503 page saying nothing was saved.

    The views' transactions have rolled back by then and culture_portal.storage removed what was written;
    the forms where retyping would hurt most (the citizen's and the officer's feedback forms, findings) answer
    it themselves and keep what was typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from culture_portal.storage import log, storage_failed

        if not storage_failed(exception):
            return None
        # The view's name, not the path: a path is whatever the client sent, line breaks included.
        view = request.resolver_match.view_name if request.resolver_match else "-"
        log.error("Upload could not be stored (%s %s)", request.method, view, exc_info=exception)
        response = render(request, "storage_unavailable.html", status=503)
        response["Retry-After"] = "600"
        return response
