"""Day one: what the portal still needs before real use, and the administrator's steps that are not a plain edit.

The set-up page (`/setup/`) reads `setup_checklist()`. The core checks what it owns (issuing body, signatories,
document kinds, organisation, accounts, deadline rules, calendar, e-mail, worker); apps add their own items
(norms, the code of conduct) through `register_setup_check`, as they add menu entries: the core knows no app.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.identity import portal_identity
from culture_portal.models import (
    CalendarConfirmation,
    DeadlineRule,
    DocumentKind,
    IssuingBody,
    Official,
    PortalIdentity,
    Signatory,
    Unit,
    WorkerHeartbeat,
)
from culture_portal.outbox import email_queue
from culture_portal.roles import Role, in_name_order, users_with_role
from culture_portal.text import grouped
from culture_portal.workdays import WorkingCalendar

# A worker writes its heartbeat every minute (beat's `worker_heartbeat`); five missed beats means nobody runs tasks.
WORKER_SILENCE = datetime.timedelta(minutes=5)

# A long list helps nobody on a checklist: the first names, then how many more.
SHOWN_NAMES = 10

# Roles without which a part of the programme has nobody to do it.
ROLES_NEEDED = (Role.INSPECTOR, Role.LEADERSHIP, Role.FEEDBACK_OFFICER, Role.UNIT_HEAD)


@dataclass
class SetupItem:
    key: str
    label: str
    done: bool
    detail: str = ""
    url: str = ""
    link_label: str = ""
    order: int = 100
    problems: list[str] = field(default_factory=list)


_checks: list = []


def register_setup_check(check) -> None:
    """`check(today)` returns a list of SetupItem: an app's own part of the checklist."""
    if check not in _checks:
        _checks.append(check)


def setup_checklist(*, today: datetime.date | None = None) -> list[SetupItem]:
    today = today or timezone.localdate()
    items = [*_core_items(today)]
    for check in _checks:
        items.extend(check(today))
    return sorted(items, key=lambda item: item.order)


def _identity_item() -> SetupItem:
    """Done once an administrator has worded both names; until then the derived ones are shown, to confirm or edit."""
    worded = PortalIdentity.objects.exclude(portal_name="").exclude(leadership_title="").exists()
    now = portal_identity()
    names = {"name": now.portal_name, "leadership": now.leadership_title}
    return SetupItem(
        "portal_identity",
        _("The portal's name and its leadership's title (header, e-mails, authenticator apps)"),
        worded,
        _("In use: %(name)s; %(leadership)s.") % names
        if worded
        else _("Derived from the top unit until an administrator words them: %(name)s; %(leadership)s.") % names,
        _admin_url(PortalIdentity),
        _("Portal identity"),
        order=5,
    )


def _admin_url(model, view="changelist") -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def _core_items(today: datetime.date) -> Iterator[SetupItem]:
    yield _identity_item()
    body = IssuingBody.objects.in_force(today).select_related("unit").first()
    yield SetupItem(
        "issuing_body",
        _("An issuing body in force (the header and symbol of notices)"),
        body is not None,
        _("%(name)s, symbol %(symbol)s") % {"name": body.name, "symbol": body.symbol}
        if body
        else _("No issuing body is in force today: notices cannot be numbered."),
        _admin_url(IssuingBody, "add") if body is None else _admin_url(IssuingBody),
        _("Issuing bodies"),
        order=10,
    )
    yield _signatories_item(today)
    has_notice_kind = DocumentKind.objects.filter(code="notice").exists()
    yield SetupItem(
        "document_kinds",
        _("Kinds of document (the notice, TB)"),
        has_notice_kind,
        "" if has_notice_kind else _("The kind “notice” (code notice, symbol TB) is missing."),
        _admin_url(DocumentKind),
        _("Kinds of document"),
        order=30,
    )
    units = Unit.objects.filter(is_active=True).count()
    yield SetupItem(
        "units",
        _("Units imported"),
        units > 1,
        _("%(count)s active units.") % {"count": grouped(units)},
        reverse("organisation:import"),
        _("Import units and officials"),
        order=40,
    )
    officials = Official.objects.filter(is_active=True).count()
    yield SetupItem(
        "officials",
        _("Officials imported"),
        officials > 0,
        _("%(count)s active officials.") % {"count": grouped(officials)},
        reverse("organisation:import"),
        _("Import units and officials"),
        order=41,
    )
    yield _accounts_item()
    unconfirmed = list(DeadlineRule.objects.in_force(today).filter(to_be_confirmed=True))
    yield SetupItem(
        "deadline_rules",
        _("Deadline rules checked against your own regulation"),
        not unconfirmed,
        "; ".join(str(rule) for rule in unconfirmed)
        if unconfirmed
        else _("No rule in force is marked “to be confirmed”."),
        _admin_url(DeadlineRule) + "?to_be_confirmed__exact=1",
        _("Deadline rules"),
        order=70,
    )
    yield _calendar_item(today)
    yield _email_item()
    yield _worker_item()


