import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# --- sealing: text kept in the database that only the portal (holding SECRET_KEY) can read ------------------------
#
# A receipt e-mail carries the citizen's PIN, which the portal otherwise keeps only as a keyed digest; the
# e-mail must still wait in the database for a broker that is down. So its body is stored sealed: encrypted
# with a key derived from SECRET_KEY (never stored in the database), and authenticated, so a changed value is
# refused rather than sent. The standard library has no cipher: HMAC-SHA256 in counter mode gives the key
# stream (as HKDF-Expand does), and a second HMAC-SHA256 over nonce and ciphertext is the tag (encrypt-then-MAC).

SEALED_PREFIX = "sealed:v1:"
_NONCE_BYTES = 16
_TAG_BYTES = 32


def _keys(secret: str) -> tuple[bytes, bytes]:
    salt = "culture_portal.sealed_text"
    return (
        salted_hmac(salt, "encryption", secret=secret, algorithm="sha256").digest(),
        salted_hmac(salt, "authentication", secret=secret, algorithm="sha256").digest(),
    )


def _key_stream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(
        hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest() for counter in range(blocks)
    )[:length]


def _tag(key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    return hmac.new(key, SEALED_PREFIX.encode() + nonce + ciphertext, hashlib.sha256).digest()


def seal(text: str) -> str:
    """`text` encrypted and authenticated with a key derived from SECRET_KEY, as ASCII: "sealed:v1:<base64>"."""
    encryption_key, authentication_key = _keys(settings.SECRET_KEY)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    plain = text.encode()
    ciphertext = bytes(a ^ b for a, b in zip(plain, _key_stream(encryption_key, nonce, len(plain)), strict=True))
    token = nonce + ciphertext + _tag(authentication_key, nonce, ciphertext)
    return SEALED_PREFIX + base64.urlsafe_b64encode(token).decode("ascii")


def unseal(value: str) -> str:
    """The text `seal` was given; ValueError for anything else (changed, or sealed under an unknown key).

    Tried with SECRET_KEY, then SECRET_KEY_FALLBACKS: what waited in the outbox survives a key rotation.
    """
    if not value.startswith(SEALED_PREFIX):
        raise ValueError("Not a sealed value.")
    try:
        token = base64.urlsafe_b64decode(value[len(SEALED_PREFIX) :].encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise ValueError("A sealed value that is not base64.") from None
    if len(token) < _NONCE_BYTES + _TAG_BYTES:
        raise ValueError("A sealed value too short to be one.")
    nonce, ciphertext, tag = token[:_NONCE_BYTES], token[_NONCE_BYTES:-_TAG_BYTES], token[-_TAG_BYTES:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        encryption_key, authentication_key = _keys(secret)
        if hmac.compare_digest(_tag(authentication_key, nonce, ciphertext), tag):
            stream = _key_stream(encryption_key, nonce, len(ciphertext))
            return bytes(a ^ b for a, b in zip(ciphertext, stream, strict=True)).decode()
    raise ValueError("A sealed value that was changed, or sealed with a key the portal no longer has.")


class SealedTextField(models.TextField):
    """Text stored sealed (see `seal`) and read back in clear: the database never holds it readable, and neither
    does a dump of it (`dumpdata`, the portal's backups), which `loaddata` reads back."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else unseal(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else seal(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value if value is None else seal(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or not value.startswith(SEALED_PREFIX):
            return value
        try:
            return unseal(value)
        except ValueError:
            raise ValidationError(
                "A sealed text that this installation cannot read: it was changed, or sealed with another "
                "SECRET_KEY (list that key in SECRET_KEY_FALLBACKS to read it).",
                code="sealed",
            ) from None


class OutgoingEmail(models.Model):
    """An e-mail waiting to be sent. Saved with the change that causes it, so a broker outage loses nothing.

    The body is sealed: a receipt carries the citizen's PIN, which must never be readable in the database.
    """

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = SealedTextField(_("body"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_pending_idx")]

    def __str__(self):
        return self.subject
