"""Issue 18 §1: complaints launch a surprise inspection, which holds them as its grounds; the case page, the citizen
and the answer learn of it only as surprise secrecy allows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import Case
from inspections import services
from inspections.models import ChecklistItem, Inspection, InspectionGround
from tests.factories import NormFactory, OfficialFactory
from tests.feedback.conftest import CAPTCHA, submitted

pytestmark = pytest.mark.django_db
TAKEN_UP = "Taken up in the inspection"
CITIZEN_TAKEN_UP = "đã được xem xét trong một cuộc kiểm tra công vụ"  # citizens are written to in Vietnamese


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def norms(db):
    rude = NormFactory(code="GT-01", group__code="communication", title="Thái độ thiếu tôn trọng người dân")
    late = NormFactory(code="GT-02", group=rude.group, title="Hẹn trả kết quả không đúng hẹn")
    dress = NormFactory(code="TP-01", group__code="dress", title="Không đeo thẻ công chức")
    return {"rude": rude, "late": late, "dress": dress}


def accepted(unit, norm, officer, **kwargs):
    """A citizen's complaint about `unit`, triaged by an officer under `norm` (a unit head may then read it)."""
    case, pin = submitted(unit, norm, **kwargs)
    feedback_services.case_accept(case=case, user=officer, track="feedback", norm=norm)
    case.refresh_from_db()
    case.pin = pin
    return case


def window():
    start = timezone.now() + datetime.timedelta(days=1)
    return start, start + datetime.timedelta(hours=3)


def create_form(cases, leader, **overrides):
    start, end = window()
    return {
        "cases": [str(case.public_id) for case in cases],
        "title": "Kiểm tra đột xuất Phòng Nội vụ",
        "basis_reference": "125/QĐ-UBND",
        "basis_date": "01/12/2026",
        "window_start": timezone.localtime(start).strftime("%d/%m/%Y %H:%M"),
        "window_end": timezone.localtime(end).strftime("%d/%m/%Y %H:%M"),
        "leader": leader.pk,
        **overrides,
    }


def from_cases(user, cases, leader):
    start, end = window()
    return services.inspection_from_cases(
        user=user, cases=cases, title="Kiểm tra đột xuất", basis_reference="125/QĐ-UBND",
        basis_date=datetime.date(2026, 12, 1), window_start=start, window_end=end, leader=leader,
    )  # fmt: skip


def approve(inspection, *, inspector, leader, unit, norm, official=None):
    services.inspection_start(inspection=inspection, user=inspector)
    services.finding_record(
        inspection=inspection, unit=unit, official=official, norm=norm,
        observed="Cán bộ quầy số 2 trả lời cộc lốc, không hướng dẫn.", severity="minor", user=inspector,
    )  # fmt: skip
    services.findings_submit(inspection=inspection, user=inspector)
    services.conclusion_draft(
        inspection=inspection, user=inspector, overall="Có vi phạm về thái độ giao tiếp", good_points="",
        requirements=[(unit, "Chấn chỉnh thái độ giao tiếp", 5)],
    )  # fmt: skip
    services.conclusion_approve(inspection=inspection, user=leader)
    inspection.refresh_from_db()


def test_leadership_starts_a_surprise_inspection_from_two_complaints_about_one_unit(
    client, tree, norms, officer_user, leader_user, inspector_user
):
    first = accepted(tree["office_a"], norms["rude"], officer_user)
    second = accepted(tree["office_a"], norms["late"], officer_user)
    elsewhere = accepted(tree["ward_b"], norms["rude"], officer_user)
    client.force_login(leader_user)

    page = client.get(reverse("feedback:case", args=[first.public_id])).content.decode()
    start = reverse("inspections:from_case", args=[first.public_id])
    assert start in page  # the case page offers it
    form_page = client.get(start).content.decode()
    # The other open case about the same unit is offered beside it; one about another unit is not.
    assert second.tracking_code in form_page and elsewhere.tracking_code not in form_page

    response = client.post(start, create_form([first, second], inspector_user))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("inspections:detail", args=[inspection.public_id])
    assert inspection.kind == Inspection.Kind.SURPRISE and inspection.leader == inspector_user
    assert list(inspection.units.all()) == [tree["office_a"]]
    assert set(inspection.norms.all()) == {norms["rude"], norms["late"]}
    assert {ground.case for ground in inspection.grounds.all()} == {first, second}
    grounds_event = inspection.events.get(action="grounds")
    assert sorted(grounds_event.detail["cases"]) == sorted([first.tracking_code, second.tracking_code])

    # The checklist holds the norms the complaints cited, not their whole groups.
    services.inspection_start(inspection=inspection, user=inspector_user)
    assert set(ChecklistItem.objects.filter(inspection=inspection).values_list("norm__code", flat=True)) == {
        "GT-01",
        "GT-02",
    }


