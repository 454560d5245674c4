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
