"""The portal's identity (issue 15): its name and the title of its leadership, as data an administrator edits in the
back office (`PortalIdentity`), read through `portal_identity()` by every page's header and title, the e-mails'
sender name and the issuer an authenticator app shows.

An empty field is derived from the top unit in operation (`governing_unit()`): "Cổng văn hóa công vụ Ủy ban nhân dân
tỉnh Hà Tĩnh", "lãnh đạo Ủy ban nhân dân tỉnh Hà Tĩnh". The organ's name keeps its capital (Decree 30/2020 writes the
names of agencies with a capital letter), so nothing is lower-cased.
"""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Subquery
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from culture_portal.models import PortalIdentity, Unit
from culture_portal.models.identity import THE_ROW
from culture_portal.organisation import governing_unit
from culture_portal.text import normalise_text

# Every page's header reads the identity: it is cached, so a page costs no query for it once the cache is warm.
CACHE_KEY = "portal_identity"
# An edit of the identity is seen at once (the cache entry is dropped); a change of the top unit (a renaming, a
# reorganisation) reaches the derived names within this time, in every process.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Identity:
    portal_name: str
    leadership_title: str  # as it reads inside a sentence: "lãnh đạo Ủy ban nhân dân tỉnh"


def _stored() -> tuple[str, str, str]:
    """(portal name, leadership title, name of the top unit) as stored; the language-neutral part, cached."""
    stored = cache.get(CACHE_KEY)
    if stored is None:
        # One query: the row, with the top unit's name beside it (the same unit as governing_unit()).
        top = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("path").values("name")[:1]
        row = (
            PortalIdentity.objects.filter(pk=THE_ROW)
            .annotate(body=Subquery(top))
            .values_list("portal_name", "leadership_title", "body")
            .first()
        )
        if row is None:  # the migration writes the row; a database emptied since has none
            unit = governing_unit()
            row = ("", "", unit.name if unit else "")
        stored = tuple(value or "" for value in row)
        cache.set(CACHE_KEY, stored, CACHE_SECONDS)
    return stored


def portal_identity() -> Identity:
    """The portal's name and its leadership's title; a derived one in the active language."""
    name, leadership, body = _stored()
    if not name:
        name = (
            _("Civil-service culture portal of %(body)s") % {"body": body}
            if body
            else _("Civil-service culture portal")
        )
    if not leadership:
        leadership = _("the leadership of %(body)s") % {"body": body} if body else _("the leadership")
    return Identity(portal_name=name, leadership_title=leadership)


def portal_name_default_language() -> str:
    """The portal's name in the portal's own language: for what outlives a request (a sender, an authenticator)."""
    with translation.override(settings.LANGUAGE_CODE):
        return portal_identity().portal_name


def portal_from_email() -> str:
    """DEFAULT_FROM_EMAIL's address with the portal's name as the display name (the address is the operator's)."""
    _display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if not address:  # not an address this can parse: send as configured
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((portal_name_default_language(), address))


def totp_issuer(device=None) -> str:
    """settings.OTP_TOTP_ISSUER: the name an authenticator app lists the account under."""
    return portal_name_default_language()


def portal_identity_forget() -> None:
    cache.delete(CACHE_KEY)


@transaction.atomic
def portal_identity_save(*, identity: PortalIdentity) -> PortalIdentity:
    """Save the identity as typed (one spelling: composed Unicode, single spaces); every page reads it at once."""
    identity.pk = THE_ROW
    identity.portal_name = normalise_text(identity.portal_name)
    identity.leadership_title = normalise_text(identity.leadership_title)
    identity.save()
    # Dropped now, so this request and the next read the new row, and again after the commit, in case another
    # request cached the old row in between.
    portal_identity_forget()
    transaction.on_commit(portal_identity_forget)
    return identity


def identity(request):
    """Context processor: `portal` (its name, its leadership's title), read only by a page that shows it."""
    return {"portal": SimpleLazyObject(portal_identity)}
