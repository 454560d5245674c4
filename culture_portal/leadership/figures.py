"""Every figure of the leadership dashboard and the periodic report, for a period and a unit with its sub-units.

Rules every figure follows:

- only findings of inspections whose conclusion is approved (status conclusion_approved or notice_issued) count, so
  a surprise inspection not yet approved is invisible everywhere;
- no complainant identity is ever read (`feedback.Complainant` is never touched; case descriptions are not shown);
- figures are aggregates computed by the database over indexed columns, a fixed number of queries whatever the
  number of rows (the per-unit tables group by the unit's branch: the prefix of its materialised path);
- nothing is cached: a finding approved a second ago is counted.

Which date puts a record in a period: a finding its recording time (at the inspection); a case its receipt time,
its answer time (answered, on time, answer time) or its rating time (satisfaction); a desk rating its time; an
inspection the start of its time window; a conclusion its approval time; a corrective action its deadline; a
campaign assignment its campaign's due date; a training its first day.
"""

import collections
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Substr, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from culture_portal.leadership import tallies
from culture_portal.leadership.models import Target
from culture_portal.leadership.period import Period
from culture_portal.models import DeadlineRule, DisciplinaryMeasure, Official, Unit
from culture_portal.organisation import PATH_DIGITS
from feedback.models import Case, DeskRating
from inspections.models import AttendanceRecord, Conclusion, CorrectiveAction, Finding, Inspection, InspectionPlan
from regulations.models import Norm, NormCitation, NormGroup, Training

APPROVED = (Inspection.Status.CONCLUSION_APPROVED, Inspection.Status.NOTICE_ISSUED)
MIN_RATINGS = 10  # below this many ratings a unit shows "too few ratings", not a percentage
TOP_NORMS = 10  # norms listed as breached most often
MAX_BRANCHES = 200  # rows of the per-unit tables: a unit's direct sub-units, at most this many
WORST_CELLS = 3  # the scorecard's highest cells highlighted (ties included)
NO_GROUP = "none"  # scorecard column of upheld complaints that cite no norm
SATISFIED_ANSWER = 4  # answer rating 1-5: 4 and 5 are "satisfied or very satisfied"
SATISFIED_DESK = DeskRating.Score.SATISFIED  # desk rating 1-3: 2 and 3 are "satisfied or very satisfied"


Cell = str | int | Decimal | None


@dataclass
class Table:
    title: str
    columns: list[str]  # header labels (translated)
    rows: list[list[Cell]]  # cells: str | int | Decimal | None (None printed as "—")
    # Optional extras for the page (the report may ignore them): cell links, highlighted cells, a note under it.
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    highlight: set[tuple[int, int]] = field(default_factory=set)
    note: str = ""


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar" | "hbar" | "line"
    categories: list[str]  # x labels (or bar labels)
    series: list[tuple[str, list[float | int | None]]]  # (series label, values)
    target: float | None = None  # a horizontal target line (from Target), in the values' unit
    unit: str = ""  # e.g. "%"


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    charts: list[Chart]
    numbers: dict[str, int | Decimal | None]


