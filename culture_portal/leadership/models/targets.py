from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TargetQuerySet(models.QuerySet):
    def in_force(self, on):
        return self.filter(Q(valid_from__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class Target(models.Model):
    """A level the province sets for one measure (e.g. satisfaction at least 90%), drawn as a line on the charts.

    Data with effective dates, edited by administrators: a new plan year brings new targets without a release.
    """

    class Measure(models.TextChoices):
        SATISFACTION = "satisfaction", _("Citizens satisfied or very satisfied (%)")
        ANSWERED_ON_TIME = "answered_on_time", _("Feedback answered within the legal deadline (%)")
        ACTIONS_ON_TIME = "actions_on_time", _("Corrective actions done on time (%)")
        ACKNOWLEDGED = "acknowledged", _("Assigned documents confirmed as read (%)")
        ATTENDANCE = "attendance", _("Officials present at check time (%)")

    measure = models.CharField(_("measure"), max_length=32, choices=Measure.choices)
    value = models.DecimalField(
        _("target (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    basis = models.CharField(_("set by (document)"), max_length=255, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["measure", "-valid_from"]
        permissions = [("view_dashboard", _("Can see the leadership dashboard (unit heads: their own units)"))]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=100), name="target_value_percent"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="target_valid_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_measure_display()} ≥ {self.value}%"

    @classmethod
    def value_on(cls, measure: str, on):
        """The target in force on that day, or None."""
        return (
            cls.objects.in_force(on)
            .filter(measure=measure)
            .order_by("-valid_from")
            .values_list("value", flat=True)
            .first()
        )