def test_the_inspection_page_lists_its_complaints_without_their_authors(
    client, tree, norms, officer_user, leader_user, inspector_user
):
    case = accepted(tree["office_a"], norms["rude"], officer_user, official_hint="Quầy số 2")
    inspection = from_cases(leader_user, [case], inspector_user)
    url = reverse("inspections:detail", args=[inspection.public_id])

    client.force_login(inspector_user)  # the team: sees the grounds, may not read the case itself
    page = client.get(url).content.decode()
    assert case.tracking_code in page and "Quầy số 2" in page and "GT-01" in page
    assert "Nguyễn Văn An" not in page and "0912 345 678" not in page and "an.nguyen@example.com" not in page
    assert reverse("feedback:case", args=[case.public_id]) not in page

    client.force_login(leader_user)  # leadership reads every case: the code links to it
    page = client.get(url).content.decode()
    assert reverse("feedback:case", args=[case.public_id]) in page
    assert "Nguyễn Văn An" not in page


def test_nobody_outside_the_team_learns_of_it_until_approval_then_the_citizen_and_the_unit_do(
    client, tree, norms, officer_user, leader_user, inspector_user, unit_head_user
):
    case = accepted(tree["office_a"], norms["rude"], officer_user)
    inspection = from_cases(leader_user, [case], inspector_user)
    case_url = reverse("feedback:case", args=[case.public_id])
    citizen = client.__class__()
    tracked = citizen.post("/feedback/track/", {"code": case.tracking_code, "pin": case.pin, **CAPTCHA})
    assert tracked.status_code == 302

    client.force_login(unit_head_user)  # heads OFFICE-A, reads the complaint about it
    page = client.get(case_url).content.decode()
    assert client.get(case_url).status_code == 200
    assert TAKEN_UP not in page and inspection.title not in page and 'id="case-inspections"' not in page
    client.force_login(officer_user)  # handles the case but is not on the team
    assert TAKEN_UP not in client.get(case_url).content.decode()
    assert CITIZEN_TAKEN_UP not in citizen.get(tracked["Location"]).content.decode()
    client.force_login(leader_user)
    page = client.get(case_url).content.decode()
    assert TAKEN_UP in page and reverse("inspections:detail", args=[inspection.public_id]) in page

    approve(inspection, inspector=inspector_user, leader=leader_user, unit=tree["office_a"], norm=norms["rude"])

    client.force_login(unit_head_user)
    page = client.get(case_url).content.decode()
    assert TAKEN_UP in page and inspection.title in page
    assert CITIZEN_TAKEN_UP in citizen.get(tracked["Location"]).content.decode()
    assert case.events.filter(action="taken_up").count() == 1


