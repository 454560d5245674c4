"""Pages of the feedback officers, leadership and the units sent a case. Cases are read through selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from culture_portal import storage
from culture_portal.access import permission_required
from culture_portal.keyset import KeysetPaginator, keyset_page
from feedback import access, case_links, case_steps, identity, personal_data, selectors, services
from feedback.forms import BoxOpeningForm, ContactCorrectionForm, KeyInForm
from feedback.models import Attachment, BoxOpening, Case, VerificationDossier

PAGE_SIZE = 50


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


STATUS_FILTERS = [
    ("open", gettext_lazy("Open")),
    ("overdue", gettext_lazy("Overdue")),
    ("due_soon", gettext_lazy("Due within two working days")),
    *Case.Status.choices,
    ("all", gettext_lazy("All")),
]


@require_GET
@permission_required("feedback.view_case")
def case_list(request):
    """Open cases first, most urgent (earliest deadline) first; overdue ones flagged."""
    today = timezone.localdate()
    cases, chosen = selectors.case_list_filtered(request.user, request.GET, today)
    pages = KeysetPaginator(selectors.case_list_ordered(cases), selectors.CASE_LIST_KEYS, PAGE_SIZE)
    page, status = keyset_page(request, pages)
    context = {
        "page": page,
        "today": today,
        **chosen,
        "statuses": STATUS_FILTERS,
        "tracks": Case._meta.get_field("track").choices,
        "channels": Case.Channel.choices,
    }
    return render(request, "feedback/case_list.html", context, status=status)


@require_GET
@permission_required("feedback.view_case")
def case_detail(request, public_id):
    return _case_page(request, access.case_for_user(request.user, public_id))


def _case_page(request, case, *, step_form=None, complainant=None, correction_form=None):
    """The case page; a step's form that was refused (`step_form`: (step, form)) is shown with its errors."""
    forms = {
        step: step.form(case)
        for step in case_steps.STEPS.values()
        if step.offered(case) and step.allowed(request.user, case)
    }
    if step_form is not None:
        forms[step_form[0]] = step_form[1]
    context = {
        "case": case,
        "forms": forms,
        "complainant": complainant,
        "correction_form": correction_form,
        "may_see_identity": access.can_see_identity(request.user, case),
        "events": case.events.select_related("actor"),
        **_file_shown(request.user, case),
        "extensions": case.extension_records.select_related("by"),
        "duplicates": case.duplicates.only("public_id", "tracking_code", "status"),
        "likely_duplicates": selectors.likely_duplicates(case)
        if case.status == Case.Status.RECEIVED and access.can_handle(request.user, case)
        else [],
        "today": timezone.localdate(),
        # What other apps know about the case (an inspection that took it up), each only as far as the user may see.
        "panels": case_links.case_panels(request.user, case),
    }
    invalid = any(form.errors for form in forms.values()) or (correction_form is not None and correction_form.errors)
    return render(request, "feedback/case_detail.html", context, status=400 if invalid else 200)


def _file_shown(user, case) -> dict:
    """The description and the files, or for the unit verifying a denunciation only the redacted dossier."""
    if not access.sees_redacted(user, case):
        return {"description": case.description, "attachments": case.attachments.all(), "redacted": False}
    dossier = VerificationDossier.objects.filter(case=case).first()
    return {
        "description": dossier.text if dossier else "",
        "attachments": dossier.released.all() if dossier else [],
        "redacted": True,
    }


@require_POST
@permission_required("feedback.view_case")
def case_step(request, public_id, step):
    """One step of the case page (feedback/case_steps.py), posted to its own address."""
    case = access.case_for_user(request.user, public_id)
    step = case_steps.STEPS[step]
    if not step.allowed(request.user, case):
        raise PermissionDenied
    form = step.form(case, data=request.POST)
    if form.is_valid():
        try:
            step.apply(case, request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("feedback:case", public_id=case.public_id)
    messages.error(request, _("Nothing was changed: please correct the form below."))
    return _case_page(request, case, step_form=(step, form))


CORRECTION_AUTO_ID = "id_contact_%s"


@require_POST
@permission_required("feedback.view_case")
def case_identity(request, public_id):
    """The complainant's identity shown to one who must see it, each viewing recorded (feedback/identity.py)."""
    case = access.case_for_user(request.user, public_id)
    if not access.can_see_identity(request.user, case):
        raise PermissionDenied
    complainant = identity.identity_read(case=case, request=request)
    correction_form = None
    if complainant is None:
        messages.info(request, _("This case was sent anonymously."))
    elif access.can_correct_contact(request.user, case):
        initial = {name: getattr(complainant, name) for name in personal_data.CORRECTABLE}
        correction_form = ContactCorrectionForm(initial=initial, auto_id=CORRECTION_AUTO_ID)
    return _case_page(request, case, complainant=complainant, correction_form=correction_form)


@require_POST
@permission_required("feedback.view_case")
def case_correct_contact(request, public_id):
    """A person's correction of their contact details, keyed in by the officer handling the case."""
    case = access.case_for_user(request.user, public_id)
    if not access.can_correct_contact(request.user, case):
        raise PermissionDenied
    complainant = identity.identity_read(case=case, request=request)
    if complainant is None:  # anonymous, or erased: there is nothing to correct
        raise Http404
    form = ContactCorrectionForm(request.POST, auto_id=CORRECTION_AUTO_ID)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the form below."))
        return _case_page(request, case, complainant=complainant, correction_form=form)
    data = form.cleaned_data
    if personal_data.complainant_correct(complainant=complainant, data=data, reason=data["reason"], request=request):
        messages.success(request, _("The contact details were corrected."))
    else:
        messages.info(request, _("The contact details were already as given: nothing was changed."))
    return redirect("feedback:case", public_id=case.public_id)


@require_GET
@permission_required("feedback.view_case")
def attachment_download(request, public_id, attachment_id):
    case = access.case_for_user(request.user, public_id)
    files = case.attachments
    if access.sees_redacted(request.user, case):  # the verifying unit: only the files released to it
        files = Attachment.objects.filter(pk__in=VerificationDossier.released.through.objects.filter(
            verificationdossier__case=case).values("attachment_id"))  # fmt: skip
    attachment = get_object_or_404(files, public_id=attachment_id)
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
    case = _case_keyed_in(request, form, box_opening)
    if case is None:
        return form, None
    messages.success(request, _("Case %(code)s recorded.") % {"code": case.tracking_code})
    if box_opening is not None:
        return form, redirect("feedback:box", public_id=box_opening.public_id)
    return form, redirect("feedback:case", public_id=case.public_id)


def _case_keyed_in(request, form, box_opening):
    """The case recorded from a valid key-in form; or None, the reason added to the form and what was typed kept
    (the storage middleware's 503 page would lose it)."""
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
        return None
    except OSError as error:
        if not storage.storage_failed(error):
            raise
        storage.log.error("A keyed-in case could not be stored", exc_info=error)
        form.add_error(None, STORAGE_FAILED)
        return None
    return case


STORAGE_FAILED = gettext_lazy(
    "The files could not be stored: the server's storage is full or cannot be written. Nothing was "
    "recorded; send the form again later. The administrators have been told."
)


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
