from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from culture_portal.forms import DatesInRange
from culture_portal.models import DisciplinaryMeasure, Unit
from culture_portal.pickers import PickerFormMixin, UnitsPickerField
from culture_portal.roles import Role, in_name_order, users_with_role
from feedback.models import Case
from inspections.models import AttendanceRecord, ChecklistItem, DisciplinaryOutcome, Finding, Inspection, InspectionPlan
from regulations.models import Norm, NormGroup, Severity

DATETIME = forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"})


def inspector_users():
    return in_name_order(users_with_role(Role.INSPECTOR, Role.LEADERSHIP))


def person_name(user) -> str:
    """People are chosen by their name (family name first, as everywhere in the portal), not their login."""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


class InspectionForm(PickerFormMixin, DatesInRange, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "plan", "kind", "title", "basis_reference", "basis_date", "window_start", "window_end",
            "leader", "members", "units", "norm_groups", "scope",
        ]  # fmt: skip
        widgets = {
            "basis_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "window_start": DATETIME,
            "window_end": DATETIME,
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.filter(status=InspectionPlan.Status.DRAFT)
        self.fields["plan"].label = _("Plan")
        self.fields["plan"].help_text = _("Periodic inspections belong to the annual plan while it is a draft.")
        for name in ("leader", "members"):
            self.fields[name].queryset = inspector_users()
            self.fields[name].label_from_instance = person_name
        units = self.fields["units"]
        self.fields["units"] = UnitsPickerField(
            queryset=Unit.objects.active().order_by("path"), label=units.label, required=units.required
        )
        self.fields["norm_groups"].queryset = NormGroup.objects.all()
        self.fields["norm_groups"].widget = forms.CheckboxSelectMultiple()
        self.fields["norm_groups"].choices = [(group.pk, group.name) for group in NormGroup.objects.all()]

    def clean(self):
        data = super().clean()
        if data.get("window_start") and data.get("window_end") and data["window_end"] <= data["window_start"]:
            self.add_error("window_end", _("The time window must end after it starts."))
        if data.get("plan") and data.get("kind") == Inspection.Kind.SURPRISE:
            self.add_error("plan", _("A surprise inspection is not part of the annual plan."))
        return data


class CaseChoice(forms.ModelMultipleChoiceField):
    """Cases by their public id (never the sequential one), each labelled without anything about its author."""

    def label_from_instance(self, case):
        norm = case.norm.code if case.norm_id else _("no norm yet")
        return f"{case.tracking_code} · {date_format(timezone.localtime(case.received_at), 'd/m/Y')} · {norm}"


# Open cases offered beside the one the page started from: the latest at the same unit, a bounded list.
CLUSTER_SIZE = 30


class InspectionFromCasesForm(DatesInRange, forms.ModelForm):
    """A surprise inspection started from a case: the other open cases about the same unit may be added as grounds.
    The unit and the norms come from the cases (services.inspection_from_cases)."""

    cases = CaseChoice(
        queryset=None,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        label=_("Cases that ground the inspection"),
        help_text=_("The case this page started from, and the latest other cases about the same unit."),
    )

    class Meta:
        model = Inspection
        fields = ["title", "basis_reference", "basis_date", "window_start", "window_end", "leader", "members", "scope"]
        widgets = InspectionForm.Meta.widgets

    def __init__(self, *args, case, visible_cases, **kwargs):
        super().__init__(*args, **kwargs)
        # The ids first, then the cases by id: one OR of the case and a subquery made PostgreSQL walk every case
        # by date (650 ms at a province's scale).
        others = list(
            visible_cases.filter(unit_id=case.unit_id, status__in=Case.OPEN_STATUSES)
            .exclude(pk=case.pk)
            .order_by("-received_at")
            .values_list("pk", flat=True)[:CLUSTER_SIZE]
        )
        self.fields["cases"].queryset = (
            visible_cases.filter(pk__in=[case.pk, *others]).select_related("norm").order_by("-received_at")
        )
        self.fields["cases"].initial = [case.public_id]
        for name in ("leader", "members"):
            self.fields[name].queryset = inspector_users()
            self.fields[name].label_from_instance = person_name
        self.fields["title"].initial = _("Surprise inspection of %(unit)s") % {"unit": case.unit.name}

    def clean(self):
        data = super().clean()
        if data.get("window_start") and data.get("window_end") and data["window_end"] <= data["window_start"]:
            self.add_error("window_end", _("The time window must end after it starts."))
        return data


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["result", "note"]
        widgets = {"result": forms.RadioSelect, "note": forms.TextInput}


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = AttendanceRecord
        fields = ["status", "late_minutes"]
        widgets = {"late_minutes": forms.NumberInput(attrs={"min": 1, "max": 480})}


class OfficialSelect(forms.Select):
    """Each official carries their category (data-category), so the page offers only the measures that apply."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-category"] = instance.category
        return option


class MeasureSelect(forms.Select):
    """Each measure carries the category it applies to (data-applies-to; empty: anyone, a unit too)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-applies-to"] = instance.applies_to
        return option


class FindingForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Evidence (photo or PDF, at most 10 MB)"),
        required=False,
        # On a phone the picker offers the camera and the gallery; the content is still checked on the server.
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )

    class Meta:
        model = Finding
        fields = ["norm", "official", "observed", "severity", "measure", "is_commendation"]
        widgets = {
            "observed": forms.Textarea(attrs={"rows": 3}),
            "official": OfficialSelect(attrs={"data-measure-filter": "official"}),
            "measure": MeasureSelect(attrs={"data-measure-filter": "measure"}),
        }

    def __init__(self, *args, inspection: Inspection, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].queryset = Norm.objects.active().filter(group__in=inspection.norm_groups.all())
        self.fields["official"].queryset = unit.officials.active().order_by("sort_key", "employee_code")
        self.fields["measure"].required = False
        # The measures and disciplinary forms the law allows today (they changed in 2025-26), each for the category
        # of official it applies to: the page hides the others once the official is chosen, clean() refuses them.
        self.fields["measure"].queryset = DisciplinaryMeasure.objects.in_force(timezone.localdate())
        self.fields["measure"].label_from_instance = DisciplinaryMeasure.label
        self.fields["measure"].help_text = _(
            "Disciplinary forms depend on the official's category (cán bộ, công chức, viên chức); without an official, "
            "only administrative measures."
        )

    def clean(self):
        data = super().clean()
        measure = data.get("measure")
        refusal = measure.refusal_for(data.get("official")) if measure else None
        if refusal:
            self.add_error("measure", refusal)
        return data