def test_after_approval_the_answer_starts_from_the_findings_that_answer_the_case(
    client, tree, norms, officer_user, leader_user, inspector_user
):
    case = accepted(tree["office_a"], norms["rude"], officer_user)
    other_norm = accepted(tree["office_a"], norms["late"], officer_user)
    inspection = from_cases(leader_user, [case, other_norm], inspector_user)
    official = OfficialFactory(unit=tree["office_a"], full_name="Lê Thị Cúc")
    client.force_login(officer_user)
    before = client.get(reverse("feedback:case", args=[case.public_id]))
    assert "125/QĐ-UBND" not in before.content.decode()  # nothing to base an answer on yet

    approve(inspection, inspector=inspector_user, leader=leader_user, unit=tree["office_a"], norm=norms["rude"],
            official=official)  # fmt: skip

    response = client.get(reverse("feedback:case", args=[case.public_id]))
    answer_form = next(form for step, form in response.context["forms"].items() if step.name == "answer")
    start = answer_form.initial["answer"]
    assert "125/QĐ-UBND" in start and "GT-01" in start and tree["office_a"].name in start
    assert "Lê Thị Cúc" not in start and "trả lời cộc lốc" not in start  # the officer writes what the citizen reads
    assert "Findings that answer this case" in response.content.decode()
    # The case citing another norm gets no finding as its basis: none was found under that norm.
    response = client.get(reverse("feedback:case", args=[other_norm.public_id]))
    answer_form = next(form for step, form in response.context["forms"].items() if step.name == "answer")
    assert "answer" not in answer_form.initial

    response = client.post(
        reverse("feedback:case_answer", args=[case.public_id]), {"answer": start, "upheld": "upheld"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ANSWERED and "125/QĐ-UBND" in case.answer


@pytest.mark.parametrize(
    "problem, message",
    [
        ("different_units", "different units"),
        ("answered", "are closed"),
        ("spam", "are closed"),
        ("not_visible", "No case"),
        ("no_norm", "cites a norm"),
        ("none", "at least one case"),
    ],
)
def test_bad_grounds_are_refused_with_a_reason_and_nothing_is_created(
    problem, message, tree, norms, officer_user, leader_user, inspector_user
):
    case = accepted(tree["office_a"], norms["rude"], officer_user)
    user, cases = leader_user, [case]
    if problem == "different_units":
        cases = [case, accepted(tree["ward_b"], norms["rude"], officer_user)]
    elif problem == "answered":
        feedback_services.case_answer(case=case, user=officer_user, answer="Đã trả lời.", upheld="upheld")
    elif problem == "spam":
        cases = [submitted(tree["office_a"], norms["rude"])[0]]
        feedback_services.case_mark_spam(case=cases[0], user=officer_user)
    elif problem == "not_visible":
        user = inspector_user  # may create inspections, may not read complaints
    elif problem == "no_norm":
        cases = [submitted(tree["office_a"], None)[0]]
    elif problem == "none":
        cases = []
    for listed in cases:
        listed.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        from_cases(user, cases, inspector_user)
    assert not Inspection.objects.exists() and not InspectionGround.objects.exists()


def test_the_form_refuses_a_closed_case_and_a_case_from_elsewhere_and_creates_nothing(
    client, tree, norms, officer_user, leader_user, inspector_user
):
    case = accepted(tree["office_a"], norms["rude"], officer_user)
    elsewhere = accepted(tree["ward_b"], norms["rude"], officer_user)
    client.force_login(leader_user)
    start = reverse("inspections:from_case", args=[case.public_id])
    # A case about another unit is not among the choices: a crafted post is refused by the form.
    response = client.post(start, create_form([case, elsewhere], inspector_user))
    assert response.status_code == 400 and "cases" in response.context["form"].errors
    feedback_services.case_answer(case=case, user=officer_user, answer="Đã trả lời.", upheld="upheld")
    response = client.post(start, create_form([case], inspector_user))
    assert response.status_code == 400
    assert "are closed" in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_inspector_who_may_not_read_the_case_gets_a_404_and_other_roles_a_403(
    client, tree, norms, officer_user, inspector_user, unit_head_user
):
    case = accepted(tree["office_a"], norms["rude"], officer_user)
    start = reverse("inspections:from_case", args=[case.public_id])
    client.force_login(inspector_user)
    assert client.get(start).status_code == 404
    assert client.post(start, create_form([case], inspector_user)).status_code == 404
    for user in (unit_head_user, officer_user):
        client.force_login(user)
        assert client.get(start).status_code == 403
        # Nor does the case page offer what they may not do.
        assert start not in client.get(reverse("feedback:case", args=[case.public_id])).content.decode()
    assert not Inspection.objects.exists()


def test_case_and_inspection_pages_ask_as_many_questions_with_one_ground_as_with_several(
    client, tree, norms, officer_user, leader_user, inspector_user
):
    def queries(url):
        client.get(url)  # once first: what a process reads once (the portal's identity) is not the page's
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    cases = [accepted(tree["office_a"], norms["rude"], officer_user) for _ in range(4)]
    one = from_cases(leader_user, cases[:1], inspector_user)
    client.force_login(leader_user)
    case_page, inspection_page = (
        reverse("feedback:case", args=[cases[0].public_id]),
        reverse("inspections:detail", args=[one.public_id]),
    )
    few = queries(case_page), queries(inspection_page)
    many = from_cases(leader_user, cases, inspector_user)  # the first case now grounds two inspections
    from_cases(leader_user, cases[:1], inspector_user)
    assert (queries(case_page), queries(reverse("inspections:detail", args=[many.public_id]))) == few
