"""Inspection plans, periodic and surprise inspections, checklists, attendance, findings and conclusions."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from culture_portal.models import DisciplinaryMeasure, Official, Unit
from regulations.models import Norm, NormGroup, Severity


class InspectionPlan(models.Model):
    """The annual plan of periodic inspections, approved by leadership."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


class InspectionQuerySet(models.QuerySet):
    def taken_place(self, now):
        """Inspections whose window has ended or that moved past the field work: a surprise is no longer secret."""
        return self.filter(Q(window_end__lte=now) | ~Q(status__in=Inspection.FIELD_STATUSES))


class Inspection(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic")
        SURPRISE = "surprise", _("Surprise")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        FINDINGS_SUBMITTED = "findings_submitted", _("Findings submitted")
        CONCLUSION_DRAFTED = "conclusion_drafted", _("Conclusion drafted")
        CONCLUSION_APPROVED = "conclusion_approved", _("Conclusion approved")
        NOTICE_ISSUED = "notice_issued", _("Notice issued")

    # Until these are over, a surprise inspection is known only to its team and leadership.
    FIELD_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)
    # From approval on, findings are frozen: corrections go through recorded amendments.
    FROZEN_STATUSES = (Status.CONCLUSION_APPROVED, Status.NOTICE_ISSUED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    basis_reference = models.CharField(_("ordered by decision number"), max_length=64)
    basis_date = models.DateField(_("decision date"))
    scope = models.TextField(_("scope"), blank=True)
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("to"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team leader"),
        on_delete=models.PROTECT,
        related_name="led_inspections",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team members"), blank=True, related_name="inspections"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units inspected"), related_name="inspections")
    norm_groups = models.ManyToManyField(NormGroup, verbose_name=_("norm groups in scope"), related_name="+")
    # Narrower than the groups when the inspection answers complaints: the norms they cited. The checklist then
    # holds these norms only (services.inspection_start); empty for every other inspection.
    norms = models.ManyToManyField(Norm, verbose_name=_("norms in scope"), blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-window_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")), name="inspection_window_in_order"
            )
        ]
        indexes = [
            # The inspection list: newest first, filtered by status.
            models.Index(fields=["status", "-window_start"], name="inspection_status_idx"),
            # The dashboard's inspections started in a period, whatever their status.
            models.Index(fields=["window_start"], name="inspection_window_start_idx"),
            # "Approved" read from an index, not from the table's wide rows: a unit head's history keeps the
            # findings of approved inspections (selectors.findings_about_unit_visible_to: 84 ms to 45 ms for a
            # district's 36,000 findings at a province's scale, where a sequential scan read 94,000 inspections).
            models.Index(
                fields=["id"],
                condition=Q(status__in=["conclusion_approved", "notice_issued"]),
                name="inspection_approved_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN_STATUSES


class InspectionGround(models.Model):
    """A complaint that led to a surprise inspection: the inspection cites it as a ground.

    Held here, on the inspection's side: inspections may cite complaints, feedback never imports inspections (the
    case page learns of it through feedback.case_links). Until the conclusion is approved only the team and
    leadership learn that a case was taken up (inspections.case_grounds).
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="grounds")
    case = models.ForeignKey("feedback.Case", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ground of an inspection")
        verbose_name_plural = _("grounds of inspections")
        constraints = [models.UniqueConstraint(fields=["inspection", "case"], name="inspection_ground_unique")]
        # The case page asks which inspections took its case up: the foreign key's own index on case serves it.

    def __str__(self):
        return f"{self.inspection} <- {self.case_id}"


class InspectionEvent(models.Model):
    """The history of an inspection: every state change and edit, who and when."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    LABELS = {
        "created": _("created the inspection"),
        "status": _("changed the status"),
        "checklist": _("marked the checklist"),
        "attendance": _("recorded attendance"),
        "finding": _("recorded a finding"),
        "evidence": _("attached evidence"),
        "amendment": _("amended a finding"),
        "grounds": _("took up complaints as the grounds of this inspection"),
        "deadline_moved": _("moved the deadline of a corrective action (the working-day calendar was corrected)"),
        "reorganised": _("moved a corrective action to the successor of a unit that ceased (reorganisation)"),
    }

    @property
    def label(self) -> str:
        return str(self.LABELS.get(self.action, self.action))

    @property
    def status_after(self) -> str:
        return str(dict(Inspection.Status.choices).get(self.detail.get("after"), "")) if self.action == "status" else ""


class ChecklistItem(models.Model):
    class Result(models.TextChoices):
        NOT_CHECKED = "not_checked", _("Not checked")
        COMPLIES = "complies", _("Complies")
        BREACH = "breach", _("Breach")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    norm = models.ForeignKey(Norm, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.NOT_CHECKED)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "unit", "norm"], name="checklist_item_unique")]


