"""Complainants' personal data: the retention job, and one person's requests (Decree 13/2023/NĐ-CP): export,
correction and erasure.

A complainant's identity lives in `Complainant` only: name, phone, e-mail, address, when they consented, and
keyed digests of the phone and e-mail. Erasing it blanks all of these and sets `erased_at`; the case itself
(what happened, how it was handled, the answer) stays, as the administrative record the laws on complaints,
denunciations and feedback require. E-mails to the erased address still in the outbox go with it.

A person is found through the keyed digests (`codes.contact_key`), never by scanning the plain text, and the
audit log names them by a prefix of that digest, never by their phone or address.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import override

from culture_portal.audit import audit_record
from culture_portal.models import OutgoingEmail
from feedback import codes
from feedback.models import Case, Complainant

Status = Case.Status
CLOSED_STATUSES = (Status.ANSWERED, Status.DUPLICATE, Status.FORWARDED, Status.SPAM)
IDENTITY_BLANK = {
    "full_name": "",
    "phone": "",
    "email": "",
    "address": "",
    "consent_at": None,
    "phone_key": "",
    "email_key": "",
}
HOLDS_IDENTITY = (
    ~Q(full_name="")
    | ~Q(phone="")
    | ~Q(email="")
    | ~Q(address="")
    | Q(consent_at__isnull=False)
    | ~Q(phone_key="")
    | ~Q(email_key="")
)
REF_LENGTH = 16
BATCH = 500


def _batches(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _erase(complainants) -> int:
    """Blank the identity of these complainants; returns how many were erased."""
    rows = list(complainants.filter(erased_at__isnull=True).values_list("pk", "email"))
    now = timezone.now()
    erased = 0
    with transaction.atomic():
        for batch in _batches(rows):
            erased += Complainant.objects.filter(pk__in=[pk for pk, _email in batch], erased_at__isnull=True).update(
                **IDENTITY_BLANK, erased_at=now
            )
        _outbox_forget({email.lower() for _pk, email in rows if email})
    return erased


def _outbox_forget(emails: set[str]) -> None:
    """E-mails to addresses no complainant on record uses any more (sent or waiting) are deleted."""
    if not emails:
        return
    in_use = set(
        Complainant.objects.filter(erased_at__isnull=True)
        .annotate(address_lower=Lower("email"))
        .filter(address_lower__in=emails)
        .values_list("address_lower", flat=True)
    )
    for batch in _batches(sorted(emails - in_use)):
        OutgoingEmail.objects.annotate(to_lower=Lower("to")).filter(to_lower__in=batch).delete()


# --- retention ---------------------------------------------------------------------------------------------------


def retention_cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """Cases closed before this moment have kept their contact details long enough."""
    today = today or timezone.localdate()
    first_day_kept = today - datetime.timedelta(days=settings.FEEDBACK_CONTACT_RETENTION_DAYS)
    return timezone.make_aware(datetime.datetime.combine(first_day_kept, datetime.time.min))


def contact_details_expired(today: datetime.date | None = None):
    """Complainants whose case closed more than FEEDBACK_CONTACT_RETENTION_DAYS ago, with details still held.

    Closed means answered, merged, forwarded or not processed; the date is when it was answered, or when it
    was received for a case closed without an answer. A case merged into one still open is not closed: its
    submitter is waiting for that answer.
    """
    return (
        Complainant.objects.filter(erased_at__isnull=True, case__status__in=CLOSED_STATUSES)
        .filter(HOLDS_IDENTITY)
        .exclude(case__status=Status.DUPLICATE, case__duplicate_of__status__in=Case.OPEN_STATUSES)
        .annotate(closed_at=Coalesce("case__answered_at", "case__received_at"))
        .filter(closed_at__lt=retention_cutoff(today))
    )


def contact_details_erase_expired(today: datetime.date | None = None) -> int:
    """The retention job: erase the expired contact details; one audit line per run, with the count."""
    cutoff = retention_cutoff(today)
    erased = _erase(contact_details_expired(today))
    audit_record(
        action="feedback.contacts_expired",
        object_type="complainant",
        detail=f"{erased} erased; cases closed before {timezone.localtime(cutoff):%Y-%m-%d} "
        f"(retention {settings.FEEDBACK_CONTACT_RETENTION_DAYS} days)",
    )
    return erased


# --- one person's requests ---------------------------------------------------------------------------------------


class PersonNotGiven(ValueError):
    pass


@dataclasses.dataclass
class Person:
    """Who a request is about, as digests: the current key's and those of the keys in SECRET_KEY_FALLBACKS."""

    phone_keys: list[str]
    email_keys: list[str]

    @property
    def ref(self) -> str:
        """What the audit log names them by: a prefix of the digest, never the contact itself."""
        parts = []
        if self.phone_keys:
            parts.append(f"phone:{self.phone_keys[0][:REF_LENGTH]}")
        if self.email_keys:
            parts.append(f"email:{self.email_keys[0][:REF_LENGTH]}")
        return " ".join(parts)

    def complainants(self):
        condition = Q(pk__in=[])
        if self.phone_keys:
            condition |= Q(phone_key__in=self.phone_keys)
        if self.email_keys:
            condition |= Q(email_key__in=self.email_keys)
        return Complainant.objects.filter(condition, erased_at__isnull=True)


