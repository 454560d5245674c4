import datetime

from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal.forms import DatesInRange
from culture_portal.models import Official, Unit
from culture_portal.pickers import OfficialsPickerField, PickerFormMixin, UnitsPickerField
from culture_portal.text import normalise_text
from culture_portal.uploads import DOCX_MIME, require_size, sniff
from regulations.models import Campaign, DocumentRelation, DocumentStatus, Issuer, LegalDocument
from regulations.parsing import docx_to_text

MAX_ORIGINAL_BYTES = 20 * 1024 * 1024


def _check_upload(uploaded, *, allowed: dict[str, str], max_bytes: int):
    """By content, not by name: the file must really be one of `allowed` (mime -> label) and not too large."""
    require_size(uploaded, max_bytes)
    if sniff(uploaded) not in allowed:
        raise forms.ValidationError(
            _("This file is not a %(kinds)s file (whatever its name says).") % {"kinds": " / ".join(allowed.values())}
        )
    return uploaded


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *LegalDocument.Kind.choices], required=False
    )
    issuer = forms.ModelChoiceField(
        label=_("Issued by"), queryset=Issuer.objects.all(), required=False, empty_label=_("All")
    )
    year = forms.IntegerField(label=_("Year of issue"), min_value=1945, max_value=2100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *DocumentStatus.choices], required=False
    )


class DocumentForm(DatesInRange, forms.ModelForm):
    issuer_name = forms.CharField(label=_("Issued by"), max_length=255, help_text=_("e.g. UBND tỉnh Hà Tĩnh"))

    class Meta:
        model = LegalDocument
        fields = [
            "kind",
            "reference",
            "title",
            "signer",
            "issue_date",
            "effective_date",
            "expiry_date",
            "original_file",
        ]
        widgets = {
            "issue_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "effective_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "expiry_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["issuer_name"].initial = self.instance.issuer.name

    def clean_reference(self):
        return normalise_text(self.cleaned_data["reference"]).replace(" /", "/").replace("/ ", "/")

    def clean_title(self):
        return normalise_text(self.cleaned_data["title"])

    def clean_issuer_name(self):
        return normalise_text(self.cleaned_data["issuer_name"])

    def clean_original_file(self):
        uploaded = self.cleaned_data.get("original_file")
        if uploaded and hasattr(uploaded, "content_type"):
            _check_upload(uploaded, allowed={"application/pdf": "PDF", DOCX_MIME: "DOCX"}, max_bytes=MAX_ORIGINAL_BYTES)
        return uploaded

    def clean(self):
        data = super().clean()
        issue, effective, expiry = data.get("issue_date"), data.get("effective_date"), data.get("expiry_date")
        if issue and effective and effective < issue:
            self.add_error("effective_date", _("A document cannot take effect before the day it is issued."))
        if effective and expiry and expiry < effective:
            self.add_error("expiry_date", _("The end of validity cannot be before the day it takes effect."))
        if data.get("reference") and data.get("issuer_name"):
            duplicate = LegalDocument.objects.filter(
                issuer__name__iexact=data["issuer_name"], reference__iexact=data["reference"]
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "reference",
                    _("This issuing body already has a document numbered %(ref)s.") % {"ref": data["reference"]},
                )
        return data

    def validate_unique(self):
        # The issuer is chosen by name in clean(); uniqueness is checked there.
        pass


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("This document"), choices=DocumentRelation.Kind.choices)
    target = forms.ModelChoiceField(label=_("Document"), queryset=LegalDocument.objects.order_by("reference"))


class ImportTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the document"), widget=forms.Textarea(attrs={"rows": 16}), required=False, max_length=2_000_000
    )
    docx = forms.FileField(label=_("or a DOCX file"), required=False)
    note = forms.CharField(label=_("What changed in this version"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        uploaded = data.get("docx")
        if uploaded:
            try:
                _check_upload(uploaded, allowed={DOCX_MIME: "DOCX"}, max_bytes=MAX_ORIGINAL_BYTES)
                data["text"] = docx_to_text(uploaded.read())
            except forms.ValidationError as error:
                self.add_error("docx", error)
            except Exception:  # noqa: BLE001 - a broken DOCX is the user's file, not our bug
                self.add_error("docx", _("The DOCX file could not be read."))
        elif not data.get("text", "").strip():
            self.add_error("text", _("Paste the text of the document or choose a DOCX file."))
        return data


class CampaignForm(PickerFormMixin, DatesInRange, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "due_date", "remind_days_before", "units", "roles", "officials"]
        widgets = {"due_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units, officials = self.fields["units"], self.fields["officials"]
        self.fields["units"] = UnitsPickerField(
            queryset=Unit.objects.active().order_by("path"), label=units.label, required=units.required
        )
        self.fields["roles"].queryset = Group.objects.order_by("name")
        self.fields["officials"] = OfficialsPickerField(
            queryset=Official.objects.active().order_by("sort_key", "employee_code"),
            label=officials.label,
            required=officials.required,
        )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        today = timezone.localdate()
        if not today <= due <= today + datetime.timedelta(days=730):
            raise forms.ValidationError(_("Choose a due date between today and two years from now."))
        return due

    def clean(self):
        data = super().clean()
        if not (data.get("units") or data.get("roles") or data.get("officials")):
            raise forms.ValidationError(_("Choose at least one unit, role or official to assign the document to."))
        return data
