"""Legal documents and codes of conduct, their versions and provisions; norms; campaigns; trainings."""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from culture_portal.models import Official, Unit


class FoldedTextVector(SearchVectorField):
    """A stored tsvector of the folded text on PostgreSQL (filled by the services); unused text elsewhere.

    Ranking reads the stored vector instead of parsing each matching row's text again, which keeps search
    fast at a million provisions; the GIN index on it is created by a PostgreSQL-only migration.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class Issuer(models.Model):
    """A body that issues documents: Thủ tướng Chính phủ, UBND tỉnh Hà Tĩnh, Ban Thường vụ Tỉnh ủy, ..."""

    name = models.CharField(_("name"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("issuing authority")
        verbose_name_plural = _("issuing authorities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DocumentStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("In force, amended")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")


class LegalDocumentQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date):
        """Annotate `status`, derived from the dates and the relations in force on `today`."""
        incoming = DocumentRelation.objects.filter(target=OuterRef("pk"), source__effective_date__lte=today)
        return self.annotate(
            status=models.Case(
                models.When(effective_date__gt=today, then=models.Value(DocumentStatus.NOT_YET)),
                models.When(expiry_date__lt=today, then=models.Value(DocumentStatus.EXPIRED)),
                models.When(
                    Exists(incoming.filter(kind=DocumentRelation.Kind.REPLACES)),
                    then=models.Value(DocumentStatus.REPLACED),
                ),
                models.When(
                    Exists(incoming.filter(kind=DocumentRelation.Kind.AMENDS)),
                    then=models.Value(DocumentStatus.AMENDED),
                ),
                default=models.Value(DocumentStatus.IN_FORCE),
                output_field=models.CharField(),
            )
        )


class LegalDocument(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision (quyết định)")
        REGULATION = "regulation", _("Regulation (quy chế, quy định)")
        CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct (quy tắc ứng xử)")
        WORKING_RULES = "working_rules", _("Working rules (quy chế làm việc)")
        PLAN = "plan", _("Plan (kế hoạch)")
        DIRECTIVE = "directive", _("Directive (chỉ thị)")
        CONCLUSION = "conclusion", _("Conclusion (kết luận)")
        OFFICIAL_LETTER = "official_letter", _("Official letter (công văn)")
        NOTICE = "notice", _("Notice (thông báo)")
        OTHER = "other", pgettext_lazy("kind of document", "Other")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    reference = models.CharField(
        _("number and symbol"), max_length=64, help_text=_("As written: 1847/QĐ-TTg, 20/2019/QĐ-UBND, 29-KL/TU")
    )
    title = models.CharField(_("title"), max_length=500)
    issuer = models.ForeignKey(Issuer, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="documents")
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    issue_date = models.DateField(_("date of issue"))
    effective_date = models.DateField(_("in force from"))
    expiry_date = models.DateField(_("in force until"), null=True, blank=True)
    original_file = models.FileField(
        _("original file (PDF or DOCX)"), upload_to="regulations/originals/%Y/", blank=True
    )
    # Folded title and reference (see culture_portal.text.fold), padded with spaces for word matching.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issue_date", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "reference"], name="document_reference_unique_per_issuer"),
            models.CheckConstraint(
                condition=Q(effective_date__gte=models.F("issue_date")), name="document_effective_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True) | Q(expiry_date__gte=models.F("effective_date")),
                name="document_expiry_after_effective",
            ),
        ]
        indexes = [
            # The document list's filters: kind, issuer, year of issue; newest first.
            models.Index(fields=["kind", "-issue_date"], name="document_kind_date_idx"),
            models.Index(fields=["issuer", "-issue_date"], name="document_issuer_date_idx"),
            models.Index(fields=["-issue_date"], name="document_date_idx"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"


class DocumentRelation(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        AMENDS = "amends", _("amends")
        REPLACES = "replaces", _("replaces")

    source = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("relation between documents")
        verbose_name_plural = _("relations between documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="document_relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="document_relation_not_self"),
        ]

    def __str__(self):
        return f"{self.source.reference} {self.get_kind_display()} {self.target.reference}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            models.UniqueConstraint(fields=["document"], condition=Q(is_current=True), name="one_current_version"),
        ]

    def __str__(self):
        return f"{self.document.reference} v{self.number}"


class Provision(models.Model):
    """One node of a document's body: Phần / Chương / Mục / Điều / Khoản / Điểm."""

    class Level(models.TextChoices):
        PART = "part", _("Part")
        CHAPTER = "chapter", _("Chapter")
        SECTION = "section", _("Section")
        ARTICLE = "article", _("Article")
        CLAUSE = "clause", _("Clause")
        POINT = "point", _("Point")

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, related_name="children")
    # The article this provision belongs to (itself for an article): search returns articles.
    article = models.ForeignKey("self", on_delete=models.CASCADE, null=True, related_name="+")
    level = models.CharField(max_length=16, choices=Level.choices)
    number = models.CharField(max_length=16)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)
    # Stable across versions: "dieu-5-khoan-2-diem-a".
    anchor = models.CharField(max_length=100)
    search_text = models.TextField(editable=False, default="")
    search_vector = FoldedTextVector(null=True, editable=False)

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "anchor"], name="provision_anchor_unique")]
        indexes = [
            # A version's body in reading order (document page, diff, PDF).
            models.Index(fields=["version", "position"], name="provision_reading_order_idx"),
        ]
        # On PostgreSQL a GIN index on search_vector serves search (migration 0004, PostgreSQL only).

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level].format(number=self.number)

    @property
    def citation(self) -> str:
        """ "Điều 5, Khoản 2, Điểm a — Quy tắc ứng xử ..." as a notice or a finding quotes it."""
        return f"{citation_from_anchor(self.anchor)} — {self.version.document.title}"


