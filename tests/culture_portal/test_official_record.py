"""Issue 18 §2: one page per official, the whole record as one timeline — counted against fixtures built by hand,
per reader (leadership, the unit's head, the official themself, somebody else)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import AuditEntry, DisciplinaryMeasure
from feedback import services as feedback_services
from inspections import services
from inspections.models import Finding
from regulations.models import Acknowledgement, Campaign, NormGroup, Rereading, Training
from regulations.parsing import parse_legal_text
from regulations.services import campaign_launch, version_publish
from tests.factories import DocumentFactory, InspectionFactory, NormFactory, OfficialFactory, UserFactory
from tests.feedback.conftest import submitted

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def approved(unit, leader, approver, findings):
    """An approved inspection of `unit` with these findings: (norm, official, is_commendation, year)."""
    inspection = InspectionFactory(started=True, units=[unit], leader=leader, norm_groups=NormGroup.objects.all())
    recorded = []
    for norm, official, is_commendation, year in findings:
        finding = services.finding_record(
            inspection=inspection, unit=unit, official=official, norm=norm, observed=f"Ghi nhận {norm.code}",
            severity="minor", user=leader, is_commendation=is_commendation,
        )  # fmt: skip
        Finding.objects.filter(pk=finding.pk).update(created_at=timezone.make_aware(datetime.datetime(year, 5, 4, 9)))
        recorded.append(finding)
    services.findings_submit(inspection=inspection, user=leader)
    services.conclusion_draft(inspection=inspection, user=leader, overall="Nhận xét.", good_points="",
                              requirements=[(unit, "Chấn chỉnh.", 5)])  # fmt: skip
    services.conclusion_approve(inspection=inspection, user=approver)
    return recorded


@pytest.fixture
def record(tree, staff_user, inspector_user, leader_user, officer_user):
    """By hand, for the staff member's official (OFFICE-A):
    regulations — one version confirmed this year, one campaign past due and not confirmed, one training in 2025,
      one provision to re-read (working hours);
    inspections — an approved breach of GG-01 (working hours) in 2025, an approved commendation of GT-01
      (communication) this year, a breach in an inspection still in the field (never shown), a disciplinary
      outcome of the 2025 breach (only with the permission);
    feedback — a complaint naming them, answered and upheld (communication); a denunciation naming them, being
      verified (never to themselves); a case still waiting for triage (never shown)."""
    official = staff_user.official
    late = NormFactory(code="GG-01", group__code="working_hours", title="Đi muộn")
    rude = NormFactory(code="GT-01", group__code="communication", title="Thiếu tôn trọng")
    document = DocumentFactory(text="Điều 1. Phạm vi\nQuy định chung.")
    version = document.versions.get(is_current=True)
    campaign_launch(campaign=Campaign(title="Quán triệt", document=document, version=version,
                                      due_date=timezone.localdate() + datetime.timedelta(days=30)),
                    units=[], roles=[], officials=[official])  # fmt: skip
    Acknowledgement.objects.create(official=official, version=version)
    old = DocumentFactory(text="Điều 1. Cũ\nQuy định cũ.")
    second = version_publish(document=old, parsed=parse_legal_text("Điều 1. Mới\nQuy định mới."), note="", user=None)
    campaign_launch(campaign=Campaign(title="Quán triệt bản mới", document=old, version=second,
                                      due_date=datetime.date(2026, 1, 15)),
                    units=[], roles=[], officials=[official])  # fmt: skip
    training = Training.objects.create(title="Tập huấn giao tiếp", start_date=datetime.date(2025, 3, 2),
                                       end_date=datetime.date(2025, 3, 3), organiser="Sở Nội vụ")  # fmt: skip
    training.participants.add(official)
    Rereading.objects.create(official=official, norm=late, document=document, anchor="dieu-1", reason="Lặp lại",
                             due_on=timezone.localdate())  # fmt: skip
    breach, _commendation = approved(tree["office_a"], inspector_user, leader_user,
                                     [(late, official, False, 2025), (rude, official, True, THIS_YEAR)])  # fmt: skip
    in_field = InspectionFactory(started=True, units=[tree["office_a"]], leader=inspector_user)
    services.finding_record(inspection=in_field, unit=tree["office_a"], official=official, norm=late,
                            observed="Chưa duyệt", severity="minor", user=inspector_user)  # fmt: skip
    services.disciplinary_outcome_record(
        user=leader_user, finding=breach, measure=DisciplinaryMeasure.objects.get(code="kiem-diem"),
        decision_reference="12/QĐ-UBND", decision_date=datetime.date(2025, 7, 1),
    )  # fmt: skip
    complaint, _pin = submitted(tree["office_a"], rude, full_name="Phan Văn Khải")
    feedback_services.case_accept(case=complaint, user=officer_user, track="feedback", norm=rude, official=official)
    feedback_services.case_answer(case=complaint, user=officer_user, answer="Đã kiểm điểm.", upheld="upheld")
    denunciation, _pin = submitted(tree["office_a"], rude, full_name="Đỗ Thị Lan")
    feedback_services.case_accept(case=denunciation, user=officer_user, track="denunciation", norm=rude,
                                  official=official)  # fmt: skip
    waiting, _pin = submitted(tree["office_a"], rude)
    waiting.official = official
    waiting.save(update_fields=["official"])
    complaint.refresh_from_db()
    denunciation.refresh_from_db()
    return {"official": official, "complaint": complaint, "denunciation": denunciation, "waiting": waiting}


def kinds(response) -> dict[str, int]:
    counted: dict[str, int] = {}
    for entry in response.context["record"]["entries"]:
        counted[entry.kind] = counted.get(entry.kind, 0) + 1
    return counted


def url_of(official, **params):
    return reverse("organisation:official", args=[official.employee_code]), params


def test_leadership_reads_the_whole_record_and_the_viewing_of_discipline_is_audited(client, record, leader_user):
    client.force_login(leader_user)
    url, _params = url_of(record["official"])
    response = client.get(url)
    assert kinds(response) == {
        "Read and confirmed": 1,
        "Not confirmed by its due date": 1,
        "Training": 1,
        "Given to re-read after repeated breaches": 1,
        "Breach found by an inspection": 1,
        "Commendation": 1,
        "Feedback about how I was served": 2,  # the complaint and the denunciation, both criticisms
        "Disciplinary outcome": 1,
    }
    page = response.content.decode()
    assert "Phan Văn Khải" not in page and "Đỗ Thị Lan" not in page  # never who sent them
    assert record["waiting"].tracking_code not in page and "Chưa duyệt" not in page
    assert AuditEntry.objects.filter(action="discipline.viewed", object_ref=record["official"].employee_code).exists()
    # Counts per norm group for the chart: working hours (breach, outcome, re-reading), communication (commendation,
    # complaint, denunciation).
    assert {group["name"]: group["count"] for group in response.context["record"]["groups"]} == {
        NormGroup.objects.get(code="working_hours").name: 3,
        NormGroup.objects.get(code="communication").name: 3,
    }


def test_the_year_and_the_norm_group_narrow_the_timeline(client, record, leader_user):
    client.force_login(leader_user)
    url, _params = url_of(record["official"])
    assert kinds(client.get(url, {"year": "2025"})) == {
        "Training": 1,
        "Breach found by an inspection": 1,
        "Disciplinary outcome": 1,
    }
    assert kinds(client.get(url, {"group": "working_hours"})) == {
        "Given to re-read after repeated breaches": 1,
        "Breach found by an inspection": 1,
        "Disciplinary outcome": 1,
    }
    for year in ("abc", "1999", "99999"):  # ignored, not an error
        assert client.get(url, {"year": year}).context["year"] is None


def test_the_unit_head_reads_it_without_discipline_or_denunciations(client, record, unit_head_user):
    client.force_login(unit_head_user)
    url, _params = url_of(record["official"])
    response = client.get(url)
    counted = kinds(response)
    assert counted["Feedback about how I was served"] == 1 and "Disciplinary outcome" not in counted
    assert record["denunciation"].tracking_code not in response.content.decode()


def test_the_official_reads_only_what_the_law_allows_of_the_cases_naming_them(client, record, staff_user):
    client.force_login(staff_user)
    url, _params = url_of(record["official"])
    response = client.get(url)
    counted = kinds(response)
    assert counted["Feedback about how I was served"] == 1 and "Disciplinary outcome" not in counted
    page = response.content.decode()
    assert record["complaint"].tracking_code in page and record["denunciation"].tracking_code not in page
    assert reverse("feedback:case", args=[record["complaint"].public_id]) not in page  # no way into the file


def test_anybody_else_gets_a_404(client, tree, record):
    other = UserFactory(roles=["staff"])
    OfficialFactory(user=other, unit=tree["ward_b"])
    client.force_login(other)
    url, _params = url_of(record["official"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("organisation:official", args=["NOBODY"])).status_code == 404


def test_the_record_asks_as_many_questions_however_long_it_is(client, tree, record, leader_user, inspector_user):
    client.force_login(leader_user)
    url, _params = url_of(record["official"])
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    norm = NormGroup.objects.get(code="working_hours").norms.first()
    approved(tree["office_a"], inspector_user, leader_user, [(norm, record["official"], False, THIS_YEAR)] * 5)
    assert queries() == before


def test_an_official_at_a_desk_has_the_desk_s_ratings_one_line_a_year(client, tree, leader_user):
    """Three ratings of DESK-A this year (two satisfied or better) and one last year: two lines, counted."""
    from feedback.models import DeskRating

    official = OfficialFactory(unit=tree["desk_a"])
    for score in (1, 2, 3):
        DeskRating.objects.create(unit=tree["desk_a"], score=score)
    old = DeskRating.objects.create(unit=tree["desk_a"], score=3)
    DeskRating.objects.filter(pk=old.pk).update(at=timezone.make_aware(datetime.datetime(THIS_YEAR - 1, 6, 1, 9)))
    client.force_login(leader_user)
    entries = client.get(reverse("organisation:official", args=[official.employee_code])).context["record"]["entries"]
    lines = [(entry.date.year, entry.detail) for entry in entries if entry.kind == "Ratings of the desk"]
    assert lines == [
        (THIS_YEAR, "3 ratings, 67% satisfied or very satisfied"),
        (THIS_YEAR - 1, "1 rating, 100% satisfied or very satisfied"),
    ]
