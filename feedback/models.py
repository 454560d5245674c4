"""Citizen feedback: cases from the web form, suggestion boxes, the hotline and e-mail; their handling and answers.

The complainant's identity lives in its own table (Complainant) so that
reading a case never carries it along: only `feedback.identity` reads it, and
logs every reading.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from culture_portal.models import DeadlineRule, Official, Unit
from regulations.models import Norm

Track = DeadlineRule.Track
Step = DeadlineRule.Step

# Case.urgency_on of an open case with no deadline yet, and of every closed case: after any real deadline. Written
# as text: Django puts them into the column's definition, and SQLite's schema editor quotes no date object.
OPEN_UNDATED = "9999-12-30"
CLOSED = "9999-12-31"


class BoxOpening(models.Model):
    """The opening of a suggestion box: where, when, by whom, witnessed by whom, how many letters were inside."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey(
        Unit, verbose_name=_("box location"), on_delete=models.PROTECT, related_name="box_openings"
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = models.CharField(_("opened by"), max_length=150)
    witnesses = models.CharField(_("witnesses"), max_length=300)
    letter_count = models.PositiveSmallIntegerField(_("number of letters"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion box opening")
        verbose_name_plural = _("suggestion box openings")
        ordering = ["-opened_on", "-created_at"]

    def __str__(self):
        return f"{self.location} {self.opened_on:%d/%m/%Y}"


class Case(models.Model):
    """One submission by a citizen or business, however it arrived, and its handling."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        BOX = "box", _("Suggestion box")
        HOTLINE = "hotline", _("Hotline")
        EMAIL = "email", _("E-mail")

    class Nature(models.TextChoices):
        CRITICISM = "criticism", _("Feedback about how I was served")
        PRAISE = "praise", _("Praise")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted for handling")
        IN_PROGRESS = "in_progress", _("Being verified")
        ANSWERED = "answered", _("Answered")
        DUPLICATE = "duplicate", _("Merged with an earlier case")
        FORWARDED = "forwarded", _("Forwarded to the competent body")
        SPAM = "spam", _("Not processed")

    class Upheld(models.TextChoices):
        """What the verification of a criticism found, recorded with the answer (blank for praise and other)."""

        UPHELD = "upheld", _("Upheld")
        PARTLY = "partly", _("Partly upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld")

    # Criticism answered with one of these counts as an upheld complaint on the leadership dashboard.
    UPHELD_OUTCOMES = (Upheld.UPHELD, Upheld.PARTLY)

    class Complexity(models.TextChoices):
        NORMAL = "normal", _("Normal")
        COMPLEX = "complex", _("Complex")
        ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")

    OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    pin_digest = models.CharField(max_length=64, editable=False)

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    nature = models.CharField(_("kind of feedback"), max_length=16, choices=Nature.choices)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices, default=Track.FEEDBACK)
    complexity = models.CharField(_("complexity"), max_length=24, choices=Complexity.choices, default="normal")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit concerned"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    official_hint = models.CharField(_("official or desk (as described)"), max_length=150, blank=True)
    official = models.ForeignKey(
        Official,
        verbose_name=_("official concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    norm = models.ForeignKey(
        Norm, verbose_name=_("norm"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    served_on = models.DateField(_("date of the service"), null=True, blank=True)
    description = models.TextField(_("description"))
    # The author asked that nothing identifying them reach the unit that verifies (a denunciation always is): the
    # unit then reads a redacted dossier (VerificationDossier), never the description and the files themselves.
    confidential = models.BooleanField(_("the author asked to stay confidential"), default=False, db_default=False)
    # Folded words of the description (no diacritics, lower case), for finding likely duplicates.
    folded_text = models.TextField(editable=False, default="")

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    box_opening = models.ForeignKey(BoxOpening, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    keyed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The deadline of the step the case is at now; recomputed when the step or track changes.
    due_step = models.CharField(max_length=16, choices=Step.choices, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    # The case list's order in one column (feedback.selectors.case_list_ordered): an open case's deadline (one with
    # none after every dated one), then every closed case. Stored by the database, so that case_list_idx serves the
    # list's order at any depth; without it a province's list sorted a million rows on a CASE expression per page.
    urgency_on = models.GeneratedField(
        expression=models.Case(
            models.When(
                status__in=OPEN_STATUSES,
                then=models.functions.Coalesce("due_on", Value(OPEN_UNDATED, output_field=models.DateField())),
            ),
            default=Value(CLOSED, output_field=models.DateField()),
        ),
        output_field=models.DateField(),
        db_persist=True,
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    # A condition under which the law gives a different period (remote area, second-level complaint, verification in
    # several places): chosen by an officer with the reason; the rules for that condition then apply.
    deadline_condition = models.CharField(
        _("deadline condition"),
        max_length=24,
        choices=DeadlineRule.Condition.choices,
        blank=True,
        default="",
        db_default="",
    )
    deadline_condition_reason = models.TextField(
        _("reason for the deadline condition"), blank=True, default="", db_default=""
    )
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    escalated_for = models.DateField(null=True, blank=True, editable=False)

    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("handling unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_cases",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)

    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    upheld = models.CharField(
        _("outcome of the verification"), max_length=16, choices=Upheld.choices, blank=True, db_default=""
    )
    # Kept when the case is answered (due_on is cleared then): the deadline the answer was held to, and the answer
    # time in working days from receipt; the dashboard's on-time rate and median are aggregates over these.
    answered_due_on = models.DateField(_("deadline when answered"), null=True, blank=True, editable=False)
    answer_working_days = models.PositiveSmallIntegerField(
        _("answer time (working days)"), null=True, blank=True, editable=False
    )
    is_published = models.BooleanField(_("published"), default=False)
    public_summary = models.TextField(_("public summary"), blank=True)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback case")
        verbose_name_plural = _("feedback cases")
        ordering = ["-received_at"]
        permissions = [
            ("view_identity", _("Can see the identity of complainants")),
            ("handle_case", _("Can triage, assign and answer feedback cases")),
            ("verify_case", _("Can add verification notes to cases sent to their unit")),
            ("print_poster", _("Can print feedback posters")),
        ]
        indexes = [
            # A norm's page (feedback.norm_records): its upheld complaints counted by year and by unit from the index
            # alone (a bitmap heap scan read 19,000 blocks of the table for one norm: 100 ms per count at a
            # province's scale).
            models.Index(
                fields=["norm", "answered_at"],
                include=["unit"],
                condition=models.Q(nature="criticism", status="answered", upheld__in=["upheld", "partly"]),
                name="case_upheld_norm_idx",
            ),
            # The officers' list: open cases by urgency.
            models.Index(fields=["status", "due_on"], name="case_urgency_idx"),
            # The case list (feedback.selectors.case_list_ordered): its order and keyset pages, for all cases and the
            # open ones (they come first); and for one status, which would otherwise skip every case before it
            # (answered ones come after 60,000 others at a province: 120 ms a page).
            models.Index(fields=["urgency_on", "received_at", "id"], name="case_list_idx"),
            models.Index(fields=["status", "urgency_on", "received_at", "id"], name="case_status_list_idx"),
            models.Index(fields=["unit", "-received_at"], name="case_unit_idx"),
            models.Index(fields=["handling_unit", "status"], name="case_handling_idx"),
            models.Index(fields=["assignee", "status"], name="case_assignee_idx"),
            models.Index(fields=["is_published", "-answered_at"], name="case_published_idx"),
            # The public list of answered cases (feedback.selectors.cases_answered_in_public): its count reads this
            # index alone and its pages come in its order. Without it, a province's count (130,000 of 1M cases)
            # walked every answered case in the table to test is_published: 330 ms a page.
            models.Index(
                fields=["-answered_at", "-id"],
                name="case_answered_public_idx",
                condition=models.Q(is_published=True, status="answered"),
            ),  # fmt: skip
            # The leadership dashboard's city-wide aggregates over a period: cases received, answered, rated.
            models.Index(fields=["received_at"], name="case_received_idx"),
            models.Index(fields=["answered_at"], name="case_answered_idx", condition=models.Q(status="answered")),
            models.Index(fields=["rated_at"], name="case_rated_idx", condition=models.Q(rating__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="case_rating_range",
            ),
            # The law: an anonymous submission is never handled as a denunciation (enforced in services too).
        ]

    def __str__(self):
        return self.tracking_code

    @property
    def needs_redaction(self) -> bool:
        """Law on Denunciation 2018, Art. 56: the verifier must not learn who denounced; the same for a complaint
        whose author asked for it."""
        return self.track == "denunciation" or self.confidential

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def complainant_label(self) -> str:
        """Who sent the case, as the law names them on its track (docs/glossary.md): người phản ánh, người khiếu
        nại, người tố cáo."""
        if self.track == Track.COMPLAINT:
            return pgettext("who sent a case", "complainant")
        if self.track == Track.DENUNCIATION:
            return pgettext("who sent a case", "denouncer")
        return pgettext("who sent a case", "person giving feedback")

    @property
    def citizen_title(self) -> str:
        """What the citizen's own pages and e-mails call the case, by its track: "your feedback", "your complaint"."""
        if self.track == Track.COMPLAINT:
            return pgettext("the citizen's case", "Your complaint")
        if self.track == Track.DENUNCIATION:
            return pgettext("the citizen's case", "Your denunciation")
        return pgettext("the citizen's case", "Your feedback")


class Complainant(models.Model):
    """Who submitted a case. Read only through feedback.identity, which logs each reading."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="complainant")
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # Keyed digests of the phone and e-mail: "same contact as another case" without showing the contact.
    phone_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self):
        return str(_("Complainant of %(code)s")) % {"code": self.case.tracking_code}

    @property
    def is_anonymous(self) -> bool:
        return not (self.full_name or self.phone or self.email)


def attachment_path(instance, filename):
    return f"feedback/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.file.name


class VerificationDossier(models.Model):
    """What the unit that verifies a denunciation (or a confidential complaint) receives: the description as the
    officer redacted it, and the files the officer released to it. Nothing else of the file reaches that unit."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="dossier")
    text = models.TextField(_("description for the verifying unit"), blank=True)
    released = models.ManyToManyField(Attachment, verbose_name=_("files released to it"), blank=True, related_name="+")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.case} dossier"


class CaseEvent(models.Model):
    """The history of a case. `public_text` is what the citizen sees; `note` stays inside."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=32)
    public_text = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case} {self.action}"


class Extension(models.Model):
    """An extension of the deadline to decide: the law wants it in writing, with the reason, and shown."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extension_records")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    due_before = models.DateField()
    due_after = models.DateField()

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return f"{self.case} {self.due_before:%d/%m/%Y} → {self.due_after:%d/%m/%Y}"


class DeskRating(models.Model):
    """One tap on the satisfaction tablet or the desk's QR page."""

    class Score(models.IntegerChoices):
        NOT_SATISFIED = 1, _("Not satisfied")
        SATISFIED = 2, _("Satisfied")
        VERY_SATISFIED = 3, _("Very satisfied")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="desk_ratings")
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "at"], name="deskrating_unit_idx"),
            # The leadership dashboard's city-wide satisfaction and trends over a period.
            models.Index(fields=["at"], name="deskrating_at_idx"),
        ]

    def __str__(self):
        return f"{self.unit} {self.score}"
