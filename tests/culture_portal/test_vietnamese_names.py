"""Issue 15 §3: people in Vietnamese order, people and units found without diacritics, names stored NFC.

Every test here runs on the embedded SQLite and on PostgreSQL (DATABASE_URL); the last ones check what only
PostgreSQL has (the trigram index, locale collations).
"""

import importlib
import unicodedata

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from culture_portal.importing import import_file
from culture_portal.models import Official, Unit
from culture_portal.roles import Role
from culture_portal.text import name_sort_key
from feedback.models import Case
from tests.factories import OfficialFactory, UnitFactory, UserFactory

# The order a Vietnamese reader expects: by given name (An, Anh, Ân, Bảo, Dũng, Đào, Hà, Hạ, Hải), then middle name
# (Thị Hà before Văn Hà), then family name (Phạm before Phan: m before n).
EXPECTED = [
    "Trần Văn An",
    "Nguyễn Thị Anh",
    "Lê Thị Ân",
    "Võ Quốc Bảo",
    "Ngô Dũng",
    "Đặng Thị Đào",
    "Lê Thị Hà",
    "Phạm Văn Hà",
    "Phan Văn Hà",
    "Bùi Thị Hạ",
    "Đỗ Văn Hải",
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_sort_key_is_the_vietnamese_order():
    assert sorted(reversed(EXPECTED), key=name_sort_key) == EXPECTED
    # Letters: d < đ, o < ô < ơ, u < ư; tones after the letters, in dictionary order; the tone's place in the
    # syllable does not matter (Hoà and Hòa); the Icelandic Ð typed for Đ is Đ.
    assert sorted(["Lê Đạt", "Lê Dương"], key=name_sort_key) == ["Lê Dương", "Lê Đạt"]
    assert sorted(["A Ơn", "A Ôn", "A On"], key=name_sort_key) == ["A On", "A Ôn", "A Ơn"]
    assert sorted(["A Ưng", "A Ung", "A Vinh"], key=name_sort_key) == ["A Ung", "A Ưng", "A Vinh"]
    assert sorted(["A Hạ", "A Hả", "A Há", "A Hã", "A Hà", "A Ha"], key=name_sort_key) == [
        "A Ha", "A Hà", "A Hả", "A Hã", "A Há", "A Hạ",
    ]  # fmt: skip
    assert name_sort_key("Lê Hoà") == name_sort_key("Lê Hòa") == name_sort_key(nfd("LÊ  HÒA"))
    assert name_sort_key("Ðặng Văn Ðức") == name_sort_key("Đặng Văn Đức")
    assert set(name_sort_key("Nguyễn Văn Đức 2")) <= set("0123456789abcdefghijklmnopqrstuvwxyz")


@pytest.fixture
def people(tree):
    """The EXPECTED names, created in scrambled order, in office A (some typed with combining marks)."""
    scrambled = EXPECTED[5:] + EXPECTED[:5]
    return [
        OfficialFactory(
            full_name=nfd(name) if index % 2 else name, unit=tree["office_a"], employee_code=f"VN{index:03d}"
        )
        for index, name in enumerate(scrambled)
    ]


def listed_names(response) -> list[str]:
    return [official.full_name for official in response.context["page"] if official.full_name in EXPECTED]


def test_officials_list_is_in_vietnamese_order_across_pages(client, people, leader_user, monkeypatch):
    client.force_login(leader_user)
    first = client.get(reverse("organisation:officials"))
    assert listed_names(first) == EXPECTED
    html = first.content.decode()
    assert html.index("Đặng Thị Đào") < html.index("Lê Thị Hà") < html.index("Phan Văn Hà")
    # Pages come from the database in that order: with 4 a page, page 2 starts where page 1 stopped.
    monkeypatch.setattr("culture_portal.views.OFFICIALS_PER_PAGE", 4)
    names = []
    for number in (1, 2, 3):
        names += listed_names(client.get(reverse("organisation:officials"), {"page": number, "q": "vn"}))
    assert names == EXPECTED


def test_unit_roll_and_pickers_are_in_vietnamese_order(client, tree, people, leader_user, inspector_user):
    client.force_login(leader_user)
    roll = client.get(reverse("organisation:unit", args=["OFFICE-A"]))
    assert [o.full_name for o in roll.context["officials"] if o.full_name in EXPECTED] == EXPECTED
    # The finding form's "official" picker and the campaign form's "named officials" picker.
    from inspections.forms import FindingForm
    from regulations.forms import CampaignForm

    inspection = type("I", (), {"norm_groups": type("M", (), {"all": staticmethod(lambda: [])})()})()
    finding_names = [
        o.full_name for o in FindingForm(inspection=inspection, unit=tree["office_a"]).fields["official"].queryset
    ]
    assert [name for name in finding_names if name in EXPECTED] == EXPECTED
    campaign_names = [o.full_name for o in CampaignForm().fields["officials"].queryset]
    assert [name for name in campaign_names if name in EXPECTED] == EXPECTED


def test_team_pickers_list_people_by_given_name(client, tree, inspector_user):
    # Accounts are ordered by their official's name: Bảo (Võ Quốc) before Hiền (Lương Thị) before Khoa (Đào Văn).
    for username, full_name in [("khoa", "Đào Văn Khoa"), ("bao", "Võ Quốc Bảo"), ("hien", "Lương Thị Hiền")]:
        family, _space, given = full_name.rpartition(" ")
        user = UserFactory(username=username, first_name=given, last_name=family, roles=[Role.STAFF, Role.INSPECTOR])
        OfficialFactory(user=user, unit=tree["office_a"], full_name=full_name)
    client.force_login(inspector_user)
    html = client.get(reverse("inspections:create")).content.decode()
    leader_picker = html[html.index('name="leader"') :]
    leader_picker = leader_picker[: leader_picker.index("</select>")]
    assert (
        leader_picker.index("Võ Quốc Bảo") < leader_picker.index("Lương Thị Hiền") < leader_picker.index("Đào Văn Khoa")
    )


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("nguyen thi", ["Nguyễn Thị Anh"], ["Trần Văn An"]),
        ("NGUYỄN thị", ["Nguyễn Thị Anh"], ["Lê Thị Ân"]),
        ("dang", ["Đặng Thị Đào"], ["Ngô Dũng"]),
        ("dao", ["Đặng Thị Đào"], ["Ngô Dũng"]),
        ("van ha", ["Phạm Văn Hà", "Phan Văn Hà", "Đỗ Văn Hải"], ["Lê Thị Hà"]),  # the last word may be cut short
        ("an", ["Trần Văn An", "Nguyễn Thị Anh", "Lê Thị Ân"], ["Lê Thị Hà"]),  # word starts, not inside words
        ("vn000", ["Đặng Thị Đào"], ["Trần Văn An"]),  # the employee code
    ],
)
def test_officials_are_found_without_diacritics(client, people, leader_user, query, found, not_found):
    client.force_login(leader_user)
    response = client.get(reverse("organisation:officials"), {"q": query})
    names = [official.full_name for official in response.context["page"]]
    assert set(found) <= set(names)
    assert not set(not_found) & set(names)
    assert [name for name in names if name in found] == [name for name in EXPECTED if name in found]