def _signatories_item(today: datetime.date) -> SetupItem:
    leaders = users_with_role(Role.LEADERSHIP)
    signing = Signatory.objects.in_force(today).filter(user=OuterRef("pk"))
    unsigned = in_name_order(leaders.exclude(Exists(signing)))
    leader_count, unsigned_count = leaders.count(), unsigned.count()
    if not leader_count:
        detail = _("No leadership account yet: create one, then record how it signs.")
    elif unsigned_count:
        names = [user.get_full_name() or user.get_username() for user in unsigned[:SHOWN_NAMES]]
        if unsigned_count > SHOWN_NAMES:
            names.append(_("and %(count)d more") % {"count": unsigned_count - SHOWN_NAMES})
        detail = _("Without a capacity to sign in force: %(names)s.") % {"names": ", ".join(names)}
    else:
        detail = _("Every leadership account can sign.")
    return SetupItem(
        "signatories",
        _("A signatory for each leadership account (“KT. CHỦ TỊCH / PHÓ CHỦ TỊCH”)"),
        bool(leader_count) and not unsigned_count,
        detail,
        _admin_url(Signatory),
        _("Signatories"),
        order=20,
    )


def _accounts_item() -> SetupItem:
    from django.contrib.auth import get_user_model

    present = set(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=ROLES_NEEDED)
        .values_list("groups__name", flat=True)
        .distinct()
    )
    missing = [label for code, label in Role.choices if code in ROLES_NEEDED and code not in present]
    return SetupItem(
        "accounts",
        _("Accounts with roles (inspector, leadership, feedback officer, unit head)"),
        not missing,
        _("No active account holds: %(roles)s.") % {"roles": ", ".join(str(label) for label in missing)}
        if missing
        else _("Every role has at least one active account."),
        _admin_url(get_user_model()),
        _("Accounts and roles"),
        order=50,
    )


def _calendar_item(today: datetime.date) -> SetupItem:
    years = [today.year, today.year + 1]
    missing = years_to_confirm(today=today)
    return SetupItem(
        "calendar",
        _("This year's and next year's working-day calendar confirmed"),
        not missing,
        _("Not yet confirmed: %(years)s. Compare the days off with the government's announcement first.")
        % {"years": ", ".join(str(year) for year in missing)}
        if missing
        else _("Confirmed for %(years)s.") % {"years": ", ".join(str(year) for year in years)},
        reverse("calendar") + f"?year={missing[0]}" if missing else reverse("calendar"),
        _("Working-day calendar"),
        order=80,
    )


def _email_item() -> SetupItem:
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2] if "." in settings.EMAIL_BACKEND else ""
    sending = backend not in ("console", "locmem", "dummy", "filebased")
    return SetupItem(
        "email",
        _("Outgoing e-mail configured"),
        sending,
        _("Sent through %(host)s.") % {"host": settings.EMAIL_HOST or settings.EMAIL_BACKEND}
        if sending
        else _(
            "E-mails are only printed in the server log. Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) "
            "in the server's environment and restart the portal."
        ),
        order=90,
    )


def _worker_item() -> SetupItem:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return SetupItem(
            "worker",
            _("A background worker seen recently"),
            False,
            _(
                "No broker is configured (CELERY_BROKER_URL): tasks run inside the web request and the daily "
                "reminders never run. Configure Redis and start a worker and beat."
            ),
            order=95,
        )
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    recent = last is not None and timezone.now() - last <= WORKER_SILENCE
    return SetupItem(
        "worker",
        _("A background worker seen recently"),
        recent,
        _("Last seen %(time)s.") % {"time": timezone.localtime(last).strftime("%H:%M %d/%m/%Y")}
        if last
        else _("No worker has run yet: start a worker and beat (README, Deploying)."),
        order=95,
    )


def years_to_confirm(*, today: datetime.date) -> list[int]:
    """This year and the next, when not yet confirmed: the years the set-up page offers to confirm."""
    years = [today.year, today.year + 1]
    confirmed = set(CalendarConfirmation.objects.filter(year__in=years).values_list("year", flat=True))
    return [year for year in years if year not in confirmed]


def calendar_confirm(*, year: int, user, request=None) -> CalendarConfirmation:
    """An administrator confirms a year's calendar once; a second confirmation of the same year is refused."""
    today = timezone.localdate()
    if not today.year - 1 <= year <= today.year + 2:
        raise ValidationError(_("Only the calendar of last year, this year or the next two can be confirmed."))
    waiting = WorkingCalendar().unconfirmed_days(year)
    if waiting:
        raise ValidationError(
            _(
                "Decide first on the days the holidays package lists but the law does not (%(days)s): confirm or "
                "remove each on the working-day calendar page."
            )
            % {"days": ", ".join(f"{day.date:%d/%m/%Y} {day.name}" for day in waiting)}
        )
    try:
        with transaction.atomic():
            confirmation = CalendarConfirmation.objects.create(
                year=year, confirmed_by=user, confirmed_at=timezone.now()
            )
    except IntegrityError:
        raise ValidationError(_("The calendar of %(year)d is already confirmed.") % {"year": year}) from None
    audit_record(
        action="setup.calendar_confirmed", user=user, request=request, object_type="calendar", object_ref=str(year)
    )
    return confirmation


def email_test_send(*, user, request=None) -> str:
    """Send a test e-mail to the administrator through the outbox, as every real e-mail goes; returns the address."""
    if not user.email:
        raise ValidationError(_("Your account has no e-mail address: add one in the back office first."))
    with transaction.atomic():
        email_queue(
            to=user.email,
            subject=_("Test e-mail from the civil-service culture portal"),
            body=_("This test e-mail was sent from the set-up page at %(time)s. Outgoing e-mail works.")
            % {"time": timezone.localtime().strftime("%H:%M %d/%m/%Y")},
        )
        audit_record(action="setup.email_test", user=user, request=request, object_type="email", object_ref="test")
    return user.email
