"""Norms are retired, never deleted; the daily reminder task; the DOCX import page."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from culture_portal.workdays import add_working_days
from regulations.demo import _norms
from regulations.models import Campaign, Norm
from regulations.services import campaign_launch
from regulations.tasks import send_campaign_reminders
from tests.regulations.conftest import make_document

pytestmark = pytest.mark.django_db


def test_norms_cannot_be_deleted_in_the_back_office_only_retired(client, admin_user_role, code_of_conduct):
    _norms(code_of_conduct)
    norm = Norm.objects.get(code="GG-01")
    client.force_login(admin_user_role)
    assert client.get(reverse("admin:regulations_norm_delete", args=[norm.pk])).status_code == 403
    client.post(
        reverse("admin:regulations_norm_changelist"),
        {"action": "retire", "_selected_action": [norm.pk]},
    )
    norm.refresh_from_db()
    assert not norm.is_active and norm.retired_on == timezone.localdate()
    assert Norm.objects.filter(pk=norm.pk).exists()
    page = client.get(reverse("regulations:norms")).content.decode()
    assert "ngừng áp dụng" in page


def test_daily_task_reminds_through_the_calendar(code_of_conduct, staff_user, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    campaign = Campaign(
        title="Quán triệt", document=code_of_conduct, version=code_of_conduct.versions.get(),
        due_date=add_working_days(today, 2), remind_days_before=3,
    )  # fmt: skip
    campaign_launch(campaign=campaign, units=[], roles=[], officials=[staff_user.official])
    with django_capture_on_commit_callbacks(execute=True):
        send_campaign_reminders.apply()
        send_campaign_reminders.apply()  # a second delivery sends nothing more
    assert len(mail.outbox) == 1 and "Nhắc việc" in mail.outbox[0].subject


def docx_bytes(lines):
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_upload_previews_then_saves(client, admin_user_role):
    document = make_document("7/QĐ-UBND", text="")
    client.force_login(admin_user_role)
    url = reverse("regulations:import", args=[document.pk])
    upload = SimpleUploadedFile(
        "qc.docx", docx_bytes(["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi", "1. Nội dung."])
    )
    preview = client.post(url, {"docx": upload, "action": "preview"})
    assert preview.context["parsed"].ok
    text = preview.context["form"].initial["text"]
    client.post(url, {"text": text, "action": "confirm"})
    assert document.versions.get().provisions.filter(anchor="dieu-1-khoan-1").exists()


def test_a_file_posing_as_docx_is_refused(client, admin_user_role):
    document = make_document("8/QĐ-UBND", text="")
    client.force_login(admin_user_role)
    fake = SimpleUploadedFile("qc.docx", b"GIF89a" + b"\x00" * 100)
    response = client.post(reverse("regulations:import", args=[document.pk]), {"docx": fake, "action": "confirm"})
    assert "docx" in response.context["form"].errors
    assert not document.versions.exists()