def test_a_query_of_punctuation_only_lists_everyone(client, people, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("organisation:officials"), {"q": "%_-"})
    assert response.status_code == 200
    assert listed_names(response) == EXPECTED


def test_back_office_finds_officials_and_units_without_diacritics(client, tree, people, admin_user_role):
    client.force_login(admin_user_role)
    officials = client.get(reverse("admin:culture_portal_official_changelist"), {"q": "dang thi"})
    assert [o.full_name for o in officials.context["cl"].result_list] == ["Đặng Thị Đào"]
    everyone = client.get(reverse("admin:culture_portal_official_changelist"))
    assert [o.full_name for o in everyone.context["cl"].result_list if o.full_name in EXPECTED] == EXPECTED
    units = client.get(reverse("admin:culture_portal_unit_changelist"), {"q": "bac ha"})
    assert [unit.code for unit in units.context["cl"].result_list] == ["WARD-B"]
    # The unit picker of the official form (an autocomplete that asks the unit admin).
    picked = client.get(
        reverse("admin:autocomplete"),
        {"term": "phuong bac", "app_label": "culture_portal", "model_name": "official", "field_name": "unit"},
    )
    assert [row["text"] for row in picked.json()["results"]] == ["UBND phường Bắc Hà"]


def test_dashboard_unit_is_chosen_by_name_without_diacritics(client, tree, leader_user):
    client.force_login(leader_user)
    chosen = english(client).get(reverse("leadership:dashboard"), {"kind": "year", "year": "2026", "unit": "bac ha"})
    assert chosen.status_code == 200
    assert chosen.context["unit"] == tree["ward_b"]
    UnitFactory(code="WARD-C", name="UBND phường Bắc Hồng", kind=Unit.Kind.WARD, parent=tree["city"])
    several = english(client).get(
        reverse("leadership:dashboard"), {"kind": "year", "year": "2026", "unit": "phuong bac"}
    )
    assert several.status_code == 400
    text = several.content.decode()
    assert "Several units match" in text and "(WARD-B)" in text and "(WARD-C)" in text
    none = english(client).get(reverse("leadership:dashboard"), {"kind": "year", "year": "2026", "unit": "nam ha"})
    assert none.status_code == 400 and "No unit has the code or name “nam ha”." in none.content.decode()


