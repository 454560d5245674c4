"""Which of this app's objects a reader may still see when a notification about them is opened (issue 14 §2)."""

from culture_portal.notifications import int_keys, register_subject

DOCUMENT = "regulations.document"  # key: the legal document's id (its page: regulations:document)
CAMPAIGN = "regulations.campaign"  # key: the reading campaign's id (its page: regulations:campaign)
REREADINGS = "regulations.rereadings"  # key: a unit's id (the re-readings of its officials: regulations:rereadings)


def documents_visible(user, keys: set[str]) -> set[str]:
    """Rules are public to every role that may read regulations (selectors.document_for_user): only existence."""
    from regulations.models import LegalDocument

    ids = int_keys(keys)
    if not ids or not user.has_perm("regulations.view_legaldocument"):
        return set()
    return {str(pk) for pk in LegalDocument.objects.filter(pk__in=ids).values_list("pk", flat=True)}


def campaigns_visible(user, keys: set[str]) -> set[str]:
    """The campaign page's rule (selectors.campaigns_for_user): city-wide roles all, a unit head those that assign
    someone in their units."""
    from regulations.selectors import campaigns_for_user

    ids = int_keys(keys)
    if not ids or not user.has_perm("regulations.view_campaign"):
        return set()
    return {str(pk) for pk in campaigns_for_user(user).filter(pk__in=ids).values_list("pk", flat=True)}


def rereadings_visible(user, keys: set[str]) -> set[str]:
    """The re-readings list's rule (selectors.rereadings_visible_to): leadership every unit, a unit head theirs."""
    from culture_portal.access import headed_unit
    from culture_portal.models import Unit
    from culture_portal.roles import Role, has_role

    ids = int_keys(keys)
    if not ids:
        return set()
    units = Unit.objects.filter(pk__in=ids)
    if not (user.is_superuser or has_role(user, Role.LEADERSHIP)):
        headed = headed_unit(user)
        if headed is None:
            return set()
        units = units.filter(path__startswith=headed.path)
    return {str(pk) for pk in units.values_list("pk", flat=True)}


def register() -> None:
    """Called once from the AppConfig's ready()."""
    register_subject(DOCUMENT, documents_visible)
    register_subject(CAMPAIGN, campaigns_visible)
    register_subject(REREADINGS, rereadings_visible)
