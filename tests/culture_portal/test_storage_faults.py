"""Uploads when the disk is full or the media folder cannot be written, on a real file system.

MEDIA_ROOT is a small tmpfs mounted for each test: the kernel itself answers "no space left on device" (filled)
or "read-only file system" (remounted read-only). Each test checks what the user is told, that no row was kept
half-way, and that no file (not even an empty or truncated one) is left without a row. Mounting needs root:
elsewhere these tests are skipped, except where REQUIRE_WORKER_TESTS=1 (CI) asks for every real-service test.
"""

import errno
import io
import os
import random
import subprocess  # nosec B404 - mount/umount of the test's own tmpfs
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from feedback.models import Attachment, Case, Complainant
from inspections import services as inspection_services
from inspections.models import ActionEvidence, CorrectiveAction, Evidence, Finding
from regulations.models import LegalDocument, Norm
from tests.feedback.conftest import (
    form_data,
    norm,  # noqa: F401 - shared fixture
)
from tests.inspections.test_actions import action  # noqa: F401 - shared fixture
from tests.inspections.test_pages import surprise  # noqa: F401 - shared fixture
from tests.regulations.conftest import code_of_conduct  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db
PAGE = 4096
FILLER = "filler.bin"


class SmallDisk:
    """A 64 KiB tmpfs: full, read-only, or with room for exactly one more small file."""

    def __init__(self, root: Path):
        self.root = root

    def fill(self, leave_bytes: int = 0) -> None:
        with open(self.root / FILLER, "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * PAGE)
            except OSError as error:
                assert error.errno == errno.ENOSPC
        if leave_bytes:
            size = (self.root / FILLER).stat().st_size
            os.truncate(self.root / FILLER, max(0, size - leave_bytes))

    def make_read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.root)], check=True)  # noqa: S603, S607  # nosec

    def files(self) -> list[str]:
        return sorted(str(path.relative_to(self.root)) for path in self.root.rglob("*") if path.is_file())


@pytest.fixture
def small_disk(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    mounted = subprocess.run(  # noqa: S603, S607  # nosec
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(root)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        reason = f"mounting a small tmpfs needs root: {mounted.stderr.strip()}"
        if os.environ.get("REQUIRE_WORKER_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)
    settings.MEDIA_ROOT = root
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)  # noqa: S603, S607  # nosec


def photo(name="anh.jpg"):
    """A photo of noise, which does not compress: about 20 KB once re-encoded, 5 pages of the small disk."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (200, 150), random.Random(name).randbytes(200 * 150 * 3)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# --- the citizen -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_citizens_feedback_with_a_photo_is_refused_whole_and_said_so(client, tree, norm, small_disk, fault):  # noqa: F811
    small_disk.fill() if fault == "full" else small_disk.make_read_only()
    before = small_disk.files()
    client.cookies["django_language"] = "en"
    response = client.post(
        "/feedback/new/",
        form_data(tree["desk_a"], norm, full_name="Trần Thị Bích", consent="on", attachments=[photo()]),
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "could not be saved because of a technical problem. Nothing was recorded" in page
    assert "Cán bộ quầy một cửa nói trống không" in page, "what the citizen typed is still in the form"
    assert not Case.objects.exists() and not Complainant.objects.exists() and not Attachment.objects.exists()
    assert small_disk.files() == before, "no empty or truncated file left behind"


# --- staff -------------------------------------------------------------------------------------------------------


def test_a_keyed_in_letter_on_a_full_disk_keeps_the_form_and_records_nothing(client, officer_user, small_disk):
    small_disk.fill()
    client.force_login(officer_user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("feedback:key_in"),
        {"channel": "hotline", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "topic": "praise",
         "description": "Người gọi khen quầy số 2.", "attachments": [photo()]},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "The files could not be stored: the server&#x27;s storage is full or cannot be written." in page
    assert "Người gọi khen quầy số 2." in page
    assert not Case.objects.exists() and small_disk.files() == [FILLER]


def test_a_unit_heads_report_with_two_photos_and_room_for_one_keeps_neither(
    client,
    action,  # noqa: F811
    unit_head_user,
    small_disk,
):
    small_disk.fill(leave_bytes=PAGE * 7)  # room for one photo, not two
    client.force_login(unit_head_user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("inspections:action_report", args=[action.public_id]),
        {"report": "Đã chấn chỉnh giờ giấc.", "evidence": [photo("1.jpg"), photo("2.jpg")]},
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "The file could not be stored" in page and "Nothing from this form was saved." in page
    assert CorrectiveAction.objects.get().status == "open"
    assert not ActionEvidence.objects.exists()
    assert small_disk.files() == [FILLER], "the first photo, which fitted, was removed with the rest"


def test_an_inspectors_finding_is_kept_and_told_that_its_photo_was_not(
    client,
    surprise,  # noqa: F811
    inspector_user,
    small_disk,
):
    inspection_services.inspection_start(inspection=surprise, user=inspector_user)
    small_disk.make_read_only()
    client.force_login(inspector_user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("inspections:field_finding", args=[surprise.public_id, "OFFICE-A"]),
        {"norm": Norm.objects.get(code="TP-01").pk, "observed": "Không đeo thẻ công chức",
         "severity": "minor", "evidence": photo()},
        follow=True,
    )  # fmt: skip
    assert "The finding is saved but the file was not: the server&#x27;s storage is full" in response.content.decode()
    assert Finding.objects.get().observed == "Không đeo thẻ công chức"
    assert not Evidence.objects.exists() and small_disk.files() == []


def test_a_legal_document_with_its_original_on_a_full_disk_is_not_created(client, admin_user_role, small_disk):
    small_disk.fill()
    client.force_login(admin_user_role)
    client.cookies["django_language"] = "en"
    original = SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n" + os.urandom(8 * PAGE) + b"\n%%EOF\n")
    response = client.post(
        reverse("regulations:document_create"),
        {"kind": "decision", "reference": "1847/QĐ-TTg", "title": "Phê duyệt Đề án Văn hóa công vụ",
         "issuer_name": "Thủ tướng Chính phủ", "signer": "Nguyễn Xuân Phúc", "issue_date": "27/12/2018",
         "effective_date": "27/12/2018", "original_file": original},
    )  # fmt: skip
    assert response.status_code == 503 and response["Retry-After"] == "600"
    assert "The server's storage is full or cannot be written at the moment." in response.content.decode()
    assert not LegalDocument.objects.exists()
    assert small_disk.files() == [FILLER]
