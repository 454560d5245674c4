"""The steps an officer takes on a case page, one per form: who may take it, when the page offers it, and the
service it calls. Each step has its own address (feedback/urls.py) served by views.case_step."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback import access, case_links, services
from feedback.forms import (
    AnswerForm,
    AssignForm,
    DeadlineConditionForm,
    ExtendForm,
    NoteForm,
    TrackChangeForm,
    TriageForm,
)
from feedback.models import Case


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    form_class: type[forms.Form]
    allowed: Callable  # (user, case) -> bool, from feedback/access.py
    offered: Callable[[Case], bool]  # whether the case's status calls for it
    apply: Callable  # (case, user, data) -> None; raises ValidationError with the reason it cannot be taken
    initial: Callable[[Case], dict] = lambda case: {}
    form_kwargs: Callable[[Case], dict] = lambda case: {}  # what a form needs of the case (its files, ...)

    @property
    def auto_id(self) -> str:
        # Several of these forms share field names (track, reason) on one page: their ids, which the labels
        # point at, must not clash (a label would name, and a click on it focus, the other form's field).
        return f"id_{self.name}_%s"

    @property
    def url_name(self) -> str:
        return f"feedback:case_{self.name}"

    def form(self, case: Case, data=None) -> forms.Form:
        if data is not None:
            return self.form_class(data, auto_id=self.auto_id, **self.form_kwargs(case))
        return self.form_class(initial=self.initial(case), auto_id=self.auto_id, **self.form_kwargs(case))


def _triage(case, user, data):
    decision, note = data["decision"], data["note"]
    if decision == "accept":
        services.case_accept(
            case=case, user=user, track=data["track"], norm=data.get("norm"), unit=data.get("unit"), note=note
        )
    elif decision == "duplicate":
        services.case_mark_duplicate(case=case, user=user, original=data["original"], note=note)
    elif decision == "spam":
        services.case_mark_spam(case=case, user=user, note=note)
    else:
        services.case_forward(case=case, user=user, forwarded_to=data["forwarded_to"], note=note)


def _answer(case, user, data):
    services.case_answer(
        case=case,
        user=user,
        answer=data["answer"],
        publish=data["publish"],
        public_summary=data["public_summary"],
        upheld=data["upheld"],
    )


def _answer_start(case: Case) -> dict:
    """The answer starts from what other apps offer as its basis (the findings of an approved inspection that took
    the case up); the officer edits it before it is sent."""
    bases = case_links.answer_bases(case)
    return {"answer": "\n\n".join(bases)} if bases else {}


def _assign_start(case: Case) -> dict:
    """The dossier starts from what was prepared before, or from the whole description for the officer to redact."""
    dossier = getattr(case, "dossier", None) if case.needs_redaction else None
    return {
        "handling_unit": case.handling_unit_id or case.unit_id,
        "assignee": case.assignee_id,
        "confidential": case.confidential,
        "dossier_text": dossier.text if dossier else case.description,
        "released": [str(attachment.public_id) for attachment in dossier.released.all()] if dossier else [],
    }


def _received(case: Case) -> bool:
    return case.status == Case.Status.RECEIVED


def _in_hand(case: Case) -> bool:
    """Open and past triage: verified, extended, noted and answered."""
    return case.is_open and not _received(case)


def _open(case: Case) -> bool:
    return case.is_open


STEPS = {
    step.name: step
    for step in (
        Step(
            "triage",
            _("Triage"),
            TriageForm,
            access.can_handle,
            _received,
            _triage,
            initial=lambda case: {"track": case.track, "norm": case.norm_id, "unit": case.unit_id},
        ),
        Step(
            "assign",
            _("Assign for verification"),
            AssignForm,
            access.can_handle,
            _in_hand,
            lambda case, user, data: services.case_assign(
                case=case,
                user=user,
                handling_unit=data["handling_unit"],
                assignee=data.get("assignee"),
                confidential=data.get("confidential"),
                dossier_text=data.get("dossier_text"),
                released=data.get("released") or (),
            ),  # fmt: skip
            initial=_assign_start,
            form_kwargs=lambda case: {"case": case},
        ),
        Step(
            "track",
            _("Move to another track"),
            TrackChangeForm,
            access.can_handle,
            _open,
            lambda case, user, data: services.case_change_track(
                case=case, user=user, track=data["track"], reason=data["reason"]
            ),
        ),
        Step(
            "extend",
            _("Extend the deadline"),
            ExtendForm,
            access.can_handle,
            _in_hand,
            lambda case, user, data: services.case_extend(
                case=case, user=user, complexity=data["complexity"], reason=data["reason"]
            ),
        ),
        Step(
            "condition",
            _("Deadline condition"),
            DeadlineConditionForm,
            access.can_handle,
            _open,
            lambda case, user, data: services.case_set_deadline_condition(
                case=case, user=user, condition=data["condition"], reason=data["reason"]
            ),
        ),
        Step(
            "note",
            _("Verification note"),
            NoteForm,
            access.can_add_note,
            _in_hand,
            lambda case, user, data: services.case_note(case=case, user=user, text=data["text"]),
        ),
        Step(
            "answer",
            _("Answer the citizen"),
            AnswerForm,
            access.can_handle,
            _in_hand,
            _answer,
            initial=_answer_start,
        ),
    )
}
