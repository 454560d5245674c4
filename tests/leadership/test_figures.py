"""Every dashboard figure against the hand-counted first quarter of 2026 built in conftest.world.

The world: P1 (periodic, planned, approved 20/01) with 4 breaches (office_a 2, desk_a 1, ward_b 1) and 1
commendation; P2 (periodic, planned, not done); S1 (surprise, NOT approved: 1 breach at ward_b that must count
nowhere); S2 (surprise, approved 12/03) with 1 breach at office_a. Cases c1..c7 (c5 open, c6 spam).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from culture_portal.leadership import figures
from culture_portal.leadership.figures import NO_GROUP, Figures, figures_for, items_behind, median_of_histogram
from culture_portal.leadership.period import Period
from inspections import services as inspection_services
from inspections.models import Finding
from regulations.models import Norm
from tests.factories import InspectionFactory

pytestmark = pytest.mark.django_db
Q1 = Period.quarter_of(2026, 1)


def numbers(result: Figures, key: str) -> dict:
    return result.section(key).numbers


def rows_by_label(table) -> dict:
    return {row[0]: row for row in table.rows}


def test_city_wide_figures_are_the_hand_counts(world):
    result = figures_for(period=Q1, unit=None)
    assert numbers(result, "scorecard") == {"findings": 5, "commendations": 1, "upheld_complaints": 3}
    assert numbers(result, "inspections") == {
        "periodic_planned": 2,  # P1 and P2 in the approved plan
        "periodic_done": 1,  # P1
        "periodic_unplanned": 0,
        "surprise": 1,  # S2 only: S1 is not approved
        "conclusions_issued": 2,  # P1 (20/01) and S2 (12/03)
        "attendance_checked": 3,  # 4 officials, one absent with leave
        "attendance_rate": Decimal("66.7"),  # present + late over expected: 2/3
    }
    assert numbers(result, "measures")["nhac-nho"] == 1
    assert numbers(result, "measures")["kiem-diem"] == 1
    assert numbers(result, "measures")["none"] == 3
    assert numbers(result, "actions") == {
        "open": 0,
        "overdue": 1,  # ward_b's, due 27/01, never reported
        "awaiting_review": 0,
        "done_on_time": 1,  # office_a's P1 action, reported 26/01 for 27/01
        "done_late": 1,  # S2's, reported 20/03 for 17/03
        "on_time_rate": Decimal("33.3"),
    }
    assert numbers(result, "feedback") == {
        "received": 6,  # c1, c2, c3, c4, c5, c7 (c6 set aside as spam)
        "praise": 1,
        "answered": 5,
        "answered_on_time": 4,  # all but c2
        "answered_with_deadline": 5,
        "on_time_rate": Decimal("80.0"),
        "median_answer_days": Decimal("2.0"),  # 1, 1, 2, 9, 11 working days
    }
    assert numbers(result, "satisfaction") == {
        "ratings": 13,
        "answer_ratings": 2,
        "desk_ratings": 11,
        "satisfied": 10,  # c1's 5/5, and 9 desk ratings of 2 or 3
        "satisfaction_share": Decimal("76.9"),
    }
    assert numbers(result, "dissemination") == {
        "assigned": 7,
        "confirmed": 3,
        "confirmed_rate": Decimal("42.9"),
        "trainings": 1,
        "contests": 1,
        "officials_trained": 52,  # 2 named + a contest of 50 not listed by name
    }


def test_the_scorecard_combines_findings_and_upheld_complaints_per_unit_and_group(world):
    table = figures_for(period=Q1, unit=None).section("scorecard").tables[0]
    columns = table.columns
    rows = rows_by_label(table)
    office = rows[world["office_a"].name]
    # working hours 2 findings; communication 1 finding (S2) + c1 upheld at desk_a; dress 1; no norm: c7.
    assert office[columns.index("Chấp hành giờ giấc hành chính, kỷ luật lao động")] == 2
    assert office[columns.index("Chuẩn mực giao tiếp, ứng xử")] == 2
    assert office[columns.index("Trang phục, thẻ công chức")] == 1
    assert office[-4] == 1, "the upheld complaint citing no norm"
    assert office[-3:] == [6, 4, 2]
    ward = rows[world["ward_b"].name]
    assert ward[columns.index("Chấp hành giờ giấc hành chính, kỷ luật lao động")] == 2  # 1 finding + c2 (partly)
    assert ward[-3:] == [2, 1, 1]
    # The three highest cells (2, 2, 2) are highlighted, the ones are not.
    highlighted = {(table.rows[r][0], columns[c]) for r, c in table.highlight}
    assert highlighted == {
        (world["office_a"].name, "Chấp hành giờ giấc hành chính, kỷ luật lao động"),
        (world["office_a"].name, "Chuẩn mực giao tiếp, ứng xử"),
        (world["ward_b"].name, "Chấp hành giờ giấc hành chính, kỷ luật lao động"),
    }
    # Each unit links to its own dashboard, each non-zero cell to its items.
    office_index = [row[0] for row in table.rows].index(world["office_a"].name)
    assert "unit=OFFICE-A" in table.links[(office_index, 0)]
    assert "group=working_hours" in table.links[(office_index, 1)]


def test_trends_by_month(world):
    section = figures_for(period=Q1, unit=None).section("trends")
    assert section.tables[0].rows == [
        ["01/2026", 4, 2, 1, 0, None],
        ["02/2026", 0, 2, 0, 0, None],
        ["03/2026", 1, 1, 0, 11, Decimal("81.8")],
    ]
    desk_chart = section.charts[1]
    assert desk_chart.target == 90.0 and desk_chart.unit == "%"


def test_norms_breached_most_often_link_to_the_norm_and_its_provision(world):
    table = figures_for(period=Q1, unit=None).section("norms").tables[0]
    first = table.rows[0]
    assert first[0] == "GG-01" and first[3:6] == [2, 1, 3]
    assert {row[0] for row in table.rows} == {"GG-01", "GG-02", "GT-01", "GT-02", "TP-01"}
    assert "GG-03" not in {row[0] for row in table.rows}, "S1's finding is not approved"
    assert table.links[(0, 0)] == "/regulations/norms/#norm-GG-01"
    assert table.links[(0, 6)].endswith("/provisions/dieu-4-khoan-1/")


def test_on_time_rate_counts_working_days_across_the_lunar_new_year(world):
    c1, c2 = world["cases"][0], world["cases"][1]
    # Accepted Thursday 12/02/2026; 10 working days skip Tết (14-22/02): 13/02, 23-27/02, 02-05/03.
    assert c1.answered_due_on == datetime.date(2026, 3, 5) == c2.answered_due_on
    assert c1.answer_working_days == 9 and c2.answer_working_days == 11
    feb_mar = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), "custom")
    feedback = numbers(figures_for(period=feb_mar, unit=None), "feedback")
    # Answered in March: c1 on 04/03 (on time, 20 calendar days later), c2 on 06/03 (late).
    assert (feedback["answered"], feedback["answered_on_time"], feedback["on_time_rate"]) == (2, 1, Decimal("50.0"))
    assert feedback["median_answer_days"] == Decimal("10.0")


def test_a_unit_head_scope_is_the_unit_and_its_sub_units(world):
    with translation.override("en"):  # the row labels are asserted in English
        result = figures_for(period=Q1, unit=world["office_a"])
    assert numbers(result, "scorecard") == {"findings": 4, "commendations": 0, "upheld_complaints": 2}
    assert [row[0] for row in result.section("scorecard").tables[0].rows] == [
        "Phòng Nội vụ (the unit itself)",
        world["desk_a"].name,
    ]
    assert numbers(result, "actions")["overdue"] == 0 and numbers(result, "actions")["on_time_rate"] == Decimal("50.0")
    assert numbers(result, "feedback")["received"] == 4  # c1 and c4 at desk_a, c3 and c7 at office_a
    assert numbers(result, "satisfaction")["satisfaction_share"] == Decimal("70.0")
    assert numbers(result, "inspections")["surprise"] == 1
    assert numbers(result, "dissemination")["officials_trained"] == 2
    assert numbers(result, "dissemination")["contests"] == 0
    ward = figures_for(period=Q1, unit=world["ward_b"])
    assert numbers(ward, "inspections")["surprise"] == 0, "S1 at ward_b is not approved"
    assert numbers(ward, "scorecard")["findings"] == 1


def test_too_few_ratings_give_no_share(world):
    with translation.override("en"):
        result = figures_for(period=Q1, unit=world["ward_b"])
    assert numbers(result, "satisfaction")["ratings"] == 3
    assert numbers(result, "satisfaction")["satisfaction_share"] is None
    assert result.section("satisfaction").tables[0].rows[-1][-1] == "too few ratings"
    assert figures.MIN_RATINGS == 10


def test_an_unapproved_surprise_inspection_has_nothing_behind_its_cell(world):
    items = items_behind(period=Q1, unit=world["ward_b"], group="working_hours")
    assert [row["norm__code"] for row in items.findings] == ["GG-01"], "P1's finding only, not S1's GG-03"
    assert [row["inspection__kind"] for row in items.findings] == ["periodic"]
    assert [row["tracking_code"] for row in items.cases] == [world["cases"][1].tracking_code]
    no_norm = items_behind(period=Q1, unit=world["office_a"], group=NO_GROUP)
    assert no_norm.findings == [] and [row["tracking_code"] for row in no_norm.cases] == [
        world["cases"][4].tracking_code
    ]
    text = repr(items) + repr(no_norm)
    assert "Khiếu" not in text and "0987" not in text and "khieu.nai" not in text, "no complainant identity"


def test_a_new_finding_is_counted_at_once(world, inspector_user, leader_user, clock):
    before = numbers(figures_for(period=Q1, unit=None), "scorecard")["findings"]
    clock.set(datetime.date(2026, 3, 10), 10)
    s3 = InspectionFactory(
        surprise=True, started=True, basis_reference="16/QĐ-UBND", basis_date=datetime.date(2026, 3, 1),
        window_start=timezone.now(), window_end=timezone.now() + datetime.timedelta(hours=1), leader=inspector_user,
        units=[world["ward_b"]], norm_groups=[Norm.objects.get(code="GG-01").group],
    )  # fmt: skip
    inspection_services.finding_record(
        inspection=s3, unit=world["ward_b"], norm=Norm.objects.get(code="GG-01"), observed="Đi muộn",
        severity="minor", user=inspector_user,
    )  # fmt: skip
    assert numbers(figures_for(period=Q1, unit=None), "scorecard")["findings"] == before, "not approved yet"
    inspection_services.findings_submit(inspection=s3, user=inspector_user)
    inspection_services.conclusion_draft(inspection=s3, user=inspector_user, overall="…", good_points="",
                                         requirements=[])  # fmt: skip
    inspection_services.conclusion_approve(inspection=s3, user=leader_user, on=datetime.date(2026, 3, 11))
    assert numbers(figures_for(period=Q1, unit=None), "scorecard")["findings"] == before + 1
    assert Finding.objects.filter(inspection=s3).count() == 1


def test_the_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as small:
        figures_for(period=Q1, unit=None)
    with django_assert_max_num_queries(40) as scoped:
        figures_for(period=Q1, unit=world["office_a"])
    assert len(small.captured_queries) == len(scoped.captured_queries) + 1  # the single top unit is looked up


def test_median_of_a_histogram():
    assert median_of_histogram({}) is None
    assert median_of_histogram({3: 1}) == Decimal("3.0")
    assert median_of_histogram({1: 2, 2: 1, 9: 1, 11: 1}) == Decimal("2.0")
    assert median_of_histogram({9: 1, 11: 1}) == Decimal("10.0")


def test_an_empty_period_gives_zeros_and_no_rates(world):
    result = figures_for(period=Period.month_of(2025, 6), unit=None)
    assert numbers(result, "scorecard") == {"findings": 0, "commendations": 0, "upheld_complaints": 0}
    assert numbers(result, "feedback")["on_time_rate"] is None
    assert numbers(result, "feedback")["median_answer_days"] is None
    assert numbers(result, "satisfaction")["satisfaction_share"] is None
    assert numbers(result, "inspections")["attendance_rate"] is None
