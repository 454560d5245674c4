from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from culture_portal.leadership.models import Report
from culture_portal.leadership.models.reports import NARRATIVE_MAX_CHARS
from culture_portal.leadership.period import PeriodForm
from culture_portal.text import grouped, printable_text


class ReportNewForm(PeriodForm):
    """The period (as on the dashboard) and, optionally, the code of the unit the report is about."""

    unit = forms.CharField(
        label=_("Unit code (optional)"),
        required=False,
        max_length=32,
        help_text=_("Empty: the whole organisation. A unit: the unit and its sub-units."),
    )

    def clean_unit(self):
        return printable_text(self.cleaned_data["unit"]).strip()


class NarrativeForm(forms.ModelForm):
    """The paragraphs the drafting officer writes. Control characters pasted from Word are removed (a vertical tab
    becomes a line break); a paragraph longer than NARRATIVE_MAX_CHARS is refused with a message, not cut."""

    class Meta:
        model = Report
        fields = [*Report.NARRATIVE_FIELDS, "recipients"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in [*Report.NARRATIVE_FIELDS, "recipients"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs.pop("maxlength", None)
            self.fields[name].help_text = self.fields[name].help_text or _(
                "One paragraph per line; at most %(limit)s characters."
            ) % {"limit": grouped(NARRATIVE_MAX_CHARS)}

    def _clean_text(self, name):
        text = printable_text(self.cleaned_data.get(name) or "").strip()
        if len(text) > NARRATIVE_MAX_CHARS:
            raise ValidationError(
                _("This part can hold at most %(limit)s characters; it has %(count)s. Shorten it, nothing was saved."),
                code="too_long",
                params={
                    "limit": grouped(NARRATIVE_MAX_CHARS),
                    "count": grouped(len(text)),
                },
            )
        return text

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in cleaned:
                try:
                    cleaned[name] = self._clean_text(name)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def narrative(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.fields}
