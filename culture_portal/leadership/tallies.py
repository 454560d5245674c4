"""Monthly tallies per unit subtree (findings, cases, ratings, attendance, read assignments): the dashboard at a
province's scale.

A year of a province is some 100,000 findings and 200,000 cases; counting them for every dashboard view costs
seconds. A tally row holds how many records of one kind fall in one local month within one unit's subtree, with
one breakdown key, so a year city-wide is a few hundred rows: the rows of the base unit and of its direct
sub-units. A record counts in its own unit's row and in the row of every unit above it, and in the row "" that
holds everything (records with no unit only there).

Why the tallies can be trusted:

- every save or delete of a counted record (and of an inspection, whose approval brings its findings in) counts
  the record's contribution before and after the write with the same queries as a full rebuild, and adds the
  difference to the rows in the same transaction, so a new finding is counted at once;
- a change the deltas cannot follow (a unit moved under another parent) marks the tallies stale: the dashboard
  counts from the records until a rebuild (a Celery task started after commit, or `manage.py rebuild_tallies`);
- writes outside the ORM's save() (COPY, bulk_create) rebuild afterwards: seed_scale and the demo loader do.

Kinds and their keys (a record's month is that of the date in brackets, in Asia/Ho_Chi_Minh):
- finding: approved findings [recorded]: "norm id|1 if commendation";
- finding_measure: approved breaches (not commendations) [recorded]: "measure code" ("" none proposed);
- received: cases not set aside as spam [received]: "channel|track|nature";
- upheld: upheld or partly upheld complaints [received]: "norm id" ("" none cited);
- answered: answered cases that are not duplicates [answered]: "1 if with a deadline|1 if on time|working days";
- answer_rating: rated answers [rated]: "1 if satisfied";
- desk: desk ratings [rated]: "1 if satisfied";
- attendance: attendance at check time, approved inspections [the inspection's start]: "status";
- assignment: campaign assignments, in the official's unit [the campaign's due date]: "1 if confirmed".
"""

import collections
import contextlib
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Case as SqlCase
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Concat, Substr, TruncDate, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from culture_portal.leadership.models import Tally, TallyState
from culture_portal.models import Official, Unit
from feedback.models import Case, DeskRating
from inspections.models import AttendanceRecord, Finding, Inspection
from regulations.models import Acknowledgement, Campaign, CampaignAssignment

APPROVED = (Inspection.Status.CONCLUSION_APPROVED, Inspection.Status.NOTICE_ISSUED)
SATISFIED_ANSWER = 4  # answer rating 1-5: 4 and 5 are "satisfied or very satisfied"
SATISFIED_DESK = DeskRating.Score.SATISFIED  # desk rating 1-3: 2 and 3

Bucket = tuple[str | None, object, str]  # (the record's unit path or None, month, key)


def _flag(condition: Q):
    return SqlCase(When(condition, then=Value("1")), default=Value("0"))


