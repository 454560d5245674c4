from django.contrib import admin

from culture_portal.admin import DatesInRangeAdmin
from culture_portal.admin_audit import AuditedAdmin
from culture_portal.leadership.models import Target


@admin.register(Target)
class TargetAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ["measure", "value", "valid_from", "valid_until", "basis"]
    list_filter = ["measure"]