class AttendanceRecord(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT_WITH_LEAVE = "absent_with_leave", _("Absent with leave")
        ABSENT_WITHOUT_LEAVE = "absent_without_leave", _("Absent without leave")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="attendance_records")
    status = models.CharField(_("attendance"), max_length=24, choices=Status.choices)
    late_minutes = models.PositiveSmallIntegerField(_("minutes late"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "official"], name="attendance_unique")]


class Finding(models.Model):
    """A breach (or, with is_commendation, good practice) seen at a unit, citing a norm."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="findings")
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.PROTECT, related_name="findings")
    observed = models.TextField(_("what was seen"))
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    measure = models.ForeignKey(
        DisciplinaryMeasure,
        verbose_name=_("proposed measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_commendation = models.BooleanField(_("commendation"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "unit", "created_at"]
        indexes = [
            # A unit's history, by date; and its breaches counted by year and norm group without reading the table
            # (selectors.finding_counts_by_year_and_group: an index-only scan per sub-unit, 100 ms to 27 ms for a
            # district's 36,000 findings at a province's scale).
            models.Index(
                fields=["unit", "-created_at"],
                include=["norm", "is_commendation", "inspection"],
                name="finding_unit_idx",
            ),
            # An official's history, by date.
            models.Index(fields=["official", "-created_at"], name="finding_official_idx"),
            # The leadership dashboard's city-wide scorecard, trends and norms over a period.
            models.Index(fields=["created_at"], name="finding_created_idx"),
            # A norm's page (inspections.norm_records): its breaches counted by year and by unit without reading the
            # table (93 ms to read a norm's 11,000 breaches through the heap at a province's scale).
            models.Index(
                fields=["norm", "created_at"],
                include=["unit", "inspection"],
                condition=Q(is_commendation=False),
                name="finding_norm_breach_idx",
            ),
        ]

    def __str__(self):
        return f"{self.norm.code} {self.unit}"


class Conclusion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="conclusion")
    overall = models.TextField(_("overall assessment"))
    good_points = models.TextField(_("good points"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    returned_comment = models.TextField(_("comment when returned"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The dashboard's "conclusions approved" in a period (approved ones only, by approval time).
            models.Index(fields=["status", "approved_at"], name="conclusion_approved_idx"),
        ]


class Requirement(models.Model):
    """A corrective requirement for a unit, with its deadline counted in working days from approval."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("requirement"))
    working_days = models.PositiveSmallIntegerField(_("deadline in working days"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # The day of approval the working days are counted from: a calendar correction counts them again from it.
    counted_from = models.DateField(_("counted from"), null=True, blank=True, editable=False)


class Evidence(models.Model):
    """A photo or PDF attached to a finding; images are stored without their location metadata."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="inspections/evidence/%Y/%m/")
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Notice(models.Model):
    """The conclusion notice (Thông báo kết luận kiểm tra), rendered by a Celery task as PDF and DOCX.

    The number is taken once, in the transaction that stores it on this row, so a retried or duplicated task
    reuses it; the files become visible only when the row says "done".
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be produced")
        DONE = "done", _("Issued")
        FAILED = "failed", _("Failed")

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="notice")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    signatory = models.ForeignKey(
        "culture_portal.Signatory", verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    reference = models.CharField(_("number and symbol"), max_length=64, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    pdf = models.FileField(upload_to="notices/%Y/", blank=True)
    docx = models.FileField(upload_to="notices/%Y/", blank=True)
    language = models.CharField(max_length=8, default="vi")
    attempts = models.PositiveSmallIntegerField(default=0)
    # A delivery that is rendering holds the notice until this time; another delivery of the same task (Redis
    # hands a task running longer than its visibility timeout to a second worker) waits instead of rendering.
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conclusion notice")
        verbose_name_plural = _("conclusion notices")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number"],
                condition=Q(number__isnull=False),
                name="notice_number_unique",
            )
        ]
        indexes = [
            # The periodic sweep re-queues notices left pending (the broker may have been down).
            models.Index(fields=["status", "created_at"], name="notice_status_idx"),
            # A unit's history: its latest notices, read in this order until fifty are about the unit
            # (selectors.notices_issued_about: 39 ms to 4 ms for a district at a province's scale, where all the
            # district's notices were sorted first).
            models.Index(fields=["status", "-issued_on"], name="notice_issued_on_idx"),
        ]

    def __str__(self):
        return self.reference or str(_("Notice being produced"))


class CorrectiveAction(models.Model):
    """A requirement of an approved conclusion, owned by a unit until the inspectors accept what it did."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        REPORTED = "reported", _("Reported, awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        REOPENED = "reopened", _("Reopened")

    OPEN_STATUSES = (Status.OPEN, Status.REOPENED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requirement = models.OneToOneField(Requirement, on_delete=models.PROTECT, related_name="action")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="actions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="corrective_actions")
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    report = models.TextField(_("what was done"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["deadline", "pk"]
        indexes = [
            # The overdue list and the daily reminders: open actions by deadline.
            models.Index(fields=["status", "deadline"], name="action_status_deadline_idx"),
            # The list of corrective actions (inspections/views/corrective_actions.py): its order and keyset pages.
            # Without it, leadership's first page sorted all 137,000 actions of a province on disk (74 ms).
            models.Index(fields=["deadline", "id"], name="action_list_idx"),
        ]

    def __str__(self):
        return f"{self.unit}: {self.requirement.text[:60]}"


class ActionEvidence(models.Model):
    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="inspections/actions/%Y/%m/")
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)


class DisciplinaryOutcome(models.Model):
    """How a serious finding was handled for an official: the measure and the decision that imposed it.

    Seen only by leadership and by users given the permission (the personnel office).
    """

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="outcomes")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="disciplinary_outcomes")
    measure = models.ForeignKey(
        DisciplinaryMeasure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="+"
    )
    decision_reference = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disciplinary outcome")
        verbose_name_plural = _("disciplinary outcomes")
        ordering = ["-decision_date"]


class RepeatedBreachRule(models.Model):
    """When the same norm is breached `breaches` times within `months` months by one official (or in one unit), the
    provision that states the norm is assigned to be re-read and confirmed within `working_days` (issue 18 §3).
    Administrators edit the rules in the back office; inspections.rereading_rules applies them at each approval."""

    class Subject(models.TextChoices):
        OFFICIAL = "official", _("The same official")
        UNIT = "unit", _("The same unit (everyone in it re-reads)")

    MAX_MONTHS = 60

    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("who breached"), max_length=16, choices=Subject.choices, default=Subject.OFFICIAL)
    breaches = models.PositiveSmallIntegerField(_("breaches of the same norm (N)"))
    months = models.PositiveSmallIntegerField(_("within this many months (M)"), help_text=_("From 1 to 60."))
    working_days = models.PositiveSmallIntegerField(_("working days to re-read and confirm"), default=10)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("repeated-breach rule")
        verbose_name_plural = _("repeated-breach rules")
        constraints = [
            models.CheckConstraint(condition=Q(breaches__gte=1), name="rule_breaches_at_least_one"),
            models.CheckConstraint(condition=Q(months__gte=1, months__lte=60), name="rule_months_in_range"),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="rule_working_days_at_least_one"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.breaches is not None and self.breaches < 1:
            errors["breaches"] = _("At least one breach: a rule that fires without breaches would assign everyone.")
        if self.months is not None and not 1 <= self.months <= self.MAX_MONTHS:
            errors["months"] = _("Between 1 and 60 months.")
        if self.working_days is not None and self.working_days < 1:
            errors["working_days"] = _("At least one working day.")
        if errors:
            raise ValidationError(errors)


class RereadingTrigger(models.Model):
    """A rule that fired for a norm and an official or a unit: the breaches up to `through` are spent, so the same
    breaches never fire the rule twice (the next firing needs N breaches after it)."""

    rule = models.ForeignKey(RepeatedBreachRule, on_delete=models.CASCADE, related_name="triggers")
    norm = models.ForeignKey(Norm, on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    through = models.DateTimeField()  # the latest breach counted
    breach_count = models.PositiveSmallIntegerField()
    fired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["rule", "norm", "official", "unit", "-through"], name="trigger_latest_idx")]