@dataclass(frozen=True)
class Counter:
    kind: str
    model: type
    date_field: str  # the date or time that puts a record in a month
    unit_field: str = "unit"  # the unit whose subtree a record counts in

    @property
    def is_date(self) -> bool:
        """A calendar date (compared with a period's days) rather than a time (compared with its bounds)."""
        field = self.model._meta.get_field(self.date_field.split("__")[0])
        for part in self.date_field.split("__")[1:]:
            field = field.related_model._meta.get_field(part)
        return not isinstance(field, models.DateTimeField)

    def records(self):
        """The records this kind counts (all of them; narrowed by pk for a delta)."""
        if self.kind == "finding":
            return Finding.objects.filter(inspection__status__in=APPROVED)
        if self.kind == "finding_measure":
            return Finding.objects.filter(inspection__status__in=APPROVED, is_commendation=False)
        if self.kind == "received":
            return Case.objects.exclude(status=Case.Status.SPAM)
        if self.kind == "upheld":
            return Case.objects.filter(
                nature=Case.Nature.CRITICISM, status=Case.Status.ANSWERED, upheld__in=Case.UPHELD_OUTCOMES
            )
        if self.kind == "answered":
            return Case.objects.filter(
                status=Case.Status.ANSWERED, duplicate_of__isnull=True, answered_at__isnull=False
            )
        if self.kind == "answer_rating":
            return Case.objects.filter(rating__isnull=False, rated_at__isnull=False)
        if self.kind == "attendance":
            return AttendanceRecord.objects.filter(inspection__status__in=APPROVED)
        if self.kind == "assignment":
            confirmed = Acknowledgement.objects.filter(
                official=OuterRef("official"), version=OuterRef("campaign__version")
            )
            return CampaignAssignment.objects.annotate(confirmed=Exists(confirmed))
        return DeskRating.objects.all()

    def key_fields(self, queryset):
        """The queryset annotated with the key's parts; returns it and the parts' names, in key order."""
        if self.kind == "finding":
            return queryset, ["norm_id", "is_commendation"]
        if self.kind == "finding_measure":
            return queryset, ["measure__code"]
        if self.kind == "received":
            return queryset, ["channel", "track", "nature"]
        if self.kind == "upheld":
            return queryset, ["norm_id"]
        if self.kind == "answered":
            zone = timezone.get_default_timezone()
            queryset = queryset.annotate(
                answered_on=TruncDate("answered_at", tzinfo=zone),
                with_deadline=_flag(Q(answered_due_on__isnull=False)),
            ).annotate(on_time=_flag(Q(answered_due_on__isnull=False, answered_on__lte=F("answered_due_on"))))
            return queryset, ["with_deadline", "on_time", "answer_working_days"]
        if self.kind == "answer_rating":
            return queryset.annotate(satisfied=_flag(Q(rating__gte=SATISFIED_ANSWER))), ["satisfied"]
        if self.kind == "attendance":
            return queryset, ["status"]
        if self.kind == "assignment":
            return queryset, ["confirmed"]
        return queryset.annotate(satisfied=_flag(Q(score__gte=SATISFIED_DESK))), ["satisfied"]

    def buckets(self, queryset, by=None, *, stream=True) -> collections.Counter:
        """How many of the records in `queryset` fall in each (unit path, month, key): one grouped query. `by`, an
        expression, groups by something else than the unit's path (the dashboard's branches). `stream` reads the
        rows in chunks (a server-side cursor on PostgreSQL, for a rebuild's millions); a delta's few rows are read
        at once, which saves the cursor's three round trips on every counted save."""
        zone = None if self.is_date else timezone.get_default_timezone()
        queryset = queryset.annotate(
            tally_month=TruncMonth(self.date_field, tzinfo=zone), tally_by=by or F(f"{self.unit_field}__path")
        )
        queryset, parts = self.key_fields(queryset)
        counts = collections.Counter()
        rows = queryset.order_by().values_list("tally_by", "tally_month", *parts).annotate(n=Count("pk"))
        for path, month, *values, n in rows.iterator(chunk_size=5000) if stream else rows:
            day = month.date() if hasattr(month, "date") else month
            counts[(path, day, "|".join(_key_part(value) for value in values))] += n
        return counts


