"""Drafting, approving and returning the conclusion through the pages; unit and official histories."""

import datetime

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import Inspection
from regulations.demo import _norms
from regulations.models import Norm
from tests.factories import OfficialFactory
from tests.inspections.test_pages import make_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(tree, code_of_conduct, inspector_user):
    _norms(code_of_conduct)
    inspection = make_inspection(inspector_user, [tree["office_a"], tree["ward_b"]])
    services.inspection_start(inspection=inspection, user=inspector_user)
    official = OfficialFactory(unit=tree["office_a"], employee_code="NV-MUON")
    services.finding_record(inspection=inspection, unit=tree["office_a"], official=official,
                            norm=Norm.objects.get(code="GG-01"), observed="Đến muộn 25 phút", severity="minor",
                            user=inspector_user)  # fmt: skip
    services.findings_submit(inspection=inspection, user=inspector_user)
    return inspection


def draft(client, inspection, tree, days="5"):
    return client.post(
        reverse("inspections:conclusion", args=[inspection.public_id]),
        {"overall": "Cơ bản chấp hành tốt", "good_points": "Trụ sở gọn gàng",
         "req-TOTAL_FORMS": "2", "req-INITIAL_FORMS": "0", "req-MIN_NUM_FORMS": "0", "req-MAX_NUM_FORMS": "200",
         "req-0-unit": tree["office_a"].pk, "req-0-text": "Chấn chỉnh giờ giấc", "req-0-working_days": days},
    )  # fmt: skip


def test_leader_drafts_leadership_approves(client, tree, submitted, inspector_user, leader_user):
    client.force_login(inspector_user)
    response = draft(client, submitted, tree)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.CONCLUSION_DRAFTED
    # The leader cannot approve their own conclusion.
    client.post(reverse("inspections:decide", args=[submitted.public_id, "approve"]))
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.CONCLUSION_DRAFTED
    client.force_login(leader_user)
    page = client.get(reverse("inspections:detail", args=[submitted.public_id])).content.decode()
    assert "Phê duyệt kết luận" in page
    client.post(reverse("inspections:decide", args=[submitted.public_id, "approve"]))
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.CONCLUSION_APPROVED
    assert submitted.conclusion.requirements.get().deadline is not None


def test_requirement_without_deadline_is_refused(client, tree, submitted, inspector_user):
    client.force_login(inspector_user)
    response = draft(client, submitted, tree, days="")
    assert response.status_code == 200 and response.context["formset"].errors[0]
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.FINDINGS_SUBMITTED


def test_leadership_returns_with_a_comment(client, tree, submitted, inspector_user, leader_user):
    client.force_login(inspector_user)
    draft(client, submitted, tree)
    client.force_login(leader_user)
    client.post(reverse("inspections:decide", args=[submitted.public_id, "return"]), {"comment": ""})
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.CONCLUSION_DRAFTED, "no comment, no return"
    client.post(reverse("inspections:decide", args=[submitted.public_id, "return"]), {"comment": "Bổ sung kiến nghị"})
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.FINDINGS_SUBMITTED


def test_histories_show_approved_findings_to_the_unit_head_and_the_official(client, tree, submitted, inspector_user,
                                                                           leader_user, unit_head_user,
                                                                           django_assert_max_num_queries):  # fmt: skip
    client.force_login(inspector_user)
    response = draft(client, submitted, tree)
    assert response.status_code == 302, response.context["form"].errors
    client.force_login(unit_head_user)
    history = client.get(reverse("inspections:unit_history", args=["OFFICE-A"]))
    assert "Đến muộn 25 phút" not in history.content.decode(), "not before approval"
    services.conclusion_approve(inspection=submitted, user=leader_user)
    with django_assert_max_num_queries(10 + 1):  # +1: the notification bell
        history = client.get(reverse("inspections:unit_history", args=["OFFICE-A"]))
    assert "Đến muộn 25 phút" in history.content.decode()
    year = datetime.date.today().year
    assert history.context["counts"][0][0] == year
    other = client.get(reverse("inspections:unit_history", args=["WARD-B"]))
    assert other.status_code == 200 and not list(other.context["page"])
    official = client.get(reverse("inspections:official_history", args=["NV-MUON"]))
    assert "Đến muộn 25 phút" in official.content.decode()


def test_other_roles_cannot_decide(client, tree, submitted, inspector_user, unit_head_user, staff_user):
    client.force_login(inspector_user)
    draft(client, submitted, tree)
    for user in (unit_head_user, staff_user):
        client.force_login(user)
        response = client.post(reverse("inspections:decide", args=[submitted.public_id, "approve"]))
        assert response.status_code in (403, 404)
    submitted.refresh_from_db()
    assert submitted.status == Inspection.Status.CONCLUSION_DRAFTED


def test_amendment_through_the_page(client, tree, submitted, inspector_user, leader_user):
    client.force_login(inspector_user)
    draft(client, submitted, tree)
    services.conclusion_approve(inspection=submitted, user=leader_user)
    finding = submitted.findings.get()
    client.force_login(leader_user)
    url = reverse("inspections:amend", args=[submitted.public_id, finding.public_id])
    client.post(url, {"severity": "moderate", "observed": finding.observed, "reason": ""})
    finding.refresh_from_db()
    assert finding.severity == "minor", "no reason, no amendment"
    client.post(url, {"severity": "moderate", "observed": finding.observed, "reason": "Tái phạm"})
    finding.refresh_from_db()
    assert finding.severity == "moderate"
    page = client.get(reverse("inspections:detail", args=[submitted.public_id])).content.decode()
    assert "Tái phạm" in page
    client.force_login(inspector_user)  # the team leader may amend too; a member may not (tested in services)


def test_an_11_mb_photo_is_refused_with_a_message(client, tree, code_of_conduct, inspector_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections.models import Evidence, Finding

    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspection = make_inspection(inspector_user, [tree["office_a"]])
    services.inspection_start(inspection=inspection, user=inspector_user)
    client.force_login(inspector_user)
    huge = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (11 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(
        reverse("inspections:field_finding", args=[inspection.public_id, "OFFICE-A"]),
        {
            "norm": Norm.objects.get(code="TP-01").pk,
            "observed": "Ảnh quá lớn",
            "severity": "minor",
            "evidence": huge,
        },
        follow=True,
    )
    assert "Tệp quá lớn" in response.content.decode()
    assert Finding.objects.get().observed == "Ảnh quá lớn" and not Evidence.objects.exists()
