"""Issue 15 §1: a reorganisation recorded as data, previewed, then applied in one transaction.

The main test applies a further merger to a copy of the demo (two of the wards that Resolution 1665/NQ-UBTVQH15 made,
merged again into one): every open item moves as previewed, every old page is still reachable, the old QR
addresses answer with the successor, closed history keeps its unit and its counts, and the dashboard counts a
period across the change under the successor. Then the bad input: nothing is applied half-way.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from culture_portal import access
from culture_portal.leadership import tallies
from culture_portal.leadership.figures import figures_for
from culture_portal.leadership.period import Period
from culture_portal.models import AuditEntry, Official, Reorganisation, Unit
from culture_portal.organisation import unit_save
from culture_portal.reorganisation import reorganisation_apply, reorganisation_save
from feedback.models import Case, CaseEvent, DeskRating
from inspections.models import AttendanceRecord, CorrectiveAction, Finding
from regulations.models import Acknowledgement, Campaign, CampaignAssignment
from regulations.services import campaign_launch
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.regulations.conftest import make_document

pytestmark = pytest.mark.django_db
D = datetime.date
EFFECTIVE = D(2025, 7, 1)
RESOLUTION = "Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025"


def record(kind, predecessors, successors, *, main=None, on=EFFECTIVE, user=None) -> Reorganisation:
    return reorganisation_save(
        reorganisation=Reorganisation(kind=kind, effective_on=on, legal_basis=RESOLUTION),
        predecessors=predecessors,
        successors=successors,
        main_successor=main,
        user=user,
    )


LATER = D(2026, 7, 1)  # a second reorganisation, a year after the one the demo applied


def merged_in_demo():
    """The demo (Hà Tĩnh in December 2026, its 2025 reorganisation applied), plus a new ward under the top unit to
    merge two of the present wards into: they hold open work, officials, desks and, below them, the wards that
    ceased in 2025."""
    call_command("seed_demo")
    top = Unit.objects.get(depth=0, is_active=True, parent=None, code="UBND-TINH")
    ward = unit_save(
        unit=Unit(code="TEST-MERGED", name="Phường Thành Sen - Trần Phú (thử)", kind=Unit.Kind.WARD, parent=top,
                  valid_from=LATER)
    )  # fmt: skip
    return ward, [Unit.objects.get(code="PHUONG-THANHSEN"), Unit.objects.get(code="PHUONG-TRANPHU")]


@override_settings(DEBUG=True)
def test_a_merger_applied_to_the_demo_moves_what_the_preview_showed(client, django_capture_on_commit_callbacks):
    successor, old_wards = merged_in_demo()
    admin = get_user("admin")
    subtree = Q()
    for ward in old_wards:
        subtree |= Q(path__startswith=ward.path)
    # The units in operation cease; those that ceased in 2025 below them keep their own end date.
    ceasing = set(Unit.objects.filter(subtree, is_active=True).values_list("pk", flat=True))
    ceased_before = dict(Unit.objects.filter(subtree, is_active=False).values_list("pk", "valid_until"))
    assert ceased_before
    # The old desk's ratings are history of before the change; one rating at the new ward comes after it.
    DeskRating.objects.filter(unit__code="PHUONG-THANHSEN-Q1").update(
        at=timezone.make_aware(datetime.datetime(2026, 6, 10))
    )
    after = DeskRating.objects.create(unit=successor, score=3)
    DeskRating.objects.filter(pk=after.pk).update(at=timezone.make_aware(datetime.datetime(2026, 8, 10)))
    tallies.rebuild()  # the dates above were set in SQL, past the tallies' signals
    old_ratings = DeskRating.objects.filter(unit_id__in=ceasing).count()
    assert old_ratings > 0
    open_cases = set(
        Case.objects.filter(status__in=Case.OPEN_STATUSES)
        .filter(Q(unit_id__in=ceasing) | Q(handling_unit_id__in=ceasing))
        .values_list("pk", flat=True)
    )
    closed_cases = dict(
        Case.objects.exclude(status__in=Case.OPEN_STATUSES).filter(unit_id__in=ceasing).values_list("pk", "unit_id")
    )
    open_actions = set(
        CorrectiveAction.objects.filter(unit_id__in=ceasing)
        .exclude(status=CorrectiveAction.Status.ACCEPTED)
        .values_list("pk", flat=True)
    )
    findings = dict(Finding.objects.filter(unit_id__in=ceasing).values_list("pk", "unit_id"))
    attendance = AttendanceRecord.objects.filter(official__unit_id__in=ceasing).count()
    officials = set(Official.objects.filter(unit_id__in=ceasing, is_active=True).values_list("pk", flat=True))
    confirmed = Acknowledgement.objects.filter(official=OuterRef("official"), version=OuterRef("campaign__version"))
    unread = set(
        CampaignAssignment.objects.filter(official_id__in=officials)
        .exclude(Exists(confirmed))
        .values_list("pk", flat=True)
    )
    assert open_cases and findings and officials  # the demo has something of each to move or keep
    reorganisation = record(Reorganisation.Kind.MERGE, old_wards, [successor], user=admin, on=LATER)

    client.force_login(admin)
    page = client.get(reverse("organisation:reorganisation", args=[reorganisation.pk]))
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.problems == []
    works = {work.key: work for work in preview.works}
    assert works["feedback.case"].count == len(open_cases)
    assert works["inspections.action"].count == len(open_actions)
    assert works["regulations.assignment"].count == len(unread)
    assert preview.officials_count == len(officials) and preview.ceasing_count == len(ceasing)
    assert [official.user.username for official in preview.unit_heads] == ["unithead"]
    assert [desk.code for desk, _qr in preview.desks] == [
        "PHUONG-THANHSEN-Q1",
        "PHUONG-THANHSEN-Q2",
        "PHUONG-TRANPHU-Q1",
    ]
    assert "/feedback/desk/PHUONG-THANHSEN-Q1/" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the dashboard's tallies are rebuilt after the commit
        response = client.post(reverse("organisation:reorganisation_apply", args=[reorganisation.pk]))
    assert response.status_code == 302

    # Open work moved to the successor, as previewed; closed history stayed where it happened.
    assert set(Case.objects.filter(pk__in=open_cases).values_list("unit_id", flat=True)) <= {successor.pk, None}
    assert not Case.objects.filter(pk__in=open_cases, handling_unit_id__in=ceasing).exists()
    assert CaseEvent.objects.filter(case_id__in=open_cases, action="reorganised").count() == len(open_cases)
    assert dict(Case.objects.filter(pk__in=closed_cases).values_list("pk", "unit_id")) == closed_cases
    assert set(CorrectiveAction.objects.filter(pk__in=open_actions).values_list("unit_id", flat=True)) <= {successor.pk}
    assert dict(Finding.objects.filter(pk__in=findings).values_list("pk", "unit_id")) == findings
    assert AttendanceRecord.objects.filter(official_id__in=officials).count() == attendance
    assert set(Official.objects.filter(pk__in=officials).values_list("unit_id", flat=True)) == {successor.pk}
    assert DeskRating.objects.filter(unit_id__in=ceasing).count() == old_ratings
    # A unit head's rights follow: the head of Thành Sen now answers for the new ward (and the old wards under it).
    assert access.headed_unit(get_user("unithead")) == successor
    # The units ceased the day before, under the new ward in the tree, pointing to it.
    for unit in Unit.objects.filter(pk__in=ceasing):
        assert (unit.is_active, unit.valid_until, unit.successor_id) == (False, D(2026, 6, 30), successor.pk)
        assert unit.path.startswith(successor.path)
    # The wards that ceased in 2025 moved along in the tree and kept their end date and their own successor.
    for unit in Unit.objects.filter(pk__in=ceased_before):
        assert unit.valid_until == ceased_before[unit.pk] and unit.path.startswith(successor.path)
    reorganisation.refresh_from_db()
    assert reorganisation.is_applied and reorganisation.summary["works"]["feedback.case"] == len(open_cases)
    assert AuditEntry.objects.filter(action="organisation.reorganised", object_ref=str(reorganisation.pk)).exists()

    # Every old page is still reachable and says what happened.
    for code in ("PHUONG-THANHSEN", "PHUONG-TRANPHU", "PHUONG-THANHSEN-Q1"):
        text = client.get(reverse("organisation:unit", args=[code])).content.decode()
        assert "01/07/2026" in text and RESOLUTION in text and successor.name in text
    assert client.get(reverse("organisation:reorganisation", args=[reorganisation.pk])).status_code == 200

    # The old QR address answers with the successor's form, never a 404; so does an old poster's ?unit=.
    client.logout()
    qr = client.get(reverse("feedback:desk_rate", args=["PHUONG-THANHSEN-Q1"]))
    assert qr.status_code == 302 and qr["Location"] == f"{reverse('feedback:new')}?unit={successor.code}"
    form = client.get(qr["Location"])
    assert form.status_code == 200 and form.context["form"].initial["unit"] == successor
    assert successor.name in form.content.decode()
    poster = client.get(f"{reverse('feedback:new')}?unit=PHUONG-TRANPHU")
    assert poster.context["form"].initial["unit"] == successor

    # The dashboard over 2026 counts the old desk's ratings (before) and the new ward's (after) under the successor,
    # from tallies that moved with the old wards (no rebuild needed).
    assert tallies.are_fresh()
    figures = figures_for(period=Period.year_of(2026), unit=Unit.objects.get(pk=successor.pk))
    assert figures.section("satisfaction").numbers["desk_ratings"] == old_ratings + 1

    # Applying twice does nothing more.
    assert reorganisation_apply(reorganisation=reorganisation, user=admin) is False
    client.force_login(admin)
    again = client.post(reverse("organisation:reorganisation_apply", args=[reorganisation.pk]), follow=True)
    assert "already been applied" in again.content.decode() or "đã được áp dụng" in again.content.decode()


def get_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


# --- bad input: clear messages, nothing applied --------------------------------------------------------------


@pytest.fixture
def small_tree():
    province = UnitFactory(code="TINH", name="UBND tỉnh", kind=Unit.Kind.PROVINCIAL_COMMITTEE)
    ward_a = UnitFactory(code="WA", name="UBND phường A", kind=Unit.Kind.WARD, parent=province)
    desk_a = UnitFactory(code="WA-MC", name="Bộ phận một cửa A", kind=Unit.Kind.RECEPTION_DESK, parent=ward_a)
    ward_b = UnitFactory(code="WB", name="UBND phường B", kind=Unit.Kind.WARD, parent=province)
    return province, ward_a, desk_a, ward_b


def unchanged(*units):
    return [
        tuple(Unit.objects.filter(pk=unit.pk).values_list("is_active", "path", "successor_id")[0]) for unit in units
    ]


def refused(reorganisation, match: str):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        reorganisation_apply(reorganisation=reorganisation, user=None)
    assert any(match in message for message in error.value.messages), error.value.messages
    reorganisation.refresh_from_db()
    assert not reorganisation.is_applied


def test_merging_a_unit_into_its_own_sub_unit_is_refused(small_tree):
    province, ward_a, desk_a, ward_b = small_tree
    before = unchanged(ward_a, desk_a)
    refused(record("merge", [ward_a], [desk_a]), "one of its sub-units")
    refused(record("merge", [province], [ward_b]), "one of its sub-units")  # the successor would be under itself
    assert unchanged(ward_a, desk_a) == before


def test_a_dissolution_that_leaves_open_work_or_officials_without_successor_is_refused(small_tree):
    _province, ward_a, desk_a, _ward_b = small_tree
    OfficialFactory(unit=desk_a)
    refused(record("dissolve", [ward_a], []), "name a successor")
    assert Unit.objects.get(pk=ward_a.pk).is_active


def test_a_dissolution_of_an_empty_unit_needs_no_successor(client, small_tree):
    _province, ward_a, desk_a, _ward_b = small_tree
    assert reorganisation_apply(reorganisation=record("dissolve", [ward_a], []), user=None)
    assert not Unit.objects.filter(pk__in=[ward_a.pk, desk_a.pk], is_active=True).exists()
    # Its desk's QR address still answers: the general feedback form, saying the desk is no longer in operation.
    response = client.get(reverse("feedback:desk_rate", args=["WA-MC"]), follow=True)
    assert response.redirect_chain == [(reverse("feedback:new"), 302)]
    assert desk_a.name in response.content.decode()


def test_a_split_needs_its_main_successor(small_tree):
    province, ward_a, _desk_a, ward_b = small_tree
    ward_c = UnitFactory(code="WC", name="UBND phường C", kind=Unit.Kind.WARD, parent=province)
    refused(record("split", [ward_a], [ward_b, ward_c]), "main successor")
    split = record("split", [ward_a], [ward_b, ward_c], main=ward_c)
    assert reorganisation_apply(reorganisation=split, user=None)
    assert Unit.objects.get(pk=ward_a.pk).parent_id == ward_c.pk


def test_a_unit_already_ceased_cannot_cease_again(small_tree):
    _province, ward_a, _desk_a, ward_b = small_tree
    assert reorganisation_apply(reorganisation=record("merge", [ward_a], [ward_b]), user=None)
    refused(record("merge", [Unit.objects.get(pk=ward_a.pk)], [ward_b]), "already ceased")


def test_an_effective_date_beyond_reason_is_refused(small_tree):
    _province, ward_a, _desk_a, ward_b = small_tree
    refused(record("merge", [ward_a], [ward_b], on=D(1925, 7, 1)), "too far from today")
    future = record("merge", [ward_a], [ward_b], on=timezone.localdate() + datetime.timedelta(days=30))
    refused(future, "apply it on or after that day")
    assert Unit.objects.get(pk=ward_a.pk).is_active


def test_the_screen_refuses_unknown_units_and_shows_the_problems(client, small_tree):
    _province, ward_a, desk_a, _ward_b = small_tree
    admin = UserFactory(roles=["staff", "administrator"])
    client.force_login(admin)
    url = reverse("organisation:reorganisation_create")
    data = {"kind": "merge", "effective_on": "2025-07-01", "legal_basis": RESOLUTION, "predecessors": "WA, NOPE"}
    response = client.post(url, {**data, "successors": "WA-MC"})
    assert response.status_code == 400 and "NOPE" in response.content.decode()
    assert not Reorganisation.objects.exists()
    response = client.post(url, {**data, "predecessors": "phuong a", "successors": "WA-MC"})
    reorganisation = Reorganisation.objects.get()
    assert response["Location"] == reverse("organisation:reorganisation", args=[reorganisation.pk])
    page = client.get(response["Location"])
    assert page.context["preview"].problems and "Apply the reorganisation" not in page.content.decode()
    client.post(reverse("organisation:reorganisation_apply", args=[reorganisation.pk]))
    assert Unit.objects.get(pk=ward_a.pk).is_active and not Reorganisation.objects.get().is_applied


def test_preview_and_list_pages_keep_bounded_queries(client, small_tree, django_assert_max_num_queries):
    province, ward_a, desk_a, ward_b = small_tree
    admin = UserFactory(roles=["staff", "administrator"])
    for number in range(3):
        extra = UnitFactory(code=f"WX{number}", name=f"Phường {number}", kind=Unit.Kind.WARD, parent=province)
        OfficialFactory(unit=extra)
        record("merge", [extra], [ward_b])
    big = record("merge", [ward_a, *Unit.objects.filter(code__startswith="WX")], [ward_b])
    client.force_login(admin)
    # session, user, roles and permissions, the menu; the page: reorganisations, two prefetches, count
    with django_assert_max_num_queries(14):
        assert client.get(reverse("organisation:reorganisations")).status_code == 200
    # The preview: the record, its units, the subtree counts and samples (officials, heads, desks, each app's
    # open work: a count and a sample each), whatever the number of units and items.
    with django_assert_max_num_queries(30):
        assert client.get(reverse("organisation:reorganisation", args=[big.pk])).status_code == 200


def test_public_pages_name_the_governing_body_from_the_data(client, small_tree):
    province, *_rest = small_tree
    form = client.get(reverse("feedback:new")).content.decode()
    answered = client.get(reverse("feedback:answered")).content.decode()
    for text in (form, answered):
        assert province.name in text
        assert "thành phố" not in text.lower() and "the city" not in text.lower()


# --- a successor that does not exist yet, described on the same screen --------------------------------------------


def test_a_new_successor_described_on_the_screen_is_created_only_when_applied(client, small_tree):
    province, ward_a, desk_a, ward_b = small_tree
    official = OfficialFactory(unit=desk_a)
    admin = UserFactory(roles=["staff", "administrator"])
    client.force_login(admin)
    response = client.post(
        reverse("organisation:reorganisation_create"),
        {"kind": "merge", "effective_on": "2025-07-01", "legal_basis": RESOLUTION, "predecessors": "WA, WB",
         "new_unit_code": "ph-moi", "new_unit_name": "Ủy ban nhân dân phường Mới", "new_unit_kind": "ward",
         "new_unit_parent": "TINH"},
    )  # fmt: skip
    reorganisation = Reorganisation.objects.get()
    assert response["Location"] == reverse("organisation:reorganisation", args=[reorganisation.pk])
    # The draft changes nothing in the tree; its preview names the unit to be created and what moves to it.
    assert not Unit.objects.filter(code="PH-MOI").exists()
    page = client.get(response["Location"])
    preview = page.context["preview"]
    assert preview.problems == [] and preview.successor.code == "PH-MOI" and preview.officials_count == 1
    assert "Ủy ban nhân dân phường Mới" in page.content.decode()

    client.post(reverse("organisation:reorganisation_apply", args=[reorganisation.pk]))
    new = Unit.objects.get(code="PH-MOI")
    assert (new.is_active, new.valid_from, new.parent_id, new.kind) == (True, EFFECTIVE, province.pk, "ward")
    reorganisation.refresh_from_db()
    assert reorganisation.is_applied and reorganisation.summary["created"] == "PH-MOI"
    assert list(reorganisation.successors.all()) == [new] and reorganisation.main_successor == new
    assert Official.objects.get(pk=official.pk).unit == new
    for old in (ward_a, desk_a, ward_b):
        old.refresh_from_db()
        assert (old.is_active, old.successor_id) == (False, new.pk) and old.path.startswith(new.path)


def test_a_new_successor_with_a_code_in_use_or_half_described_is_refused(client, small_tree):
    _province, ward_a, _desk_a, ward_b = small_tree
    admin = UserFactory(roles=["staff", "administrator"])
    client.force_login(admin)
    url = reverse("organisation:reorganisation_create")
    data = {"kind": "rename", "effective_on": "2025-07-01", "legal_basis": RESOLUTION, "predecessors": "WA"}
    client.cookies["django_language"] = "en"  # the page's language is the request's, not this thread's
    taken = client.post(url, {**data, "new_unit_code": "WB", "new_unit_name": "Phường B mới", "new_unit_kind": "ward"})
    half = client.post(url, {**data, "new_unit_code": "WA2"})
    assert taken.status_code == 400 and "already exists" in taken.content.decode()
    assert half.status_code == 400 and "code, its name and its kind" in half.content.decode()
    assert not Reorganisation.objects.exists()
    # A code taken between the draft and applying (by an import, say): refused when applying, nothing half-made.
    draft = reorganisation_save(
        reorganisation=Reorganisation(kind="rename", effective_on=EFFECTIVE, legal_basis=RESOLUTION,
                                      new_unit_code="WA2", new_unit_name="Phường A mới", new_unit_kind="ward"),
        predecessors=[ward_a], successors=[], main_successor=None, user=admin,
    )  # fmt: skip
    UnitFactory(code="WA2", name="Một đơn vị khác", kind=Unit.Kind.WARD, parent=ward_b)
    before = unchanged(ward_a)
    refused(draft, "already used by another unit")
    assert unchanged(ward_a) == before and Unit.objects.filter(code="WA2").count() == 1


# --- reading campaigns (issue 15: open work goes to the successor) -----------------------------------------------


def launched(title, due, units):
    document = make_document(f"{title}/QĐ-UBND", title=title)
    return campaign_launch(
        campaign=Campaign(title=title, document=document, version=document.versions.get(), due_date=due),
        units=units, roles=[], officials=[],
    )  # fmt: skip


def test_open_campaigns_that_target_a_ceasing_unit_target_its_successor_as_previewed(client, small_tree):
    province, ward_a, desk_a, ward_b = small_tree
    reader = OfficialFactory(unit=desk_a, full_name="Trần Thị Đọc")
    today = timezone.localdate()
    open_one = launched("Quy chế mở", today + datetime.timedelta(days=10), [ward_a])
    due_today = launched("Hạn hôm nay", today, [desk_a, ward_b])  # due today: still open; already on the successor
    closed = launched("Quy chế đã đóng", today - datetime.timedelta(days=1), [ward_a])
    elsewhere = launched("Chỉ phường B", today + datetime.timedelta(days=10), [ward_b])
    assert CampaignAssignment.objects.filter(official=reader).count() == 3
    admin = UserFactory(roles=["staff", "administrator"])
    client.force_login(admin)
    created = client.post(
        reverse("organisation:reorganisation_create"),
        {"kind": "merge", "effective_on": "2025-07-01", "legal_basis": RESOLUTION, "predecessors": "WA",
         "successors": "WB"},
    )  # fmt: skip
    reorganisation = Reorganisation.objects.get()
    # The preview says what will happen to them before anything changes: count, the first ones, the rule.
    preview = client.get(created["Location"])  # in Vietnamese, as the label and rule below read in this thread
    work = next(work for work in preview.context["preview"].works if work.key == "regulations.campaign")
    assert work.count == 2
    assert [text for text, _url in work.sample] == [
        f"Hạn hôm nay · {today:%d/%m/%Y}",
        f"Quy chế mở · {open_one.due_date:%d/%m/%Y}",
    ]
    html = preview.content.decode()
    assert str(work.label) in html and str(work.rule) in html
    assert reverse("regulations:campaign", args=[open_one.pk]) in html
    assert set(Campaign.objects.get(pk=open_one.pk).units.all()) == {ward_a}  # nothing changed yet

    client.post(reverse("organisation:reorganisation_apply", args=[reorganisation.pk]))
    reorganisation.refresh_from_db()
    assert reorganisation.is_applied and reorganisation.summary["works"]["regulations.campaign"] == 2
    assert set(open_one.units.all()) == {ward_b}
    assert set(due_today.units.all()) == {ward_b}  # one row: the successor was already targeted
    assert set(elsewhere.units.all()) == {ward_b}
    assert set(closed.units.all()) == {ward_a}  # closed: history keeps the unit it was launched for
    # Who was assigned stays assigned (the reader moved with the officials); nobody was added.
    assert CampaignAssignment.objects.filter(official=reader).count() == 3
    assert CampaignAssignment.objects.count() == 3


def test_a_dissolution_without_successor_leaves_open_campaigns_on_their_units(small_tree):
    _province, ward_a, _desk_a, _ward_b = small_tree
    campaign = launched("Quy chế mở", timezone.localdate() + datetime.timedelta(days=10), [ward_a])
    # Nobody is left to read it there, and a target list is no reason to refuse the dissolution.
    assert reorganisation_apply(reorganisation=record("dissolve", [ward_a], []), user=None)
    assert set(campaign.units.all()) == {ward_a}
