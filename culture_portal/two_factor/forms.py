"""The code typed at setup (from the app) and at sign-in (from the app, or a recovery code)."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


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
