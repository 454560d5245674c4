"""Which of this app's objects a reader may still see when a notification about them is opened (issue 14 §2)."""

from culture_portal.notifications import register_subject, uuid_keys

CASE = "feedback.case"  # key: the case's public id (its page: feedback:case)


def cases_visible(user, keys: set[str]) -> set[str]:
    """The cases the reader may open now, by the case page's own rule (selectors.cases_visible_to): a case sent
    to another unit or reassigned to another officer is no longer theirs; denunciations stay with whom they were
    sent."""
    from feedback.selectors import cases_visible_to

    ids = uuid_keys(keys)
    if not ids:
        return set()
    rows = cases_visible_to(user).filter(public_id__in=ids).values_list("public_id", flat=True)
    return {str(public_id) for public_id in rows}


def register() -> None:
    """Called once from the AppConfig's ready()."""
    register_subject(CASE, cases_visible)
