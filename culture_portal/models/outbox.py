import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# --- sealing: text kept in the database that only the portal (holding SECRET_KEY) can read ------------------------
#
# A receipt e-mail carries the citizen's PIN, which the portal otherwise keeps only as a keyed digest; the
# e-mail must still wait in the database for a broker that is down. So its body is stored sealed: encrypted and
# authenticated with Fernet (the `cryptography` package: AES-128-CBC with HMAC-SHA256) under a key derived from
# SECRET_KEY, which is never stored in the database; a changed value is refused rather than sent.

SEALED_PREFIX = "sealed:v1:"


def _fernet(secret: str) -> Fernet:
    digest = salted_hmac("culture_portal.sealed_text", "fernet", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    # The current key first (it seals); then SECRET_KEY_FALLBACKS, so what waited survives a key rotation.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def seal(text: str) -> str:
    """`text` encrypted and authenticated with a key derived from SECRET_KEY, as ASCII: "sealed:v1:<token>"."""
    return SEALED_PREFIX + _keys().encrypt(text.encode()).decode("ascii")


def unseal(value: str) -> str:
    """The text `seal` was given; ValueError for anything else (changed, or sealed under an unknown key)."""
    if not value.startswith(SEALED_PREFIX):
        raise ValueError("Not a sealed value.")
    try:
        return _keys().decrypt(value[len(SEALED_PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise ValueError("A sealed value that was changed, or sealed with a key the portal no longer has.") from None


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
