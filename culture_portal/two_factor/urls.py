from django.urls import path

from culture_portal.two_factor.views import recovery_codes, setup, verify

urlpatterns = (
    [
        path("setup/", setup, name="setup"),
        path("verify/", verify, name="verify"),
        path("recovery-codes/", recovery_codes, name="recovery_codes"),
    ],
    "two_factor",
)
