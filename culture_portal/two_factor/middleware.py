"""Sends a signed-in user who must use a second factor, and has not yet in this session, to the two-factor pages."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from culture_portal.two_factor.policy import confirmed_app, is_exempt, two_factor_required_for


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or is_exempt(request) or not two_factor_required_for(user):
            return None
        if user.is_verified():
            return None
        target = "two_factor:verify" if confirmed_app(user) else "two_factor:setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
