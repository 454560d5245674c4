"""Issue 18 §4: a norm's page and a provision's page show what happened under them, as far as the reader may see —
counted against fixtures counted by hand."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import Unit
from feedback.models import Case
from inspections import services
from inspections.models import Finding
from regulations.models import NormCitation, NormGroup
from regulations.norm_records import record_summary
from tests.factories import CaseFactory, DocumentFactory, InspectionFactory, NormFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def approved_findings(unit, norm, leader, approver, *, years, official=None, commendations=0):
    """An approved inspection of `unit` with one breach of `norm` per entry of `years` (recorded in that year)."""
    inspection = InspectionFactory(
        started=True, units=[unit], leader=leader, norm_groups=NormGroup.objects.filter(pk=norm.group_id)
    )
    for index, year in enumerate(years):
        finding = services.finding_record(
            inspection=inspection, unit=unit, official=official, norm=norm, observed=f"Vi phạm lần {index + 1}",
            severity="minor", user=leader,
        )  # fmt: skip
        Finding.objects.filter(pk=finding.pk).update(created_at=timezone.make_aware(datetime.datetime(year, 6, 1, 9)))
    for _ in range(commendations):
        services.finding_record(inspection=inspection, unit=unit, norm=norm, observed="Tận tình", severity="minor",
                                user=leader, is_commendation=True)  # fmt: skip
    services.findings_submit(inspection=inspection, user=leader)
    services.conclusion_draft(inspection=inspection, user=leader, overall="Có vi phạm.", good_points="",
                              requirements=[(unit, "Chấn chỉnh.", 5)])  # fmt: skip
    services.conclusion_approve(inspection=inspection, user=approver)
    return inspection


@pytest.fixture
def record(tree, inspector_user, leader_user, staff_user):
    """By hand: GT-01 breached at OFFICE-A in 2025 twice (once by the staff member) and at WARD-B in 2026 once,
    plus a commendation and a breach of an inspection still in the field (neither counts); complaints upheld at
    OFFICE-A and partly upheld at WARD-B, one not upheld and one upheld under another norm (neither counts)."""
    norm = NormFactory(code="GT-01", group__code="communication", title="Thái độ thiếu tôn trọng người dân")
    other = NormFactory(code="GT-02", group=norm.group, title="Hẹn trả kết quả không đúng hẹn")
    document = DocumentFactory(text="Điều 1. Phạm vi\nQuy định chung.\nĐiều 5. Giao tiếp\nKhông nói trống không.")
    NormCitation.objects.create(norm=norm, document=document, anchor="dieu-5")
    NormCitation.objects.create(norm=other, document=document, anchor="dieu-5")
    approved_findings(tree["office_a"], norm, inspector_user, leader_user, years=[2025, 2025],
                      official=staff_user.official, commendations=1)  # fmt: skip
    # The staff member's own breach is the second one: the first is about nobody in particular.
    Finding.objects.filter(observed="Vi phạm lần 1", unit=tree["office_a"]).update(official=None)
    approved_findings(tree["ward_b"], norm, inspector_user, leader_user, years=[2026])
    in_field = InspectionFactory(started=True, units=[tree["office_a"]], leader=inspector_user)
    services.finding_record(inspection=in_field, unit=tree["office_a"], norm=norm, observed="Chưa duyệt",
                            severity="minor", user=inspector_user)  # fmt: skip
    CaseFactory(answered=True, unit=tree["office_a"], norm=norm, upheld=Case.Upheld.UPHELD)
    CaseFactory(answered=True, unit=tree["ward_b"], norm=norm, upheld=Case.Upheld.PARTLY)
    CaseFactory(answered=True, unit=tree["ward_b"], norm=norm, upheld=Case.Upheld.NOT_UPHELD)
    CaseFactory(answered=True, unit=tree["ward_b"], norm=other, upheld=Case.Upheld.UPHELD)
    return {"norm": norm, "other": other, "document": document}


def counts(summary):
    return {
        entry["key"]: (
            entry["total"],
            {row["record_year"]: row["n"] for row in entry["by_year"]},
            [(row["name"], row["n"]) for row in entry["by_unit"]],
        )
        for entry in summary
    }


def test_leadership_counts_every_approved_breach_and_upheld_complaint_by_year_and_unit(tree, record, leader_user):
    this_year = timezone.localdate().year
    assert counts(record_summary(leader_user, [record["norm"].pk])) == {
        "findings": (3, {2026: 1, 2025: 2}, [(tree["office_a"].name, 2), (tree["ward_b"].name, 1)]),
        "upheld": (2, {this_year: 2}, [(tree["office_a"].name, 1), (tree["ward_b"].name, 1)]),
    }
    # Within a year, the units and the list follow it; the years stay whole.
    in_2025 = counts(record_summary(leader_user, [record["norm"].pk], year=2025))
    assert in_2025["findings"] == (3, {2026: 1, 2025: 2}, [(tree["office_a"].name, 2)])


def test_the_norm_page_shows_the_counts_and_to_leadership_the_latest_records(client, tree, record, leader_user):
    client.force_login(leader_user)
    page = client.get(reverse("regulations:norm", args=["GT-01"])).content.decode()
    assert "Thái độ thiếu tôn trọng người dân" in page and "Breaches found by inspections: 3" in page
    assert "Upheld complaints: 2" in page
    assert "Vi phạm lần 1" in page and "Chưa duyệt" not in page  # the list: approved records only
    upheld = Case.objects.filter(upheld=Case.Upheld.UPHELD, norm=record["norm"]).get()
    assert reverse("feedback:case", args=[upheld.public_id]) in page
    assert "Nguyễn Văn An" not in page  # never the complainant
    # A year chosen: the busiest units of that year.
    page = client.get(reverse("regulations:norm", args=["GT-01"]), {"year": "2026"}).content.decode()
    assert "Units with the most, 2026" in page


def test_a_unit_head_counts_their_units_only_and_sees_no_list(client, tree, record, unit_head_user):
    assert counts(record_summary(unit_head_user, [record["norm"].pk])) == {
        "findings": (2, {2025: 2}, [(tree["office_a"].name, 2)]),
        "upheld": (1, {timezone.localdate().year: 1}, [(tree["office_a"].name, 1)]),
    }
    client.force_login(unit_head_user)
    page = client.get(reverse("regulations:norm", args=["GT-01"])).content.decode()
    assert "Breaches found by inspections: 2" in page and tree["ward_b"].name not in page
    assert "Vi phạm lần" not in page and "The latest" not in page


def test_staff_count_the_approved_findings_about_themselves(tree, record, staff_user):
    assert counts(record_summary(staff_user, [record["norm"].pk]))["findings"] == (
        1,
        {2025: 1},
        [(tree["office_a"].name, 1)],
    )


def test_the_provision_page_counts_under_every_norm_it_states(client, tree, record, leader_user):
    client.force_login(leader_user)
    url = reverse("regulations:provision_record", args=[record["document"].pk, "dieu-5"])
    page = client.get(url).content.decode()
    assert "GT-01" in page and "GT-02" in page and "Không nói trống không." in page
    # GT-01's three breaches; GT-01's two upheld complaints and GT-02's one.
    assert "Breaches found by inspections: 3" in page and "Upheld complaints: 3" in page
    # The norm's page links to it.
    norm_page = client.get(reverse("regulations:norm", args=["GT-01"])).content.decode()
    assert url in norm_page


def test_unknown_norms_and_provisions_are_404_and_a_wrong_year_is_ignored(client, tree, record, leader_user):
    client.force_login(leader_user)
    assert client.get(reverse("regulations:norm", args=["XX-99"])).status_code == 404
    assert (
        client.get(reverse("regulations:provision_record", args=[record["document"].pk, "dieu-99"])).status_code == 404
    )
    for year in ("abc", "1999", "-1", "20261"):
        response = client.get(reverse("regulations:norm", args=["GT-01"]), {"year": year})
        assert response.status_code == 200 and response.context["year"] is None


def test_the_norm_page_asks_as_many_questions_with_more_records(client, tree, record, leader_user, inspector_user):
    client.force_login(leader_user)
    url = reverse("regulations:norm", args=["GT-01"])
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(2):
        unit = UnitFactory(parent=tree["city"], kind=Unit.Kind.WARD)
        approved_findings(unit, record["norm"], inspector_user, leader_user, years=[2024, 2026])
        CaseFactory(answered=True, unit=unit, norm=record["norm"])
    assert queries() == before
