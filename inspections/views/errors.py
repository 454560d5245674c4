"""How a refusal from a service (ValidationError) is said on a page."""

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
