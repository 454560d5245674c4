"""The import page: administrators only; bad files re-display with the problems and save nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from culture_portal.models import Unit

pytestmark = pytest.mark.django_db

GOOD = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên\nP-TP,Phòng Tư pháp,Phòng,CITY\n".encode()


def upload(client, content, *, dry_run, kind="units", name="units.csv"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("organisation:import"), data)


def test_dry_run_then_import(client, admin_user_role):
    client.force_login(admin_user_role)
    response = upload(client, GOOD, dry_run=True)
    assert response.status_code == 200
    assert "Chạy thử, chưa lưu gì" in response.content.decode()
    assert not Unit.objects.filter(code="P-TP").exists()
    response = upload(client, GOOD, dry_run=False)
    assert "Đã lưu" in response.content.decode()
    assert Unit.objects.get(code="P-TP").parent.code == "CITY"


def test_bad_rows_are_listed_with_row_and_column(client, admin_user_role):
    client.force_login(admin_user_role)
    content = "Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên\nP-TP,,Phòng,NOWHERE\n".encode()
    response = upload(client, content, dry_run=False)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có 2 lỗi; chưa lưu gì." in page
    assert "Không có mã đơn vị NOWHERE." in page
    assert not Unit.objects.filter(code="P-TP").exists()


@override_settings(IMPORT_MAX_BYTES=1024)
def test_too_large_file_is_refused_next_to_the_field(client, admin_user_role):
    client.force_login(admin_user_role)
    response = upload(client, GOOD + b"#" * 2048, dry_run=False)
    assert "file" in response.context["form"].errors
    assert "quá lớn" in response.content.decode()


def test_missing_file_is_a_form_error_not_a_crash(client, admin_user_role):
    client.force_login(admin_user_role)
    response = client.post(reverse("organisation:import"), {"kind": "units"})
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_other_roles_cannot_import(client, leader_user):
    client.force_login(leader_user)
    assert upload(client, GOOD, dry_run=False).status_code == 403
    assert not Unit.objects.filter(code="P-TP").exists()
