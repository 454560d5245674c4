from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal.admin_audit import AuditedAdmin
from culture_portal.audit import audit_record
from culture_portal.forms import DatesInRangeAdmin
from regulations.models import Issuer, LegalDocument, Norm, NormCitation, NormGroup, Training
from regulations.services import document_save


@admin.register(Issuer)
class IssuerAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(LegalDocument)
class LegalDocumentAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    """Metadata only: the body is imported on the portal page, relations are added there (with the cycle check)."""

    list_display = ("reference", "title", "kind", "issuer", "issue_date", "effective_date", "expiry_date")
    list_filter = ("kind", "issuer")
    search_fields = ("reference", "title")
    autocomplete_fields = ("issuer",)
    date_hierarchy = "issue_date"

    def save_model(self, request, obj, form, change):
        document_save(document=obj)


class NormCitationInline(admin.TabularInline):
    model = NormCitation
    extra = 1
    autocomplete_fields = ("document",)


@admin.register(NormGroup)
class NormGroupAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(Norm)
class NormAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    """Norms are retired, never deleted: findings and complaints keep citing them."""

    list_display = ("code", "title", "group", "default_severity", "is_active")
    list_filter = ("group", "default_severity", "is_active")
    search_fields = ("code", "title", "citizen_title")
    inlines = [NormCitationInline]
    actions = ["retire"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retire the selected norms"))
    def retire(self, request, queryset):
        retiring = list(queryset.filter(is_active=True))
        count = queryset.filter(pk__in=[norm.pk for norm in retiring]).update(
            is_active=False, retired_on=timezone.localdate()
        )
        for norm in retiring:
            audit_record(
                action="setup.changed", request=request, object_type="regulations.norm", object_ref=str(norm.pk),
                detail=f"{norm}: is_active: True → False",
            )  # fmt: skip
        self.message_user(request, _("%(count)d norms retired.") % {"count": count}, messages.SUCCESS)


@admin.register(Training)
class TrainingAdmin(DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ("title", "kind", "start_date", "end_date", "organiser", "head_count")
    list_filter = ("kind",)
    search_fields = ("title", "organiser")
    filter_horizontal = ("participants",)
    date_hierarchy = "start_date"
