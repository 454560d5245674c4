"""Pages for citizens (no account): the form, the receipt, tracking with code and PIN, rating, answered cases.

Anti-abuse: a CAPTCHA, a honeypot field and rate limits per client address
(and per tracking code, so a code cannot be attacked from many addresses).
A wrong code and a wrong PIN get the same answer: nobody learns whether a
code exists.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from culture_portal.identity import portal_identity
from culture_portal.keyset import KeysetPaginator, keyset_page
from culture_portal.models import Unit
from culture_portal.organisation import governing_unit
from culture_portal.reorganisation import unit_in_operation
from feedback import codes, selectors, services
from feedback.forms import PublicFeedbackForm, RatingForm, TrackLookupForm
from feedback.models import Case

log = logging.getLogger(__name__)

TRACKED_SESSION_KEY = "feedback_tracked"
RECEIPT_SESSION_KEY = "feedback_receipt"
PER_CODE_RATE = "5/h"


def _limited(request, group: str, rate: str, key="ip") -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    """/feedback/new/ — printed on posters; `?unit=<code>` comes from a desk's QR code."""
    unit = _unit_from_link(request)
    form = PublicFeedbackForm(request.POST or None, request.FILES or None, initial={"unit": unit} if unit else {})
    status = 200
    if request.method == "POST" and not form.finding:  # Find (no script) only lists the units that match
        submitted, status = _submit(request, form)
        if submitted is not None:
            case, pin = submitted
            # Sessions are stored in the database: the PIN waits there sealed, never readable.
            request.session[RECEIPT_SESSION_KEY] = {"code": case.tracking_code, "pin": codes.pin_seal(pin)}
            _remember(request, case.tracking_code)
            return redirect("feedback:receipt")
    context = {
        "form": form,
        "hotline": settings.FEEDBACK_HOTLINE,  # the leadership it names: `portal` (identity)
        "blank_fields_key": None if form.is_bound else _blank_fields_key(form, unit),
    }
    return render(request, "feedback/new.html", context, status=status)


def _blank_fields_key(form, unit) -> str:
    """The key of a blank form's fields in the cache: everything they show (the language, the topics from the
    catalogue of norms, the unit a desk's QR code chose, the leadership named in the consent line), so that a change
    to any of them draws them afresh."""
    shown = (
        get_language(),
        _as_text(form.fields["topic"].choices),
        unit and (unit.pk, unit.name, unit.parent_id and unit.parent.name),
        portal_identity().leadership_title,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def _as_text(choices) -> list:
    """Choices (and groups of them) with their lazy translations as the text they read now."""
    return [
        (str(value), _as_text(label) if isinstance(label, (list, tuple)) else str(label)) for value, label in choices
    ]


def _unit_from_link(request) -> Unit | None:
    """The unit a desk's QR code names, or its successor if it ceased in a reorganisation; a message says which, or
    that the code is not known (the citizen then chooses from the list)."""
    unit_code = request.GET.get("unit", "").strip().replace("\x00", "")[:32] if request.method == "GET" else ""
    if not unit_code:
        return None
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is not None and not unit.is_active:
        successor = unit_in_operation(unit)
        if successor is not None:
            messages.info(
                request,
                _("%(unit)s is no longer in operation; your feedback goes to %(successor)s, which took over its "
                  "work.") % {"unit": unit.name, "successor": successor.name},
            )  # fmt: skip
        unit = successor
    if unit is None:
        messages.warning(
            request,
            _("The unit code in this link (%(code)s) is not known; please choose the unit from the list.")
            % {"code": unit_code},
        )
    return unit


def _submit(request, form):
    """((case, PIN), 302) once the case is recorded; otherwise (None, the page's status) with the reason on the form
    and what was typed kept: 400 invalid, 429 too many submissions, 503 storage or database failure."""
    if _limited(request, "feedback-submit", settings.FEEDBACK_SUBMIT_RATE):
        form.is_valid()  # keep what was typed on the page
        form.add_error(None, _("Too many submissions from your connection. Please try again in an hour."))
        return None, 429
    if not form.is_valid():
        return None, 400
    try:
        submitted = services.case_submit(
            channel=Case.Channel.WEB,
            attachments=form.cleaned_data["attachments"],
            consent=form.cleaned_data["consent"],
            **form.case_fields(),
            **form.contact_fields(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None, 200
    except (OSError, DatabaseError):
        # A full disk or an unwritable media folder: the transaction is rolled back, nothing is half-saved.
        log.exception("Feedback could not be stored")
        form.add_error(
            None,
            _("Your feedback could not be saved because of a technical problem. Nothing was recorded; "
              "please try again in a few minutes, or call the hotline %(hotline)s.")
            % {"hotline": settings.FEEDBACK_HOTLINE},
        )  # fmt: skip
        return None, 503
    return submitted, 302


def _remember(request, code: str) -> None:
    tracked = request.session.get(TRACKED_SESSION_KEY, [])
    if code not in tracked:
        request.session[TRACKED_SESSION_KEY] = [*tracked[-19:], code]


@never_cache
@require_GET
def receipt(request):
    data = request.session.get(RECEIPT_SESSION_KEY)
    pin = codes.pin_unseal(data["pin"]) if data else None
    if pin is None:
        return redirect("feedback:track")
    case = Case.objects.filter(tracking_code=data["code"]).select_related("unit").first()
    return render(request, "feedback/receipt.html", {"code": data["code"], "pin": pin, "case": case})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """/feedback/track/ — printed on receipts and posters."""
    form = TrackLookupForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    status = 200
    if request.method == "POST":
        code = codes.tracking_code_clean(request.POST.get("code", ""))
        too_many = _limited(request, "feedback-track", settings.FEEDBACK_TRACK_RATE) | _limited(
            request, "feedback-track-code", PER_CODE_RATE, key=lambda group, request: code or "-"
        )
        if too_many:
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please wait a few minutes before trying again."))
            status = 429
        elif form.is_valid():
            case = (
                Case.objects.filter(tracking_code=form.cleaned_data["code"]).only("tracking_code", "pin_digest").first()
            )
            if case is not None and codes.pin_matches(case.tracking_code, form.cleaned_data["pin"], case.pin_digest):
                _remember(request, case.tracking_code)
                return redirect("feedback:track_case", code=case.tracking_code)
            form.add_error(None, _("The tracking code or the PIN is not correct."))
            status = 400
        else:
            status = 400
    return render(request, "feedback/track.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def track_case(request, code):
    """The citizen's view of their case: public steps only (no internal notes, no staff names)."""
    if code not in request.session.get(TRACKED_SESSION_KEY, []):
        return redirect(f"{_track_url()}?code={codes.tracking_code_clean(code)}")
    case = Case.objects.select_related("unit", "duplicate_of").get(tracking_code=code)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_rate(case=case, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for rating the answer."))
            return redirect("feedback:track_case", code=code)
    events = case.events.exclude(public_text="").only("at", "public_text", "case")
    extensions = case.extension_records.all()
    context = {"case": case, "events": events, "extensions": extensions, "form": form}
    return render(request, "feedback/track_case.html", context, status=400 if form.errors else 200)


def _track_url():
    from django.urls import reverse

    return reverse("feedback:track")


@require_GET
def answered_list(request):
    """Answered cases the officers chose to publish, anonymised (their summary, never the citizen's words)."""
    pages = KeysetPaginator(
        selectors.cases_answered_in_public(), selectors.ANSWERED_PUBLIC_KEYS, 20, descending=True, count_bound=None
    )
    page, status = keyset_page(request, pages)
    return render(request, "feedback/answered.html", {"page": page, "authority": governing_unit()}, status=status)