def _keys(kind: str, value: str) -> list[str]:
    current = codes.contact_key(kind, value)
    if not current:
        return []
    normalised = codes.phone_clean(value) if kind == "phone" else value.strip().lower()
    fallbacks = [
        codes._digest(f"contact.{kind}", normalised, key) for key in getattr(settings, "SECRET_KEY_FALLBACKS", [])
    ]
    return list(dict.fromkeys([current, *fallbacks]))


def person(*, phone: str = "", email: str = "") -> Person:
    """The person with this phone (written any way: "+84 912 345 678" is 0912345678) and/or e-mail."""
    found = Person(phone_keys=_keys("phone", phone or ""), email_keys=_keys("email", email or ""))
    if not (found.phone_keys or found.email_keys):
        raise PersonNotGiven("Give a phone number or an e-mail address.")
    return found


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def person_export(*, phone: str = "", email: str = "", user=None) -> dict:
    """Everything the portal holds about the person as a complainant, case by case; the request is logged."""
    subject = person(phone=phone, email=email)
    complainants = subject.complainants().select_related("case", "case__unit").order_by("case__received_at")
    cases = []
    with override(settings.LANGUAGE_CODE):  # the labels as the person reads them on the portal
        for complainant in complainants:
            case = complainant.case
            cases.append(
                {
                    "tracking_code": case.tracking_code,
                    "channel": case.get_channel_display(),
                    "kind": case.get_nature_display(),
                    "received_at": _when(case.received_at),
                    "service_date": case.served_on.isoformat() if case.served_on else None,
                    "unit": case.unit.name if case.unit else None,
                    "official_or_desk": case.official_hint,
                    "description": case.description,
                    "status": case.status,
                    "status_label": str(case.get_status_display()),
                    "answer": case.answer,
                    "answered_at": _when(case.answered_at),
                    "attachments": [
                        {"content_type": attachment.content_type, "size": attachment.size}
                        for attachment in case.attachments.all()
                    ],
                    "contact_details": {
                        "full_name": complainant.full_name,
                        "phone": complainant.phone,
                        "email": complainant.email,
                        "address": complainant.address,
                        "consent_at": _when(complainant.consent_at),
                    },
                }
            )
    audit_record(
        action="person.exported", user=user, object_type="person", object_ref=subject.ref, detail=f"{len(cases)} cases"
    )
    return {
        "generated_at": _when(timezone.now()),
        "source": settings.SITE_URL,
        "cases": cases,
    }


@dataclasses.dataclass
class Erasure:
    ref: str
    erased: int
    still_open: list[str]


def person_erase(*, phone: str = "", email: str = "", user, reason: str) -> Erasure:
    """Erase the person's identity from every case of theirs (the cases stay); the request is logged."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValueError("Give the reason (the request and its date, for example).")
    subject = person(phone=phone, email=email)
    with transaction.atomic():
        complainants = subject.complainants()
        still_open = sorted(
            complainants.filter(case__status__in=Case.OPEN_STATUSES).values_list("case__tracking_code", flat=True)
        )
        erased = _erase(complainants)
        audit_record(
            action="person.erased",
            user=user,
            object_type="person",
            object_ref=subject.ref,
            detail=f"{erased} cases; {reason}",
        )
    return Erasure(ref=subject.ref, erased=erased, still_open=still_open)


CORRECTABLE = ("full_name", "phone", "email", "address")


def complainant_correct(*, complainant: Complainant, data: dict, reason: str, request) -> list[str]:
    """Apply a person's correction of their contact details; returns the names of the fields that changed.

    The audit log gets which fields changed and the officer's account of the request, never the old or new
    values (the log is read more widely than the identity may be).
    """
    values = {
        "full_name": data["full_name"],
        "phone": data["phone"],
        "email": data["email"].lower(),
        "address": data["address"],
    }
    changed = [name for name in CORRECTABLE if getattr(complainant, name) != values[name]]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(complainant, name, values[name])
        complainant.phone_key = codes.contact_key("phone", complainant.phone)
        complainant.email_key = codes.contact_key("email", complainant.email)
        complainant.save(update_fields=[*changed, "phone_key", "email_key"])
        audit_record(
            action="person.corrected",
            request=request,
            object_type="case",
            object_ref=complainant.case.tracking_code,
            detail=f"fields: {', '.join(changed)}; {reason}",
        )
    return changed
