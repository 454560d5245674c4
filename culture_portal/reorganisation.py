"""Reorganisations of the tree: record, preview and apply a merger, split, renaming or dissolution of units.

The rule for open work, which the preview shows before anything changes:

- every unit that ceases (the predecessors and their whole subtree) becomes inactive, its `valid_until` the day
  before the effective date, and points to its successor (`Unit.successor`);
- each predecessor is placed under its successor in the tree (for a split, the main successor). Every subtree
  query — the dashboard, a unit head's scope, reports — of the successor then counts the old unit's history, so a
  period that spans the change counts the old units under their successor (the dashboard's tallies move with
  the subtree in the same transaction);
- open work goes to the successor: the apps register what of theirs moves (`register_open_work`) — open feedback
  cases, corrective actions not yet accepted, reading assignments not yet confirmed (with their officials);
- the active officials of the ceasing units move to the successor, and with them a unit head's rights
  (`culture_portal.access.headed_unit` is the unit of the head's official);
- closed history stays where it happened: answered cases, approved findings, attendance and ratings keep their unit;
- a successor that does not exist yet (a new ward, the new name of a renamed unit) is recorded with the draft and
  created when the reorganisation is applied, in operation from the effective date, so a draft changes nothing;
- a ceasing unit's desks are deactivated; their QR address and the feedback form's `?unit=` answer with the
  successor (`unit_in_operation`).

Applying is one transaction and idempotent: a reorganisation already applied is not applied again.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.bulk_writes import bulk_write
from culture_portal.models import Official, Reorganisation, Unit
from culture_portal.organisation import unit_save
from culture_portal.roles import Role
from culture_portal.text import normalise_text

# How many items of each kind the preview names (the counts are always whole).
SAMPLE = 10
# An effective date further than this from today is a typing mistake, not a reorganisation.
LONGEST_AHEAD = datetime.timedelta(days=366)
LONGEST_BACK = datetime.timedelta(days=10 * 366)
# Successor chains followed at most this far (a desk dissolved twice, a ward merged twice).
LONGEST_CHAIN = 10

K = Reorganisation.Kind


@dataclass
class OpenWork:
    """What of one app's open work moves to the successor: counted for the preview, written by `apply`."""

    key: str  # "feedback.case", "inspections.action", "regulations.assignment"
    label: str | Promise  # as people read it: "open feedback cases"
    count: int
    sample: list[tuple[str, str]] = field(default_factory=list)  # (text, url) of the first SAMPLE
    rule: str | Promise = ""  # what happens to them, in one sentence
    apply: Callable[..., None] = field(default=lambda **kwargs: None, repr=False)
    # False for work that may stay with a unit that ceases without successor (a campaign's target list): it does
    # not stop a dissolution, which otherwise could not be applied until the work is finished.
    needs_successor: bool = True


# provider(*, units, successor, limit) -> OpenWork; `units` is a queryset of every unit that ceases, `successor`
# the unit that takes over (None for a dissolution without successor: the preview then only counts).
Provider = Callable[..., OpenWork]
_providers: list[Provider] = []