def test_case_list_finds_cases_by_tracking_code_and_by_unit(client, tree, officer_user, django_assert_num_queries):
    def case(code, unit, handling=None):
        return Case.objects.create(
            tracking_code=code, pin_digest="-", channel="web", nature="criticism", description="Phản ánh",
            unit=unit, handling_unit=handling,
        )  # fmt: skip

    about_ward = case("PA-2026-AAAAAA", tree["ward_b"])
    sent_to_ward = case("PA-2026-BBBBBB", tree["desk_a"], handling=tree["ward_b"])
    other = case("PA-2026-CCCCCC", tree["desk_a"])
    client.force_login(officer_user)

    def found(query):
        response = client.get(reverse("feedback:cases"), {"status": "all", "q": query})
        return {c.tracking_code for c in response.context["page"]}

    assert found("pa 2026 cccccc") == {other.tracking_code}
    assert found("PA-2026-AAAAAA") == {about_ward.tracking_code}
    assert found("bac ha") == {about_ward.tracking_code, sent_to_ward.tracking_code}
    assert found("Bắc Hà") == {about_ward.tracking_code, sent_to_ward.tracking_code}
    assert found("quay mot cua") == {sent_to_ward.tracking_code, other.tracking_code}
    assert found("PA-2026-ZZZZZZ") == set()
    # session, user, its two permission sets, its roles; the count and one page of cases (units, assignee, norm);
    # the bell. The unit search is a subquery of the count and of the page, not a query of its own.
    with django_assert_num_queries(7 + 1):
        page = client.get(reverse("feedback:cases"), {"status": "all", "q": "bac ha"})
    assert 'value="bac ha"' in page.content.decode()


# --- one spelling whatever the path --------------------------------------------------------------------------------


