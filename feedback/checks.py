from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=False)
def captcha_test_mode_refused(app_configs, **kwargs):
    """CAPTCHA_TEST_MODE=1 would let robots through; with DEBUG off it is ignored, and said so at start-up."""
    if getattr(settings, "CAPTCHA_TEST_MODE_REFUSED", False):
        return [
            checks.Warning(
                "CAPTCHA_TEST_MODE is set but DEBUG is off: it is ignored and the CAPTCHA stays in force.",
                id="feedback.W001",
            )
        ]
    return []
