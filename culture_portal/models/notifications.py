from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-portal message to one user (a notice issued, an action due); e-mail may carry the same."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    # What the notification is about ("feedback.case" and the case's public id, ...): opening it asks the app that
    # registered the type whether the reader may still see that object (culture_portal.notifications). Blank on
    # rows written before subjects existed: those are shown as written.
    subject_type = models.CharField(max_length=40, blank=True, default="")
    subject_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The bell: a user's unread notifications, newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            # The list page: a user's notifications newest first, paged by id (keyset, no OFFSET).
            models.Index(fields=["recipient", "-id"], name="notification_list_idx"),
        ]

    def __str__(self):
        return self.text
