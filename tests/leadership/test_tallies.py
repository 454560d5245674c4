"""The dashboard's monthly tallies are provably current: kept by every write through the portal, equal to a full
recount, moved along with a unit placed elsewhere, given up (figures counted from the records) when a unit's path
changes outside the service, and rebuilt.

The hand-counted figures in test_figures.py read the tallies (whole quarters); here the same world is also counted
from the records and both must agree to the last cell.
"""

import datetime

import pytest
from django.utils import timezone

from culture_portal.leadership import tallies
from culture_portal.leadership.figures import _Calculator, figures_for
from culture_portal.leadership.models import Tally, TallyState
from culture_portal.leadership.period import Period
from culture_portal.organisation import unit_save
from feedback import services as feedback_services
from feedback.models import DeskRating
from inspections.models import Finding
from tests.leadership.conftest import _answer, _case

pytestmark = pytest.mark.django_db
Q1 = Period.quarter_of(2026, 1)


def snapshot(result) -> list:
    """Everything a reader sees: every section's numbers, table cells and chart values."""
    return [
        (section.key, section.numbers, [table.rows for table in section.tables], [c.series for c in section.charts])
        for section in result.sections
    ]


def tally_rows() -> set:
    return set(Tally.objects.exclude(n=0).values_list("kind", "month", "path", "key", "n"))


def counted_from_records(period, unit):
    TallyState.objects.update(stale_since=timezone.now())
    try:
        calculator = _Calculator(period, unit)
        assert not calculator.tallied
        return figures_for(period=period, unit=unit)
    finally:
        TallyState.objects.update(stale_since=None)


def test_the_world_is_read_from_the_tallies(world):
    assert tallies.are_fresh()
    assert _Calculator(Q1, None).tallied
    assert Tally.objects.filter(kind="finding", path="", month=datetime.date(2026, 1, 1)).exists()


@pytest.mark.parametrize("scope", [None, "office_a", "desk_a", "city"])
def test_tallies_and_a_count_of_the_records_agree_to_the_last_cell(world, scope):
    unit = world[scope] if scope else None
    from_tallies = snapshot(figures_for(period=Q1, unit=unit))
    assert from_tallies == snapshot(counted_from_records(Q1, unit))
    year = Period.year_of(2026)
    assert snapshot(figures_for(period=year, unit=unit)) == snapshot(counted_from_records(year, unit))


def test_the_deltas_kept_by_the_services_equal_a_full_recount(world):
    kept = tally_rows()
    assert kept, "the services' writes were counted"
    tallies.rebuild()
    assert tally_rows() == kept


def test_a_case_submitted_answered_rated_and_deleted_moves_the_counts_at_once(world, clock, officer_user):
    march = Period.month_of(2026, 3)

    def figure(section, key):
        return figures_for(period=march, unit=None).section(section).numbers[key]

    received, upheld, answered = (
        figure("feedback", "received"),
        figure("scorecard", "upheld_complaints"),
        figure("feedback", "answered"),
    )
    case = _case(clock, datetime.date(2026, 3, 23), world["ward_b"], "GG-01")
    assert figure("feedback", "received") == received + 1
    _answer(clock, case, officer_user, datetime.date(2026, 3, 24), datetime.date(2026, 3, 26), upheld="upheld")
    assert figure("feedback", "answered") == answered + 1
    assert figure("scorecard", "upheld_complaints") == upheld + 1
    ratings = figure("satisfaction", "answer_ratings")
    feedback_services.case_rate(case=case, score=5)
    assert figure("satisfaction", "answer_ratings") == ratings + 1
    case.delete()
    assert figure("feedback", "received") == received
    kept = tally_rows()
    tallies.rebuild()
    assert tally_rows() == kept, "a deleted case leaves no trace in the tallies"


def test_a_finding_deleted_is_taken_out_at_once(world):
    finding = Finding.objects.filter(is_commendation=False, inspection__status__in=tallies.APPROVED).first()
    before = figures_for(period=Q1, unit=None).section("scorecard").numbers["findings"]
    finding.delete()
    assert figures_for(period=Q1, unit=None).section("scorecard").numbers["findings"] == before - 1
    kept = tally_rows()
    tallies.rebuild()
    assert tally_rows() == kept


def test_a_unit_moved_takes_its_counts_along_and_the_tallies_stay_current(world):
    desk_a, ward_b = world["desk_a"], world["ward_b"]
    desk_findings = figures_for(period=Q1, unit=desk_a).section("scorecard").numbers["findings"]
    ward_before = figures_for(period=Q1, unit=ward_b).section("scorecard").numbers["findings"]
    assert desk_findings, "the desk has findings to carry along"

    desk_a.parent = ward_b
    unit_save(unit=desk_a)

    assert tallies.are_fresh()
    assert _Calculator(Q1, ward_b).tallied
    moved = figures_for(period=Q1, unit=ward_b)
    assert moved.section("scorecard").numbers["findings"] == ward_before + desk_findings
    for scope in (None, ward_b, world["city"]):
        assert snapshot(figures_for(period=Q1, unit=scope)) == snapshot(counted_from_records(Q1, scope))
    kept = tally_rows()
    tallies.rebuild()
    assert tally_rows() == kept