@dataclass
class Figures:
    period: Period
    unit: Unit | None  # None: the whole organisation; a unit: the unit and its sub-units
    sections: list[Section]

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole in %, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def median_of_histogram(histogram: dict[int, int]) -> Decimal | None:
    """The median of values given as {value: how many}: the rows are counted by the database, not loaded."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    found, seen = [], 0
    for value in sorted(histogram):
        count = histogram[value]
        for position in wanted:
            if seen <= position < seen + count:
                found.append(value)
        seen += count
    return (Decimal(found[0] + found[1]) / 2).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _float(value) -> float | None:
    return None if value is None else float(value)


class Scope:
    """The unit asked for and how its items fold into rows: one row per direct sub-unit (with its own sub-units)
    plus one for the unit itself. City-wide, the rows are the sub-units of the single top unit (or the top units)."""

    def __init__(self, unit: Unit | None):
        self.unit = unit
        if unit is None:
            roots = list(Unit.objects.filter(parent__isnull=True).order_by("path")[:2])
            self.base = roots[0] if len(roots) == 1 else None
        else:
            self.base = unit
        base_path = self.base.path if self.base else "/"
        self.length = len(base_path) + PATH_DIGITS + 1
        children = Unit.objects.filter(parent=self.base) if self.base else Unit.objects.filter(parent__isnull=True)
        rows = list(children.only("code", "name", "path").order_by("path")[:MAX_BRANCHES])
        self.rows: dict[str | None, tuple[str, str | None, bool]] = {}  # branch path -> (label, code, own only)
        if self.base:
            self.rows[self.base.path] = (
                _("%(unit)s (the unit itself)") % {"unit": self.base.name},
                self.base.code,
                True,
            )
        for row in rows:
            self.rows[row.path] = (row.name, row.code, False)
        self.truncated = len(rows) == MAX_BRANCHES

    @cached_property
    def tally_paths(self) -> tuple[list[str], list[str]]:
        """The tally rows a figure reads: the base unit's (or everything's, "") and those of all its direct
        sub-units (of the top units city-wide, when there are several)."""
        top = [self.base.path] if self.base else []
        if self.unit is None:
            top.insert(0, "")
        children = Unit.objects.filter(parent=self.base) if self.base else Unit.objects.filter(parent__isnull=True)
        return top, list(children.order_by().values_list("path", flat=True))

    def fold(self, rows, children: list[str]) -> collections.Counter:
        """Tally rows (path, month, key, n) of the paths from tally_paths() as {(branch, month, key): n}, branches
        as branch() gives them: a sub-unit's subtree; the base unit alone (its row less its sub-units'); None for
        records with no unit (city-wide: everything less the top units)."""
        children = set(children)
        above_children = self.base.path if self.base else ""
        folded = collections.Counter()
        for path, month, key, n in rows:
            folded[(path, month, key)] += n
            if path in children:
                folded[(above_children, month, key)] -= n
            elif path and self.unit is None:  # the single top unit, within everything
                folded[("", month, key)] -= n
        return collections.Counter({(path or None, month, key): n for (path, month, key), n in folded.items() if n})

    def branch(self, unit_field: str):
        return Substr(f"{unit_field}__path", 1, self.length)

    def label(self, branch: str | None) -> str:
        if branch is None:
            return _("Unit not given")
        return self.rows.get(branch, (_("Other units"), None, False))[0]

    def ordered(self, branches) -> list[str | None]:
        """Branches in tree order (the unit itself first), those with no unit last."""
        known = [path for path in self.rows if path in branches]
        others = sorted(path for path in branches if path is not None and path not in self.rows)
        return known + others + ([None] if None in branches else [])


class _Links:
    """The scorecard's links: a unit's dashboard and the items behind a cell, for one period. The two addresses and
    the period's query are worked out once; a province's scorecard has hundreds of cells."""

    def __init__(self, period: Period):
        self.period_query = urlencode(period.query())
        self.dashboard = reverse("leadership:dashboard")
        self.items = reverse("leadership:dashboard_items")

    def dashboard_of(self, code: str | None) -> str:
        return f"{self.dashboard}?{self._query(unit=code)}"

    def items_of(self, code: str | None, group: str = "", own: bool = False) -> str:
        return f"{self.items}?{self._query(unit=code, group=group, own='1' if own else '')}"

    def _query(self, **extra) -> str:
        given = urlencode({name: value for name, value in extra.items() if value})
        return f"{self.period_query}&{given}" if given else self.period_query


class _Calculator:
    def __init__(self, period: Period, unit: Unit | None):
        self.period, self.unit = period, unit
        self.start_at, self.end_at = period.bounds()
        self.today = timezone.localdate()
        self._counts: dict[tuple, collections.Counter] = {}

    @cached_property
    def scope(self) -> Scope:
        return Scope(self.unit)

    @cached_property
    def targets(self) -> dict[str, float]:
        """The targets in force on the period's last day, one query (the first per measure is the newest)."""
        targets = {}
        for measure, value in (
            Target.objects.in_force(self.period.end).order_by("measure", "-valid_from").values_list("measure", "value")
        ):
            targets.setdefault(measure, float(value))
        return targets

    def _rate_by_unit(self, *, key, title, label, branches, rates, total, measure) -> Chart:
        """A percentage per unit as horizontal bars, the total last, the target in force drawn as a line."""
        return Chart(
            key=key,
            title=title,
            kind="hbar",
            categories=[*[self.scope.label(branch) for branch in branches], _("Total")],
            series=[(label, [*[_float(rate) for rate in rates], _float(total)])],
            target=self.targets.get(measure),
            unit="%",
        )

    @cached_property
    def tallied(self) -> bool:
        """Whole months and tallies to be trusted: read the tallies; otherwise count the records themselves."""
        whole_months = self.period.start.day == 1 and (self.period.end + datetime.timedelta(days=1)).day == 1
        return whole_months and tallies.are_fresh()

    def counts(self, kind: str, *, by_branch: bool = True, by_month: bool = False) -> collections.Counter:
        """{(branch, month, key): n} for one tally kind (see tallies.py for the keys), in the period and scope.
        Without by_branch the branch is always None (the scope's total); without by_month the month is None."""
        wanted = (kind, by_branch, by_month)
        if wanted not in self._counts:
            self._counts[wanted] = self._count(kind, by_branch, by_month)
        return self._counts[wanted]

    def _count(self, kind: str, by_branch: bool, by_month: bool) -> collections.Counter:
        if self.tallied:
            top, children = self.scope.tally_paths
            if not by_branch:
                total = [top[0]]  # everything ("") city-wide, the unit's own row otherwise
                rows = tallies.read(
                    kind, first_month=self.period.start, last_month=self.period.end, paths=total, by_month=by_month
                )
                return collections.Counter({(None, month, key): n for _path, month, key, n in rows})
            rows = tallies.read(
                kind, first_month=self.period.start, last_month=self.period.end, paths=top + children, by_month=by_month
            )
            return self.scope.fold(rows, children)
        counter = tallies.BY_KIND[kind]
        if counter.is_date:
            dated = {f"{counter.date_field}__gte": self.period.start, f"{counter.date_field}__lte": self.period.end}
        else:
            dated = {f"{counter.date_field}__gte": self.start_at, f"{counter.date_field}__lt": self.end_at}
        by = self.scope.branch(counter.unit_field) if by_branch else Value(None, output_field=CharField())
        counts = counter.buckets(self._scoped(counter.records().filter(**dated), counter.unit_field), by=by)
        if by_month:
            return counts
        summed = collections.Counter()
        for (branch, _month, key), n in counts.items():
            summed[(branch, None, key)] += n
        return summed

    @cached_property
    def norm_groups(self) -> dict[int, int]:
        """Each norm's group: tallies count by norm, the scorecard by group (a norm moved counts in its new one)."""
        return dict(Norm.objects.values_list("pk", "group_id"))

    def _scoped(self, queryset, unit_field: str):
        """Only records of the unit and its sub-units (everything city-wide)."""
        if self.unit is None:
            return queryset
        return queryset.filter(**{f"{unit_field}__path__startswith": self.unit.path})

    # --- the record sets every section starts from --------------------------------------------------------------

    def findings(self):
        """Approved findings recorded in the period, in scope (breaches and commendations)."""
        queryset = Finding.objects.filter(
            inspection__status__in=APPROVED, created_at__gte=self.start_at, created_at__lt=self.end_at
        )
        return self._scoped(queryset, "unit")

    def cases(self):
        return self._scoped(Case.objects.all(), "unit")

    def received(self):
        """Cases received in the period, without those set aside as not processed (spam)."""
        return (
            self.cases()
            .filter(received_at__gte=self.start_at, received_at__lt=self.end_at)
            .exclude(status=Case.Status.SPAM)
        )

    def upheld(self):
        """Upheld complaints: criticism received in the period, answered, found upheld or partly upheld."""
        return self.received().filter(
            nature=Case.Nature.CRITICISM, status=Case.Status.ANSWERED, upheld__in=Case.UPHELD_OUTCOMES
        )

    # --- sections -----------------------------------------------------------------------------------------------

    def scorecard(self) -> Section:
        scope = self.scope
        groups = list(NormGroup.objects.order_by("order", "pk").values_list("pk", "code", "name"))
        cells: dict[tuple[str | None, str], list[int]] = {}  # (branch, group code) -> [findings, complaints]
        group_codes = {pk: code for pk, code, _name in groups}
        commendations = 0
        for (branch, _month, key), n in self.counts("finding").items():
            norm_id, commendation = key.split("|")
            if commendation == "1":
                commendations += n
                continue
            cells.setdefault((branch, group_codes[self.norm_groups[int(norm_id)]]), [0, 0])[0] += n
        for (branch, _month, norm_id), n in self.counts("upheld").items():
            code = group_codes.get(self.norm_groups.get(int(norm_id))) if norm_id else NO_GROUP
            cells.setdefault((branch, code or NO_GROUP), [0, 0])[1] += n

        columns = [
            _("Unit"),
            *[name for _pk, _code, name in groups],
            _("No norm cited"),
            _("Total"),
            _("of which findings"),
            _("of which upheld complaints"),
        ]
        codes = [code for _pk, code, _name in groups] + [NO_GROUP]
        branches = scope.ordered(set(scope.rows) | {branch for branch, _code in cells})
        table = Table(
            title=_("Scorecard: findings and upheld complaints by unit and norm group"), columns=columns, rows=[]
        )
        totals = []
        links = _Links(self.period)
        for index, branch in enumerate(branches):
            _label, code, own = scope.rows.get(branch, (None, None, False))
            values = [sum(cells.get((branch, group), [0, 0])) for group in codes]
            found = sum(cells.get((branch, group), [0, 0])[0] for group in codes)
            upheld = sum(cells.get((branch, group), [0, 0])[1] for group in codes)
            table.rows.append([scope.label(branch), *values, found + upheld, found, upheld])
            totals.append(found + upheld)
            if code:
                if not own:
                    table.links[(index, 0)] = links.dashboard_of(code)
                for column, group in enumerate(codes, start=1):
                    if values[column - 1]:
                        table.links[(index, column)] = links.items_of(code, group, own)
                if found + upheld:
                    table.links[(index, len(codes) + 1)] = links.items_of(code, "", own)
        # The worst cells: the WORST_CELLS highest non-zero unit × group counts, ties included.
        ranked = sorted((row[c] for row in table.rows for c in range(1, len(codes) + 1) if row[c]), reverse=True)
        if ranked:
            threshold = ranked[min(WORST_CELLS, len(ranked)) - 1]
            table.highlight = {
                (r, c) for r, row in enumerate(table.rows) for c in range(1, len(codes) + 1) if row[c] >= threshold
            }
        table.note = _("Highlighted (▲): the highest counts. Each count opens the items behind it.")
        if scope.truncated:
            table.note += " " + _("Only the first %(count)s sub-units are listed.") % {"count": MAX_BRANCHES}
        findings_total = sum(row[-2] for row in table.rows)
        upheld_total = sum(row[-1] for row in table.rows)
        chart = Chart(
            key="scorecard",
            title=_("Findings and upheld complaints by unit"),
            kind="hbar",
            categories=[row[0] for row in table.rows if row[-3]],  # units with something to show
            series=[
                (_("Breaches found"), [row[-2] for row in table.rows if row[-3]]),
                (_("Upheld complaints"), [row[-1] for row in table.rows if row[-3]]),
            ],
        )
        numbers = {"findings": findings_total, "commendations": commendations, "upheld_complaints": upheld_total}
        return Section("scorecard", _("Scorecard by unit and norm group"), [table], [chart], numbers)

    def trends(self) -> Section:
        months = self.period.months()
        index = {month: i for i, month in enumerate(months)}
        findings, criticism, praise, desk, desk_satisfied = ([0] * len(months) for _i in range(5))

        def slot(value):
            day = value.date() if isinstance(value, datetime.datetime) else value
            return index.get(day.replace(day=1))

        for (_branch, month, key), n in self.counts("finding", by_branch=False, by_month=True).items():
            if not key.endswith("|1") and (i := slot(month)) is not None:
                findings[i] += n
        for (_branch, month, key), n in self.counts("received", by_branch=False, by_month=True).items():
            nature = key.rsplit("|", 1)[1]
            if nature in (Case.Nature.CRITICISM, Case.Nature.PRAISE) and (i := slot(month)) is not None:
                (criticism if nature == Case.Nature.CRITICISM else praise)[i] += n
        for (_branch, month, satisfied), n in self.counts("desk", by_branch=False, by_month=True).items():
            if (i := slot(month)) is not None:
                desk[i] += n
                desk_satisfied[i] += n if satisfied == "1" else 0
        labels = [f"{month:%m/%Y}" for month in months]
        shares = [percent(desk_satisfied[i], desk[i]) for i in range(len(months))]
        table = Table(
            title=_("Trends by month"),
            columns=[
                _("Month"),
                _("Breaches found"),
                _("Complaints received"),
                _("Praise received"),
                _("Desk ratings"),
                _("Desk ratings: satisfied (%)"),
            ],
            rows=[[labels[i], findings[i], criticism[i], praise[i], desk[i], shares[i]] for i in range(len(months))],
        )
        counts = Chart(
            key="trends",
            title=_("Findings, complaints and praise by month"),
            kind="line",
            categories=labels,
            series=[
                (_("Breaches found"), findings),
                (_("Complaints received"), criticism),
                (_("Praise received"), praise),
                (_("Desk ratings"), desk),
            ],
        )
        satisfied = Chart(
            key="trends_desk",
            title=_("Desk ratings: share satisfied or very satisfied by month"),
            kind="line",
            categories=labels,
            series=[(_("Satisfied or very satisfied"), [_float(share) for share in shares])],
            target=self.targets.get(Target.Measure.SATISFACTION),
            unit="%",
        )
        numbers = {
            "complaints_received": sum(criticism),
            "praise_received": sum(praise),
            "desk_ratings": sum(desk),
        }
        return Section("trends", _("Trends by month"), [table], [counts, satisfied], numbers)

    def norms(self) -> Section:
        totals: dict[int, list[int]] = {}
        for (_branch, _month, key), n in self.counts("finding", by_branch=False).items():
            norm_id, commendation = key.split("|")
            if commendation == "0":
                totals.setdefault(int(norm_id), [0, 0])[0] += n
        for (_branch, _month, norm_id), n in self.counts("upheld", by_branch=False).items():
            if norm_id:
                totals.setdefault(int(norm_id), [0, 0])[1] += n
        top = sorted(totals.items(), key=lambda item: (-sum(item[1]), item[0]))[:TOP_NORMS]
        norms = Norm.objects.select_related("group").in_bulk([norm_id for norm_id, _counts in top])
        citations = {}
        for citation in NormCitation.objects.filter(norm_id__in=norms).select_related("document").order_by("pk"):
            citations.setdefault(citation.norm_id, citation)
        table = Table(
            title=_("Norms breached most often"),
            columns=[
                _("Norm"),
                _("What the norm says"),
                _("Norm group"),
                _("Breaches found"),
                _("Upheld complaints"),
                _("Total"),
                _("Provision"),
            ],
            rows=[],
        )
        for index, (norm_id, (found, upheld)) in enumerate(top):
            norm = norms[norm_id]
            citation = citations.get(norm_id)
            provision = f"{citation.label} ({citation.document.reference})" if citation else None
            table.rows.append([norm.code, norm.title, norm.group.name, found, upheld, found + upheld, provision])
            table.links[(index, 0)] = f"{reverse('regulations:norms')}#norm-{norm.code}"
            if citation:
                table.links[(index, 6)] = reverse("regulations:provision", args=[citation.document_id, citation.anchor])
        chart = Chart(
            key="norms",
            title=_("Norms breached most often"),
            kind="hbar",
            categories=[row[0] for row in table.rows],
            series=[
                (_("Breaches found"), [row[3] for row in table.rows]),
                (_("Upheld complaints"), [row[4] for row in table.rows]),
            ],
        )
        return Section("norms", _("Norms breached most often"), [table], [chart], {"norms_breached": len(totals)})

    def measures(self) -> Section:
        counts: dict[str | None, int] = {}
        for (_branch, _month, code), n in self.counts("finding_measure", by_branch=False).items():
            counts[code or None] = counts.get(code or None, 0) + n
        names = {}
        for code, name in DisciplinaryMeasure.objects.order_by("kind", "severity", "-valid_from").values_list(
            "code", "name"
        ):
            names.setdefault(code, name)
        numbers: dict[str, int | Decimal | None] = {code: counts.get(code, 0) for code in names}
        numbers.update({code: n for code, n in counts.items() if code})
        numbers["none"] = counts.get(None, 0)
        rows = [[names.get(code, code), n] for code, n in numbers.items() if code != "none" and n]
        rows.append([_("No measure proposed"), numbers["none"]])
        table = Table(title=_("Findings by proposed measure"), columns=[_("Measure"), _("Breaches found")], rows=rows)
        chart = Chart(
            key="measures",
            title=_("Findings by proposed measure"),
            kind="hbar",
            categories=[row[0] for row in rows],
            series=[(_("Breaches found"), [row[1] for row in rows])],
        )
        return Section("measures", _("Violations and how they were handled"), [table], [chart], numbers)

    def inspections(self) -> Section:
        inspections = Inspection.objects.all()
        if self.unit is not None:
            inspections = inspections.filter(self._about_scope("pk"))
        # Two narrow queries rather than one over every inspection: those starting in the period, and the
        # conclusions approved in it (an inspection may be concluded in a later period than it started).
        started = inspections.filter(window_start__gte=self.start_at, window_start__lt=self.end_at)
        planned = Q(kind=Inspection.Kind.PERIODIC, plan__status=InspectionPlan.Status.APPROVED)
        counts = started.aggregate(
            periodic_planned=Count("pk", filter=planned),
            periodic_done=Count("pk", filter=planned & Q(status__in=APPROVED)),
            periodic_unplanned=Count(
                "pk",
                filter=Q(kind=Inspection.Kind.PERIODIC, status__in=APPROVED)
                & ~Q(plan__status=InspectionPlan.Status.APPROVED),
            ),
            surprise=Count("pk", filter=Q(kind=Inspection.Kind.SURPRISE, status__in=APPROVED)),
        )
        conclusions = Conclusion.objects.filter(
            status=Conclusion.Status.APPROVED, approved_at__gte=self.start_at, approved_at__lt=self.end_at
        )
        if self.unit is not None:
            # Asked of each conclusion's inspection directly: through the inspections' own filter PostgreSQL would
            # first list every inspection of the subtree over five years.
            conclusions = conclusions.filter(self._about_scope("inspection_id"))
        counts["conclusions_issued"] = conclusions.count()
        # Attendance at check time, by branch: at work (present or late) over expected (all but absent with leave).
        scope = self.scope
        Status = AttendanceRecord.Status
        by_branch: dict[str | None, dict[str, int]] = {}
        for (branch, _month, status), n in self.counts("attendance").items():
            row = by_branch.setdefault(branch, {"expected": 0, "at_work": 0, "late": 0, "absent": 0})
            row["expected"] += n if status != Status.ABSENT_WITH_LEAVE else 0
            row["at_work"] += n if status in (Status.PRESENT, Status.LATE) else 0
            row["late"] += n if status == Status.LATE else 0
            row["absent"] += n if status == Status.ABSENT_WITHOUT_LEAVE else 0
        expected = sum(row["expected"] for row in by_branch.values())
        at_work = sum(row["at_work"] for row in by_branch.values())
        counts["attendance_checked"] = expected
        counts["attendance_rate"] = percent(at_work, expected)
        summary = Table(
            title=_("Inspections"),
            columns=[_("Figure"), _("Number")],
            rows=[
                [_("Periodic inspections planned"), counts["periodic_planned"]],
                [_("Periodic inspections done (conclusion approved)"), counts["periodic_done"]],
                [_("Periodic inspections outside the approved plan"), counts["periodic_unplanned"]],
                [_("Surprise inspections (conclusion approved)"), counts["surprise"]],
                [_("Conclusions approved"), counts["conclusions_issued"]],
                [_("Attendance at check time (%)"), counts["attendance_rate"]],
            ],
        )
        branches = scope.ordered(set(by_branch))
        rates = [percent(by_branch[b]["at_work"], by_branch[b]["expected"]) for b in branches]
        per_unit = Table(
            title=_("Attendance at check time by unit"),
            columns=[
                _("Unit"),
                _("Officials expected"),
                _("At work"),
                _("of which late"),
                _("Absent without leave"),
                _("At work (%)"),
            ],
            rows=[
                [
                    scope.label(b),
                    by_branch[b]["expected"],
                    by_branch[b]["at_work"],
                    by_branch[b]["late"],
                    by_branch[b]["absent"],
                    rate,
                ]
                for b, rate in zip(branches, rates, strict=True)
            ],
        )
        charts = [
            Chart(
                key="inspections",
                title=_("Inspections"),
                kind="bar",
                categories=[_("Periodic planned"), _("Periodic done"), _("Surprise"), _("Conclusions approved")],
                series=[
                    (
                        _("Inspections"),
                        [
                            counts["periodic_planned"],
                            counts["periodic_done"],
                            counts["surprise"],
                            counts["conclusions_issued"],
                        ],
                    )
                ],
            ),
            self._rate_by_unit(
                key="attendance",
                title=_("Attendance at check time by unit"),
                label=_("At work (%)"),
                branches=branches,
                rates=rates,
                total=counts["attendance_rate"],
                measure=Target.Measure.ATTENDANCE,
            ),
        ]
        return Section("inspections", _("Inspections"), [summary, per_unit], charts, counts)

    def _about_scope(self, inspection: str) -> Exists:
        """The inspection (named by the outer query's field `inspection`) is about a unit of the scope."""
        return Exists(
            Inspection.units.through.objects.filter(
                inspection_id=OuterRef(inspection), unit__path__startswith=self.unit.path
            )
        )

    def actions(self) -> Section:
        scope = self.scope
        zone = timezone.get_default_timezone()
        Status = CorrectiveAction.Status
        actions = self._scoped(
            CorrectiveAction.objects.filter(deadline__gte=self.period.start, deadline__lte=self.period.end), "unit"
        ).annotate(reported_on=TruncDate("reported_at", tzinfo=zone))
        is_open = Q(status__in=CorrectiveAction.OPEN_STATUSES)
        rows = {
            row["branch"]: row
            for row in actions.annotate(branch=scope.branch("unit"))
            .values("branch")
            .annotate(
                open=Count("pk", filter=is_open & Q(deadline__gte=self.today)),
                overdue=Count("pk", filter=is_open & Q(deadline__lt=self.today)),
                awaiting_review=Count("pk", filter=Q(status=Status.REPORTED)),
                done_on_time=Count("pk", filter=Q(status=Status.ACCEPTED, reported_on__lte=F("deadline"))),
                done_late=Count("pk", filter=Q(status=Status.ACCEPTED, reported_on__gt=F("deadline"))),
            )
        }
        keys = ["open", "overdue", "awaiting_review", "done_on_time", "done_late"]
        numbers: dict[str, int | Decimal | None] = {key: sum(row[key] for row in rows.values()) for key in keys}

        def on_time_rate(row):
            return percent(row["done_on_time"], row["done_on_time"] + row["done_late"] + row["overdue"])

        numbers["on_time_rate"] = on_time_rate(numbers)
        branches = scope.ordered(set(rows))
        table = Table(
            title=_("Corrective actions with a deadline in the period"),
            columns=[
                _("Unit"),
                _("Open, not yet due"),
                _("Overdue"),
                _("Reported, awaiting review"),
                _("Done on time"),
                _("Done late"),
                _("Done on time (%)"),
            ],
            rows=[[scope.label(b), *[rows[b][key] for key in keys], on_time_rate(rows[b])] for b in branches],
        )
        table.rows.append([_("Total"), *[numbers[key] for key in keys], numbers["on_time_rate"]])
        table.note = _("Done on time (%): done on time over done (on time or late) and overdue.")
        charts = [
            Chart(
                key="actions",
                title=_("Corrective actions"),
                kind="bar",
                categories=[
                    _("Open, not yet due"),
                    _("Overdue"),
                    _("Reported, awaiting review"),
                    _("Done on time"),
                    _("Done late"),
                ],
                series=[(_("Corrective actions"), [numbers[key] for key in keys])],
            ),
            self._rate_by_unit(
                key="actions_on_time",
                title=_("Corrective actions done on time by unit"),
                label=_("Done on time (%)"),
                branches=branches,
                rates=[on_time_rate(rows[b]) for b in branches],
                total=numbers["on_time_rate"],
                measure=Target.Measure.ACTIONS_ON_TIME,
            ),
        ]
        return Section("actions", _("Corrective actions"), [table], charts, numbers)

    def feedback(self) -> Section:
        scope = self.scope
        tracks = list(DeadlineRule.Track.choices)
        received = {}
        praise = 0
        for (_branch, _month, key), n in self.counts("received", by_branch=False).items():
            channel, track, nature = key.split("|")
            received[(channel, track)] = received.get((channel, track), 0) + n
            if nature == Case.Nature.PRAISE:
                praise += n
        by_channel = Table(
            title=_("Feedback received by channel and track"),
            columns=[_("Channel"), *[label for _code, label in tracks], _("Total")],
            rows=[],
        )
        for channel, label in Case.Channel.choices:
            values = [received.get((channel, track), 0) for track, _label in tracks]
            by_channel.rows.append([label, *values, sum(values)])
        columns_total = [sum(row[i] for row in by_channel.rows) for i in range(1, len(tracks) + 2)]
        by_channel.rows.append([_("Total"), *columns_total])
        # Answered in the period (duplicates share their original's answer and are not counted twice).
        rows: dict[str | None, dict[str, int]] = {}
        histogram: dict[int, int] = {}
        for (branch, _month, key), n in self.counts("answered").items():
            with_deadline, on_time, working_days = key.split("|")
            row = rows.setdefault(branch, {"answered": 0, "with_deadline": 0, "on_time": 0})
            row["answered"] += n
            row["with_deadline"] += n if with_deadline == "1" else 0
            row["on_time"] += n if on_time == "1" else 0
            if working_days:
                histogram[int(working_days)] = histogram.get(int(working_days), 0) + n
        total_answered = sum(row["answered"] for row in rows.values())
        total_deadline = sum(row["with_deadline"] for row in rows.values())
        total_on_time = sum(row["on_time"] for row in rows.values())
        numbers = {
            "received": columns_total[-1],
            "praise": praise,
            "answered": total_answered,
            "answered_on_time": total_on_time,
            "answered_with_deadline": total_deadline,
            "on_time_rate": percent(total_on_time, total_deadline),
            "median_answer_days": median_of_histogram(histogram),
        }
        branches = scope.ordered(set(rows))
        rates = [percent(rows[b]["on_time"], rows[b]["with_deadline"]) for b in branches]
        per_unit = Table(
            title=_("Feedback answered by unit concerned"),
            columns=[
                _("Unit"),
                _("Answered"),
                _("With a legal deadline"),
                _("Within the deadline"),
                _("Within the deadline (%)"),
            ],
            rows=[
                [scope.label(b), rows[b]["answered"], rows[b]["with_deadline"], rows[b]["on_time"], rate]
                for b, rate in zip(branches, rates, strict=True)
            ],
        )
        per_unit.rows.append([_("Total"), total_answered, total_deadline, total_on_time, numbers["on_time_rate"]])
        per_unit.note = _(
            "Within the deadline: answered on or before the last day of the legal deadline in force when answered "
            "(counted in working days, extensions included). Median answer time: %(median)s working days from receipt."
        ) % {"median": numbers["median_answer_days"] if numbers["median_answer_days"] is not None else "—"}
        charts = [
            Chart(
                key="feedback_channels",
                title=_("Feedback received by channel"),
                kind="bar",
                categories=[row[0] for row in by_channel.rows[:-1]],
                series=[(_("Received"), [row[-1] for row in by_channel.rows[:-1]])],
            ),
            self._rate_by_unit(
                key="feedback_on_time",
                title=_("Feedback answered within the legal deadline by unit"),
                label=_("Within the deadline (%)"),
                branches=branches,
                rates=rates,
                total=numbers["on_time_rate"],
                measure=Target.Measure.ANSWERED_ON_TIME,
            ),
        ]
        return Section("feedback", _("Feedback handling"), [by_channel, per_unit], charts, numbers)

    def satisfaction(self) -> Section:
        scope = self.scope
        rows: dict[str | None, dict[str, int]] = {}
        for prefix, kind in (("answer", "answer_rating"), ("desk", "desk")):
            for (branch, _month, satisfied), n in self.counts(kind).items():
                entry = rows.setdefault(branch, {"answer": 0, "answer_ok": 0, "desk": 0, "desk_ok": 0})
                entry[prefix] += n
                entry[f"{prefix}_ok"] += n if satisfied == "1" else 0

        def share(entry):
            ratings = entry["answer"] + entry["desk"]
            return percent(entry["answer_ok"] + entry["desk_ok"], ratings) if ratings >= MIN_RATINGS else None

        too_few = _("too few ratings")
        total = {key: sum(entry[key] for entry in rows.values()) for key in ("answer", "answer_ok", "desk", "desk_ok")}
        branches = scope.ordered(set(rows))
        table = Table(
            title=_("Satisfaction by unit (answer ratings and desk ratings together)"),
            columns=[
                _("Unit"),
                _("Answer ratings"),
                _("Desk ratings"),
                _("Ratings"),
                _("Satisfied or very satisfied"),
                _("Satisfied or very satisfied (%)"),
            ],
            rows=[],
        )
        for branch in [*branches, "total"]:
            entry = total if branch == "total" else rows[branch]
            ratings = entry["answer"] + entry["desk"]
            value = share(entry)
            label = _("Total") if branch == "total" else scope.label(branch)
            table.rows.append(
                [
                    label,
                    entry["answer"],
                    entry["desk"],
                    ratings,
                    entry["answer_ok"] + entry["desk_ok"],
                    value if value is not None else too_few,
                ]
            )
        table.note = _(
            "Satisfied or very satisfied: an answer rated 4 or 5 (of 5), a desk rating of 2 or 3 (of 3). "
            "Fewer than %(minimum)s ratings: too few ratings to give a share."
        ) % {"minimum": MIN_RATINGS}
        ratings = total["answer"] + total["desk"]
        numbers = {
            "ratings": ratings,
            "answer_ratings": total["answer"],
            "desk_ratings": total["desk"],
            "satisfied": total["answer_ok"] + total["desk_ok"],
            "satisfaction_share": share(total),
        }
        chart = self._rate_by_unit(
            key="satisfaction",
            title=_("Citizens satisfied or very satisfied by unit"),
            label=_("Satisfied or very satisfied (%)"),
            branches=branches,
            rates=[share(rows[b]) for b in branches],
            total=numbers["satisfaction_share"],
            measure=Target.Measure.SATISFACTION,
        )
        return Section("satisfaction", _("Satisfaction"), [table], [chart], numbers)

    def dissemination(self) -> Section:
        scope = self.scope
        rows: dict[str | None, dict[str, int]] = {}
        for (branch, _month, confirmed), n in self.counts("assignment").items():
            row = rows.setdefault(branch, {"assigned": 0, "confirmed": 0})
            row["assigned"] += n
            row["confirmed"] += n if confirmed == "1" else 0
        assigned = sum(row["assigned"] for row in rows.values())
        confirmed_total = sum(row["confirmed"] for row in rows.values())
        trainings = Training.objects.filter(start_date__gte=self.period.start, start_date__lte=self.period.end)
        participants = Training.participants.through.objects.filter(
            training__start_date__gte=self.period.start, training__start_date__lte=self.period.end
        )
        if self.unit is not None:
            trainings = trainings.filter(
                Exists(participants.filter(training=OuterRef("pk"), official__unit__path__startswith=self.unit.path))
            )
        training_counts = trainings.aggregate(
            trainings=Count("pk", filter=Q(kind=Training.Kind.TRAINING)),
            contests=Count("pk", filter=Q(kind=Training.Kind.CONTEST)),
            # Head counts of events whose participants are not named (city-wide only: they have no unit).
            head_count=Sum("head_count", filter=~Exists(participants.filter(training=OuterRef("pk")))),
        )
        named = self._scoped(
            Official.objects.filter(Exists(participants.filter(official=OuterRef("pk")))), "unit"
        ).count()
        officials_trained = named + ((training_counts["head_count"] or 0) if self.unit is None else 0)
        branches = scope.ordered(set(rows))
        rates = [percent(rows[b]["confirmed"], rows[b]["assigned"]) for b in branches]
        table = Table(
            title=_("Read confirmations by unit (campaigns due in the period)"),
            columns=[_("Unit"), _("Assigned"), _("Confirmed"), _("Confirmed (%)")],
            rows=[
                [scope.label(b), rows[b]["assigned"], rows[b]["confirmed"], rate]
                for b, rate in zip(branches, rates, strict=True)
            ],
        )
        table.rows.append([_("Total"), assigned, confirmed_total, percent(confirmed_total, assigned)])
        numbers = {
            "assigned": assigned,
            "confirmed": confirmed_total,
            "confirmed_rate": percent(confirmed_total, assigned),
            "trainings": training_counts["trainings"],
            "contests": training_counts["contests"],
            "officials_trained": officials_trained,
        }
        training_table = Table(
            title=_("Trainings and contests"),
            columns=[_("Figure"), _("Number")],
            rows=[
                [_("Trainings"), numbers["trainings"]],
                [_("Contests"), numbers["contests"]],
                [_("Officials trained"), officials_trained],
            ],
        )
        chart = self._rate_by_unit(
            key="dissemination",
            title=_("Assigned documents confirmed as read by unit"),
            label=_("Confirmed (%)"),
            branches=branches,
            rates=rates,
            total=numbers["confirmed_rate"],
            measure=Target.Measure.ACKNOWLEDGED,
        )
        return Section("dissemination", _("Dissemination and training"), [table, training_table], [chart], numbers)


