"""Back office for administrators: the organisation, names and rules kept as data."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from culture_portal import two_factor
from culture_portal.admin_audit import AuditedAdmin
from culture_portal.calendar_corrections import (
    calendar_correction_check,
    calendar_exception_delete,
    calendar_exception_save,
    plans_summary,
)
from culture_portal.forms import DatesInRange, DatesInRangeAdmin
from culture_portal.identity import portal_identity, portal_identity_save
from culture_portal.models import (
    CalendarConfirmation,
    CalendarException,
    DeadlineRule,
    DisciplinaryMeasure,
    DocumentKind,
    IssuingBody,
    Official,
    PortalIdentity,
    Signatory,
    Unit,
)
from culture_portal.organisation import unit_save, user_sync_back_office_access
from culture_portal.text import normalise_text


class UnitAdminForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "email", "phone", "is_active", "valid_from", "valid_until"]

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        unit = self.instance
        if parent and unit.pk and parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be placed under itself or one of its own sub-units."))
        return parent


class FoldedSearchAdmin:
    """ModelAdmin mixin: the search box (and the autocomplete pickers that ask this admin) finds rows by name or code
    with or without diacritics, "bac ha" finds "Bắc Hà", through the model's indexed search column (matching())."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False


@admin.register(Unit)
class UnitAdmin(FoldedSearchAdmin, AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("indented_name", "code", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")  # shows the search box; FoldedSearchAdmin does the searching
    autocomplete_fields = ("parent",)
    list_select_related = ()

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, unit):
        return f"{'— ' * unit.depth}{unit.name}"

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj)


@admin.register(Official)
class OfficialAdmin(FoldedSearchAdmin, AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ("name", "employee_code", "position", "category", "unit", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("full_name", "employee_code")  # shows the search box; FoldedSearchAdmin does the searching
    autocomplete_fields = ("unit", "user")
    list_select_related = ("unit",)

    @admin.display(description=_("full name"), ordering="sort_key")
    def name(self, official):
        return official.full_name


@admin.register(IssuingBody)
class IssuingBodyAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ("name", "symbol", "place_name", "unit", "valid_from", "valid_until")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)


@admin.register(DocumentKind)
class DocumentKindAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ("name", "symbol", "code")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = (
        "track", "step", "condition", "days", "counting", "valid_from", "valid_until", "legal_basis", "to_be_confirmed"
    )  # fmt: skip
    list_filter = ("track", "condition", "to_be_confirmed")


@admin.register(DisciplinaryMeasure)
class DisciplinaryMeasureAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    list_display = ("name", "kind", "applies_to", "severity", "valid_from", "valid_until", "legal_basis")
    list_filter = ("kind", "applies_to")


class CalendarExceptionAdminForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "name", "legal_basis"]

    def clean(self):
        """A correction that would be refused (a past year's, moving deadlines that have passed) is a form error:
        nothing is saved."""
        data = super().clean()
        if self.errors or not data.get("date") or not data.get("kind"):
            return data
        changes = {data["date"]: CalendarException(date=data["date"], kind=data["kind"], name=data.get("name", ""))}
        if self.instance.pk and self.instance.date != data["date"]:  # the instance still holds the saved values
            changes[self.instance.date] = None
        calendar_correction_check(changes=changes)
        return data


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    """Each correction recounts the open deadlines across its day (culture_portal.calendar_corrections)."""

    form = CalendarExceptionAdminForm
    list_display = ("date", "kind", "name", "legal_basis")
    list_filter = ("kind",)
    date_hierarchy = "date"

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, through delete_view: each is checked and recounted
        return actions

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("date") if change else None
        plans = calendar_exception_save(
            exception=obj, user=request.user, request=request, previous_date=previous if previous != obj.date else None
        )
        self.message_user(request, plans_summary(plans), messages.INFO)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is not None and self.has_delete_permission(request, obj):
                try:
                    calendar_correction_check(changes={obj.date: None})
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return redirect("admin:culture_portal_calendarexception_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        plans = calendar_exception_delete(exception=obj, user=request.user, request=request)
        self.message_user(request, plans_summary(plans), messages.INFO)


class SignatoryAdminForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = Signatory
        fields = [
            "issuing_body_unit",
            "user",
            "full_name",
            "capacity",
            "title",
            "valid_from",
            "valid_until",
            "legal_basis",
        ]


@admin.register(Signatory)
class SignatoryAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    """Who signs notices for which issuing body, in which capacity, from when to when (Decree 30/2020)."""

    form = SignatoryAdminForm
    list_display = ("full_name", "capacity", "title", "issuing_body_unit", "user", "valid_from", "valid_until")
    list_filter = ("issuing_body_unit",)
    search_fields = ("full_name", "user__username")
    autocomplete_fields = ("issuing_body_unit", "user")
    list_select_related = ("issuing_body_unit", "user")

    def save_model(self, request, obj, form, change):
        obj.full_name = normalise_text(obj.full_name)
        super().save_model(request, obj, form, change)


@admin.register(CalendarConfirmation)
class CalendarConfirmationAdmin(AuditedAdmin, DatesInRangeAdmin, admin.ModelAdmin):
    """Confirmed on the set-up page; listed here, and withdrawn by deleting (audited) if confirmed too early."""

    list_display = ("year", "confirmed_by", "confirmed_at")
    list_select_related = ("confirmed_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PortalIdentity)
class PortalIdentityAdmin(AuditedAdmin, admin.ModelAdmin):
    """One row, edited in place: the list page opens it; it is neither added twice nor deleted (emptied fields
    fall back to the names derived from the top unit)."""

    fields = ("portal_name", "leadership_title", "in_use")
    readonly_fields = ("in_use",)

    @admin.display(description=_("in use now"))
    def in_use(self, identity):
        now = portal_identity()
        return f"{now.portal_name} · {now.leadership_title}"

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row = PortalIdentity.objects.only("pk").first()
        opts = self.model._meta
        if row is None:  # the migration writes the row; a database emptied since (a test's flush) has none
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PortalIdentity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        portal_identity_save(identity=obj)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(AuditedAdmin, DatesInRangeAdmin, UserAdmin):
    """Accounts and their roles (groups). Only a superuser may create superusers or grant single permissions."""

    def has_change_permission(self, request, obj=None):
        # A superuser's account (password, name, roles) is changed only by a superuser: otherwise an
        # administrator could set its password and sign in as the superuser.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                # Nobody grants themselves a role: an administrator turning themselves into a feedback officer
                # would read complainants' identities. Another administrator (audited) must do it.
                readonly += ["groups"]
        else:
            readonly += ["is_staff"]
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_sync_back_office_access(user=form.instance)

    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor sign-in (lost or replaced phone)"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        # A superuser's second factor is reset only by another superuser: otherwise an administrator holding a
        # superuser's password could take over the account by setting up an app of their own.
        if not request.user.is_superuser and queryset.filter(is_superuser=True).exists():
            self.message_user(
                request,
                gettext("Only a superuser may reset the two-factor sign-in of a superuser. Nothing was changed."),
                messages.ERROR,
            )
            return
        reset = [user for user in queryset if two_factor.reset_two_factor(user=user, request=request)]
        if reset:
            self.message_user(
                request,
                ngettext(
                    "Two-factor sign-in was reset for %(names)s: they set up their app again at the next sign-in.",
                    "Two-factor sign-in was reset for %(names)s: they set up their app again at the next sign-in.",
                    len(reset),
                )
                % {"names": ", ".join(user.get_username() for user in reset)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, gettext("None of these accounts had two-factor sign-in set up."), messages.WARNING
            )
