"""Names and legal rules kept as data, with the dates they are in force.

Laws and administrative boundaries change (Vietnam merged its communes and
abolished districts in 2025; the laws on civil servants and on public
employees' discipline changed in 2025-26). Administrators record the new value
with the date it takes effect; the portal picks the value in force on the date
that matters, so no release is needed.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from culture_portal.models.organisation import Official, Unit
from culture_portal.roles import Role


class EffectiveQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on)
        )


class EffectiveDated(models.Model):
    """Abstract: a record that applies from `valid_from` to `valid_until` (inclusive, open-ended when empty)."""

    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, blank=True, help_text=_("The document that sets this value.")
    )

    # Fields that identify "the same rule": two records with equal values here
    # must not be in force on the same day.
    same_rule_fields: tuple[str, ...] = ()

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date cannot be before the start date.")})
        if self.valid_from and self._overlapping().exists():
            raise ValidationError(
                _("Another record for the same rule is already in force during these dates; end it first.")
            )

    def _overlapping(self):
        same = {field: getattr(self, field) for field in self.same_rule_fields}
        others = type(self).objects.filter(**same).exclude(pk=self.pk)
        if self.valid_until:
            others = others.filter(valid_from__lte=self.valid_until)
        return others.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=self.valid_from))


class IssuingBody(EffectiveDated):
    """How a unit signs its documents: the header block and the symbol (UBND in "12/TB-UBND")."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="issuing_bodies")
    name = models.CharField(
        _("issuing body"), max_length=255, help_text=_("As printed, e.g. ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH")
    )
    parent_name = models.CharField(
        _("parent body"), max_length=255, blank=True, help_text=_("Printed above the issuing body; may be empty.")
    )
    place_name = models.CharField(_("place name"), max_length=100, help_text=_("As in 'Hà Tĩnh, ngày ...'"))
    symbol = models.CharField(_("symbol"), max_length=32, help_text=_("e.g. UBND"))

    same_rule_fields = ("unit",)

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["unit", "-valid_from"]

    def __str__(self):
        return self.name


class DocumentKind(models.Model):
    """A kind of administrative document and its symbol (Thông báo: TB; Quyết định: QĐ)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    symbol = models.CharField(_("symbol"), max_length=16)

    class Meta:
        verbose_name = _("kind of document")
        verbose_name_plural = _("kinds of document")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.symbol})"


class DocumentNumber(models.Model):
    """The last number issued per issuing unit, kind and year (numbers restart at 01 each 1 January)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "year"], name="document_number_unique")]

    def __str__(self):
        return f"{self.kind.symbol} {self.year}: {self.last_number}"


