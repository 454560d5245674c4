from django.db import models
from django.utils.translation import gettext_lazy as _

# The one row there is: the portal has one identity, edited in place in the back office.
THE_ROW = 1


class PortalIdentity(models.Model):
    """How the portal names itself and its leadership (issue 15): data, not code, so that a change of tier or of
    name (a city's portal serving the province after 1/7/2025) is an edit in the back office.

    An empty field means "derived from the top unit in operation" (culture_portal.identity), so a new installation
    speaks for whatever body heads its imported tree until an administrator words it otherwise."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=THE_ROW, editable=False)
    portal_name = models.CharField(
        _("portal name"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown in the header and the browser's title, as the sender of e-mails and in authenticator apps, "
            "e.g. Cổng văn hóa công vụ tỉnh Hà Tĩnh. Empty: “Cổng văn hóa công vụ” and the name of the top unit."
        ),
    )
    leadership_title = models.CharField(
        _("leadership, as people read it"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who leads the programme, as a sentence names them, e.g. lãnh đạo Ủy ban nhân dân tỉnh. "
            "Empty: “lãnh đạo” and the name of the top unit."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("portal identity")
        verbose_name_plural = _("portal identity")
        constraints = [models.CheckConstraint(condition=models.Q(id=THE_ROW), name="portal_identity_one_row")]

    def __str__(self):
        return str(self._meta.verbose_name)
