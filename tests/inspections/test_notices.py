"""The conclusion notice: produced once, numbered without gaps, readable as PDF and DOCX, by a real worker in CI."""

import io

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from culture_portal.models import DocumentNumber, IssuingBody, Notification, Signatory
from inspections import services
from inspections.models import Inspection, Notice
from inspections.notices import notice_produce, notice_retry
from inspections.tasks import render_notice
from regulations.demo import _norms
from regulations.models import Norm
from tests.factories import OfficialFactory, UserFactory
from tests.inspections.test_pages import make_inspection
from tests.real_worker import running_worker, wait_for

pytestmark = pytest.mark.django_db


def ready_for_approval(tree, inspector_user, *, title="Kiểm tra đột xuất"):
    inspection = make_inspection(inspector_user, [tree["office_a"], tree["ward_b"]], title=title)
    services.inspection_start(inspection=inspection, user=inspector_user)
    official = OfficialFactory(unit=tree["office_a"], full_name="Lê Văn Muộn")
    services.finding_record(inspection=inspection, unit=tree["office_a"], official=official,
                            norm=Norm.objects.get(code="GG-01"), observed="Đến muộn 25 phút", severity="minor",
                            user=inspector_user)  # fmt: skip
    services.findings_submit(inspection=inspection, user=inspector_user)
    services.conclusion_draft(inspection=inspection, user=inspector_user, overall="Cơ bản chấp hành tốt.",
                              good_points="", requirements=[(tree["office_a"], "Chấn chỉnh giờ giấc.", 5)])  # fmt: skip
    return inspection


@pytest.fixture
def approvable(tree, code_of_conduct, inspector_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    return ready_for_approval(tree, inspector_user)


def pdf_text(notice) -> str:
    with notice.pdf.open("rb") as handle:
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages).split())


def docx_text(notice) -> str:
    with notice.docx.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
    return " ".join(" ".join(parts).split())


def assert_notice_content(text: str, reference: str):
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", f"Số: {reference}",
                     "THÔNG BÁO", "Phòng Nội vụ", "UBND phường Bắc Hà", "khoản 1 Điều 4", "Nơi nhận:",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Hồng Hải", "Lê Văn Muộn"):  # fmt: skip
        assert expected in text, expected


def test_approval_issues_the_notice(approvable, leader_user, unit_head_user, django_capture_on_commit_callbacks):
    unit_head_user.email = "truongphong@example.org"
    unit_head_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    assert (notice.status, notice.number, notice.reference) == ("done", 1, "01/TB-UBND")
    assert_notice_content(pdf_text(notice), "01/TB-UBND")
    assert_notice_content(docx_text(notice), "01/TB-UBND")
    approvable.refresh_from_db()
    assert approvable.status == Inspection.Status.NOTICE_ISSUED
    assert Notification.objects.filter(recipient=unit_head_user, text__contains="01/TB-UBND").exists()
    assert mail.outbox and "truongphong@example.org" in mail.outbox[0].to


