"""Tracking codes, PINs and contact keys.

A tracking code is short and unambiguous when read aloud or copied from
paper: no 0/O, 1/I/L. The PIN is stored as a keyed digest; the code alone
opens nothing. Where the PIN itself must wait (the receipt page's session, the
receipt e-mail in the outbox) it is sealed with a key derived from SECRET_KEY.
"""

import hmac
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from culture_portal.models.outbox import seal, unseal

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
PIN_LENGTH = 6


def tracking_code_new(year: int | None = None) -> str:
    year = year or timezone.localdate().year
    return f"PA-{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def tracking_code_clean(value: str) -> str:
    """What the citizen typed, as stored: upper case, no spaces, dashes where they belong."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(compact) == 2 + 4 + CODE_LENGTH and compact.startswith("PA"):
        return f"PA-{compact[2:6]}-{compact[6:]}"
    return compact[:20]


def pin_new() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def pin_seal(pin: str) -> str:
    """The PIN as the receipt page keeps it in the session (stored in the database): unreadable without the key."""
    return seal(pin)


def pin_unseal(sealed: str) -> str | None:
    """The PIN `pin_seal` was given; None when it cannot be read (the key changed since)."""
    try:
        return unseal(sealed)
    except ValueError:
        # A receipt page opened before PINs were sealed (across the deploy) still shows its PIN.
        return sealed if sealed.isdigit() and len(sealed) == 6 else None


def _digest(purpose: str, value: str, secret: str) -> str:
    return salted_hmac(f"feedback.{purpose}", value, secret=secret, algorithm="sha256").hexdigest()


def pin_digest(code: str, pin: str) -> str:
    return _digest("pin", f"{code}:{pin}", settings.SECRET_KEY)


def pin_matches(code: str, pin: str, digest: str) -> bool:
    """Compared in constant time, against the current secret key and the fallbacks of a key rotation."""
    candidate = "".join(ch for ch in (pin or "") if ch.isdigit())
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(_digest("pin", f"{code}:{candidate}", key), digest) for key in keys)


def phone_clean(value: str) -> str:
    """Digits only, +84 written as 0: "+84 912 345 678" and "0912.345.678" are one number."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if (value or "").strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


def contact_key(kind: str, value: str) -> str:
    if not value:
        return ""
    normalised = phone_clean(value) if kind == "phone" else value.strip().lower()
    return _digest(f"contact.{kind}", normalised, settings.SECRET_KEY) if normalised else ""
