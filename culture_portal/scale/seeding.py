"""Realistic, internally consistent data at a chosen scale, written set-wise (COPY on PostgreSQL).

Everything seeded hangs from units whose code starts with "SC-" and from accounts whose user name starts with
"sc-" (plus one issuer of documents, see SEED_ISSUER), so `dropping.scale_drop` can remove exactly that.
Rows are generated in Python from one seeded random generator (the same size gives the same data) and streamed
in chunks: memory stays bounded at a million cases.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from culture_portal.models import (
    DisciplinaryMeasure,
    DocumentKind,
    DocumentNumber,
    IssuingBody,
    Official,
    Signatory,
    Unit,
)
from culture_portal.roles import Role
from culture_portal.scale import texts
from culture_portal.scale.bulk import (
    IndexesSetAside,
    Table,
    foreign_key_checks_off,
    foreign_key_checks_on,
    foreign_keys_verify,
    next_id,
    sequences_reset,
    uuid_from,
)
from culture_portal.text import fold, name_sort_key, search_key
from culture_portal.workdays import WorkingCalendar
from feedback import codes
from feedback.models import Case, CaseEvent, Complainant, DeskRating
from inspections.models import (
    AttendanceRecord,
    ChecklistItem,
    Conclusion,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    Notice,
    Requirement,
)
from regulations.models import (
    Acknowledgement,
    Campaign,
    CampaignAssignment,
    DocumentOpening,
    DocumentVersion,
    Issuer,
    LegalDocument,
    Norm,
    NormGroup,
    Training,
)

UNIT_PREFIX = "SC-"
USER_PREFIX = "sc-"
SEED_ISSUER = "Ủy ban nhân dân tỉnh Hà Tĩnh (dữ liệu thử tải SC)"
# Every seeded case can be followed on the tracking page with its code and this PIN.
SEED_PIN = "246810"
SEED_PASSWORD = "VanHoaCongVu@2026"  # noqa: S105 - scratch data, printed in the README  # nosec B105
CHUNK = 50_000
UTC = datetime.UTC
VN = datetime.timezone(datetime.timedelta(hours=7))


@dataclass(frozen=True)
class Size:
    units: int
    officials: int
    cases: int
    inspections: int
    findings: int
    desk_ratings: int


SIZES = {
    # Issue 14/17: a province is 2,000 units, 50,000 officials, 1M cases, 100,000 inspections, 500,000 findings.
    "tiny": Size(units=14, officials=60, cases=1_000, inspections=100, findings=500, desk_ratings=400),
    "city": Size(units=40, officials=1_000, cases=20_000, inspections=2_000, findings=10_000, desk_ratings=8_000),
    "province": Size(
        units=2_000, officials=50_000, cases=1_000_000, inspections=100_000, findings=500_000, desk_ratings=200_000
    ),
}

K = Unit.Kind
# How many officials a unit of each kind has, relative to one another; and how often citizens write about it.
STAFF_WEIGHT = {K.PEOPLES_COMMITTEE: 30, K.OFFICE: 14, K.BOARD: 12, K.PUBLIC_SERVICE_UNIT: 20, K.WARD: 20,
                K.COMMUNE: 18, K.SERVICE_CENTRE: 16, K.RECEPTION_DESK: 4}  # fmt: skip
CASE_WEIGHT = {K.PEOPLES_COMMITTEE: 1, K.OFFICE: 2, K.BOARD: 1, K.PUBLIC_SERVICE_UNIT: 2, K.WARD: 4, K.COMMUNE: 3,
               K.SERVICE_CENTRE: 4, K.RECEPTION_DESK: 6}  # fmt: skip
DESK_KINDS = (K.RECEPTION_DESK, K.SERVICE_CENTRE, K.WARD, K.COMMUNE)


class Seeder:
    def __init__(self, *, size: str, years: int = 5, out=print, seed: int = 14):
        self.size = SIZES[size]
        self.size_name = size
        self.out = out
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, the same for the same seed  # nosec B311
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.first_day = self.today.replace(year=self.today.year - years)
        self.calendar = WorkingCalendar()
        self._workdays: dict[tuple, datetime.date] = {}
        self._folded: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.tables_written: dict[str, Table] = {}

    # --- helpers ---------------------------------------------------------------------------------------------------

    def step(self, label: str, function) -> None:
        started = time.perf_counter()
        written = function()
        self.out(f"{label:<34} {written:>10,} rows  {time.perf_counter() - started:7.1f} s")

    def add_wd(self, day: datetime.date, days: int) -> datetime.date:
        key = (day, days)
        if key not in self._workdays:
            self._workdays[key] = self.calendar.add_working_days(day, days)
        return self._workdays[key]

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`, as WorkingCalendar counts them (from a table)."""
        if not hasattr(self, "_working_index"):
            self._working_index, count = {}, 0
            day, last = self.first_day - datetime.timedelta(days=60), self.today + datetime.timedelta(days=400)
            while day <= last:
                count += self.calendar.is_working_day(day)
                self._working_index[day] = count
                day += datetime.timedelta(days=1)
        return max(0, self._working_index[end] - self._working_index[start])

    def folded(self, text: str) -> str:
        if text not in self._folded:
            self._folded[text] = fold(text)
        return self._folded[text]

    def at_local(self, day: datetime.date, minutes: int) -> datetime.datetime:
        """A time on a local working day (minutes after midnight, Vietnam), stored in UTC and never in the future."""
        moment = datetime.datetime(day.year, day.month, day.day, tzinfo=VN) + datetime.timedelta(minutes=minutes)
        return min(moment.astimezone(UTC), self.now - datetime.timedelta(minutes=1))

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(VN).date()

    def write(self, table: Table, rows: list) -> int:
        table.write(rows)
        self.tables_written[table.table] = table
        self.counts[table.table] = self.counts.get(table.table, 0) + len(rows)
        return len(rows)

    def person_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(texts.FAMILY_NAMES)} {rng.choice(texts.MIDDLE_NAMES)} {rng.choice(texts.GIVEN_NAMES)}"

    def official_of(self, unit_id: int) -> int:
        start, count = self.unit_officials[unit_id]
        return start + self.rng.randrange(count)

    # --- the whole run ---------------------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.norms = list(Norm.objects.filter(is_active=True).values_list("pk", "group_id", "citizen_title"))
        if not self.norms:
            raise ValueError(
                "The catalogue of norms is empty: load it first (the demo data's catalogue, or the back office)."
            )
        self.citizen_norms = [pk for pk, _group, citizen in self.norms if citizen] or [self.norms[0][0]]
        self.norms_by_group: dict[int, list[int]] = {}
        for pk, group, _citizen in self.norms:
            self.norms_by_group.setdefault(group, []).append(pk)
        self.groups = list(NormGroup.objects.values_list("pk", flat=True))
        measures = DisciplinaryMeasure.objects.values_list("pk", "kind")
        self.admin_measures = [pk for pk, kind in measures if kind == DisciplinaryMeasure.Kind.ADMINISTRATIVE]
        self.discipline_measures = [pk for pk, kind in measures if kind == DisciplinaryMeasure.Kind.DISCIPLINARY]
        with transaction.atomic():
            checks_off = foreign_key_checks_off()
            self.step("units", self.units_seed)
            self.step("officials", self.officials_seed)
            self.step("accounts and roles", self.accounts_seed)
            self.step("documents and campaigns", self.campaigns_seed)
            self.step("trainings", self.trainings_seed)
            with IndexesSetAside(BIG_TABLES) as indexes:
                self.step("feedback cases, events, contacts", self.cases_seed)
                self.step("desk ratings", self.desk_ratings_seed)
                self.step("inspections and all that follows", self.inspections_seed)
                if indexes.definitions:
                    self.step("indexes of the big tables rebuilt", indexes.rebuild)
            if checks_off:
                self.step("foreign keys verified", self.foreign_keys_verify)
            sequences_reset(
                [Unit, Official, get_user_model(), Case, Inspection, InspectionPlan, Conclusion, Requirement,
                 Finding, Campaign, CorrectiveAction, Notice]
            )  # fmt: skip
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.out(f"{'ANALYZE':<34} {'':>10}       {time.perf_counter() - started:7.1f} s")
        return self.counts

    def foreign_keys_verify(self) -> int:
        written = [table.model for table in self.tables_written.values()]
        foreign_keys_verify(written)
        foreign_key_checks_on()
        return sum(self.counts.values())

    # --- organisation ----------------------------------------------------------------------------------------------

    def _unit_specs(self) -> list[dict]:
        """The tree: the province's People's Committee, its departments, districts with offices, a service
        centre with desks, and wards and communes each with a one-stop desk; round robin until the size is met."""
        n = self.size.units
        root = {"name": "Ủy ban nhân dân tỉnh Hà Tĩnh", "kind": K.PEOPLES_COMMITTEE, "parent": None}
        specs = [root]
        for name in texts.DEPARTMENTS[: min(len(texts.DEPARTMENTS), max(2, n // 100))]:
            specs.append({"name": name, "kind": K.OFFICE, "parent": root})
        places = iter(self._places())

        def district_children(district, place):
            centre = {"name": f"Trung tâm Hành chính công {place}", "kind": K.SERVICE_CENTRE, "parent": district}
            yield centre
            for desk in texts.DESKS[:3]:
                yield {"name": f"{desk} - {place}", "kind": K.RECEPTION_DESK, "parent": centre}
            offices = iter(texts.DISTRICT_OFFICES)
            while True:
                office = next(offices, None)
                if office:
                    yield {"name": f"{office} {place}", "kind": K.OFFICE, "parent": district}
                ward_place = next(places)
                kind = self.rng.choice([K.WARD, K.COMMUNE])
                label = "phường" if kind == K.WARD else "xã"
                ward = {"name": f"UBND {label} {ward_place}", "kind": kind, "parent": district}
                yield ward
                yield {"name": f"Bộ phận một cửa {label} {ward_place}", "kind": K.RECEPTION_DESK, "parent": ward}

        districts = []
        for _ in range(max(1, n // 150)):
            place = next(places)
            district = {"name": f"UBND thị xã {place}", "kind": K.PEOPLES_COMMITTEE, "parent": root}
            specs.append(district)
            districts.append(district_children(district, place))
        while len(specs) < n:
            for children in districts:
                if len(specs) < n:
                    specs.append(next(children))
        return specs[:n]

    def _places(self):
        round_no = 0
        while True:
            for place in texts.PLACE_NAMES:
                yield place if round_no == 0 else f"{place} {round_no + 1}"
            round_no += 1

    def units_seed(self) -> int:
        specs = self._unit_specs()
        first = next_id(Unit)
        table = Table(Unit, ["id", "code", "name", "kind", "parent", "path", "depth", "email", "phone", "is_active",
                             "valid_from", "valid_until", "created_at", "updated_at", "search_name"])  # fmt: skip
        rows = []
        for number, spec in enumerate(specs):
            spec["id"] = first + number
            parent = spec["parent"]
            spec["path"] = f"{parent['path'] if parent else '/'}{spec['id']:07d}/"
            spec["depth"] = parent["depth"] + 1 if parent else 0
            spec["code"] = f"{UNIT_PREFIX}TINH" if parent is None else f"{UNIT_PREFIX}{number:05d}"
            rows.append((spec["id"], spec["code"], spec["name"], spec["kind"], parent["id"] if parent else None,
                         spec["path"], spec["depth"], "", "", True, None, None, self.now, self.now,
                         search_key(spec["name"], spec["code"])))  # fmt: skip
        self.units = specs
        self.root_id = specs[0]["id"]
        self.case_units = [spec["id"] for spec in specs for _ in range(CASE_WEIGHT[spec["kind"]])]
        self.desk_units = [spec["id"] for spec in specs if spec["kind"] in DESK_KINDS]
        self.inspected_units = [spec["id"] for spec in specs if spec["parent"] is not None]
        return self.write(table, rows)

    def officials_seed(self) -> int:
        weights = [STAFF_WEIGHT[spec["kind"]] for spec in self.units]
        factor = self.size.officials / sum(weights)
        first = next_id(Official)
        # COPY skips Official.save(): the sort and search keys are computed here, once per distinct name.
        table = Table(Official, ["id", "employee_code", "full_name", "position", "category", "unit", "email",
                                 "is_active", "user", "created_at", "updated_at", "sort_key",
                                 "search_name"])  # fmt: skip
        sort_keys: dict[str, str] = {}
        categories = [c for c, w in zip(Official.Category.values, (8, 60, 22, 3, 7), strict=True) for _ in range(w)]
        self.unit_officials: dict[int, tuple[int, int]] = {}
        next_pk, rows = first, []
        for spec, weight in zip(self.units, weights, strict=True):
            count = max(2, round(weight * factor))
            self.unit_officials[spec["id"]] = (next_pk, count)
            for index in range(count):
                position = self.rng.choice(texts.POSITIONS["head" if index == 0 else "staff"])
                active = index < 2 or self.rng.random() > 0.03
                code = f"{UNIT_PREFIX}{next_pk:08d}"
                category = self.rng.choice(categories)
                name = self.person_name()
                if name not in sort_keys:
                    sort_keys[name] = name_sort_key(name)
                rows.append(
                    (next_pk, code, name, position, category, spec["id"], "", active, None, self.now, self.now,
                     sort_keys[name], search_key(name, code))
                )  # fmt: skip
                next_pk += 1
        self.officials_count = len(rows)
        written = 0
        for start in range(0, len(rows), CHUNK):
            written += self.write(table, rows[start : start + CHUNK])
        return written

    def accounts_seed(self) -> int:
        User = get_user_model()
        n = self.size.units
        units_by_kind: dict[str, list[dict]] = {}
        for spec in self.units[1:]:
            units_by_kind.setdefault(spec["kind"], []).append(spec)
        districts = [spec for spec in units_by_kind.get(K.PEOPLES_COMMITTEE, [])]
        centres = units_by_kind.get(K.SERVICE_CENTRE) or [self.units[0]]
        wards = units_by_kind.get(K.WARD, []) + units_by_kind.get(K.COMMUNE, [])
        departments = units_by_kind.get(K.OFFICE, [])[: max(2, n // 100)]
        used: dict[int, int] = {}

        def official_in(unit_id: int, head: bool = False) -> int | None:
            start, count = self.unit_officials[unit_id]
            index = 0 if head else used.get(unit_id, 1)
            if index >= count:
                return None
            if not head:
                used[unit_id] = index + 1
            return start + index

        accounts = []  # (username, roles, unit id, head?)
        accounts.append(("sc-leader", [Role.STAFF, Role.LEADERSHIP], self.root_id, True))
        for number in range(2, 4):
            accounts.append((f"sc-leader-{number}", [Role.STAFF, Role.LEADERSHIP], self.root_id, False))
        accounts.append(("sc-admin", [Role.STAFF, Role.ADMINISTRATOR], self.root_id, False))
        for number in range(1, max(3, n // 40) + 1):
            unit = departments[number % len(departments)]["id"] if departments else self.root_id
            accounts.append((f"sc-inspector-{number:02d}", [Role.STAFF, Role.INSPECTOR], unit, False))
        for number in range(1, max(3, n // 40) + 1):
            accounts.append((f"sc-officer-{number:02d}", [Role.STAFF, Role.FEEDBACK_OFFICER],
                             centres[number % len(centres)]["id"], False))  # fmt: skip
        heads = districts + departments + wards[:500]
        for index, spec in enumerate(heads):
            name = "sc-unithead" if index == 0 else f"sc-head-{spec['code'].lower()}"
            accounts.append((name, [Role.STAFF, Role.UNIT_HEAD], spec["id"], True))
        for number in range(1, max(5, n // 20) + 1):
            unit = self.rng.choice(self.units)["id"]
            accounts.append((f"sc-staff-{number:03d}", [Role.STAFF], unit, False))

        password = make_password(SEED_PASSWORD)
        first = next_id(User)
        users = Table(User, ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
                             "email", "is_staff", "is_active", "date_joined"])  # fmt: skip
        groups = {group.name: group.pk for group in Group.objects.filter(name__in=Role.values)}
        memberships = Table(User.groups.through, ["user", "group"])
        user_rows, group_rows, links = [], [], []
        self.users_by_role: dict[str, list[int]] = {}
        self.user_official: dict[int, int] = {}
        for number, (username, roles, unit_id, head) in enumerate(accounts):
            official = official_in(unit_id, head)
            if official is None:
                continue
            pk = first + number
            family, _space, given = self.person_name().rpartition(" ")
            user_rows.append((pk, password, None, False, username, given, family, f"{username}@scale.invalid",
                              False, True, self.now))  # fmt: skip
            group_rows += [(pk, groups[role]) for role in roles]
            links.append((official, pk))
            self.user_official[pk] = official
            for role in roles:
                self.users_by_role.setdefault(role, []).append(pk)
        written = self.write(users, user_rows) + self.write(memberships, group_rows)
        with connection.cursor() as cursor:
            table, user_column = Official._meta.db_table, Official._meta.get_field("user").column
            cursor.executemany(
                f"UPDATE {connection.ops.quote_name(table)} SET {connection.ops.quote_name(user_column)} = %s "  # noqa: S608 - names from _meta  # nosec B608
                "WHERE id = %s",
                [(user, official) for official, user in links],
            )
        self.account_of_official = {official: user for user, official in self.user_official.items()}
        self.leader = self.users_by_role[Role.LEADERSHIP][0]
        self.inspectors = self.users_by_role[Role.INSPECTOR]
        self.officers = self.users_by_role[Role.FEEDBACK_OFFICER]
        self.staff_users = self.users_by_role[Role.STAFF]
        IssuingBody.objects.create(
            unit_id=self.root_id, name="ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", place_name="Hà Tĩnh", symbol="UBND",
            valid_from=self.first_day.replace(month=1, day=1),
        )  # fmt: skip
        self.signatory = Signatory.objects.create(
            issuing_body_unit_id=self.root_id, user_id=self.leader, full_name="Võ Hồng Hải", capacity="KT. CHỦ TỊCH",
            title="PHÓ CHỦ TỊCH", valid_from=self.first_day.replace(month=1, day=1),
        )  # fmt: skip
        return written + 2

    # --- regulations: campaigns and trainings ---------------------------------------------------------------------

    def campaigns_seed(self) -> int:
        issuer = Issuer.objects.create(name=SEED_ISSUER)
        issued = self.first_day.replace(month=1, day=2)
        document = LegalDocument.objects.create(
            kind=LegalDocument.Kind.CODE_OF_CONDUCT, reference="15/2021/QĐ-UBND", issuer=issuer, signer="Võ Hồng Hải",
            title="Quy tắc ứng xử của cán bộ, công chức, viên chức trong các cơ quan hành chính tỉnh Hà Tĩnh",
            issue_date=issued, effective_date=issued, search_text=" quy tac ung xu ",
        )  # fmt: skip
        years = list(range(self.first_day.year + 1, self.today.year + 1))
        assignments = Table(CampaignAssignment, ["campaign", "official", "reminded_at", "overdue_notified_at"])
        acknowledgements = Table(Acknowledgement, ["official", "version", "confirmed_at", "ip_address"])
        openings = Table(DocumentOpening, ["official", "version", "opened_at"])
        campaign_units = Table(Campaign.units.through, ["campaign", "unit"])
        written = 3
        first_official = self.unit_officials[self.root_id][0]
        for number, year in enumerate(years, start=1):
            version = DocumentVersion.objects.create(
                document=document, number=number, note=f"Sửa đổi, bổ sung năm {year}", is_current=year == years[-1],
                created_by_id=self.leader,
            )  # fmt: skip
            current = year == self.today.year
            launched = datetime.date(year, 2, 15) if not current else min(self.today, datetime.date(year, 2, 15))
            due = self.add_wd(self.today, 10) if current else datetime.date(year, 3, 31)
            campaign = Campaign.objects.create(
                title=f"Quán triệt Quy tắc ứng xử năm {year}", document=document, version=version, due_date=due,
                created_by_id=self.leader,
            )  # fmt: skip
            Campaign.objects.filter(pk=campaign.pk).update(created_at=self.at_local(launched, 8 * 60))
            written += 2 + self.write(campaign_units, [(campaign.pk, self.root_id)])
            share = 0.6 if current else 0.94
            span = max(1, (min(due, self.today) - launched).days)
            rows_a, rows_k, rows_o = [], [], []
            for official in range(first_official, first_official + self.officials_count):
                rows_a.append((campaign.pk, official, None, None))
                if self.rng.random() < share:
                    day = launched + datetime.timedelta(days=self.rng.randrange(span + (0 if current else 20)))
                    confirmed = self.at_local(min(day, self.today), 8 * 60 + self.rng.randrange(540))
                    rows_o.append((official, version.pk, confirmed - datetime.timedelta(minutes=10)))
                    rows_k.append((official, version.pk, confirmed, None))
                if len(rows_a) >= CHUNK:
                    written += self.write(assignments, rows_a) + self.write(openings, rows_o)
                    written += self.write(acknowledgements, rows_k)
                    rows_a, rows_k, rows_o = [], [], []
            written += self.write(assignments, rows_a) + self.write(openings, rows_o)
            written += self.write(acknowledgements, rows_k)
        self.document_id = document.pk
        return written

    def trainings_seed(self) -> int:
        first = next_id(Training)
        table = Table(Training, ["id", "kind", "title", "start_date", "end_date", "organiser", "head_count",
                                 "materials", "description"])  # fmt: skip
        participants = Table(Training.participants.through, ["training", "official"])
        first_official = self.unit_officials[self.root_id][0]
        rows, people = [], []
        per_year = max(2, self.size.units // 100)
        for year in range(self.first_day.year, self.today.year + 1):
            for _ in range(per_year):
                start = datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))
                if start >= self.today:
                    continue
                pk = first + len(rows)
                contest = self.rng.random() < 0.2
                kind = Training.Kind.CONTEST if contest else Training.Kind.TRAINING
                title = f"{self.rng.choice(texts.TRAININGS)} năm {year}"
                end = start + datetime.timedelta(days=self.rng.randrange(3))
                # Seeded trainings always name seeded participants: that is how --drop recognises them.
                count = min(self.officials_count, self.rng.randrange(20, 80))
                chosen = self.rng.sample(range(self.officials_count), count)
                people += [(pk, first_official + index) for index in chosen]
                rows.append((pk, kind, title, start, end, "Sở Nội vụ tỉnh Hà Tĩnh",
                             self.rng.randrange(100, 600) if contest else None, "", ""))  # fmt: skip
        return self.write(table, rows) + self.write(participants, people)

    # --- feedback --------------------------------------------------------------------------------------------------

    def cases_seed(self) -> int:
        size = self.size.cases
        start_ts = datetime.datetime(
            self.first_day.year, self.first_day.month, self.first_day.day, tzinfo=VN
        ).timestamp()
        span = self.now.timestamp() - start_ts - 3600
        moments = sorted(start_ts + self.rng.random() * span for _ in range(size))
        cases = Table(Case, CASE_FIELDS)
        complainants = Table(Complainant, ["case", "full_name", "phone", "email", "address", "consent_at",
                                           "phone_key", "email_key", "erased_at"])  # fmt: skip
        events = Table(CaseEvent, ["case", "at", "actor", "action", "public_text", "note"])
        first = next_id(Case)
        written = 0
        for chunk_start in range(0, size, CHUNK):
            case_rows, contact_rows, event_rows = [], [], []
            for index in range(chunk_start, min(size, chunk_start + CHUNK)):
                self._case(first + index, first, moments[index], case_rows, contact_rows, event_rows)
            written += self.write(cases, case_rows) + self.write(complainants, contact_rows)
            written += self.write(events, event_rows)
            self.out(f"  cases {min(size, chunk_start + CHUNK):>10,} / {size:,}")
        return written

    def _case(self, pk: int, first: int, moment: float, case_rows: list, contact_rows: list, event_rows: list):
        rng = self.rng
        received = datetime.datetime.fromtimestamp(int(moment), UTC)
        day = self.local_date(received)
        age = (self.today - day).days
        channel = rng.choices(CHANNELS, (45, 15, 25, 15))[0]
        nature = rng.choices(NATURES, (65, 20, 15))[0]
        track = rng.choices(TRACKS, (85, 12, 3))[0] if nature == "criticism" else "feedback"
        status = rng.choices(STATUSES, STATUS_WEIGHTS[0 if age > 45 else 1 if age > 10 else 2])[0]
        if status == "duplicate" and pk == first:
            status = "answered"
        unit = rng.choice(self.case_units)
        officer = rng.choice(self.officers)
        keyed_in_by = officer if channel != "web" else None
        template = rng.choice(
            texts.CRITICISMS if nature == "criticism" else texts.PRAISES if nature == "praise" else texts.OTHERS
        )
        description = template.format(n=rng.randrange(2, 5), desk=rng.choice(texts.DESKS), time=rng.choice(TIMES))
        norm = rng.choice(self.citizen_norms) if nature == "criticism" or rng.random() < 0.2 else None
        official = self.official_of(unit) if rng.random() < 0.3 else None
        code = f"PA-{day.year}-Z{_base31(pk - first)}"
        complexity = "complex" if track == "complaint" and rng.random() < 0.1 else "normal"
        accept_days = ACCEPT_DAYS[track]
        events = [(pk, received, keyed_in_by, "received", RECEIVED_TEXT[channel], "")]
        due_step, due_on = "accept", self.add_wd(day, accept_days)
        accepted_on, assignee, handling_unit = None, None, None
        answer, answered_at, answered_by, published, summary = "", None, None, False, ""
        rating, rating_comment, rated_at, duplicate_of, forwarded_to = None, "", None, None, ""
        upheld, answered_due_on, answer_working_days = "", None, None
        last = received
        if status in ("accepted", "in_progress", "answered"):
            accepted_on = min(self.today, self.add_wd(day, rng.randrange(0, accept_days)))
            last = max(last + datetime.timedelta(minutes=5), self.at_local(accepted_on, 8 * 60 + rng.randrange(480)))
            events.append((pk, last, officer, "accepted", STATUS_TEXT["accepted"], ""))
            due_step = "decide" if complexity == "normal" else "decide_complex"
            decide = DECIDE_DAYS[track] if complexity == "normal" else 45
            due_on = (
                self.add_wd(accepted_on, decide)
                if track == "feedback"
                else accepted_on + datetime.timedelta(days=decide)
            )
            assignee = officer
        if status in ("in_progress", "answered"):
            handling_unit = unit
            last = min(self.now, last + datetime.timedelta(hours=rng.randrange(1, 30)))
            events.append((pk, last, officer, "assigned", STATUS_TEXT["in_progress"], f"{unit} / {officer}"))
            if rng.random() < 0.1:
                last = min(self.now, last + datetime.timedelta(hours=rng.randrange(1, 48)))
                events.append((pk, last, officer, "note", "", "Đơn vị đã báo cáo kết quả xác minh."))
        if status == "answered":
            if rng.random() < 0.85:  # on time: answered on or before the deadline
                answer_day = due_on - datetime.timedelta(days=rng.randrange(0, 8))
            else:
                answer_day = due_on + datetime.timedelta(days=rng.randrange(1, 20))
            answered_at = self.at_local(answer_day, 8 * 60 + rng.randrange(540))
            answered_at = max(last + datetime.timedelta(minutes=30), answered_at)
            answered_at = min(answered_at, self.now - datetime.timedelta(seconds=30))
            last = answered_at
            answer, answered_by = rng.choice(texts.ANSWERS), officer
            published = nature == "criticism" and rng.random() < 0.25
            summary = "Đơn vị đã xác minh và chấn chỉnh; cảm ơn công dân đã phản ánh." if published else ""
            events.append((pk, answered_at, officer, "answered", STATUS_TEXT["answered"], ""))
            # As case_answer keeps them: the deadline the answer was held to, the working days it took; the open
            # step's deadline is cleared.
            answered_due_on, due_step, due_on = due_on, "", None
            answer_working_days = self.working_days_between(day, self.local_date(answered_at))
            if nature == "criticism":
                upheld = rng.choices(UPHELD, (45, 20, 35))[0]
            if rng.random() < 0.35:
                rated_at = answered_at + datetime.timedelta(hours=rng.randrange(1, 120))
                if rated_at < self.now:
                    rating = rng.choices((5, 4, 3, 2, 1), (40, 30, 12, 10, 8))[0]
                    rating_comment = rng.choice(texts.RATING_COMMENTS)
                    events.append((pk, rated_at, None, "rated", "", f"{rating}/5"))
                else:
                    rated_at = None
        elif status in ("duplicate", "spam", "forwarded"):
            due_step, due_on = "", None
            last = min(self.now, last + datetime.timedelta(hours=rng.randrange(1, 72)))
            if status == "duplicate":
                duplicate_of = max(first, pk - rng.randrange(1, 200))
                events.append((pk, last, officer, "merged", STATUS_TEXT["duplicate"], ""))
            elif status == "spam":
                events.append((pk, last, officer, "spam", STATUS_TEXT["spam"], "Nội dung không liên quan."))
            else:
                forwarded_to = rng.choice(("Thanh tra tỉnh", "Công an tỉnh", "Sở Tài nguyên và Môi trường"))
                events.append((pk, last, officer, "forwarded", STATUS_TEXT["forwarded"], ""))
        served_on = day - datetime.timedelta(days=rng.randrange(4)) if nature != "other" else None
        case_rows.append((
            pk, uuid_from(rng), code, codes.pin_digest(code, SEED_PIN), channel, nature, track, complexity, status,
            unit, rng.choice(texts.DESKS) if official is None and rng.random() < 0.3 else "", official, norm,
            served_on, description, self.folded(description), received, keyed_in_by, due_step, due_on, accepted_on,
            0, None, None, handling_unit, assignee, duplicate_of, forwarded_to, answer, answered_at, answered_by,
            upheld, answered_due_on, answer_working_days, published, summary, rating, rating_comment, rated_at,
        ))  # fmt: skip
        named = track == "denunciation" or rng.random() < 0.6
        if named:
            phone = f"09{rng.randrange(10**8):08d}"
            contact_rows.append((pk, self.person_name(), phone, "", "", received, codes.contact_key("phone", phone),
                                 "", None))  # fmt: skip
        else:
            contact_rows.append((pk, "", "", "", "", None, "", "", None))
        event_rows += events

    def desk_ratings_seed(self) -> int:
        table = Table(DeskRating, ["unit", "score", "at"])
        start = datetime.datetime(self.first_day.year, self.first_day.month, self.first_day.day, tzinfo=UTC)
        span = int((self.now - start).total_seconds())
        rows, written = [], 0
        for _ in range(self.size.desk_ratings):
            at = start + datetime.timedelta(seconds=self.rng.randrange(span))
            rows.append((self.rng.choice(self.desk_units), self.rng.choices((3, 2, 1), (50, 38, 12))[0], at))
            if len(rows) >= CHUNK:
                written += self.write(table, rows)
                rows = []
        return written + self.write(table, rows)

    # --- inspections -----------------------------------------------------------------------------------------------

    def inspections_seed(self) -> int:
        rng = self.rng
        plans = Table(InspectionPlan, ["id", "public_id", "year", "title", "status", "approved_by", "approved_at",
                                       "created_by", "created_at"])  # fmt: skip
        plan_rows, self.plans_by_year = [], {}
        first_plan = next_id(InspectionPlan)
        per_year = max(1, self.size.units // 50)
        for year in range(self.first_day.year, self.today.year + 2):
            draft = year > self.today.year
            for number in range(1 if draft else per_year):
                pk = first_plan + len(plan_rows)
                created = self.at_local(min(self.today, datetime.date(year - 1, 12, 15)), 9 * 60)
                title = f"Kế hoạch kiểm tra công vụ năm {year} (đợt {number + 1})"
                approved_at = None if draft else created + datetime.timedelta(days=3)
                plan_rows.append(
                    (pk, uuid_from(rng), year, title, "draft" if draft else "approved",
                     None if draft else self.leader, approved_at, self.leader, created)
                )  # fmt: skip
                self.plans_by_year.setdefault(year, []).append(pk)
        written = self.write(plans, plan_rows)

        self.tables = {
            "inspection": Table(Inspection, INSPECTION_FIELDS),
            "units": Table(Inspection.units.through, ["inspection", "unit"]),
            "members": Table(Inspection.members.through, ["inspection", "user"]),
            "groups": Table(Inspection.norm_groups.through, ["inspection", "normgroup"]),
            "event": Table(InspectionEvent, ["inspection", "at", "by", "action", "detail"]),
            "checklist": Table(ChecklistItem, ["inspection", "unit", "norm", "result", "note"]),
            "attendance": Table(AttendanceRecord, ["inspection", "unit", "official", "status", "late_minutes"]),
            "finding": Table(Finding, ["id", "public_id", "inspection", "unit", "official", "norm", "observed",
                                       "severity", "measure", "is_commendation", "created_by", "created_at"]),
            "conclusion": Table(Conclusion, ["id", "inspection", "overall", "good_points", "status",
                                             "returned_comment", "approved_by", "approved_at"]),
            "requirement": Table(Requirement, ["id", "conclusion", "unit", "text", "working_days", "deadline"]),
            "action": Table(CorrectiveAction, ACTION_FIELDS),
            "notice": Table(Notice, ["inspection", "status", "signatory", "issuing_unit", "number", "year",
                                     "reference", "issued_on", "pdf", "docx", "language", "attempts", "error",
                                     "created_at", "issued_at"]),
        }  # fmt: skip
        self.ids = {"inspection": next_id(Inspection), "finding": next_id(Finding), "conclusion": next_id(Conclusion),
                    "requirement": next_id(Requirement), "action": next_id(CorrectiveAction)}  # fmt: skip
        self.notice_numbers: dict[int, int] = {}
        self.findings_mean = self.size.findings / (self.size.inspections * 0.96)
        start_ts = datetime.datetime(self.first_day.year, self.first_day.month, self.first_day.day, tzinfo=VN)
        days = (self.today - self.first_day).days + 60
        starts = sorted(
            start_ts + datetime.timedelta(days=rng.randrange(days), minutes=7 * 60 + 30 + 30 * rng.randrange(13))
            for _ in range(self.size.inspections - 8)
        )
        # The last weeks always hold work at every stage (one inspection under way right now), whatever the size.
        starts += [self.now - datetime.timedelta(days=days, hours=2) for days in (13, 11, 9, 7, 5, 3, 2)]
        starts.append(self.now - datetime.timedelta(hours=1))
        starts.sort()
        self.recent_statuses = iter(INSPECTION_STATUSES * 2)
        batch: dict[str, list] = {name: [] for name in self.tables}
        for index, window_start in enumerate(starts):
            self._inspection(window_start, batch)
            if (index + 1) % 10_000 == 0 or index + 1 == len(starts):
                for name, table in self.tables.items():
                    written += self.write(table, batch[name])
                    batch[name] = []
                self.out(f"  inspections {index + 1:>10,} / {len(starts):,}")
        kind = DocumentKind.objects.filter(symbol="TB").first()
        if kind is not None:
            DocumentNumber.objects.bulk_create(
                DocumentNumber(unit_id=self.root_id, kind=kind, year=year, last_number=last)
                for year, last in self.notice_numbers.items()
            )
        return written

    def _take(self, name: str) -> int:
        pk = self.ids[name]
        self.ids[name] += 1
        return pk

    def _inspection(self, window_start: datetime.datetime, batch: dict[str, list]) -> None:
        rng, now = self.rng, self.now
        pk = self._take("inspection")
        window_start = window_start.astimezone(UTC)
        window_end = window_start + datetime.timedelta(hours=rng.choice((3, 4)))
        start_day = self.local_date(window_start)
        kind = "periodic" if rng.random() < 0.6 else "surprise"
        plan = rng.choice(self.plans_by_year[start_day.year]) if kind == "periodic" else None
        if window_start > now:
            status = "planned"
        elif window_end > now:
            status = "in_progress"
        else:
            age = (self.today - self.local_date(window_end)).days
            status = rng.choices(INSPECTION_STATUSES, INSPECTION_WEIGHTS[0 if age > 60 else 1 if age > 14 else 2])[0]
            if age <= 14:
                status = next(self.recent_statuses, status)
        reached = INSPECTION_STATUSES.index(status) if status != "planned" else -1
        leader = rng.choice(self.inspectors)
        units = list(dict.fromkeys(rng.choice(self.inspected_units) for _ in range(rng.choice((1, 1, 2, 3)))))
        groups = rng.sample(self.groups, min(len(self.groups), rng.randrange(3, 6)))
        unit_names = ", ".join(self.units[unit - self.root_id]["name"] for unit in units)
        kind_label = "định kỳ" if kind == "periodic" else "đột xuất"
        title = f"Kiểm tra {kind_label} việc thực hiện văn hóa công vụ tại {unit_names}"
        basis_date = start_day - datetime.timedelta(days=rng.randrange(3, 15))
        created_at = min(now, self.at_local(basis_date, 9 * 60))
        batch["inspection"].append((pk, uuid_from(rng), plan, kind, title[:255], f"{rng.randrange(1, 999)}/QĐ-UBND",
                                    basis_date, "Việc chấp hành kỷ luật, kỷ cương hành chính và Quy tắc ứng xử.",
                                    window_start, window_end, leader, status, leader, created_at))  # fmt: skip
        batch["units"] += [(pk, unit) for unit in units]
        members = [user for user in rng.sample(self.inspectors, min(2, len(self.inspectors))) if user != leader]
        batch["members"] += [(pk, user) for user in members]
        batch["groups"] += [(pk, group) for group in groups]
        events = batch["event"]
        events.append((pk, created_at, leader, "created", {}))
        # When each status was reached: field work at the window, then papers in the following days.
        moments = [window_start, window_end + datetime.timedelta(days=1), window_end + datetime.timedelta(days=3),
                   window_end + datetime.timedelta(days=7), window_end + datetime.timedelta(days=8)]  # fmt: skip
        moments = [min(now - datetime.timedelta(minutes=5 - number), moment) for number, moment in enumerate(moments)]
        previous = "planned"
        for number in range(reached + 1):
            after = INSPECTION_STATUSES[number]
            by = self.leader if after == "conclusion_approved" else leader
            events.append((pk, moments[number], by, "status", {"before": previous, "after": after}))
            previous = after
        if status == "planned":
            return
        norms = [norm for group in groups for norm in self.norms_by_group.get(group, [])] or [self.norms[0][0]]
        count = int(rng.random() * 2 * self.findings_mean + 0.5)
        if status == "in_progress" and rng.random() < 0.5:
            count = 0
        breaches: dict[int, set] = {unit: set() for unit in units}
        for _ in range(count):
            unit = rng.choice(units)
            norm = rng.choice(norms)
            commendation = rng.random() < 0.05
            if not commendation:
                breaches[unit].add(norm)
            roll = rng.random()
            measure = (
                None
                if commendation or roll > 0.45
                else rng.choice(self.discipline_measures)
                if roll < 0.05 and self.discipline_measures
                else rng.choice(self.admin_measures)
                if self.admin_measures
                else None
            )
            observed = rng.choice(texts.COMMENDATIONS if commendation else texts.OBSERVED).format(
                time=rng.choice(TIMES), n=rng.randrange(5, 40)
            )
            created = min(now, window_start + datetime.timedelta(minutes=rng.randrange(10, 170)))
            batch["finding"].append((
                self._take("finding"), uuid_from(rng), pk, unit, self.official_of(unit) if rng.random() < 0.5 else None,
                norm, observed, "minor" if commendation else rng.choices(SEVERITIES, (60, 32, 8))[0], measure,
                commendation, leader, created,
            ))  # fmt: skip
        checked = status != "in_progress" or rng.random() < 0.5
        for unit in units:
            for norm in breaches[unit] | set(rng.sample(norms, min(2, len(norms)))):
                result = "breach" if norm in breaches[unit] else "complies" if checked else "not_checked"
                batch["checklist"].append((pk, unit, norm, result, ""))
            if rng.random() < 0.4:
                start, total = self.unit_officials[unit]
                offset = rng.randrange(total)
                for official in range(start + offset, start + min(total, offset + 12)):
                    att = rng.choices(ATTENDANCE, (85, 8, 5, 2))[0]
                    late = rng.randrange(5, 40) if att == "late" else None
                    batch["attendance"].append((pk, unit, official, att, late))
        if reached < INSPECTION_STATUSES.index("conclusion_drafted"):
            return
        conclusion = self._take("conclusion")
        approved = reached >= INSPECTION_STATUSES.index("conclusion_approved")
        returned = not approved and rng.random() < 0.2
        approved_at = moments[3] if approved else None
        batch["conclusion"].append((
            conclusion, pk, rng.choice(texts.OVERALL), "Đơn vị niêm yết công khai thủ tục, nơi làm việc gọn gàng.",
            "approved" if approved else "returned" if returned else "draft",
            "Đề nghị bổ sung ý kiến của đơn vị được kiểm tra." if returned else "",
            self.leader if approved else None, approved_at,
        ))  # fmt: skip
        if not approved:
            return
        approved_day = self.local_date(approved_at)
        for unit in units:
            if not breaches[unit]:
                continue
            requirement = self._take("requirement")
            working_days = rng.choice((10, 15, 20))
            deadline = self.add_wd(approved_day, working_days)
            batch["requirement"].append((requirement, conclusion, unit, rng.choice(texts.REQUIREMENTS), working_days,
                                         deadline))  # fmt: skip
            self._action(requirement, pk, unit, deadline, approved_at, batch)
        if status == "notice_issued":
            issued_at = moments[4]
            issued_on = self.local_date(issued_at)
            number = self.notice_numbers.get(issued_on.year, 0) + 1
            self.notice_numbers[issued_on.year] = number
            reference = f"{number:02d}/TB-UBND"
            batch["notice"].append(
                (pk, "done", self.signatory.pk, self.root_id, number, issued_on.year, reference, issued_on, "", "",
                 "vi", 1, "", issued_at, issued_at)
            )  # fmt: skip

    def _action(self, requirement, inspection, unit, deadline, approved_at, batch) -> None:
        rng = self.rng
        lag = (self.today - deadline).days
        # Long past the deadline: mostly accepted; some never done (overdue), a few reopened; a report is reviewed
        # within weeks, so few old ones still wait.
        weights = (8, 0.5, 88, 3.5) if lag > 30 else (25, 40, 30, 5) if lag >= 0 else (60, 30, 10, 0)
        status = rng.choices(ACTION_STATUSES, weights)[0]
        reporter = self.account_of_official.get(self.unit_officials[unit][0], self.leader)
        report, reported_at, reported_by = "", None, None
        review, reviewed_at, reviewed_by = "", None, None
        if status != "open":
            late = rng.random() < 0.15
            day = (
                deadline + datetime.timedelta(days=rng.randrange(1, 10))
                if late
                else deadline - datetime.timedelta(days=rng.randrange(0, 10))
            )
            reported_at = max(approved_at + datetime.timedelta(hours=2), self.at_local(min(day, self.today), 10 * 60))
            reported_at = min(reported_at, self.now - datetime.timedelta(minutes=2))
            report, reported_by = rng.choice(texts.ACTION_REPORTS), reporter
        if status in ("accepted", "reopened"):
            reviewed_at = min(self.now - datetime.timedelta(minutes=1), reported_at + datetime.timedelta(days=2))
            reviewed_by = rng.choice(self.inspectors)
            review = "Đề nghị bổ sung biên bản kiểm điểm." if status == "reopened" else ""
        batch["action"].append((
            self._take("action"), uuid_from(rng), requirement, inspection, unit, deadline, status, report,
            reported_at, reported_by, review, reviewed_by, reviewed_at, None, None,
        ))  # fmt: skip


def _base31(number: int) -> str:
    digits = []
    for _ in range(5):
        number, digit = divmod(number, 31)
        digits.append(codes.CODE_ALPHABET[digit])
    return "".join(reversed(digits))


# Their secondary indexes are built after the rows are in (IndexesSetAside).
BIG_TABLES = [Case, CaseEvent, Complainant, DeskRating, Finding, ChecklistItem, AttendanceRecord, InspectionEvent,
              Inspection, Inspection.units.through, Inspection.norm_groups.through]  # fmt: skip
CASE_FIELDS = [
    "id", "public_id", "tracking_code", "pin_digest", "channel", "nature", "track", "complexity", "status", "unit",
    "official_hint", "official", "norm", "served_on", "description", "folded_text", "received_at", "keyed_in_by",
    "due_step", "due_on", "accepted_on", "extensions", "reminded_for", "escalated_for", "handling_unit", "assignee",
    "duplicate_of", "forwarded_to", "answer", "answered_at", "answered_by", "upheld", "answered_due_on",
    "answer_working_days", "is_published", "public_summary",
    "rating", "rating_comment", "rated_at",
]  # fmt: skip
INSPECTION_FIELDS = [
    "id", "public_id", "plan", "kind", "title", "basis_reference", "basis_date", "scope", "window_start",
    "window_end", "leader", "status", "created_by", "created_at",
]  # fmt: skip
ACTION_FIELDS = [
    "id", "public_id", "requirement", "inspection", "unit", "deadline", "status", "report", "reported_at",
    "reported_by", "review_comment", "reviewed_by", "reviewed_at", "reminded_at", "escalated_at",
]  # fmt: skip
CHANNELS = ("web", "box", "hotline", "email")
NATURES = ("criticism", "praise", "other")
TRACKS = ("feedback", "complaint", "denunciation")
STATUSES = ("received", "accepted", "in_progress", "answered", "duplicate", "forwarded", "spam")
STATUS_WEIGHTS = (
    (1.5, 1.5, 2, 80, 4, 5, 6),  # older than 45 days: mostly closed, a few overdue
    (5, 10, 20, 55, 3, 3, 4),  # 10 to 45 days
    (35, 25, 20, 12, 2, 2, 4),  # the last 10 days
)
ACCEPT_DAYS = {"feedback": 5, "complaint": 10, "denunciation": 7}
DECIDE_DAYS = {"feedback": 10, "complaint": 30, "denunciation": 30}
INSPECTION_STATUSES = (
    "in_progress", "findings_submitted", "conclusion_drafted", "conclusion_approved", "notice_issued",
)  # fmt: skip
INSPECTION_WEIGHTS = (
    (0, 1, 1, 3, 95),  # ended more than 60 days ago
    (0, 5, 10, 15, 70),  # 14 to 60 days
    (25, 35, 25, 10, 5),  # the last two weeks
)
SEVERITIES = ("minor", "moderate", "serious")
UPHELD = ("upheld", "partly", "not_upheld")
ATTENDANCE = ("present", "late", "absent_with_leave", "absent_without_leave")
ACTION_STATUSES = ("open", "reported", "accepted", "reopened")
TIMES = ("7 giờ 45", "7 giờ 52", "8 giờ 10", "8 giờ 30", "14 giờ 05")
# As the portal writes them (Vietnamese, the language of the case history).
RECEIVED_TEXT = {
    "web": "Tiếp nhận qua Biểu mẫu trên cổng thông tin",
    "box": "Tiếp nhận qua Hòm thư góp ý",
    "hotline": "Tiếp nhận qua Đường dây nóng",
    "email": "Tiếp nhận qua Thư điện tử",
}
STATUS_TEXT = {
    "accepted": "Đã thụ lý",
    "in_progress": "Đang xác minh",
    "answered": "Đã trả lời",
    "duplicate": "Đã gộp với phản ánh trước",
    "forwarded": "Đã chuyển cơ quan có thẩm quyền",
    "spam": "Không xử lý",
}
