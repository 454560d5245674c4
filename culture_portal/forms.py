import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from culture_portal.audit_actions import audit_action_choices
from culture_portal.importing import ImportKind
from culture_portal.models import Official, Unit
from culture_portal.models.organisation import unit_code_validator
from culture_portal.pickers import PickerFormMixin, UnitPickerField

# Any date a civil-service record can carry. Outside it, a typing slip ("01/01/0001") would be stored and then
# break every list that shows it: 00:00 on 1 January of year 1 at +07:00 is a BC time in UTC, which Python cannot
# read back, and date arithmetic near year 9999 overflows.
FIRST_DATE, LAST_DATE = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)


def date_in_range(value) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_DATE.strftime("%d/%m/%Y"), "last": LAST_DATE.strftime("%d/%m/%Y")},
        )


class DatesInRange:
    """Form mixin: every date and date-time field of the form refuses dates outside FIRST_DATE..LAST_DATE."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField) and date_in_range not in field.validators:
                field.validators.append(date_in_range)


class DatesInRangeAdmin:
    """ModelAdmin mixin: the back office's generated forms hold their dates to the same range."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return form if issubclass(form, DatesInRange) else type(form.__name__, (DatesInRange, form), {})


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class CalendarConfirmForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)


class CalendarDayDecisionForm(DatesInRange, forms.Form):
    """An administrator's decision on an unconfirmed day (a package holiday the law does not list)."""

    DAY_OFF, WORKING_DAY = "day_off", "working_day"
    date = forms.DateField(label=_("Date"))
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(DAY_OFF, _("Confirm: a day off")), (WORKING_DAY, _("Remove: a working day"))],
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=255,
        required=False,
        help_text=_("The document that makes it a day off (required to confirm)."),
    )


class OfficialFilterForm(PickerFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or employee code"), required=False, max_length=150)
    unit = UnitPickerField(
        label=_("Unit"), queryset=Unit.objects.all(), required=False, scope="all", help_text=_("All units if none.")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Official.Category.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Active and former")), ("active", _("Active")), ("inactive", _("No longer working"))],
        required=False,
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (CSV in UTF-8, or XLSX)"),
        help_text=_("The first row holds the column names; see the expected columns below."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, without saving anything"), required=False, initial=True
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        return uploaded


class AuditFilterForm(DatesInRange, forms.Form):
    """Search the audit log: by user name, kind of action, object and period."""

    user = forms.CharField(label=_("User name"), max_length=150, required=False)
    # A callable: read when the form is shown, after every app has registered its kinds of action.
    action = forms.ChoiceField(label=_("Action"), choices=audit_action_choices, required=False)
    object_ref = forms.CharField(label=_("Object (code or id)"), max_length=64, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class UnitsField(forms.CharField):
    """Units typed by code or name (diacritics ignored: "bac ha"), one per line or separated by commas; never a list
    of every unit. Each entry must name one unit: an unknown or ambiguous one is named in the error."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        from culture_portal.organisation import unit_find, units_named

        value = super().clean(value)
        units, problems = [], []
        for entry in [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]:
            unit, candidates = unit_find(entry, units=Unit.objects.all())
            if unit is not None:
                if unit not in units:
                    units.append(unit)
            elif candidates:
                problems.append(
                    _("%(text)s fits several units: %(units)s. Type its code.")
                    % {"text": entry, "units": units_named(candidates)}
                )
            else:
                problems.append(_("No unit has the code or name %(text)s.") % {"text": entry})
        if problems:
            raise ValidationError(problems)
        return units


class ReorganisationForm(DatesInRange, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of reorganisation"), choices=[])
    effective_on = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=255, help_text=_("E.g. Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025")
    )
    predecessors = UnitsField(
        label=_("Units that cease"), help_text=_("Codes or names, one per line or separated by commas.")
    )
    successors = UnitsField(
        label=_("Successor units"),
        required=False,
        help_text=_("Codes or names of units already in the tree; a successor that does not exist yet is described "
                    "under 'New unit' below. Leave empty for a dissolution with nothing left to take over, or when the "
                    "new unit is the only successor."),
    )  # fmt: skip
    new_unit_code = forms.CharField(
        label=_("New unit: code"),
        required=False,
        max_length=32,
        help_text=_("When the successor does not exist yet (a new ward, a new name): it is created when the "
                    "reorganisation is applied, in operation from the effective date. E.g. PHUONG-THANHSEN"),
    )  # fmt: skip
    new_unit_name = forms.CharField(label=_("New unit: name"), required=False, max_length=255)
    new_unit_kind = forms.ChoiceField(label=_("New unit: kind"), required=False, choices=[])
    new_unit_parent = UnitsField(
        label=_("New unit: placed under"),
        required=False,
        widget=forms.TextInput,
        help_text=_("Code or name; empty: where the first unit that ceases is."),
    )
    main_successor = UnitsField(
        label=_("Main successor (for a split)"),
        required=False,
        widget=forms.TextInput,
        help_text=_("The successor that receives the open work, the officials and the old unit's place in the tree."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from culture_portal.models import Reorganisation

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Reorganisation.Kind.choices
        self.fields["new_unit_kind"].choices = [("", "—"), *Unit.Kind.choices]

    def clean_new_unit_code(self):
        code = self.cleaned_data["new_unit_code"].strip().upper()
        if code:
            unit_code_validator(code)
            if Unit.objects.filter(code=code).exists():
                raise ValidationError(_("A unit with the code %(code)s already exists: name it as a successor.")
                                      % {"code": code})  # fmt: skip
        return code

    def clean_new_unit_parent(self):
        units = self.cleaned_data["new_unit_parent"]
        if len(units) > 1:
            raise ValidationError(_("Name one unit."))
        return units[0] if units else None

    def clean(self):
        data = super().clean()
        new = [data.get("new_unit_code"), data.get("new_unit_name"), data.get("new_unit_kind")]
        if any(new) and not all(new):
            raise ValidationError(_("A new successor unit needs its code, its name and its kind."))
        return data

    def clean_main_successor(self):
        units = self.cleaned_data["main_successor"]
        if len(units) > 1:
            raise ValidationError(_("Name one main successor."))
        return units[0] if units else None
