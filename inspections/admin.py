"""Back office for administrators: the inspections app's rules kept as data."""

from django.contrib import admin

from culture_portal.admin_audit import AuditedAdmin
from inspections.models import RepeatedBreachRule


@admin.register(RepeatedBreachRule)
class RepeatedBreachRuleAdmin(AuditedAdmin, admin.ModelAdmin):
    """N breaches of one norm within M months (1 to 60) bring its provision back to be re-read (the model's clean()
    refuses N = 0 and M outside 1..60 with a message; the database refuses them too)."""

    list_display = ("name", "subject", "breaches", "months", "working_days", "is_active")
    list_filter = ("subject", "is_active")
