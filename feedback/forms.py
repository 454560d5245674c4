"""Forms of the public feedback pages and of the feedback officers' pages."""

import unicodedata

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from culture_portal.forms import DatesInRange
from culture_portal.models import Unit
from culture_portal.pickers import PickerFormMixin, UnitPickerField
from culture_portal.roles import Role, in_name_order, users_with_role
from culture_portal.uploads import clean_photo_or_pdf
from feedback import codes
from feedback.models import Attachment, BoxOpening, Case, DeskRating
from regulations.models import Norm

MAX_DESCRIPTION = 10_000


class TextField(forms.CharField):
    """Text in one Unicode spelling (NFC) *before* its length is checked: the form then measures what is stored
    (some letters take more code points once composed or decomposed)."""

    def to_python(self, value):
        return unicodedata.normalize("NFC", super().to_python(value))


class EmailTextField(forms.EmailField):
    def to_python(self, value):
        return unicodedata.normalize("NFC", super().to_python(value))


# django-simple-captcha's own message is in English only; ours is translated. It also covers a picture that expired.
CAPTCHA_ERRORS = {
    "invalid": _(
        "The characters do not match the picture, or the picture has expired: please type the characters of the "
        "new picture."
    )
}


class FilesNotKept:
    """A form with a file field named "attachments": browsers never fill a file input again, so when the form is
    shown again with errors, the files chosen are gone and the page must say so."""

    @property
    def attachments_not_kept(self) -> bool:
        return self.is_bound and bool(self.errors) and bool(self.files.getlist("attachments"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if len(files) > settings.FEEDBACK_MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(count)d files may be attached.") % {"count": settings.FEEDBACK_MAX_ATTACHMENTS}
            )
        cleaned = []
        for uploaded in files:
            uploaded = super().clean(uploaded, initial)
            try:
                cleaned.append(clean_photo_or_pdf(uploaded, settings.FEEDBACK_ATTACHMENT_MAX_BYTES))
            except ValidationError as error:
                raise ValidationError(f"{uploaded.name[:80]}: {' '.join(error.messages)}") from None
        return cleaned


# The norms the citizen's form offers, kept in the cache: the form is the portal's busiest page, and read anew for
# each citizen they cost a quarter of its time. Forgotten when a norm or a norm group is saved or deleted
# (feedback/apps.py); the time bounds what a change made without signals (a bulk update) or seen by another process
# with its own in-memory cache (no CACHE_URL) can leave out of date.
NORM_TOPICS_KEY = "feedback:norm-topics"
NORM_TOPICS_SECONDS = 60


def topic_choices():
    """What a citizen can recognise: the norms in citizens' words, grouped, then praise and other."""
    return [
        ("", _("— choose —")),
        *norm_topics(),
        (_("Other kinds"), [("praise", _("Praise for an official or a desk")), ("other", _("Something else"))]),
    ]


def norm_topics() -> list:
    """The active norms as (group name, [(value, title in citizens' words)]), in the catalogue's order."""
    topics = cache.get(NORM_TOPICS_KEY)
    if topics is None:
        groups: dict[str, list] = {}
        for norm in Norm.objects.filter(is_active=True).select_related("group").order_by("group__order", "code"):
            groups.setdefault(str(norm.group), []).append((f"norm:{norm.pk}", norm.citizen_title or norm.title))
        topics = list(groups.items())
        cache.set(NORM_TOPICS_KEY, topics, NORM_TOPICS_SECONDS)
    return topics


def norm_topics_forget(**kwargs) -> None:
    cache.delete(NORM_TOPICS_KEY)


def topic_to_fields(topic: str) -> dict:
    if topic.startswith("norm:"):
        return {"nature": Case.Nature.CRITICISM, "norm": Norm.objects.filter(pk=topic[5:], is_active=True).first()}
    return {"nature": Case.Nature.PRAISE if topic == "praise" else Case.Nature.OTHER, "norm": None}


PHONE_CHARACTERS = set("0123456789+ .-()")


def phone_validate(value: str) -> str:
    if not value:
        return ""
    digits = codes.phone_clean(value)
    if not (10 <= len(digits) <= 11 and digits.startswith("0")) or not set(value) <= PHONE_CHARACTERS:
        raise ValidationError(_("Enter a Vietnamese phone number such as 0912 345 678."))
    return value.strip()


def units_for_feedback():
    return Unit.objects.filter(is_active=True).order_by("path")


class CaseContentForm(PickerFormMixin, DatesInRange, forms.Form):
    """What every channel records about the matter itself."""

    unit = UnitPickerField(label=_("Unit that served you"))
    official_hint = TextField(
        label=_("Desk or official, if you know"),
        max_length=150,
        required=False,
        help_text=_("Name, badge number or desk number."),
    )
    served_on = forms.DateField(
        label=_("Date of the service"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=())
    description = TextField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_DESCRIPTION}),
        max_length=MAX_DESCRIPTION,
        error_messages={
            "max_length": _("Please keep the description under %(limit_value)d characters (it has %(show_value)d).")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_feedback()
        self.fields["topic"].choices = topic_choices()

    def clean_served_on(self):
        served_on = self.cleaned_data.get("served_on")
        if served_on and served_on > timezone.localdate():
            raise ValidationError(_("The date of the service cannot be in the future."))
        return served_on

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise ValidationError(_("Please describe what happened."))
        return description

    def case_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "unit": data.get("unit"),
            "official_hint": data.get("official_hint", ""),
            "served_on": data.get("served_on"),
            "description": data["description"],
            **topic_to_fields(data["topic"]),
        }


