"""Pages of the feedback officers, leadership and the units sent a case. Cases are read through selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from culture_portal import storage
from culture_portal.access import permission_required
from feedback import access, identity, personal_data, selectors, services
from feedback.forms import (
    AnswerForm,
    AssignForm,
    BoxOpeningForm,
    ContactCorrectionForm,
    DeadlineConditionForm,
    ExtendForm,
    KeyInForm,
    NoteForm,
    TrackChangeForm,
    TriageForm,
)
from feedback.models import BoxOpening, Case

PAGE_SIZE = 50


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_GET
@permission_required("feedback.view_case")
def case_list(request):
    """Open cases first, most urgent (earliest deadline) first; overdue ones flagged."""
    today = timezone.localdate()
    cases, chosen = selectors.case_list_filtered(request.user, request.GET, today)
    cases = (
        cases.select_related("unit", "handling_unit", "assignee", "norm")
        .annotate(
            closed_rank=When_(
                When(status__in=Case.OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("closed_rank", F("due_on").asc(nulls_last=True), "received_at", "pk")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": today,
        **chosen,
        "statuses": [
            ("open", _("Open")),
            ("overdue", _("Overdue")),
            ("due_soon", _("Due within two working days")),
            *Case.Status.choices,
            ("all", _("All")),
        ],
        "tracks": Case._meta.get_field("track").choices,
        "channels": Case.Channel.choices,
    }
    return render(request, "feedback/case_list.html", context)


ACTION_FORMS = {
    "triage": TriageForm,
    "assign": AssignForm,
    "track": TrackChangeForm,
    "extend": ExtendForm,
    "condition": DeadlineConditionForm,
    "note": NoteForm,
    "answer": AnswerForm,
}


def _auto_id(action: str) -> str:
    """Several of these forms share field names (track, reason) on one page: their ids, which the labels point at,
    must not clash (a label would name, and a click on it focus, the other form's field)."""
    return f"id_{action}_%s"


# Who may post each form of the case page (feedback/access.py): the officers handling cases, and for a note also
# the unit the case was sent to.
ACTION_ALLOWED = {action: access.can_handle for action in ACTION_FORMS} | {"note": access.can_add_note}


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_case")
def case_detail(request, public_id):
    case = access.case_for_user(request.user, public_id)
    forms = {}
    complainant = correction_form = None
    if request.method == "POST":
        action = request.POST.get("do", "")
        if action == "identity":
            if not access.can_see_identity(request.user, case):
                raise PermissionDenied
            complainant = identity.identity_read(case=case, request=request)
            if complainant is None:
                messages.info(request, _("This case was sent anonymously."))
            elif access.can_correct_contact(request.user, case):
                correction_form = ContactCorrectionForm(
                    initial={name: getattr(complainant, name) for name in personal_data.CORRECTABLE},
                    auto_id=CORRECTION_AUTO_ID,
                )
        elif action == "correct_contact":
            complainant, correction_form, done = _correct_contact(request, case)
            if done:
                return redirect("feedback:case", public_id=case.public_id)
        elif action in ACTION_FORMS:
            if not ACTION_ALLOWED[action](request.user, case):
                raise PermissionDenied
            form = ACTION_FORMS[action](request.POST, auto_id=_auto_id(action))
            if form.is_valid():
                try:
                    _apply(action, case, request.user, form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, _errors(error))
                else:
                    messages.success(request, _("Saved."))
                    return redirect("feedback:case", public_id=case.public_id)
            forms[action] = form
            messages.error(request, _("Nothing was changed: please correct the form below."))
        else:
            raise Http404
    for action, form_class in ACTION_FORMS.items():
        if action not in forms and ACTION_ALLOWED[action](request.user, case):
            forms[action] = form_class(initial=_initial(action, case), auto_id=_auto_id(action))
    context = {
        "case": case,
        "forms": forms,
        "complainant": complainant,
        "correction_form": correction_form,
        "may_see_identity": access.can_see_identity(request.user, case),
        "events": case.events.select_related("actor"),
        "attachments": case.attachments.all(),
        "extensions": case.extension_records.select_related("by"),
        "duplicates": case.duplicates.only("public_id", "tracking_code", "status"),
        "likely_duplicates": selectors.likely_duplicates(case)
        if case.status == Case.Status.RECEIVED and access.can_handle(request.user, case)
        else [],
        "today": timezone.localdate(),
    }
    invalid = any(form.errors for form in forms.values()) or (correction_form is not None and correction_form.errors)
    return render(request, "feedback/case_detail.html", context, status=400 if invalid else 200)


CORRECTION_AUTO_ID = "id_contact_%s"


def _correct_contact(request, case):
    """(complainant, form, done): a person's correction of their contact details, applied if the form is valid."""
    if not access.can_correct_contact(request.user, case):
        raise PermissionDenied
    complainant = identity.identity_read(case=case, request=request)
    if complainant is None:  # anonymous, or erased: there is nothing to correct
        raise Http404
    form = ContactCorrectionForm(request.POST, auto_id=CORRECTION_AUTO_ID)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the form below."))
        return complainant, form, False
    changed = personal_data.complainant_correct(
        complainant=complainant, data=form.cleaned_data, reason=form.cleaned_data["reason"], request=request
    )
    if changed:
        messages.success(request, _("The contact details were corrected."))
    else:
        messages.info(request, _("The contact details were already as given: nothing was changed."))
    return complainant, form, True


def _initial(action: str, case: Case) -> dict:
    if action == "triage":
        return {"track": case.track, "norm": case.norm_id, "unit": case.unit_id}
    if action == "assign":
        return {"handling_unit": case.handling_unit_id or case.unit_id, "assignee": case.assignee_id}
    return {}


def _apply(action: str, case: Case, user, data: dict) -> None:
    if action == "triage":
        decision = data["decision"]
        if decision == "accept":
            services.case_accept(
                case=case,
                user=user,
                track=data["track"],
                norm=data.get("norm"),
                unit=data.get("unit"),
                note=data["note"],
            )
        elif decision == "duplicate":
            services.case_mark_duplicate(case=case, user=user, original=data["original"], note=data["note"])
        elif decision == "spam":
            services.case_mark_spam(case=case, user=user, note=data["note"])
        else:
            services.case_forward(case=case, user=user, forwarded_to=data["forwarded_to"], note=data["note"])
    elif action == "assign":
        services.case_assign(case=case, user=user, handling_unit=data["handling_unit"], assignee=data.get("assignee"))
    elif action == "track":
        services.case_change_track(case=case, user=user, track=data["track"], reason=data["reason"])
    elif action == "extend":
        services.case_extend(case=case, user=user, complexity=data["complexity"], reason=data["reason"])
    elif action == "condition":
        services.case_set_deadline_condition(case=case, user=user, condition=data["condition"], reason=data["reason"])
    elif action == "note":
        services.case_note(case=case, user=user, text=data["text"])
    elif action == "answer":
        services.case_answer(
            case=case,
            user=user,
            answer=data["answer"],
            publish=data["publish"],
            public_summary=data["public_summary"],
            upheld=data["upheld"],
        )


@require_GET
@permission_required("feedback.view_case")
def attachment_download(request, public_id, attachment_id):
    case = access.case_for_user(request.user, public_id)
    attachment = get_object_or_404(case.attachments, public_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{case.tracking_code}-{attachment.pk}.{attachment.file.name.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _key_in(request, box_opening=None):
    """(form, redirect or None): the key-in form of a hotline call, an e-mail or a box letter, handled."""
    form = KeyInForm(request.POST or None, request.FILES or None, box_opening=box_opening)
    if request.method != "POST" or not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        case, _pin = services.case_submit(
            channel=Case.Channel.BOX if box_opening else data["channel"],
            received_at=data.get("received_at") or None,
            box_opening=box_opening,
            keyed_in_by=request.user,
            attachments=data["attachments"],
            address=data.get("address", ""),
            **form.case_fields(),
            **form.contact_fields(),
        )
    except ValidationError as error:
        form.add_error(None, _errors(error))
        return form, None
    except OSError as error:
        if not storage.storage_failed(error):
            raise
        storage.log.error("A keyed-in case could not be stored", exc_info=error)
        form.add_error(
            None,
            _(
                "The files could not be stored: the server's storage is full or cannot be written. Nothing was "
                "recorded; send the form again later. The administrators have been told."
            ),
        )
        return form, None
    messages.success(request, _("Case %(code)s recorded.") % {"code": case.tracking_code})
    if box_opening is not None:
        return form, redirect("feedback:box", public_id=box_opening.public_id)
    return form, redirect("feedback:case", public_id=case.public_id)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_case")
def case_key_in(request):
    """A hotline call or an e-mail keyed in by a feedback officer (box letters: from the opening's page)."""
    form, done = _key_in(request)
    if done:
        return done
    return render(request, "feedback/key_in.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@permission_required("feedback.view_boxopening")
def box_list(request):
    openings = BoxOpening.objects.select_related("location").annotate(keyed=Count("letters"))
    page = Paginator(openings.order_by("-opened_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "feedback/box_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_boxopening")
def box_create(request):
    form = BoxOpeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opening = form.save(commit=False)
        opening.created_by = request.user
        opening.save(force_insert=True)
        messages.success(request, _("Box opening recorded. Now key in each letter."))
        return redirect("feedback:box", public_id=opening.public_id)
    return render(request, "feedback/box_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.view_boxopening")
def box_detail(request, public_id):
    opening = get_object_or_404(BoxOpening.objects.select_related("location", "created_by"), public_id=public_id)
    form = None
    if request.user.has_perm("feedback.add_case"):
        form, done = _key_in(request, box_opening=opening)
        if done:
            return done
    elif request.method == "POST":
        raise PermissionDenied
    letters = opening.letters.select_related("unit").order_by("received_at", "pk")
    context = {"opening": opening, "letters": letters, "form": form}
    return render(request, "feedback/box_detail.html", context, status=400 if form is not None and form.errors else 200)
