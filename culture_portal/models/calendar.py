from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarException(models.Model):
    """A day that differs from the national rules: an extra day off, or a Saturday worked in exchange.

    The government announces these each year (and the Prime Minister fixes the
    exact lunar-new-year days), so administrators keep them here; an exception
    always wins over the built-in holiday rules.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("reason"), max_length=150)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class CalendarConfirmation(models.Model):
    """An administrator checked a year's days off and working Saturdays against the government's announcement.

    Deadlines of that year are counted from this calendar; the set-up page asks for this year and the next.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("calendar confirmation")
        verbose_name_plural = _("calendar confirmations")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