class ContactForm(forms.Form):
    full_name = TextField(label=_("Your name"), max_length=150, required=False)
    phone = TextField(label=_("Phone"), max_length=20, required=False)
    email = EmailTextField(label=_("E-mail"), max_length=254, required=False)  # the column's length

    def clean_phone(self):
        return phone_validate(self.cleaned_data.get("phone", ""))

    def contact_fields(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key, "") for key in ("full_name", "phone", "email")}


class ContactCorrectionForm(ContactForm):
    """A complainant's own correction of their contact details, keyed in by the officer handling the case."""

    full_name = TextField(label=_("Name"), max_length=150, required=False)
    address = TextField(label=_("Address"), max_length=255, required=False)
    reason = TextField(
        label=_("Request and identity check"),
        help_text=_("When and how the person asked, and how you confirmed it was them (kept in the audit log)."),
        max_length=400,
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(key) for key in ("full_name", "phone", "email")):
            raise ValidationError(
                _(
                    "Keep at least a name, a phone or an e-mail. To delete a person's data, follow the erasure "
                    "procedure of the data-protection guide."
                )
            )
        return data


class PublicFeedbackForm(FilesNotKept, CaseContentForm, ContactForm):
    """The citizen's form at /feedback/new/ (no account)."""

    attachments = MultipleFileField(
        label=_("Photos or PDF (optional)"),
        required=False,
        help_text=_("Up to 5 files, JPEG, PNG, WebP or PDF, at most 10 MB each."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the People's Committee processes the contact details above to handle and answer this "
            "feedback (Decree 13/2023/NĐ-CP on personal data protection)."
        ),
        required=False,
    )
    # Honeypot: hidden from people (CSS and aria-hidden); robots that fill every field give themselves away.
    website = TextField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    captcha = CaptchaField(label=_("Type the characters in the picture"), error_messages=CAPTCHA_ERRORS)

    field_order = [
        "unit",
        "official_hint",
        "served_on",
        "topic",
        "description",
        "attachments",
        "full_name",
        "phone",
        "email",
        "consent",
        "website",
        "captcha",
    ]

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("The submission could not be accepted. Please try again."), code="honeypot")
        has_contact = any(data.get(key) for key in ("full_name", "phone", "email"))
        if has_contact and not data.get("consent"):
            self.add_error(
                "consent",
                _("Tick the consent box, or leave your contact details empty to send the feedback anonymously."),
            )
        return data


