"""What the audit log records on its own: sign-ins (and failed attempts), sign-outs, and changes of roles and of
the permissions of roles, wherever they are made (portal, back office, shell)."""

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from culture_portal.audit import audit_record
from culture_portal.middleware import session_mark_seen

User = get_user_model()


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    session_mark_seen(sender, request, user)
    audit_record(action="auth.signed_in", user=user, request=request, object_type="user", object_ref=user.pk)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="auth.signed_out", user=user, request=request, object_type="user", object_ref=user.pk)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # The user name typed, never the password (Django already masks it in `credentials`).
    name = str(credentials.get("username", ""))[:150]
    audit_record(action="auth.sign_in_failed", request=request, object_type="user", detail=name)


ROLE_ACTIONS = {"post_add": "added", "post_remove": "removed", "pre_clear": "cleared"}


@receiver(m2m_changed, sender=User.groups.through)
def roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ROLE_ACTIONS:
        return
    if reverse:  # group.user_set.add(...): instance is the group
        users, groups = list(User.objects.filter(pk__in=pk_set or [])), [instance]
    else:
        users = [instance]
        groups = list(Group.objects.filter(pk__in=pk_set)) if pk_set else list(instance.groups.all())
    for user in users:
        audit_record(
            action=f"auth.roles_{ROLE_ACTIONS[action]}",
            object_type="user",
            object_ref=user.pk,
            detail=f"{user.get_username()}: {', '.join(group.name for group in groups)}",
        )


@receiver(m2m_changed, sender=Group.permissions.through)
def role_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ROLE_ACTIONS or reverse:
        return
    audit_record(
        action=f"auth.permissions_{ROLE_ACTIONS[action]}",
        object_type="group",
        object_ref=instance.pk,
        detail=f"{instance.name}: {sorted(pk_set or [])}",
    )