def test_names_are_stored_nfc_on_every_write_path(tree):
    name = "Đặng  Thị Đào"
    one = Official(employee_code="S1", full_name=nfd(name), category="cong_chuc", unit=tree["office_a"])
    one.save()
    Official.objects.bulk_create(
        [Official(employee_code="B1", full_name=nfd(name), category="cong_chuc", unit=tree["office_a"])]
    )
    moved = OfficialFactory(employee_code="U1", full_name="Trần Văn An", unit=tree["office_a"])
    moved.full_name = nfd("Đặng Thị Đào")
    Official.objects.bulk_update([moved], ["full_name"])
    renamed = OfficialFactory(employee_code="R1", full_name="Trần Văn An", unit=tree["office_a"])
    renamed.full_name = nfd("Đặng Thị Đào")
    renamed.save(update_fields=["full_name"])
    for official in Official.objects.filter(employee_code__in=["S1", "B1", "U1", "R1"]):
        assert official.full_name == "Đặng Thị Đào"
        assert official.sort_key == name_sort_key("Đặng Thị Đào")
        assert official.search_name.startswith(" dang thi dao ")
    assert Official.objects.matching("dang thi dao").count() == 4
    unit = UnitFactory(code="NFD", name=nfd("Phường  Thạch Quý"))
    unit.refresh_from_db()
    assert unit.name == "Phường Thạch Quý" and Unit.objects.matching("thach quy").get() == unit
    # An UPDATE of the name alone would leave the keys behind: refused.
    with pytest.raises(TypeError):
        Official.objects.filter(pk=one.pk).update(full_name="Lê Văn Bình")


def test_import_with_combining_marks_stores_nfc_and_keys(tree, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "employee_code,full_name,category,unit_code\nI1,{},công chức,OFFICE-A\n".format(nfd("Đặng Thị Đào"))
    uploaded = SimpleUploadedFile("officials.csv", rows.encode("utf-8"), content_type="text/csv")
    report = import_file(kind="officials", uploaded=uploaded, dry_run=False)
    assert report.ok, report.problems
    official = Official.objects.get(employee_code="I1")
    assert official.full_name == "Đặng Thị Đào" and official.sort_key == name_sort_key("Đặng Thị Đào")
    changed = "employee_code,full_name,category,unit_code\nI1,Ngô Dũng,công chức,OFFICE-A\n"
    import_file(kind="officials", uploaded=SimpleUploadedFile("o.csv", changed.encode()), dry_run=False)
    official.refresh_from_db()
    assert official.sort_key == name_sort_key("Ngô Dũng") and " ngo dung" in official.search_name


def test_the_migration_fills_rows_written_before_it(tree):
    """Rows that existed before migration 0011 (keys empty, names as they were typed) get their keys and NFC names."""
    official = OfficialFactory(employee_code="OLD1", full_name="Đặng Thị Đào", unit=tree["office_a"])
    Official.objects.filter(pk=official.pk).update(full_name=nfd("Đặng Thị  Đào"), sort_key="", search_name="")
    Unit.objects.filter(pk=tree["ward_b"].pk).update(name=nfd("UBND phường Bắc Hà"), search_name="")
    migration = importlib.import_module("culture_portal.migrations.0011_names_sort_and_search")
    migration.fill(apps, None)
    official.refresh_from_db()
    assert official.full_name == "Đặng Thị Đào" and official.sort_key == name_sort_key("Đặng Thị Đào")
    assert Unit.objects.matching("bac ha").get().name == "UBND phường Bắc Hà"


# --- PostgreSQL ----------------------------------------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes and collations")


@postgresql_only
@pytest.mark.parametrize("collation", ["C", "en-x-icu", "vi-x-icu", "und-x-icu"])
def test_the_order_holds_under_any_server_collation(people, collation):
    with connection.cursor() as cursor:
        order = f'ORDER BY sort_key COLLATE "{collation}", employee_code'  # a collation cannot be a parameter
        cursor.execute("SELECT full_name FROM culture_portal_official " + order)  # noqa: S608
        names = [row[0] for row in cursor.fetchall()]
    assert [name for name in names if name in EXPECTED] == EXPECTED


@postgresql_only
def test_postgresql_searches_names_through_the_trigram_indexes(people):
    for model, index in [(Official, "official_search_trgm_idx"), (Unit, "unit_search_trgm_idx")]:
        queryset = model.objects.matching("nguyen van").order_by().values("pk")
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan, plan


@postgresql_only
def test_postgresql_pages_officials_in_index_order(people):
    sql, params = Official.objects.order_by("sort_key", "employee_code").values("pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "official_sort_idx" in plan and "Sort" not in plan.split("official_sort_idx")[0], plan