def test_a_second_delivery_makes_no_second_notice_or_number(
    approvable, leader_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    first_pdf = notice.pdf.name
    render_notice.apply(args=[notice.pk])
    assert notice_produce(notice_id=notice.pk) is False
    notice.refresh_from_db()
    assert notice.pdf.name == first_pdf and notice.number == 1
    assert DocumentNumber.objects.get().last_number == 1


def test_a_signer_without_capacity_cannot_approve(approvable, leader_user):
    Signatory.objects.all().delete()
    with pytest.raises(ValidationError, match="ký"):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    approvable.refresh_from_db()
    assert approvable.status == Inspection.Status.CONCLUSION_DRAFTED and not Notice.objects.exists()


def test_failure_is_shown_and_can_be_retried(client, approvable, leader_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    body = IssuingBody.objects.get()
    body.valid_until = body.valid_from  # the issuing body disappears before the worker runs
    body.save()
    # An early attempt asks Celery to retry later (with back-off) and leaves the notice pending ...
    with pytest.raises(Retry):
        render_notice.apply(args=[notice.pk], throw=True)
    notice.refresh_from_db()
    assert notice.status == "pending"
    # ... the last one gives up and says why.
    render_notice.apply(args=[notice.pk], retries=render_notice.max_retries)
    notice.refresh_from_db()
    assert notice.status == "failed" and "NoIssuingBody" in notice.error and notice.number is None
    client.force_login(leader_user)
    page = client.get(reverse("inspections:notice", args=[approvable.public_id])).content.decode()
    assert "Không tạo được thông báo" in page
    body.valid_until = None
    body.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice_retry(notice=notice)
    notice.refresh_from_db()
    assert notice.status == "done" and notice.reference == "01/TB-UBND"


def test_numbers_run_without_gaps_across_notices(tree, code_of_conduct, inspector_user, leader_user, settings, tmp_path,
                                                django_capture_on_commit_callbacks):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    for index in range(3):
        inspection = ready_for_approval(tree, inspector_user, title=f"Kiểm tra số {index}")
        with django_capture_on_commit_callbacks(execute=True):
            services.conclusion_approve(inspection=inspection, user=leader_user)
    assert sorted(Notice.objects.values_list("reference", flat=True)) == ["01/TB-UBND", "02/TB-UBND", "03/TB-UBND"]


def test_downloads_follow_the_inspection_rights(client, approvable, leader_user, unit_head_user, staff_user,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    url = reverse("inspections:notice_download", args=[approvable.public_id, "pdf"])
    client.force_login(unit_head_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(staff_user)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="outsider"))
    assert client.get(url).status_code == 403


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the roles made by migrations
def test_two_real_workers_issue_notices_with_consecutive_numbers(tree, code_of_conduct, inspector_user, leader_user,
                                                                 settings, tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspections = [ready_for_approval(tree, inspector_user, title=f"Kiểm tra {n}") for n in range(4)]
    with running_worker() as queue, running_worker(queue=queue):
        for inspection in inspections:
            services.conclusion_approve(inspection=inspection, user=leader_user)
        assert wait_for(lambda: Notice.objects.filter(status="done").count() == 4, timeout=120), list(
            Notice.objects.values_list("status", "error")
        )
    references = sorted(Notice.objects.values_list("reference", flat=True))
    assert references == ["01/TB-UBND", "02/TB-UBND", "03/TB-UBND", "04/TB-UBND"]
    assert_notice_content(pdf_text(Notice.objects.get(reference="01/TB-UBND")), "01/TB-UBND")


def test_a_notice_left_pending_is_picked_up_by_the_sweep(approvable, leader_user, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from inspections.tasks import requeue_pending_notices

    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: the task never left
        services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    assert notice.status == "pending"
    assert requeue_pending_notices.apply().get() == 0, "too recent: a worker may still be on it"
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert requeue_pending_notices.apply().get() == 1
    notice.refresh_from_db()
    assert notice.status == "done" and notice.reference == "01/TB-UBND"


def test_the_notice_is_listed_on_the_units_it_concerns(client, approvable, leader_user, unit_head_user,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    client.force_login(unit_head_user)
    page = client.get(reverse("inspections:unit_history", args=["OFFICE-A"])).content.decode()
    assert "01/TB-UBND" in page


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the roles made by migrations
def test_a_worker_killed_half_way_leaves_exactly_one_notice_each(tree, code_of_conduct, inspector_user, leader_user,
                                                                 settings, tmp_path):  # fmt: skip
    """SIGKILL the worker while it works through a batch; a new worker finishes, nothing is issued twice.

    The task the dead worker held comes back after the broker's visibility timeout (60 s here).
    """
    from tests.real_worker import kill_workers

    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspections = [ready_for_approval(tree, inspector_user, title=f"Kiểm tra {n}") for n in range(12)]
    quick_redelivery = {
        "CELERY_VISIBILITY_TIMEOUT": "60",
        "NOTICE_TIME_LIMIT_SECONDS": "30",
        "NOTICE_LEASE_SECONDS": "40",
    }
    with running_worker(env_extra=quick_redelivery) as queue:
        for inspection in inspections:
            services.conclusion_approve(inspection=inspection, user=leader_user)
        assert wait_for(lambda: Notice.objects.filter(status="done").count() >= 2, timeout=60)
        kill_workers(queue)
    done_at_kill = Notice.objects.filter(status="done").count()
    assert done_at_kill < 12, "the worker finished before it could be killed; make the batch larger"
    with running_worker(queue=queue, env_extra=quick_redelivery):
        assert wait_for(lambda: Notice.objects.filter(status="done").count() == 12, timeout=180), list(
            Notice.objects.values_list("reference", "status")
        )
    numbers = sorted(Notice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13)), numbers
    for notice in Notice.objects.all():
        assert notice.pdf.storage.exists(notice.pdf.name) and notice.docx.storage.exists(notice.docx.name)


def test_a_task_that_never_finishes_is_given_up_after_three_deliveries(approvable, leader_user,
                                                                       django_capture_on_commit_callbacks):  # fmt: skip
    import datetime

    from django.utils import timezone

    from inspections.notices import NoticeLeased, notice_number

    with django_capture_on_commit_callbacks(execute=False):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    # Three deliveries that each died after taking the number (the worker was killed while rendering).
    for _ in range(3):
        assert notice_number(notice_id=notice.pk) is not None
        with pytest.raises(NoticeLeased):  # a copy delivered meanwhile waits for the lease
            notice_number(notice_id=notice.pk)
        expired = timezone.now() - datetime.timedelta(seconds=1)
        Notice.objects.filter(pk=notice.pk).update(lease_until=expired)  # the dead delivery's lease ran out
    assert notice_produce(notice_id=notice.pk) is False
    notice.refresh_from_db()
    assert notice.status == "failed" and "3" in notice.error and notice.number == 1
    with django_capture_on_commit_callbacks(execute=True):
        notice_retry(notice=notice)
    notice.refresh_from_db()
    assert notice.status == "done" and notice.reference == "01/TB-UBND", "same number after the retry"


def test_a_deactivated_unit_head_is_sent_nothing(
    approvable, tree, leader_user, unit_head_user, django_capture_on_commit_callbacks
):
    former_head = UserFactory(username="former_head", email="former.head@example.org", roles=["staff", "unit_head"])
    OfficialFactory(user=former_head, unit=tree["office_a"])
    former_head.is_active = False
    former_head.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    assert Notification.objects.filter(recipient=unit_head_user).exists()
    assert not Notification.objects.filter(recipient=former_head).exists()
    assert all("former.head@example.org" not in message.to for message in mail.outbox)
