import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# One paragraph of narrative: a long page of a report, far below what would make the PDF a book.
NARRATIVE_MAX_CHARS = 20_000


class Report(models.Model):
    """The periodic summary report (Báo cáo) to the superior body: figures filled by the portal, narrative written by
    the drafting officer, issued by leadership as a numbered BC in the Decree 30 layout (PDF, DOCX, XLSX).

    The files are produced by a Celery task after the commit (culture_portal/leadership/tasks.py): `status` says
    where that stands, and a second request while it runs queues nothing (the row is locked and checked first).
    On issue the number is taken once and the figures are frozen in `figures`, so the files can be produced again
    and a later correction of the data never changes an issued report.
    """

    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")
        CUSTOM = "custom", _("Custom period")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PRODUCING = "producing", _("Being produced")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Production failed")

    class Production(models.TextChoices):
        DRAFT = "draft", _("Draft files")
        ISSUE = "issue", _("Issue")

    # The narrative, in the order of a report to the superior body: achievements, shortcomings, directions.
    NARRATIVE_FIELDS = ("methods", "discipline", "communication", "premises", "shortcomings", "directions")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    period_kind = models.CharField(_("period"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        "culture_portal.Unit",
        verbose_name=_("unit (with its sub-units)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole organisation."),
    )
    methods = models.TextField(_("working methods"), blank=True)
    discipline = models.TextField(_("discipline and working hours"), blank=True)
    communication = models.TextField(_("communication and attitude"), blank=True)
    premises = models.TextField(_("offices and premises"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    directions = models.TextField(_("directions and tasks ahead"), blank=True)
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line (the superior body first); “Lưu: VT” is added.")
    )

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    production = models.CharField(max_length=8, choices=Production.choices, blank=True)
    progress_step = models.PositiveSmallIntegerField(default=0)
    progress_total = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A delivery that is producing holds the report until this time (as a notice does: inspections/notices.py).
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    signatory = models.ForeignKey(
        "culture_portal.Signatory",
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issuing_unit = models.ForeignKey(
        "culture_portal.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.PositiveIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    reference = models.CharField(_("number and symbol"), max_length=64, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    # The figures as they were when the report was issued (JSON of figures_for's result): the issued files are
    # made from them, never from the live data again.
    figures = models.JSONField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    docx = models.FileField(upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/", blank=True)
    files_at = models.DateTimeField(null=True, blank=True)  # when the files were produced

    language = models.CharField(max_length=8, default="vi")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-created_at"]
        permissions = [
            ("draft_report", _("Can draft periodic reports (figures and narrative)")),
            ("issue_report", _("Can issue periodic reports (takes the BC number)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number"],
                condition=Q(number__isnull=False),
                name="report_number_unique",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"),
        ]
        indexes = [
            # The list page, newest first.
            models.Index(fields=["-created_at"], name="report_created_idx"),
            # The periodic sweep re-queues reports left producing (the broker may have been down).
            models.Index(fields=["status", "updated_at"], name="report_status_idx"),
        ]

    def __str__(self):
        return self.reference or f"{self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"

    @property
    def period(self):
        from culture_portal.leadership.period import Period

        return Period(self.period_start, self.period_end, self.period_kind)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.FAILED) and self.number is None

    def narrative(self) -> list[tuple[str, str]]:
        return [(name, getattr(self, name)) for name in self.NARRATIVE_FIELDS]


class MonthlyMailing(models.Model):
    """The monthly figures-only report e-mailed to leadership: one row per month, so beat running twice (or a
    worker redelivering the task) sends it once."""

    month = models.DateField(_("month"), unique=True)  # its first day
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monthly report e-mail")
        verbose_name_plural = _("monthly report e-mails")

    def __str__(self):
        return f"{self.month:%m/%Y}"
