"""The unit tree, document numbering and names/rules with effective dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from culture_portal.models import DeadlineRule, DisciplinaryMeasure, DocumentKind, IssuingBody, Unit
from culture_portal.numbering import NoIssuingBody, document_number_issue, document_reference, issuing_body_for
from culture_portal.organisation import unit_save
from tests.factories import UnitFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_moving_a_unit_moves_its_whole_subtree(tree):
    # Ward B is merged under the office: the desk's chain follows.
    desk = tree["desk_a"]
    office = tree["office_a"]
    office.parent = tree["ward_b"]
    unit_save(unit=office)
    desk.refresh_from_db()
    assert desk.ancestor_ids == [tree["city"].pk, tree["ward_b"].pk, office.pk]
    assert desk.depth == 3
    assert set(Unit.objects.subtree_of(tree["ward_b"])) == {tree["ward_b"], office, desk}


def test_a_unit_cannot_be_placed_under_its_own_sub_unit(tree):
    office = tree["office_a"]
    office.parent = tree["desk_a"]
    with pytest.raises(ValidationError):
        unit_save(unit=office)
    office.refresh_from_db()
    assert office.parent == tree["city"]


def test_numbers_run_per_unit_kind_and_year_and_restart_in_january(tree):
    notice = DocumentKind.objects.get(code="notice")
    city = tree["city"]
    assert [document_number_issue(unit=city, kind=notice, year=2026) for _ in range(3)] == [1, 2, 3]
    assert document_number_issue(unit=tree["office_a"], kind=notice, year=2026) == 1
    assert document_number_issue(unit=city, kind=notice, year=2027) == 1


def test_reference_is_written_as_decree_30_wants_it(tree):
    notice = DocumentKind.objects.get(code="notice")
    body = IssuingBody(symbol="UBND")
    assert document_reference(number=5, kind=notice, body=body) == "05/TB-UBND"
    assert document_reference(number=112, kind=notice, body=body) == "112/TB-UBND"


def test_issuing_body_follows_renames_and_falls_back_to_the_parent(tree):
    city = tree["city"]
    IssuingBody.objects.all().delete()  # the fixture's record; this test writes its own history
    IssuingBody.objects.create(
        unit=city,
        name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ TĨNH",
        place_name="Hà Tĩnh",
        symbol="UBND",
        valid_from=D(2019, 1, 1),
        valid_until=D(2025, 6, 30),
    )
    IssuingBody.objects.create(
        unit=city,
        name="ỦY BAN NHÂN DÂN PHƯỜNG THÀNH SEN",
        place_name="Thành Sen",
        symbol="UBND",
        valid_from=D(2025, 7, 1),
    )
    assert issuing_body_for(unit=city, on=D(2024, 5, 1)).place_name == "Hà Tĩnh"
    assert issuing_body_for(unit=tree["desk_a"], on=D(2026, 1, 5)).place_name == "Thành Sen"
    with pytest.raises(NoIssuingBody):
        issuing_body_for(unit=city, on=D(2018, 1, 1))


def test_overlapping_rules_and_reversed_dates_are_refused():
    rule = DeadlineRule.objects.in_force(D(2026, 3, 1)).get(track="complaint", step="accept")
    assert rule.days == 10 and rule.counting == "working"
    newer = DeadlineRule(track="complaint", step="accept", days=7, counting="working", valid_from=D(2026, 1, 1))
    with pytest.raises(ValidationError):
        newer.full_clean()
    backwards = DeadlineRule(
        track="feedback",
        step="decide",
        days=10,
        counting="working",
        valid_from=D(2026, 5, 1),
        valid_until=D(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        backwards.full_clean()
    assert "valid_until" in excinfo.value.message_dict


def test_disciplinary_forms_change_with_the_2026_decree():
    before = DisciplinaryMeasure.objects.in_force(D(2026, 6, 30)).filter(applies_to="vien_chuc")
    after = DisciplinaryMeasure.objects.in_force(D(2026, 7, 1)).filter(applies_to="vien_chuc")
    assert {m.legal_basis for m in before} == {"Nghị định 112/2020/NĐ-CP"}
    assert {m.legal_basis for m in after} == {"Nghị định 234/2026/NĐ-CP"}
    assert DisciplinaryMeasure.objects.in_force(D(2026, 7, 1)).filter(kind="administrative").count() == 3


def test_unit_codes_are_validated():
    with pytest.raises(ValidationError):
        UnitFactory.build(code="bad code!", name="x").full_clean()
