from django.db import models
from django.utils.translation import gettext_lazy as _


class Tally(models.Model):
    """How many records of one kind fall in one local month, in one unit's subtree, with one key.

    Kept current by culture_portal/leadership/tallies.py in the same transaction as every write to the records it
    counts; the dashboard reads these few rows instead of scanning a province's findings and cases.
    """

    kind = models.CharField(max_length=24)
    month = models.DateField()  # first day of the month, Asia/Ho_Chi_Minh
    path = models.CharField(max_length=255)  # a unit's path: records of that unit and its sub-units; "" everything
    key = models.CharField(max_length=80, blank=True)  # the kind's own breakdown, e.g. "norm|measure|commendation"
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        default_permissions = ()
        constraints = [
            # Also the index of every read: a kind, the paths of a scope's rows, a range of months.
            models.UniqueConstraint(fields=["kind", "path", "month", "key"], name="tally_bucket"),
        ]


class TallyState(models.Model):
    """One row: whether the tallies can be trusted. A change the deltas cannot follow (a unit moved to another
    parent, a bulk import) marks them stale; the dashboard then counts from the records until they are rebuilt."""

    stale_since = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tally state")
        verbose_name_plural = _("tally state")
        default_permissions = ()
