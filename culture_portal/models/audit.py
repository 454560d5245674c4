from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One line of the audit log: who did or saw what, when, from where. Rows are only ever added."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # No database constraint and no cascade: deleting an account must not touch (or be blocked by) the log,
    # which the database refuses to update or delete (migration 0006).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as written at the time: the account may be renamed or removed later.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_ref = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_idx")]

    def __str__(self):
        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_ref}"
