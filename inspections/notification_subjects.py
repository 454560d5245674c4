"""Which of this app's objects a reader may still see when a notification about them is opened (issue 14 §2)."""

from culture_portal.notifications import register_subject, uuid_keys

NOTICE = "inspections.notice"  # key: the inspection's public id (its page: inspections:notice)
ACTION = "inspections.action"  # key: the corrective action's public id (its page: inspections:action)


def notices_visible(user, keys: set[str]) -> set[str]:
    """The notice page's rule: the inspection is read through inspections_visible_to() (surprise secrecy), by
    users holding inspections.view_inspection."""
    from inspections.selectors import inspections_visible_to

    ids = uuid_keys(keys)
    if not ids or not user.has_perm("inspections.view_inspection"):
        return set()
    rows = (
        inspections_visible_to(user)
        .filter(public_id__in=ids, notice__isnull=False)
        .order_by()
        .values_list("public_id", flat=True)
    )
    return {str(public_id) for public_id in rows}


def actions_visible(user, keys: set[str]) -> set[str]:
    """The corrective-action page's rule (actions_visible_to, with inspections.view_inspection)."""
    from inspections.corrective_actions import actions_visible_to

    ids = uuid_keys(keys)
    if not ids or not user.has_perm("inspections.view_inspection"):
        return set()
    rows = actions_visible_to(user).filter(public_id__in=ids).order_by().values_list("public_id", flat=True)
    return {str(public_id) for public_id in rows}


def register() -> None:
    """Called once from the AppConfig's ready()."""
    register_subject(NOTICE, notices_visible)
    register_subject(ACTION, actions_visible)