# How Vietnamese documents name each level; used in citations such as "Điều 5, Khoản 2, Điểm a".
LEVEL_LABELS = {
    Provision.Level.PART: "Phần {number}",
    Provision.Level.CHAPTER: "Chương {number}",
    Provision.Level.SECTION: "Mục {number}",
    Provision.Level.ARTICLE: "Điều {number}",
    Provision.Level.CLAUSE: "Khoản {number}",
    Provision.Level.POINT: "Điểm {number}",
}


ANCHOR_WORDS = {"phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều", "khoan": "Khoản", "diem": "Điểm"}


def citation_from_anchor(anchor: str) -> str:
    """ "dieu-5-khoan-2-diem-a" -> "Điều 5, Khoản 2, Điểm a" (Roman chapter numbers in capitals)."""
    parts = anchor.split("-")
    labels = []
    for word, number in zip(parts[::2], parts[1::2], strict=False):
        if word in ("phan", "chuong", "muc"):
            number = number.upper()
        labels.append(f"{ANCHOR_WORDS.get(word, word)} {number}")
    return ", ".join(labels)


class NormGroup(models.Model):
    """A group of norms as Decision 1847/QĐ-TTg names them, plus working hours and the premises."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("norm group")
        verbose_name_plural = _("norm groups")
        ordering = ["order"]

    def __str__(self):
        return self.name


class Severity(models.TextChoices):
    MINOR = "minor", _("minor")
    MODERATE = "moderate", _("moderate")
    SERIOUS = "serious", _("serious")


class NormQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Norm(models.Model):
    """A rule of conduct that findings and complaints cite, pointing at the provisions that state it."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    group = models.ForeignKey(NormGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="norms")
    title = models.CharField(_("title"), max_length=200)
    citizen_title = models.CharField(
        _("wording for citizens"), max_length=200, blank=True, help_text=_("Empty: citizens cannot report this norm.")
    )
    description = models.TextField(_("description"), blank=True)
    default_severity = models.CharField(_("default severity"), max_length=16, choices=Severity.choices)
    is_active = models.BooleanField(_("in use"), default=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = NormQuerySet.as_manager()

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        ordering = ["group__order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class NormCitation(models.Model):
    """A norm points at a provision by document and anchor, so the link follows new versions."""

    norm = models.ForeignKey(Norm, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="+")
    anchor = models.SlugField(
        _("provision anchor"), max_length=100, help_text=_("As in the provision's address, e.g. dieu-5-khoan-2")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["norm", "document", "anchor"], name="norm_citation_unique")]

    def __str__(self):
        return f"{self.norm.code} → {self.document.reference} #{self.anchor}"

    @property
    def label(self) -> str:
        return citation_from_anchor(self.anchor)


class Campaign(models.Model):
    """Dissemination (phổ biến, quán triệt): a document version that officials must read and confirm."""

    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey(
        LegalDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="campaigns"
    )
    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version to confirm"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many working days before"), default=3)
    units = models.ManyToManyField(Unit, verbose_name=_("units (with their sub-units)"), blank=True, related_name="+")
    roles = models.ManyToManyField(Group, verbose_name=_("roles"), blank=True, related_name="+")
    officials = models.ManyToManyField(Official, verbose_name=_("named officials"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-due_date", "-pk"]

    def __str__(self):
        return self.title


class CampaignAssignment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="campaign_assignments")
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "official"], name="assignment_unique")]
        indexes = [
            # "To read" on an official's home page: their assignments.
            models.Index(fields=["official", "campaign"], name="assignment_official_idx"),
        ]


class Rereading(models.Model):
    """One provision for one official to read again and confirm, because the norm it states kept being breached
    (issue 18 §3: assigned by inspections' repeated-breach rules). Confirmed as any reading is: opened first (from
    its own page), then confirmed; both recorded here, since the official may long ago have confirmed the version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="rereadings")
    norm = models.ForeignKey("Norm", verbose_name=_("norm"), on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="+")
    anchor = models.SlugField(_("provision anchor"), max_length=100)
    reason = models.CharField(_("reason"), max_length=500)
    assigned_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("due date"))
    opened_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("re-reading")
        verbose_name_plural = _("re-readings")
        indexes = [
            # "Provisions to re-read" on the official's home page: theirs, not yet confirmed.
            models.Index(fields=["official", "confirmed_at"], name="rereading_official_idx"),
        ]

    def __str__(self):
        return f"{self.official} · {self.anchor}"

    @property
    def citation_label(self) -> str:
        return citation_from_anchor(self.anchor)


class DocumentOpening(models.Model):
    """The first time an official opened a version: confirming is offered only after it."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["official", "version"], name="opening_unique")]


class Acknowledgement(models.Model):
    """ "I have read and commit to follow it": who confirmed which version, when, from which address."""

    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="acknowledgements")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("read confirmation")
        verbose_name_plural = _("read confirmations")
        constraints = [models.UniqueConstraint(fields=["official", "version"], name="acknowledgement_unique")]


class Training(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CONTEST = "contest", _("Contest")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TRAINING)
    title = models.CharField(_("title"), max_length=255)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    organiser = models.CharField(_("organiser"), max_length=255)
    participants = models.ManyToManyField(
        Official, verbose_name=_("participants"), blank=True, related_name="trainings"
    )
    head_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True, help_text=_("When participants are not listed by name.")
    )
    materials = models.FileField(_("materials"), upload_to="regulations/trainings/%Y/", blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("training or contest")
        verbose_name_plural = _("trainings and contests")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="training_dates_in_order")
        ]

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """Every folded word that occurs in a document or provision: the tolerant search retries only with real words."""

    word = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return self.word