class KeyInForm(FilesNotKept, CaseContentForm, ContactForm):
    """A letter from a suggestion box, a hotline call or an e-mail, keyed in by a feedback officer."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in Case.Channel if c != Case.Channel.WEB]
    )
    received_at = forms.DateTimeField(
        label=_("Received (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    address = TextField(label=_("Address (if given)"), max_length=255, required=False)
    attachments = MultipleFileField(label=_("Scans or photos (optional)"), required=False)

    field_order = ["channel", "received_at", "unit", "official_hint", "served_on", "topic", "description"]

    def __init__(self, *args, box_opening=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.box_opening = box_opening
        self.fields["unit"].required = False
        self.fields["unit"].label = _("Unit concerned")
        self.fields["unit"].help_text = ""
        if box_opening is not None:
            self.fields["channel"].initial = Case.Channel.BOX
            self.fields["channel"].disabled = True
            self.fields["received_at"].required = False

    def clean_received_at(self):
        received_at = self.cleaned_data.get("received_at")
        if received_at and received_at > timezone.now():
            raise ValidationError(_("The time received cannot be in the future."))
        return received_at

    def clean(self):
        data = super().clean()
        if self.box_opening is None and data.get("channel") == Case.Channel.BOX:
            raise ValidationError(_("Letters from a suggestion box are keyed in from the box opening's page."))
        return data


class BoxOpeningForm(PickerFormMixin, DatesInRange, forms.ModelForm):
    location = UnitPickerField(label=_("Box location"))

    class Meta:
        model = BoxOpening
        fields = ["location", "opened_on", "opened_by", "witnesses", "letter_count"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = units_for_feedback()
        self.fields["letter_count"].max_value = 500

    def clean_opened_on(self):
        opened_on = self.cleaned_data["opened_on"]
        if opened_on > timezone.localdate():
            raise ValidationError(_("The opening date cannot be in the future."))
        return opened_on


class TriageForm(PickerFormMixin, forms.Form):
    DECISIONS = [
        ("accept", _("Valid: accept for handling")),
        ("duplicate", _("Duplicate of another case")),
        ("spam", _("Spam / not processable")),
        ("forward", _("Outside our competence: forward")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    track = forms.ChoiceField(label=_("Track"), choices=Case._meta.get_field("track").choices, required=False)
    norm = forms.ModelChoiceField(label=_("Norm"), queryset=Norm.objects.none(), required=False)
    unit = UnitPickerField(label=_("Unit concerned"), required=False)
    duplicate_of = TextField(label=_("Tracking code of the original case"), max_length=20, required=False)
    forwarded_to = TextField(label=_("Competent body"), max_length=255, required=False)
    note = TextField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].queryset = Norm.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].queryset = units_for_feedback()

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "accept" and not data.get("track"):
            self.add_error("track", _("Choose the track the case is handled on."))
        if decision == "duplicate":
            code = codes.tracking_code_clean(data.get("duplicate_of", ""))
            original = Case.objects.filter(tracking_code=code).first() if code else None
            if original is None:
                self.add_error("duplicate_of", _("No case has this tracking code."))
            data["original"] = original
        if decision == "forward" and not data.get("forwarded_to", "").strip():
            self.add_error("forwarded_to", _("Name the body the case is forwarded to."))
        return data


def handlers():
    """Who may be given a case: feedback officers and unit heads."""
    return in_name_order(users_with_role(Role.FEEDBACK_OFFICER, Role.UNIT_HEAD))


class AssignForm(PickerFormMixin, forms.Form):
    handling_unit = UnitPickerField(label=_("Handling unit"))
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=get_user_model().objects.none(), required=False)
    confidential = forms.BooleanField(label=_("The author asked to stay confidential"), required=False)
    dossier_text = TextField(
        label=_("What the verifying unit may read"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
        help_text=_(
            "For a denunciation, or when the author asked to stay confidential: remove every part that could "
            "identify the author (names, addresses, dates and places only they would know). The unit reads this "
            "text, never the description."
        ),
    )
    released = forms.ModelMultipleChoiceField(
        label=_("Files released to the verifying unit"),
        queryset=Attachment.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = units_for_feedback()
        self.fields["assignee"].queryset = handlers()
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        if case is not None:
            self.fields["released"].queryset = case.attachments.all()
            self.fields["released"].label_from_instance = lambda attachment: _("%(type)s, %(size)s KB") % {
                "type": attachment.content_type, "size": max(1, attachment.size // 1024),
            }  # fmt: skip


class TrackChangeForm(forms.Form):
    track = forms.ChoiceField(label=_("New track"), choices=Case._meta.get_field("track").choices)
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ExtendForm(forms.Form):
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=[(c.value, c.label) for c in Case.Complexity if c != Case.Complexity.NORMAL],
    )
    reason = TextField(
        label=_("Reason (shown to the citizen)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DeadlineConditionForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("The law's period for"),
        choices=Case._meta.get_field("deadline_condition").choices,
        required=False,
        help_text=_(
            "Complaints: a remote or hard-to-reach area, or a second-level complaint, has a longer decision period "
            "(Law on Complaints 2011, Art. 28 and 37). Denunciations: a check that needs verification in several "
            "places may take longer (Law on Denunciation 2018, Art. 24)."
        ),
    )
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(forms.Form):
    text = TextField(
        label=_("Verification note (internal)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


class AnswerForm(forms.Form):
    answer = TextField(label=_("Answer to the citizen"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)
    upheld = forms.ChoiceField(
        label=_("Outcome of the verification"),
        choices=[("", _("— not a criticism (praise, other) —")), *Case.Upheld.choices],
        required=False,
        help_text=_("Required for a criticism: did the verification find that the citizen was right?"),
    )
    publish = forms.BooleanField(label=_("Publish in the list of answered cases"), required=False)
    public_summary = TextField(
        label=_("Public summary (no names, no contact details)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def clean(self):
        data = super().clean()
        if data.get("publish") and not (data.get("public_summary") or "").strip():
            self.add_error(
                "public_summary", _("To publish the answer, write a summary without names or contact details.")
            )
        return data


class TrackLookupForm(forms.Form):
    code = TextField(label=_("Tracking code"), max_length=20, help_text=_("e.g. PA-2026-7K3F9Q"))
    pin = TextField(label=_("PIN"), max_length=12, widget=forms.PasswordInput(render_value=False))
    captcha = CaptchaField(label=_("Type the characters in the picture"), error_messages=CAPTCHA_ERRORS)

    def clean_code(self):
        return codes.tracking_code_clean(self.cleaned_data["code"])


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = TextField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class DeskRatingForm(forms.Form):
    score = forms.TypedChoiceField(choices=DeskRating.Score.choices, coerce=int)
