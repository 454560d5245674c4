"""Everything that changes a feedback case. Views call these; each step re-reads the status under a row lock.

A submission is committed before anything else happens (e-mails are stored in
the outbox in the same transaction and sent afterwards), so a broker or
worker that is down never costs a citizen their case.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from culture_portal.access import unit_heads_of
from culture_portal.audit import audit_record
from culture_portal.models import DeadlineRule
from culture_portal.notifications import notify
from culture_portal.outbox import email_queue
from culture_portal.storage import files_saved_together
from culture_portal.text import fold
from culture_portal.workdays import WorkingCalendar
from feedback import codes, deadlines
from feedback.models import Attachment, Case, CaseEvent, Complainant, Extension, VerificationDossier
from feedback.notification_subjects import CASE as CASE_SUBJECT

Status = Case.Status
LANGUAGE = "vi"  # what citizens and officers receive by e-mail


def text_clean(value: str) -> str:
    """One Unicode spelling (NFC) and no stray whitespace at the ends; line breaks kept."""
    return unicodedata.normalize("NFC", value or "").strip()


def site_url(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + path


# --- history and messages -------------------------------------------------------------------------------------


def _event(case: Case, action: str, *, actor=None, public_text: str = "", note: str = "") -> CaseEvent:
    """Record a step; a step the citizen may see also goes to them by e-mail when they left an address."""
    event = CaseEvent.objects.create(case=case, action=action, actor=actor, public_text=public_text[:500], note=note)
    audit_record(
        action=f"feedback.{action}", user=actor, object_type="case", object_ref=case.tracking_code, detail=case.status
    )
    if public_text:
        complainant = Complainant.objects.filter(case=case, erased_at__isnull=True).exclude(email="").first()
        if complainant:
            with override(LANGUAGE):
                email_queue(
                    to=complainant.email,
                    # "Your complaint PA-...": the case is named by its track (docs/glossary.md).
                    subject=_("%(case)s %(code)s: %(status)s")
                    % {"case": case.citizen_title, "code": case.tracking_code, "status": public_text},
                    body=render_to_string(
                        "emails/feedback_status.txt",
                        {"case": case, "text": public_text, "track_url": site_url(reverse("feedback:track"))},
                    ),
                )
    return event


def _lock(case: Case) -> None:
    """Re-read the whole row under a row lock: two officers acting on one case cannot both succeed, and what
    another officer saved since the page was loaded is what this step starts from.

    Each step then saves only the fields it changed (`save(update_fields=...)`): a write from another connection
    that did not take the lock (the reminders' dates) is never overwritten with a stale value.
    """
    case.refresh_from_db(from_queryset=Case.objects.select_for_update())


def _require_status(case: Case, *statuses) -> None:
    if case.status not in statuses:
        raise ValidationError(
            _("This case is now “%(status)s”; the page was out of date. Reload it and try again.")
            % {"status": case.get_status_display()}
        )


def _require_handed_over(case: Case, user) -> None:
    """A case held by an officer who may see the complainant is handed over by that officer, not taken.

    Otherwise any officer could reassign it (to themselves, or to nobody, which opens it to every officer) and
    read the identity the law keeps to the officer handling it. An officer who has left (deactivated) frees it.
    """
    holder = case.assignee
    if holder is None or holder == user or not holder.is_active or not holder.has_perm("feedback.view_identity"):
        return
    raise ValidationError(
        _("This case is being handled by %(name)s: only they can hand it over.")
        % {"name": holder.get_full_name() or holder.get_username()}
    )


def _status_text(case: Case) -> str:
    with override(LANGUAGE):
        return str(case.get_status_display())


# --- submission -----------------------------------------------------------------------------------------------


def case_submit(
    *,
    channel: str,
    nature: str,
    description: str,
    unit=None,
    official_hint: str = "",
    norm=None,
    served_on: datetime.date | None = None,
    received_at: datetime.datetime | None = None,
    box_opening=None,
    keyed_in_by=None,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    consent: bool = False,
    attachments=(),
) -> tuple[Case, str]:
    """Save a case with its contact details and files; returns (case, PIN). The PIN is shown once, never stored.

    All or nothing: if anything fails, the rows are rolled back and the files already written are removed (a
    citizen's photos are personal data that nothing else would ever clean up).
    """
    description = text_clean(description)
    if not description:
        raise ValidationError(_("Please describe what happened."))
    with files_saved_together() as stored:
        code = codes.tracking_code_new()
        while Case.objects.filter(tracking_code=code).exists():
            code = codes.tracking_code_new()
        pin = codes.pin_new()
        case = Case(
            tracking_code=code,
            pin_digest=codes.pin_digest(code, pin),
            channel=channel,
            nature=nature,
            description=description,
            folded_text=fold(description),
            unit=unit,
            official_hint=text_clean(official_hint),
            norm=norm,
            served_on=served_on,
            received_at=received_at or timezone.now(),
            box_opening=box_opening,
            keyed_in_by=keyed_in_by,
        )
        deadlines.deadline_refresh(case)
        case.save(force_insert=True)
        complainant = _complainant_create(
            case, full_name=full_name, phone=phone, email=email, address=address, consent=consent
        )
        for content, mime in attachments:
            attachment = Attachment(case=case, content_type=mime, size=content.size)
            attachment.file.save(content.name, content, save=False)
            stored.append(attachment.file)
            attachment.save(force_insert=True)
        with override(LANGUAGE):
            received_text = _("Received via %(channel)s") % {"channel": case.get_channel_display()}
        CaseEvent.objects.create(case=case, action="received", actor=keyed_in_by, public_text=received_text)
        if complainant.email:
            _receipt_queue(case, pin, complainant.email)
        return case, pin


def _complainant_create(case: Case, *, full_name: str, phone: str, email: str, address: str, consent: bool):
    full_name, phone, email = text_clean(full_name), text_clean(phone), text_clean(email).lower()
    has_contact = bool(full_name or phone or email)
    return Complainant.objects.create(
        case=case,
        full_name=full_name,
        phone=phone,
        email=email,
        address=text_clean(address),
        consent_at=timezone.now() if has_contact and consent else None,
        phone_key=codes.contact_key("phone", phone),
        email_key=codes.contact_key("email", email),
    )


def _receipt_queue(case: Case, pin: str, email: str) -> None:
    """The receipt with the PIN, sealed in the outbox (culture_portal/outbox.py) until it is sent."""
    with override(LANGUAGE):
        email_queue(
            to=email,
            subject=_("Your feedback was received: %(code)s") % {"code": case.tracking_code},
            body=render_to_string(
                "emails/feedback_receipt.txt",
                {"case": case, "pin": pin, "track_url": site_url(reverse("feedback:track"))},
            ),
        )


# --- triage -----------------------------------------------------------------------------------------------------


def _check_track(case: Case, track: str) -> None:
    if track == "denunciation" and _is_anonymous(case):
        raise ValidationError(
            _(
                "An anonymous submission cannot be handled as a denunciation (Law on Denunciation 2018); "
                "it may still be verified as feedback."
            )
        )


def _is_anonymous(case: Case) -> bool:
    complainant = Complainant.objects.filter(case=case).first()
    return complainant is None or complainant.is_anonymous or complainant.erased_at is not None


@transaction.atomic
def case_accept(*, case: Case, user, track: str, norm=None, unit=None, official=None, note: str = "") -> Case:
    """Triage: a valid case, accepted on a track; its decision deadline starts today."""
    _lock(case)
    _require_status(case, Status.RECEIVED)
    _check_track(case, track)
    case.track = track
    case.status = Status.ACCEPTED
    case.accepted_on = timezone.localdate()
    case.norm = norm or case.norm
    case.unit = unit or case.unit
    case.official = official or case.official
    deadlines.deadline_refresh(case)
    case.save(update_fields=["track", "status", "accepted_on", "norm", "unit", "official", *deadlines.FIELDS])
    with override(LANGUAGE):
        text = _("Accepted for handling as: %(track)s. Deadline: %(date)s.") % {
            "track": case.get_track_display(),
            "date": date_format(case.due_on, "d/m/Y") if case.due_on else "-",
        }
    _event(case, "accepted", actor=user, public_text=text, note=text_clean(note))
    return case


@transaction.atomic
def case_mark_duplicate(*, case: Case, user, original: Case, note: str = "") -> Case:
    """Merge into an earlier case: this submitter is kept informed and receives the original's answer."""
    _lock(case)
    _require_status(case, Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS)
    original = original.duplicate_of or original
    if original.pk == case.pk:
        raise ValidationError(_("A case cannot be a duplicate of itself."))
    case.status = Status.DUPLICATE
    case.duplicate_of = original
    deadlines.deadline_refresh(case)
    case.save(update_fields=["status", "duplicate_of", *deadlines.FIELDS])
    with override(LANGUAGE):
        text = _("Merged with case %(code)s about the same matter; you will receive its answer.") % {
            "code": original.tracking_code
        }
    _event(case, "merged", actor=user, public_text=text, note=text_clean(note))
    if original.status == Status.ANSWERED:
        _answer_copy(case, original, user)
    return case


@transaction.atomic
def case_mark_spam(*, case: Case, user, note: str = "") -> Case:
    _lock(case)
    _require_status(case, Status.RECEIVED)
    case.status = Status.SPAM
    deadlines.deadline_refresh(case)
    case.save(update_fields=["status", *deadlines.FIELDS])
    _event(case, "spam", actor=user, public_text=_status_text(case), note=text_clean(note))
    return case


@transaction.atomic
def case_forward(*, case: Case, user, forwarded_to: str, note: str = "") -> Case:
    """Outside our competence: forwarded to the competent body (within the forwarding deadline)."""
    forwarded_to = text_clean(forwarded_to)
    if not forwarded_to:
        raise ValidationError(_("Name the body the case is forwarded to."))
    _lock(case)
    _require_status(case, Status.RECEIVED, Status.ACCEPTED)
    case.status = Status.FORWARDED
    case.forwarded_to = forwarded_to
    deadlines.deadline_refresh(case)
    case.save(update_fields=["status", "forwarded_to", *deadlines.FIELDS])
    with override(LANGUAGE):
        text = _("Outside our competence: forwarded to %(body)s.") % {"body": forwarded_to}
    _event(case, "forwarded", actor=user, public_text=text, note=text_clean(note))
    return case


@transaction.atomic
def case_change_track(*, case: Case, user, track: str, reason: str) -> Case:
    reason = text_clean(reason)
    if not reason:
        raise ValidationError(_("Give the reason for moving the case to another track."))
    _lock(case)
    _require_status(case, *Case.OPEN_STATUSES)
    if track == case.track:
        raise ValidationError(_("The case is already on this track."))
    _check_track(case, track)
    case.track = track
    case.extensions = 0
    # A condition belongs to a track's rules (a second-level complaint is no denunciation): chosen again if it applies.
    case.deadline_condition = case.deadline_condition_reason = ""
    deadlines.deadline_refresh(case)
    case.save(
        update_fields=["track", "extensions", "deadline_condition", "deadline_condition_reason", *deadlines.FIELDS]
    )
    with override(LANGUAGE):
        text = _("Now handled as: %(track)s. Deadline: %(date)s.") % {
            "track": case.get_track_display(),
            "date": date_format(case.due_on, "d/m/Y") if case.due_on else "-",
        }
    _event(case, "track_changed", actor=user, public_text=text, note=reason)
    return case


# --- handling ---------------------------------------------------------------------------------------------------


@transaction.atomic
def case_assign(
    *, case: Case, user, handling_unit, assignee=None, confidential=None, dossier_text=None, released=()
) -> Case:
    """Send the case to a unit (and an officer) for verification; they are notified without the identity.

    A denunciation, or a complaint whose author asked for confidentiality (`confidential`), goes with a redacted
    dossier: `dossier_text` (the description without what could identify the author) and the attachments
    `released` to the unit (Law on Denunciation 2018, Art. 56). A denunciation never goes to the unit it accuses.
    """
    _lock(case)
    _require_status(case, Status.ACCEPTED, Status.IN_PROGRESS)
    _require_handed_over(case, user)
    if confidential is not None:
        case.confidential = bool(confidential)
    if case.track == "denunciation" and handling_unit.path.startswith(case.unit.path):
        raise ValidationError(
            _("A denunciation is never sent for verification to the unit it accuses, nor to a unit under it: send "
              "it to the unit that manages %(unit)s.") % {"unit": case.unit.name}
        )  # fmt: skip
    kept = dossier_text is None and not released and VerificationDossier.objects.filter(case=case).exists()
    if case.needs_redaction and not kept:  # sent on elsewhere without new parts: the dossier already prepared goes
        _dossier_prepare(case, user, text=dossier_text, released=released)
    first_time = case.status == Status.ACCEPTED
    case.handling_unit = handling_unit
    case.assignee = assignee
    case.status = Status.IN_PROGRESS
    case.save(update_fields=["handling_unit", "assignee", "status", "confidential"])
    _event(
        case,
        "assigned",
        actor=user,
        public_text=_status_text(case) if first_time else "",
        note=f"{handling_unit} / {assignee.get_username() if assignee else '-'}",
    )
    url = reverse("feedback:case", args=[case.public_id])
    with override(LANGUAGE):
        text = _("Feedback case %(code)s is assigned to you; deadline %(date)s.") % {
            "code": case.tracking_code,
            "date": date_format(case.due_on, "d/m/Y") if case.due_on else "-",
        }
        notify(recipients=[assignee], text=text, url=url, subject_type=CASE_SUBJECT, subject_key=case.public_id)
        unit_text = _("Feedback case %(code)s was sent to %(unit)s for verification.") % {
            "code": case.tracking_code,
            "unit": handling_unit.name,
        }
    # The heads of the unit and of the units above it (who answer for its subtree); the assignee was told above.
    heads = [head for head in unit_heads_of([handling_unit]) if head != assignee]
    notify(recipients=heads, text=unit_text, url=url, subject_type=CASE_SUBJECT, subject_key=case.public_id)
    return case


def _dossier_prepare(case: Case, user, *, text, released) -> VerificationDossier:
    """The redacted dossier the verifying unit reads; every part released to it is recorded in the audit log."""
    text = text_clean(text or "")
    released = list(released)
    if any(attachment.case_id != case.pk for attachment in released):
        raise ValidationError(_("Only this case's files can be released."))
    if not text and not released:
        raise ValidationError(
            _("The dossier would be empty: keep the parts of the description that do not identify the author, or "
              "release a file, so that the unit has something to verify.")
        )  # fmt: skip
    defaults = {"text": text, "prepared_by": user}
    dossier, _created = VerificationDossier.objects.update_or_create(case=case, defaults=defaults)
    dossier.released.set(released)
    parts = (["text"] if text else []) + [f"file {attachment.public_id}" for attachment in released]
    for part in parts:
        audit_record(action="feedback.dossier_released", user=user, object_type="case",
                     object_ref=case.tracking_code, detail=part)  # fmt: skip
    return dossier


@transaction.atomic
def case_extend(*, case: Case, user, complexity: str, reason: str) -> Extension:
    """Extend the decision deadline of a complex case, in writing, with a reason the citizen sees."""
    reason = text_clean(reason)
    if not reason:
        raise ValidationError(_("An extension needs a reason."))
    if complexity not in ("complex", "especially_complex"):
        raise ValidationError(_("Only a complex or especially complex case may be extended."))
    _lock(case)
    _require_status(case, Status.ACCEPTED, Status.IN_PROGRESS)
    before = case.due_on
    complex_rule = deadlines.rule_for(
        case.track, deadlines.Step.DECIDE_COMPLEX, case.accepted_on, case.deadline_condition
    )
    if complex_rule is not None:
        # Complaints: a complex case simply has the longer decision period (45 days instead of 30).
        if case.complexity != "normal":
            raise ValidationError(_("The deadline of this case was already extended as far as the law allows."))
    else:
        if deadlines.extension_rule(case) is None:
            raise ValidationError(_("The rules in force allow no extension on this track."))
        if case.extensions >= deadlines.EXTENSIONS_ALLOWED[complexity]:
            raise ValidationError(_("The deadline of this case was already extended as far as the law allows."))
        case.extensions += 1
    case.complexity = complexity
    deadlines.deadline_refresh(case)
    case.save(update_fields=["complexity", "extensions", *deadlines.FIELDS])
    extension = Extension.objects.create(case=case, by=user, reason=reason, due_before=before, due_after=case.due_on)
    with override(LANGUAGE):
        text = _("Deadline extended to %(date)s. Reason: %(reason)s") % {
            "date": date_format(case.due_on, "d/m/Y"),
            "reason": reason,
        }
    _event(case, "extended", actor=user, public_text=text)
    return extension


@transaction.atomic
def case_set_deadline_condition(*, case: Case, user, condition: str, reason: str) -> Case:
    """The condition under which the law gives this case a different period (a remote area, a second-level complaint,
    a denunciation verified in several places), with the reason; the deadline is counted again from the step's start.
    """
    reason = text_clean(reason)
    if condition not in DeadlineRule.Condition.values:
        raise ValidationError(_("Choose one of the conditions offered."))
    if not reason:
        raise ValidationError(_("Give the reason for the deadline condition."))
    _lock(case)
    _require_status(case, *Case.OPEN_STATUSES)
    if condition == case.deadline_condition:
        raise ValidationError(_("The case already has this deadline condition."))
    start = deadlines.step_start(case)
    if condition and not DeadlineRule.objects.in_force(start).filter(track=case.track, condition=condition).exists():
        raise ValidationError(
            _("The rules in force give %(track)s no period of its own for “%(condition)s”; nothing was changed.")
            % {"track": case.get_track_display(), "condition": DeadlineRule.Condition(condition).label}
        )
    before = case.due_on
    case.deadline_condition, case.deadline_condition_reason = condition, reason
    deadlines.deadline_refresh(case)
    case.save(update_fields=["deadline_condition", "deadline_condition_reason", *deadlines.FIELDS])
    with override(LANGUAGE):
        text = _("Deadline counted for: %(condition)s. Deadline: %(date)s.") % {
            "condition": case.get_deadline_condition_display(),
            "date": date_format(case.due_on, "d/m/Y") if case.due_on else "-",
        }
    note = f"{reason} ({before:%d/%m/%Y} → {case.due_on:%d/%m/%Y})" if before and case.due_on else reason
    _event(case, "deadline_condition", actor=user, public_text=text, note=note)
    return case


@transaction.atomic
def case_note(*, case: Case, user, text: str) -> CaseEvent:
    """An internal verification note: never shown to the citizen."""
    text = text_clean(text)
    if not text:
        raise ValidationError(_("The note is empty."))
    _lock(case)
    _require_status(case, Status.ACCEPTED, Status.IN_PROGRESS)
    return _event(case, "note", actor=user, note=text)


@transaction.atomic
def case_answer(
    *, case: Case, user, answer: str, publish: bool = False, public_summary: str = "", upheld: str = ""
) -> Case:
    """Answer the citizen (and every submitter merged into this case); optionally publish an anonymised summary.

    A criticism's answer records what the verification found (`upheld`); the deadline in force and the answer time
    in working days are kept with it for the leadership dashboard.
    """
    answer, public_summary = text_clean(answer), text_clean(public_summary)
    if not answer:
        raise ValidationError(_("Write the answer to the citizen."))
    if case.nature == Case.Nature.CRITICISM and upheld not in Case.Upheld.values:
        raise ValidationError(_("Say whether the verification upheld the criticism."))
    if publish and not public_summary:
        raise ValidationError(_("To publish the answer, write a summary without names or contact details."))
    _lock(case)
    _require_status(case, Status.ACCEPTED, Status.IN_PROGRESS)
    case.answer = answer
    case.answered_at = timezone.now()
    case.answered_by = user
    case.is_published = publish
    case.public_summary = public_summary if publish else ""
    case.status = Status.ANSWERED
    case.upheld = upheld if case.nature == Case.Nature.CRITICISM else ""
    case.answered_due_on = case.due_on
    case.answer_working_days = min(
        WorkingCalendar().working_days_between(
            timezone.localdate(case.received_at), timezone.localdate(case.answered_at)
        ),
        32767,
    )
    deadlines.deadline_refresh(case)
    case.save(
        update_fields=[
            "answer",
            "answered_at",
            "answered_by",
            "is_published",
            "public_summary",
            "status",
            "upheld",
            "answered_due_on",
            "answer_working_days",
            *deadlines.FIELDS,
        ]
    )
    _event(case, "answered", actor=user, public_text=_status_text(case))
    for duplicate in case.duplicates.select_for_update().filter(status=Status.DUPLICATE):
        _answer_copy(duplicate, case, user)
    return case


def _answer_copy(duplicate: Case, original: Case, user) -> None:
    duplicate.answer = original.answer
    duplicate.answered_at = original.answered_at
    duplicate.answered_by = user
    duplicate.status = Status.ANSWERED
    duplicate.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    _event(duplicate, "answered", actor=user, public_text=_status_text(duplicate))


@transaction.atomic
def case_taken_up(*, case: Case, user) -> CaseEvent:
    """Tell the citizen that the matter was taken up in an inspection, once its conclusion is approved (never
    before: a surprise inspection is secret until then). The caller says when; this says it in the citizen's words,
    whatever the case's status."""
    with override(LANGUAGE):
        text = str(_("The matter you raised was taken up in an inspection of the unit; its conclusion is approved."))
    return _event(case, "taken_up", actor=user, public_text=text)


@transaction.atomic
def case_rate(*, case: Case, score: int, comment: str = "") -> Case:
    """The citizen rates the answer, once."""
    if score not in range(1, 6):
        raise ValidationError(_("Choose a rating from 1 to 5."))
    _lock(case)
    _require_status(case, Status.ANSWERED)
    if case.rating is not None:
        raise ValidationError(_("This answer has already been rated. Thank you."))
    case.rating = score
    case.rating_comment = text_clean(comment)
    case.rated_at = timezone.now()
    case.save(update_fields=["rating", "rating_comment", "rated_at"])
    CaseEvent.objects.create(case=case, action="rated", note=f"{score}/5")
    return case