def register_open_work(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


# desk_address(desk) -> the public address its QR poster prints: feedback registers it (the core names no app's
# URLs). Without it the preview lists the desks without their addresses.
_desk_addresses: list[Callable[[Unit], str]] = []


def register_desk_address(address: Callable[[Unit], str]) -> None:
    _desk_addresses[:] = [address]


def _desk_address(desk: Unit) -> str:
    return _desk_addresses[0](desk) if _desk_addresses else ""


@dataclass
class Preview:
    reorganisation: Reorganisation
    problems: list[str]
    successor: Unit | None = None
    predecessors: list[Unit] = field(default_factory=list)
    ceasing_count: int = 0
    ceasing: list[Unit] = field(default_factory=list)
    officials_count: int = 0
    officials: list[Official] = field(default_factory=list)
    unit_heads: list[Official] = field(default_factory=list)
    desks_count: int = 0
    desks: list[tuple[Unit, str]] = field(default_factory=list)  # (desk, its QR address)
    works: list[OpenWork] = field(default_factory=list)
    new_unit: Unit | None = None  # the successor applying will create (unsaved here)

    @property
    def valid_until(self) -> datetime.date:
        return self.reorganisation.effective_on - datetime.timedelta(days=1)


# --- reading ------------------------------------------------------------------------------------------------------


def ceasing_units(predecessors):
    """Every unit that ceases with these predecessors: each predecessor and its whole subtree (prefix queries)."""
    condition = Q(pk__in=[])
    for unit in predecessors:
        condition |= Q(path__startswith=unit.path)
    return Unit.objects.filter(condition)


def unit_in_operation(unit: Unit) -> Unit | None:
    """The unit itself if it is active, else the active unit its successors lead to (None when there is none)."""
    seen = 0
    while unit is not None and not unit.is_active and seen < LONGEST_CHAIN:
        unit = Unit.objects.filter(pk=unit.successor_id).first() if unit.successor_id else None
        seen += 1
    return unit if unit is not None and unit.is_active else None


def reorganisation_of(unit: Unit) -> Reorganisation | None:
    """The applied reorganisation under which a unit, or the unit above it that ceased with it, ceased."""
    if unit.is_active:
        return None
    paths = [f"/{'/'.join(unit.path.strip('/').split('/')[: i + 1])}/" for i in range(unit.depth + 1)]
    return (
        Reorganisation.objects.filter(status=Reorganisation.Status.APPLIED, predecessors__path__in=paths)
        .order_by("-effective_on", "-pk")
        .first()
    )


def planned_unit(reorganisation: Reorganisation, *, predecessors: list[Unit]) -> Unit | None:
    """The new successor the reorganisation creates when applied, unsaved; None when it names none. It goes under
    the unit the administrator named, else where the first unit that ceases was."""
    if not reorganisation.plans_new_unit:
        return None
    parent = reorganisation.new_unit_parent
    if parent is None and predecessors:
        parent = predecessors[0].parent
    return Unit(
        code=reorganisation.new_unit_code,
        name=reorganisation.new_unit_name,
        kind=reorganisation.new_unit_kind,
        parent=parent,
        valid_from=reorganisation.effective_on,
    )


def _new_unit_problems(planned: Unit, predecessors: list[Unit]) -> list[str]:
    problems = []
    if Unit.objects.filter(code=planned.code).exists():
        problems.append(
            _("The code %(code)s of the new unit is already used by another unit: choose another code.")
            % {"code": planned.code}
        )
    if not planned.name or not planned.kind:
        problems.append(_("Give the new unit its name and its kind."))
    if planned.parent is None:
        problems.append(_("Say under which unit the new unit is placed."))
    elif not planned.parent.is_active or any(planned.parent.path.startswith(unit.path) for unit in predecessors):
        problems.append(
            _("The new unit cannot be placed under %(unit)s: that unit ceases or has ceased.")
            % {"unit": planned.parent.name}
        )
    return problems


def reorganisation_problems(reorganisation: Reorganisation, *, today: datetime.date | None = None) -> list[str]:
    """Everything that stops the reorganisation from being applied, in plain words (empty: it may be applied)."""
    today = today or timezone.localdate()
    problems = []
    predecessors = list(reorganisation.predecessors.order_by("path"))
    successors = list(reorganisation.successors.order_by("path"))
    planned = planned_unit(reorganisation, predecessors=predecessors)
    if planned is not None:
        problems += _new_unit_problems(planned, predecessors)
        successors.append(planned)
    main = reorganisation.main_successor or planned
    kind = reorganisation.kind
    if not predecessors:
        problems.append(_("Name at least one unit that ceases."))
    if kind in (K.SPLIT, K.RENAME) and len(predecessors) > 1:
        problems.append(_("A split or a renaming concerns exactly one unit that ceases."))
    if kind in (K.MERGE, K.RENAME) and len(successors) != 1:
        problems.append(_("A merger or a renaming has exactly one successor unit."))
    if kind == K.SPLIT:
        if len(successors) < 2:
            problems.append(_("A split has at least two successor units."))
        if main is None or main not in successors:
            problems.append(
                _("Choose the main successor of the split: it receives the open work, the officials and the old "
                  "unit's place in the tree.")
            )  # fmt: skip
    if kind == K.DISSOLVE and len(successors) > 1:
        problems.append(_("A dissolution has at most one successor unit."))
    if reorganisation.effective_on > today + LONGEST_AHEAD or reorganisation.effective_on < today - LONGEST_BACK:
        problems.append(
            _("The effective date %(date)s is too far from today: check the year.")
            % {"date": f"{reorganisation.effective_on:%d/%m/%Y}"}
        )
    valid_until = reorganisation.effective_on - datetime.timedelta(days=1)
    for unit in predecessors:
        if not unit.is_active or unit.successor_id:
            problems.append(
                _("%(unit)s (%(code)s) has already ceased; it cannot cease again.")
                % {"unit": unit.name, "code": unit.code}
            )
        elif unit.valid_from and unit.valid_from > valid_until:
            problems.append(
                _("%(unit)s (%(code)s) only started on %(date)s, after the day before the effective date.")
                % {"unit": unit.name, "code": unit.code, "date": f"{unit.valid_from:%d/%m/%Y}"}
            )
    for unit in successors:
        if not unit.is_active:
            problems.append(
                _("The successor %(unit)s (%(code)s) is no longer in operation.")
                % {"unit": unit.name, "code": unit.code}
            )
        for predecessor in predecessors:
            if unit.path.startswith(predecessor.path):
                problems.append(
                    _("The successor %(successor)s is %(unit)s itself or one of its own sub-units: a unit cannot be "
                      "merged into itself or into one of its sub-units.")
                    % {"successor": f"{unit.name} ({unit.code})", "unit": f"{predecessor.name} ({predecessor.code})"}
                )  # fmt: skip
    return problems


def successor_of(reorganisation: Reorganisation, *, planned: Unit | None = None) -> Unit | None:
    """The unit that takes the open work: the main successor, else the new unit to be created, else the only one."""
    if reorganisation.main_successor_id:
        return reorganisation.main_successor
    if planned is not None:
        return planned
    successors = list(reorganisation.successors.all()[:2])
    return successors[0] if len(successors) == 1 else None


def reorganisation_preview(reorganisation: Reorganisation, *, today: datetime.date | None = None) -> Preview:
    """Exactly what applying would change, with counts and the first SAMPLE of each kind; problems that stop it."""
    problems = reorganisation_problems(reorganisation, today=today)
    predecessors = list(reorganisation.predecessors.order_by("path"))
    planned = planned_unit(reorganisation, predecessors=predecessors)
    successor = successor_of(reorganisation, planned=planned)
    units = ceasing_units(predecessors)
    active_units = units.filter(is_active=True)
    officials = Official.objects.active().filter(unit__in=active_units)
    desks = active_units.filter(kind=Unit.Kind.RECEPTION_DESK)
    preview = Preview(
        reorganisation=reorganisation,
        problems=problems,
        successor=successor,
        predecessors=predecessors,
        ceasing_count=active_units.count(),
        ceasing=list(active_units.order_by("path")[:SAMPLE]),
        officials_count=officials.count(),
        officials=list(officials.select_related("unit").order_by("sort_key", "employee_code")[:SAMPLE]),
        unit_heads=list(
            officials.filter(user__groups__name=Role.UNIT_HEAD, user__is_active=True)
            .select_related("unit")
            .order_by("sort_key", "employee_code")[:SAMPLE]
        ),
        desks_count=desks.count(),
        desks=[(desk, _desk_address(desk)) for desk in desks.order_by("path")[:SAMPLE]],
        works=[provider(units=active_units, successor=successor, limit=SAMPLE) for provider in _providers],
        new_unit=planned,
    )
    if successor is None and predecessors:
        left = [work for work in preview.works if work.count and work.needs_successor]
        if preview.officials_count or left:
            problems.append(
                _("The units that cease still have %(officials)d active officials and %(work)d open items: name a "
                  "successor to take them over, or finish or move them first.")
                % {"officials": preview.officials_count, "work": sum(work.count for work in left)}
            )  # fmt: skip
    return preview


# --- writing ------------------------------------------------------------------------------------------------------


def _new_unit_create(reorganisation: Reorganisation, planned: Unit) -> Unit:
    """Create the planned successor; from then on it is one of the reorganisation's successors like any other."""
    unit = unit_save(unit=planned)
    reorganisation.successors.add(unit)
    if reorganisation.main_successor_id is None:
        reorganisation.main_successor = unit
    reorganisation.new_unit_code = reorganisation.new_unit_name = reorganisation.new_unit_kind = ""
    reorganisation.new_unit_parent = None
    reorganisation.save(
        update_fields=["main_successor", "new_unit_code", "new_unit_name", "new_unit_kind", "new_unit_parent"]
    )
    return unit


@transaction.atomic
def reorganisation_save(
    *, reorganisation: Reorganisation, predecessors, successors, main_successor, user
) -> Reorganisation:
    """Record a draft (or change one); an applied reorganisation is a record and is not changed."""
    if reorganisation.pk and Reorganisation.objects.filter(pk=reorganisation.pk, status="applied").exists():
        raise ValidationError(_("This reorganisation has been applied; it is kept as a record and cannot change."))
    reorganisation.legal_basis = normalise_text(reorganisation.legal_basis)
    reorganisation.new_unit_name = normalise_text(reorganisation.new_unit_name)
    reorganisation.new_unit_code = reorganisation.new_unit_code.strip().upper()
    if main_successor is None and len(successors) == 1 and not reorganisation.new_unit_code:
        main_successor = successors[0]
    reorganisation.main_successor = main_successor
    if reorganisation.pk is None:
        reorganisation.created_by = user
    reorganisation.save()
    reorganisation.predecessors.set(predecessors)
    reorganisation.successors.set(successors)
    return reorganisation


@transaction.atomic
def reorganisation_apply(*, reorganisation: Reorganisation, user, request=None) -> bool:
    """Apply the reorganisation as previewed, in one transaction; False when it was already applied (nothing more
    is done). Raises ValidationError with the problems when it cannot be applied: nothing is changed then."""
    reorganisation = Reorganisation.objects.select_for_update().get(pk=reorganisation.pk)
    if reorganisation.is_applied:
        return False
    today = timezone.localdate()
    if reorganisation.effective_on > today:
        raise ValidationError(
            _("This reorganisation takes effect on %(date)s: apply it on or after that day.")
            % {"date": f"{reorganisation.effective_on:%d/%m/%Y}"}
        )
    preview = reorganisation_preview(reorganisation, today=today)
    if preview.problems:
        raise ValidationError(preview.problems)
    created = ""
    if preview.new_unit is not None:
        created = _new_unit_create(reorganisation, preview.new_unit).code
        preview = reorganisation_preview(reorganisation, today=today)  # the open work now moves to a saved unit
    successor = preview.successor
    units = ceasing_units(preview.predecessors).filter(is_active=True)
    unit_ids = list(units.values_list("pk", flat=True))
    for work in preview.works:
        work.apply(user=user, reorganisation=reorganisation)
    if successor is not None:
        moving = list(Official.objects.filter(unit_id__in=unit_ids, is_active=True).values_list("pk", flat=True))
        with bulk_write(Official, Q(pk__in=moving)):  # what is counted in their unit moves with them
            Official.objects.filter(pk__in=moving).update(unit=successor)
    Unit.objects.filter(pk__in=unit_ids).update(is_active=False, successor=successor, updated_at=timezone.now())
    Unit.objects.filter(pk__in=unit_ids).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=preview.valid_until)
    ).update(valid_until=preview.valid_until)
    if successor is not None:
        for predecessor in preview.predecessors:
            if any(
                other.pk != predecessor.pk and predecessor.path.startswith(other.path) for other in preview.predecessors
            ):
                continue  # moves with the predecessor above it
            predecessor.refresh_from_db()
            predecessor.parent = successor
            unit_save(unit=predecessor)  # re-roots the subtree; the dashboard's tallies move with it
    reorganisation.status = Reorganisation.Status.APPLIED
    reorganisation.applied_at = timezone.now()
    reorganisation.applied_by = user
    reorganisation.summary = {
        "successor": successor.code if successor else "",
        "created": created,
        "ceased": list(Unit.objects.filter(pk__in=unit_ids).order_by("path").values_list("code", flat=True)),
        "officials": preview.officials_count,
        "unit_heads": [official.employee_code for official in preview.unit_heads],
        "desks": preview.desks_count,
        "works": {work.key: work.count for work in preview.works},
    }
    reorganisation.save(update_fields=["status", "applied_at", "applied_by", "summary"])
    audit_record(
        action="organisation.reorganised",
        user=user,
        request=request,
        object_type="culture_portal.reorganisation",
        object_ref=str(reorganisation.pk),
        detail=f"{reorganisation.get_kind_display()} {reorganisation.effective_on:%d/%m/%Y} "
        f"({reorganisation.legal_basis}): {', '.join(unit.code for unit in preview.predecessors)}"
        f" → {successor.code if successor else '—'}; {preview.officials_count} officials, "
        + ", ".join(f"{work.count} {work.key}" for work in preview.works),
    )
    return True
