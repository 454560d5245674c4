"""Reorganisations of the tree as data: units merged, split, renamed or dissolved on a date under a legal text.

An administrator records one as a draft, reads its preview (culture_portal.reorganisation) and applies it; the
record stays readable afterwards and is what a dissolved unit's page quotes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from culture_portal.models.organisation import Unit, unit_code_validator


class Reorganisation(models.Model):
    class Kind(models.TextChoices):
        MERGE = "merge", _("Merger (several units into one)")
        SPLIT = "split", _("Split (one unit into several)")
        RENAME = "rename", _("Renaming (one unit becomes another)")
        DISSOLVE = "dissolve", _("Dissolution")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPLIED = "applied", _("Applied")

    kind = models.CharField(_("kind of reorganisation"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("effective from"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("E.g. Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The units that cease on effective_on, and the units that take over their work. For a split, main_successor
    # receives the open work, the officials and the old unit's place (and history) in the tree; the others are named.
    predecessors = models.ManyToManyField(
        Unit, verbose_name=_("units that cease"), related_name="dissolutions", blank=True
    )
    successors = models.ManyToManyField(Unit, verbose_name=_("successor units"), related_name="successions", blank=True)
    main_successor = models.ForeignKey(
        Unit,
        verbose_name=_("main successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What applying changed, counted when it was applied (the record of the move): {"officials": 3, "desks": 1,
    # "feedback.case": 2, ...}, and the codes of the units that ceased.
    # A successor that does not exist yet (a new ward, a renamed unit): created when the reorganisation is applied,
    # not before, so nothing appears in the tree while it is a draft. Emptied once created (it is then a successor).
    new_unit_code = models.CharField(_("new unit's code"), max_length=32, blank=True, validators=[unit_code_validator])
    new_unit_name = models.CharField(_("new unit's name"), max_length=255, blank=True)
    new_unit_kind = models.CharField(_("new unit's kind"), max_length=32, choices=Unit.Kind.choices, blank=True)
    new_unit_parent = models.ForeignKey(
        Unit,
        verbose_name=_("new unit placed under"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y} ({self.legal_basis})"

    @property
    def is_applied(self) -> bool:
        return self.status == self.Status.APPLIED

    @property
    def plans_new_unit(self) -> bool:
        return bool(self.new_unit_code)