def test_a_unit_given_a_new_path_outside_the_service_makes_them_stale_until_a_rebuild(world):
    desk_a, ward_b = world["desk_a"], world["ward_b"]
    desk_a.parent = ward_b
    desk_a.path = f"{ward_b.path}{desk_a.pk:07d}/"
    desk_a.save()

    assert not tallies.are_fresh()
    assert not _Calculator(Q1, ward_b).tallied
    tallies.rebuild()
    assert tallies.are_fresh()


def test_a_period_not_in_whole_months_is_counted_from_the_records(world):
    odd = Period(datetime.date(2026, 1, 10), datetime.date(2026, 3, 20), "custom")
    assert not _Calculator(odd, None).tallied
    assert figures_for(period=odd, unit=None).section("scorecard").numbers["findings"] >= 0


def test_writes_while_stale_are_left_to_the_rebuild(world):
    TallyState.objects.update(stale_since=timezone.now())
    unit = world["desk_a"]
    DeskRating.objects.create(unit=unit, score=DeskRating.Score.VERY_SATISFIED)
    assert not Tally.objects.filter(kind="desk", path=unit.path, key="1", month=timezone.localdate().replace(day=1))
    tallies.rebuild()
    assert Tally.objects.get(kind="desk", path=unit.path, key="1", month=timezone.localdate().replace(day=1)).n >= 1


def test_an_official_moved_to_another_unit_takes_their_reading_assignments_along(world):
    from regulations.models import CampaignAssignment

    assignment = CampaignAssignment.objects.select_related("official").order_by("pk").first()
    official, ward_b = assignment.official, world["ward_b"]
    before = figures_for(period=Q1, unit=ward_b).section("dissemination").numbers["assigned"]
    assigned = CampaignAssignment.objects.filter(official=official, campaign__due_date__range=(Q1.start, Q1.end))
    official.unit = ward_b
    official.save()
    after = figures_for(period=Q1, unit=ward_b).section("dissemination").numbers["assigned"]
    assert after == before + assigned.count()
    assert snapshot(figures_for(period=Q1, unit=None)) == snapshot(counted_from_records(Q1, None))


def test_bulk_writes_announced_by_the_apps_keep_the_tallies_equal_to_a_recount(world, admin_user_role):
    """Writes that send no signal go through culture_portal.bulk_writes: an import moving an official, a
    reorganisation moving open cases and officials, a new version of a document under reading. The tallies follow
    each at once; a full rebuild finds nothing to correct."""
    import io

    from culture_portal.importing import import_file
    from culture_portal.models import Official, Reorganisation, Unit
    from culture_portal.reorganisation import reorganisation_apply, reorganisation_save
    from regulations.models import CampaignAssignment

    ward_b, desk_a = world["ward_b"], world["desk_a"]
    # An import moves an official (bulk_update) to ward B with their reading assignments.
    official = CampaignAssignment.objects.select_related("official__unit").order_by("pk").first().official
    assert official.unit_id != ward_b.pk
    row = f"{official.employee_code},{official.full_name},{official.position},{official.category},{ward_b.code}\n"
    upload = io.BytesIO(("employee_code,full_name,position,category,unit_code\n" + row).encode())
    upload.name = "officials.csv"
    report = import_file(kind="officials", uploaded=upload, dry_run=False)
    assert not report.problems and Official.objects.get(pk=official.pk).unit_id == ward_b.pk
    assert tallies.are_fresh()
    assert snapshot(figures_for(period=Q1, unit=ward_b)) == snapshot(counted_from_records(Q1, ward_b))

    # A reorganisation moves the desk's officials and open cases to ward B (update(): no signal).
    successor = Unit.objects.get(pk=ward_b.pk)
    merger = reorganisation_save(
        reorganisation=Reorganisation(kind="merge", effective_on=datetime.date(2026, 4, 1), legal_basis="NQ 1/2026"),
        predecessors=[desk_a], successors=[successor], main_successor=successor, user=admin_user_role,
    )  # fmt: skip
    assert reorganisation_apply(reorganisation=merger, user=admin_user_role)
    assert tallies.are_fresh()
    for scope in (None, successor, Unit.objects.get(pk=desk_a.pk)):
        assert snapshot(figures_for(period=Q1, unit=scope)) == snapshot(counted_from_records(Q1, scope))
    kept = tally_rows()
    tallies.rebuild()
    assert tally_rows() == kept
