"""Back office: feedback is handled in the portal; here administrators only look (never at identities)."""

from django.contrib import admin

from culture_portal.forms import DatesInRangeAdmin
from feedback.models import BoxOpening, Case, DeskRating


@admin.register(Case)
class CaseAdmin(DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ["tracking_code", "received_at", "channel", "track", "status", "due_on", "unit"]
    list_filter = ["status", "track", "channel"]
    search_fields = ["tracking_code"]
    # The complainant (identity) is deliberately absent: it is shown only in the portal, where each view is logged.
    fields = ["tracking_code", "channel", "nature", "track", "status", "unit", "norm", "received_at", "due_on"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BoxOpening)
class BoxOpeningAdmin(DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ["opened_on", "location", "opened_by", "letter_count"]
    readonly_fields = ["created_by"]


@admin.register(DeskRating)
class DeskRatingAdmin(DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ["at", "unit", "score"]
    list_filter = ["score"]

    def has_change_permission(self, request, obj=None):
        return False
