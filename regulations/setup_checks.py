"""The regulations' part of the set-up checklist: a catalogue of norms, and a code of conduct in force with its text."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from culture_portal.setup import SetupItem
from regulations.models import DocumentStatus, LegalDocument, Norm, Provision


def regulations_setup_items(today: datetime.date) -> list[SetupItem]:
    norms = Norm.objects.active().count()
    cited = Norm.objects.active().filter(citations__isnull=False).distinct().count()
    codes = (
        LegalDocument.objects.with_status(today)
        .filter(kind=LegalDocument.Kind.CODE_OF_CONDUCT, status__in=[DocumentStatus.IN_FORCE, DocumentStatus.AMENDED])
        .filter(Exists(Provision.objects.filter(version__document=OuterRef("pk"), version__is_current=True)))
        .count()
    )
    return [
        SetupItem(
            "code_of_conduct",
            _("The code of conduct in force, with its text imported"),
            codes > 0,
            _("%(count)d codes of conduct in force with their text.") % {"count": codes}
            if codes
            else _("Record the code of conduct, then import its text (paste it or upload the DOCX)."),
            reverse("regulations:documents"),
            _("Regulations"),
            order=60,
        ),
        SetupItem(
            "norms",
            _("The catalogue of norms, each citing its provision"),
            norms > 0 and cited == norms,
            _("%(count)d norms in use, %(cited)d citing a provision.") % {"count": norms, "cited": cited},
            reverse("admin:regulations_norm_changelist"),
            _("Norms"),
            order=61,
        ),
    ]
