"""The start-up check: TWO_FACTOR_RELAXED asked for in production is refused, and said so."""

from django.conf import settings
from django.core import checks


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