class DeadlineRule(EffectiveDated):
    """A legal deadline for one step of one track of citizen submissions."""

    class Track(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback and petitions (phản ánh, kiến nghị)")
        COMPLAINT = "complaint", _("Complaint (khiếu nại)")
        DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")

    class Step(models.TextChoices):
        ACCEPT = "accept", _("Accept or decline")
        FORWARD = "forward", _("Forward to the competent body")
        DECIDE = "decide", _("Decide")
        DECIDE_COMPLEX = "decide_complex", _("Decide (complex case)")
        EXTEND = "extend", _("Extension")

    class Counting(models.TextChoices):
        WORKING_DAYS = "working", _("working days")
        CALENDAR_DAYS = "calendar", _("calendar days")

    class Condition(models.TextChoices):
        """When the law gives a case a different period: chosen on the case, with a reason. A step without a rule for
        the case's condition takes the standard one."""

        STANDARD = "", _("Standard")
        REMOTE = "remote", _("Remote or hard-to-reach area (vùng sâu, vùng xa)")
        SECOND_LEVEL = "second_level", _("Second-level complaint (khiếu nại lần hai)")
        SECOND_LEVEL_REMOTE = "second_level_remote", _("Second-level complaint in a remote or hard-to-reach area")
        SEVERAL_PLACES = "several_places", _("Verification needed in several places")

    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    condition = models.CharField(
        _("condition"),
        max_length=24,
        choices=Condition.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Leave standard unless the law gives this condition its own period."),
    )
    days = models.PositiveSmallIntegerField(_("days"))
    counting = models.CharField(_("counted in"), max_length=16, choices=Counting.choices)
    # Values seeded without a legal text fixing them (the city's own rules): an administrator checks them against
    # the customer's regulation and clears the mark; the set-up page lists the rules still marked.
    to_be_confirmed = models.BooleanField(
        _("to be confirmed"),
        default=False,
        help_text=_("A default value no legal text fixes: clear this once checked against your own regulation."),
    )

    same_rule_fields = ("track", "step", "condition")

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["track", "step", "condition", "-valid_from"]

    def __str__(self):
        step = self.get_step_display()
        if self.condition:
            step = f"{step} ({self.get_condition_display()})"
        return f"{self.get_track_display()} - {step}: {self.days} {self.get_counting_display()}"


class DisciplinaryMeasure(EffectiveDated):
    """A measure an inspection may propose: administrative practice or a disciplinary form set by law."""

    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("Administrative practice (not a disciplinary form)")
        DISCIPLINARY = "disciplinary", _("Disciplinary form")

    code = models.SlugField(_("code"), max_length=48)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    applies_to = models.CharField(
        _("applies to"),
        max_length=32,
        blank=True,
        choices=[("", _("everyone")), *Official.Category.choices],
    )
    severity = models.PositiveSmallIntegerField(_("severity order"), default=0, help_text=_("Higher is heavier."))

    same_rule_fields = ("code", "applies_to")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["kind", "severity"]

    def __str__(self):
        return self.name

    def applies_to_official(self, official) -> bool:
        """Administrative practice applies to anyone (and to a unit); a disciplinary form only to an official of the
        category the law sets it for (Decree 172/2025/NĐ-CP for cadres and civil servants, the public-employee rules
        for viên chức)."""
        if not self.applies_to:
            return True
        return official is not None and official.category == self.applies_to

    def label(self) -> str:
        """ "Khiển trách (Civil servant (công chức))": the same form exists for several categories."""
        return f"{self.name} ({self.get_applies_to_display()})" if self.applies_to else self.name

    def refusal_for(self, official) -> str | None:
        """Why this measure cannot be proposed for `official` (None for a unit), or None when it can."""
        if self.applies_to_official(official):
            return None
        if official is None:
            return str(
                _(
                    "%(measure)s is a disciplinary form for a named official: choose the official, or propose an "
                    "administrative measure."
                )
            ) % {"measure": self.label()}
        return str(_("%(measure)s does not apply to %(name)s (%(category)s).")) % {
            "measure": self.label(),
            "name": official.full_name,
            "category": official.get_category_display(),
        }


class Signatory(EffectiveDated):
    """Who may sign documents for an issuing body, and in which capacity (Decree 30/2020: TM., KT., Q., TL., TUQ.).

    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / "Võ Hồng Hải": the capacity line, the title line and the name are printed
    as recorded here.
    """

    issuing_body_unit = models.ForeignKey(
        Unit, verbose_name=_("signs for unit"), on_delete=models.PROTECT, related_name="signatories"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("login account"), on_delete=models.PROTECT, related_name="signatories"
    )
    full_name = models.CharField(_("full name as signed"), max_length=150)
    capacity = models.CharField(
        _("capacity line"), max_length=100, help_text=_("e.g. TM. ỦY BAN NHÂN DÂN or KT. CHỦ TỊCH")
    )
    title = models.CharField(_("title line"), max_length=100, help_text=_("e.g. CHỦ TỊCH or PHÓ CHỦ TỊCH"))

    same_rule_fields = ("issuing_body_unit", "user")

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["issuing_body_unit", "-valid_from"]

    def __str__(self):
        return f"{self.capacity} {self.title} {self.full_name}"

    def clean(self):
        super().clean()
        # Only leadership approves conclusions; a signatory without the role could never use the record.
        if self.user_id and not self.user.groups.filter(name=Role.LEADERSHIP).exists():
            raise ValidationError(
                {"user": _("Only a leadership account can sign: give the account the leadership role first.")}
            )
        if self.user_id and not self.user.is_active:
            raise ValidationError({"user": _("This account is deactivated.")})