class ConclusionForm(forms.Form):
    overall = forms.CharField(label=_("Overall assessment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    good_points = forms.CharField(
        label=_("Good points"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )


class RequirementForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    working_days = forms.IntegerField(label=_("Deadline (working days after approval)"), min_value=1, max_value=365)

    def __init__(self, *args, inspection: Inspection, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = inspection.units.order_by("path")
        if unit_choices is not None:  # read once by the formset: the select lists them without a query of its own
            self.fields["unit"].choices = unit_choices


class BaseRequirementFormSet(forms.BaseFormSet):
    @cached_property
    def unit_choices(self) -> list[tuple]:
        """The inspection's units for every form's select, read once for the formset instead of once per form."""
        field = self.form.base_fields["unit"]
        units = self.form_kwargs["inspection"].units.order_by("path")
        return [("", field.empty_label), *((unit.pk, field.label_from_instance(unit)) for unit in units)]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "unit_choices": self.unit_choices}


RequirementFormSet = forms.formset_factory(RequirementForm, formset=BaseRequirementFormSet, extra=2, max_num=200)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class PlanForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "title"]
        widgets = {"year": forms.NumberInput(attrs={"min": 2000, "max": 2100})}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class AmendmentForm(forms.Form):
    severity = forms.ChoiceField(choices=Severity.choices)
    observed = forms.CharField(max_length=20000)
    reason = forms.CharField(max_length=500)


class OutcomeForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = DisciplinaryOutcome
        fields = ["finding", "measure", "decision_reference", "decision_date", "note"]
        widgets = {
            "decision_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Serious findings about a named official, from approved inspections.
        self.fields["finding"].queryset = Finding.objects.filter(
            severity="serious", official__isnull=False, inspection__status__in=Inspection.FROZEN_STATUSES
        ).select_related("official", "norm")
        self.fields["finding"].label_from_instance = lambda f: (
            f"{f.official.full_name} — {f.norm.title} ({timezone.localtime(f.created_at):%d/%m/%Y})"
        )
        self.fields["measure"].queryset = DisciplinaryMeasure.objects.in_force(timezone.localdate())
        self.fields["measure"].label_from_instance = DisciplinaryMeasure.label

    def clean(self):
        data = super().clean()
        finding = data.get("finding")
        measure = data.get("measure")
        refusal = measure.refusal_for(finding.official) if finding and measure else None
        if refusal:
            self.add_error("measure", refusal)
        return data