def figures_for(*, period: Period, unit: Unit | None) -> Figures:
    """Every figure of the dashboard for a period and a unit with its sub-units (None: the whole organisation).

    Headline numbers by section:
    - scorecard: findings (breaches), commendations, upheld_complaints;
    - trends: complaints_received, praise_received, desk_ratings;
    - norms: norms_breached (how many different norms);
    - measures: one key per measure code, plus "none" (findings without a proposed measure);
    - inspections: periodic_planned, periodic_done, periodic_unplanned, surprise, conclusions_issued,
      attendance_checked, attendance_rate (Decimal % or None);
    - actions: open, overdue, awaiting_review, done_on_time, done_late, on_time_rate;
    - feedback: received, praise, answered, answered_on_time, answered_with_deadline, on_time_rate (Decimal % or
      None), median_answer_days (working days, Decimal or None);
    - satisfaction: ratings, answer_ratings, desk_ratings, satisfied, satisfaction_share (Decimal % or None when
      fewer than MIN_RATINGS ratings);
    - dissemination: assigned, confirmed, confirmed_rate, trainings, contests, officials_trained.
    """
    calculator = _Calculator(period, unit)
    sections = [
        calculator.scorecard(),
        calculator.trends(),
        calculator.norms(),
        calculator.inspections(),
        calculator.measures(),
        calculator.actions(),
        calculator.feedback(),
        calculator.satisfaction(),
        calculator.dissemination(),
    ]
    return Figures(period=period, unit=unit, sections=sections)