def _key_part(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


COUNTERS = [
    Counter("finding", Finding, "created_at"),
    Counter("finding_measure", Finding, "created_at"),
    Counter("received", Case, "received_at"),
    Counter("upheld", Case, "received_at"),
    Counter("answered", Case, "answered_at"),
    Counter("answer_rating", Case, "rated_at"),
    Counter("desk", DeskRating, "at"),
    Counter("attendance", AttendanceRecord, "inspection__window_start"),
    Counter("assignment", CampaignAssignment, "campaign__due_date", unit_field="official__unit"),
]
BY_KIND = {counter.kind: counter for counter in COUNTERS}
BY_MODEL = {
    model: [counter for counter in COUNTERS if counter.model is model]
    for model in (Finding, Case, DeskRating, AttendanceRecord, CampaignAssignment)
}


def ancestor_paths(path: str | None) -> list[str]:
    """ "" and the path of every unit from the top down to the record's own unit."""
    if not path:
        return [""]
    parts = path.strip("/").split("/")
    return ["", *("/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts)))]


# --- keeping them current -----------------------------------------------------------------------------------------


def _state_is_fresh() -> bool:
    """Whether deltas should be applied; on PostgreSQL also holds a share lock on the state row until commit, so a
    rebuild (which takes it for update) waits for this write and this write waits for a running rebuild."""
    suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
    table = TallyState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stale_since FROM {table} ORDER BY id LIMIT 1{suffix}")  # noqa: S608  # nosec B608
        row = cursor.fetchone()
    return row is not None and row[0] is None


def _contributions(model, filters: Q) -> dict[str, collections.Counter]:
    counters = BY_MODEL[model]
    counting = _kinds_counting(counters, filters)
    return {
        counter.kind: (
            counter.buckets(counter.records().filter(filters), stream=False)
            if counter.kind in counting
            else collections.Counter()
        )
        for counter in counters
    }


def _kinds_counting(counters: list[Counter], filters: Q) -> set[str]:
    """The kinds among `counters` that count any record matching `filters`, asked in one query: a citizen's new case
    counts only as received, so its save runs one grouped count instead of four (they were half a submission's
    time). Asked of the state row, which exists whenever deltas are applied; without it, every kind."""
    if len(counters) == 1:
        return {counters[0].kind}
    flags = {counter.kind: Exists(counter.records().filter(filters)) for counter in counters}
    row = TallyState.objects.order_by("id").annotate(**flags).values_list(*flags).first()
    if row is None:
        return set(flags)
    return {kind for kind, counted in zip(flags, row, strict=True) if counted}


def _apply(before: dict[str, collections.Counter], after: dict[str, collections.Counter]) -> None:
    rows = collections.Counter()
    for kind in before.keys() | after.keys():
        delta = collections.Counter(after.get(kind, {}))
        delta.subtract(before.get(kind, {}))
        for (path, month, key), n in delta.items():
            if n:
                for ancestor in ancestor_paths(path):
                    rows[(kind, month, ancestor, key)] += n
    _add(rows)


def _add(rows: collections.Counter) -> None:
    """Add n to each (kind, month, path, key) row, creating it where missing: one upsert per 500 rows."""
    # In the unique index's order (kind, path, month, key): a rebuild then lays one unit's months of a kind side by
    # side on disk (a dashboard reads a few pages, not thousands), and two writers lock shared rows in the same
    # order, so they cannot deadlock.
    items = sorted(
        ((kind, month, path, key, n) for (kind, month, path, key), n in rows.items() if n),
        key=lambda item: (item[0], item[2], item[1], item[3]),
    )
    table = Tally._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            batch = items[start : start + 500]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (kind, month, path, key, n) VALUES {placeholders} "  # noqa: S608  # nosec B608
                f"ON CONFLICT (kind, month, path, key) DO UPDATE SET n = {table}.n + excluded.n",
                [value for item in batch for value in item],
            )


def _depending_on(instance) -> list[tuple[type, Q]]:
    """The counted records a write to `instance` can change: the record itself, or the records whose counting
    reads it (an inspection's approval, a campaign's due date and version, an official's unit, a confirmation)."""
    if isinstance(instance, Inspection):
        return [(Finding, Q(inspection_id=instance.pk)), (AttendanceRecord, Q(inspection_id=instance.pk))]
    if isinstance(instance, Campaign):
        return [(CampaignAssignment, Q(campaign_id=instance.pk))]
    if isinstance(instance, Official):
        return [(CampaignAssignment, Q(official_id=instance.pk))]
    if isinstance(instance, Acknowledgement):
        return [(CampaignAssignment, Q(official_id=instance.official_id, campaign__version_id=instance.version_id))]
    if instance.pk is None:
        return []  # a record not saved yet counts nowhere
    return [(type(instance), Q(pk=instance.pk))]


def _contributions_of(depending: list[tuple[type, Q]]) -> dict[str, collections.Counter]:
    counts = {}
    for model, filters in depending:
        counts.update(_contributions(model, filters))
    return counts


def _depending_on_rows(model, filters: Q) -> list[tuple[type, Q]]:
    """The counted records a bulk write to the rows of `model` matching `filters` can change: as _depending_on,
    for many rows at once (the rows are read by a subquery, so `filters` must hold before and after the write)."""
    if model in BY_MODEL:
        return [(model, filters)]
    rows = model.objects.filter(filters).values("pk")
    if model is Inspection:
        return [(Finding, Q(inspection__in=rows)), (AttendanceRecord, Q(inspection__in=rows))]
    if model is Campaign:
        return [(CampaignAssignment, Q(campaign__in=rows))]
    if model is Official:
        return [(CampaignAssignment, Q(official__in=rows))]
    return []


@contextlib.contextmanager
def following(model, filters: Q):
    """Count what depends on the rows of `model` matching `filters` before and after the block: for writes that
    send no signal (bulk_create, update, bulk_update). Registered as a follower of culture_portal.bulk_writes."""
    depending = _depending_on_rows(model, filters)
    fresh = bool(depending) and _state_is_fresh()
    before = _contributions_of(depending) if fresh else None
    yield
    if fresh:
        _apply(before, _contributions_of(depending))


def _before_write(sender, instance, raw=False, **kwargs):
    fresh = not raw and _state_is_fresh()
    instance._tallies_before = _contributions_of(_depending_on(instance)) if fresh else None


def _after_save(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_tallies_before", None)
    if raw or before is None:
        return  # loaded as is (a restore), or stale: the rebuild counts it
    _apply(before, _contributions_of(_depending_on(instance)))
    instance._tallies_before = None


def _after_delete(sender, instance, **kwargs):
    before = getattr(instance, "_tallies_before", None)
    if before is not None:  # a deleted record counts nowhere; a deleted confirmation leaves its assignments unread
        _apply(before, _contributions_of(_depending_on(instance)))


# Old paths of the subtrees being moved by following_move(): their own counts are moved, not given up.
_moves_followed: set[str] = set()


@contextlib.contextmanager
def following_move(old_path: str, new_path: str):
    """A subtree re-rooted from old_path to new_path (culture_portal.organisation.unit_save) takes its counts along,
    in the same transaction, from the tallies themselves: the moved unit's own row holds its whole subtree, so
    those counts leave the units above the old place and join those above the new one, and the subtree's rows
    are renamed to the new paths. A few statements whatever the subtree's size, where marking the tallies stale
    would have the dashboard count from the records, and every counted write wait, for a whole rebuild (minutes at
    a province's scale)."""
    _moves_followed.add(old_path)
    try:
        yield
    finally:
        _moves_followed.discard(old_path)
    if _state_is_fresh():
        _move_rows(old_path, new_path)


def _move_rows(old_path: str, new_path: str) -> None:
    old_above, new_above = set(ancestor_paths(old_path)[:-1]), set(ancestor_paths(new_path)[:-1])
    subtree = Tally.objects.filter(path=old_path).exclude(n=0).values_list("kind", "month", "key", "n")
    rows = collections.Counter()
    for kind, month, key, n in subtree:
        for path in old_above - new_above:
            rows[(kind, month, path, key)] -= n
        for path in new_above - old_above:
            rows[(kind, month, path, key)] += n
    _add(rows)
    # Nothing can be counted under the new paths yet (they hold the moved unit's own id); clear leftovers, if a
    # hand-made change ever left some, so the renaming cannot collide with them.
    Tally.objects.filter(path__startswith=new_path).delete()
    Tally.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )


def _unit_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """A unit moved under another parent changes the subtree of every row above it: unless the move is followed
    (following_move), mark the tallies stale."""
    if raw or instance.pk is None or not instance.path:
        return
    old = Unit.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if old and old != instance.path and old not in _moves_followed:
        mark_stale()


def connect() -> None:
    for model in (*BY_MODEL, Inspection, Campaign, Official, Acknowledgement):
        uid = f"tallies-{model._meta.label}"
        pre_save.connect(_before_write, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    # A deleted inspection's findings (a campaign's assignments) are deleted one by one: each takes itself out.
    for model in (*BY_MODEL, Acknowledgement):
        uid = f"tallies-{model._meta.label}"
        pre_delete.connect(_before_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    pre_save.connect(_unit_before_save, sender=Unit, dispatch_uid="tallies-unit")
    from culture_portal.bulk_writes import register_bulk_write_follower
    from culture_portal.organisation import register_move_follower

    register_move_follower(following_move)
    register_bulk_write_follower(following)


def mark_stale() -> None:
    """Stop trusting the tallies and rebuild them once this transaction has committed."""
    state = _state()
    if state.stale_since is None:
        TallyState.objects.filter(pk=state.pk).update(stale_since=timezone.now())
    from culture_portal.leadership.tasks import rebuild_tallies

    transaction.on_commit(rebuild_tallies.delay)


def _state() -> TallyState:
    state = TallyState.objects.order_by("pk").first()
    return state or TallyState.objects.create(stale_since=timezone.now())


@transaction.atomic
def rebuild() -> int:
    """Count everything again from the records; returns the number of tally rows. Writers wait meanwhile."""
    state = _state()
    TallyState.objects.select_for_update().filter(pk=state.pk).first()
    Tally.objects.all().delete()
    rows = collections.Counter()
    for counter in COUNTERS:
        for (path, month, key), n in counter.buckets(counter.records()).items():
            for ancestor in ancestor_paths(path):
                rows[(counter.kind, month, ancestor, key)] += n
    _add(rows)
    TallyState.objects.filter(pk=state.pk).update(stale_since=None, rebuilt_at=timezone.now())
    if connection.vendor == "postgresql":
        # Millions of rows replaced at once: without fresh statistics the planner believes the table is as it was
        # (empty after a first load) and reads a year of every unit to find one unit's months.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Tally._meta.db_table}")
    return len(rows)


def are_fresh() -> bool:
    return TallyState.objects.filter(stale_since__isnull=True).exists()


# --- reading them -------------------------------------------------------------------------------------------------


def read(kind: str, *, first_month, last_month, paths: list[str], by_month: bool) -> list[tuple]:
    """(path, month, key, n) for the months [first_month, last_month] and the given subtree paths; without
    by_month, summed over the months (month None)."""
    rows = Tally.objects.filter(kind=kind, month__gte=first_month, month__lte=last_month, path__in=paths)
    if by_month:
        return list(rows.exclude(n=0).values_list("path", "month", "key", "n"))
    summed = rows.order_by().values_list("path", "key").annotate(total=Sum("n")).values_list("path", "key", "total")
    return [(path, None, key, n) for path, key, n in summed if n]