# --- the items behind a scorecard cell ------------------------------------------------------------------------------

MAX_ITEMS = 200  # a drill-down lists at most this many of each kind, newest first, and says how many there are


@dataclass
class Items:
    findings: list[dict]
    cases: list[dict]
    findings_total: int
    cases_total: int


def items_behind(*, period: Period, unit: Unit | None, group: str = "", own: bool = False) -> Items:
    """The approved findings (breaches) and upheld complaints behind a scorecard cell: the unit with its sub-units
    (or, with `own`, the unit alone; None: the whole organisation) and a norm group code ("" all groups, NO_GROUP
    complaints citing no norm).

    Only what leadership may read about them: dates, units, norms, severity, measure, case tracking codes and
    outcome — never a complainant, never a description."""
    calculator = _Calculator(period, unit)
    findings = calculator.findings().filter(is_commendation=False)
    cases = calculator.upheld()
    if own and unit is not None:
        findings, cases = findings.filter(unit=unit), cases.filter(unit=unit)
    if group == NO_GROUP:
        findings, cases = findings.none(), cases.filter(norm__isnull=True)
    elif group:
        findings, cases = findings.filter(norm__group__code=group), cases.filter(norm__group__code=group)
    finding_rows = list(
        findings.order_by("-created_at", "-pk").values(
            "created_at",
            "unit__name",
            "norm__code",
            "norm__title",
            "severity",
            "measure__name",
            "inspection__title",
            "inspection__kind",
        )[:MAX_ITEMS]
    )
    case_rows = list(
        cases.order_by("-received_at", "-pk").values(
            "tracking_code",
            "received_at",
            "answered_at",
            "unit__name",
            "norm__code",
            "norm__title",
            "upheld",
            "channel",
        )[:MAX_ITEMS]
    )
    upheld_labels = dict(Case.Upheld.choices)
    channel_labels = dict(Case.Channel.choices)
    severity_labels = dict(Finding._meta.get_field("severity").choices)
    kind_labels = dict(Inspection.Kind.choices)
    for row in finding_rows:
        row["severity_label"] = severity_labels.get(row["severity"], row["severity"])
        row["kind_label"] = kind_labels.get(row["inspection__kind"], "")
    for row in case_rows:
        row["upheld_label"] = upheld_labels.get(row["upheld"], "")
        row["channel_label"] = channel_labels.get(row["channel"], "")
    findings_total = len(finding_rows) if len(finding_rows) < MAX_ITEMS else findings.count()
    cases_total = len(case_rows) if len(case_rows) < MAX_ITEMS else cases.count()
    return Items(finding_rows, case_rows, findings_total, cases_total)


def group_label(code: str) -> str:
    if code == NO_GROUP:
        return _("No norm cited")
    if not code:
        return pgettext("norm groups", "All")
    return NormGroup.objects.filter(code=code).values_list("name", flat=True).first() or code
