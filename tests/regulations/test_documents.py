"""Documents: creation with its checks, relations, status, versions and their diff, print and PDF."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from regulations import services
from regulations.demo_content import CODE_OF_CONDUCT_TEXT
from regulations.diff import compare_versions
from regulations.models import DocumentStatus, LegalDocument, Provision
from regulations.parsing import parse_legal_text
from tests.regulations.conftest import make_document

pytestmark = pytest.mark.django_db
D = datetime.date

FORM = {
    "kind": "decision",
    "reference": "1847/QĐ-TTg",
    "title": "Phê duyệt Đề án Văn hóa công vụ",
    "issuer_name": "Thủ tướng Chính phủ",
    "signer": "Nguyễn Xuân Phúc",
    "issue_date": "27/12/2018",
    "effective_date": "27/12/2018",
}


def test_editor_creates_a_document_then_imports_its_text(client, admin_user_role):
    client.force_login(admin_user_role)
    pdf = SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    response = client.post(reverse("regulations:document_create"), {**FORM, "original_file": pdf})
    document = LegalDocument.objects.get(reference="1847/QĐ-TTg")
    assert response.url == reverse("regulations:import", args=[document.pk])
    text = "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phê duyệt Đề án\n1. Mục tiêu.\n"
    preview = client.post(response.url, {"text": text, "action": "preview"})
    assert "Xem trước" in preview.content.decode() and not document.versions.exists()
    client.post(response.url, {"text": text, "action": "confirm"})
    assert document.versions.get().provisions.count() == 3


def test_unplaceable_lines_save_nothing(client, admin_user_role):
    client.force_login(admin_user_role)
    document = make_document(text="")
    response = client.post(
        reverse("regulations:import", args=[document.pk]), {"text": "1. Khoản lạc chỗ\nĐiều 1. X", "action": "confirm"}
    )
    assert "Dòng 1" in response.content.decode()
    assert not document.versions.exists()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"effective_date": "01/12/2018"}, "effective_date", "trước ngày ban hành"),
        ({"expiry_date": "01/01/2018"}, "expiry_date", "trước ngày có hiệu lực"),
        ({"issue_date": "31/02/2018"}, "issue_date", "Nhập một ngày hợp lệ"),
    ],
)
def test_bad_dates_are_refused_next_to_the_field(client, admin_user_role, change, field, message):
    client.force_login(admin_user_role)
    response = client.post(reverse("regulations:document_create"), {**FORM, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not LegalDocument.objects.exists()


def test_duplicate_number_for_the_same_issuer_is_refused(client, admin_user_role):
    client.force_login(admin_user_role)
    client.post(reverse("regulations:document_create"), FORM)
    response = client.post(reverse("regulations:document_create"), {**FORM, "title": "Khác"})
    assert "reference" in response.context["form"].errors
    assert LegalDocument.objects.count() == 1
    # The same number from another issuer is another document.
    client.post(reverse("regulations:document_create"), {**FORM, "issuer_name": "UBND tỉnh Hà Tĩnh"})
    assert LegalDocument.objects.count() == 2


def test_a_renamed_executable_is_not_accepted_as_the_original(client, admin_user_role):
    client.force_login(admin_user_role)
    fake = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    response = client.post(reverse("regulations:document_create"), {**FORM, "original_file": fake})
    assert "original_file" in response.context["form"].errors
    assert not LegalDocument.objects.exists()


def test_circular_relations_are_refused():
    a = make_document("1/QĐ", text="")
    b = make_document("2/QĐ", text="")
    c = make_document("3/QĐ", text="")
    services.document_relate(source=a, target=b, kind="implements")
    services.document_relate(source=b, target=c, kind="amends")
    with pytest.raises(ValidationError, match="vòng"):
        services.document_relate(source=c, target=a, kind="replaces")
    with pytest.raises(ValidationError):
        services.document_relate(source=a, target=a, kind="amends")
    assert a.relations_out.count() == 1 and c.relations_out.count() == 0


def test_status_follows_dates_and_relations():
    today = D(2026, 11, 26)
    old = make_document("10/QĐ", text="", issue_date=D(2019, 1, 1), effective_date=D(2019, 1, 1))
    amended = make_document("11/QĐ", text="", issue_date=D(2020, 1, 1), effective_date=D(2020, 1, 1))
    make_document("12/QĐ", text="", issue_date=D(2026, 11, 1), effective_date=D(2027, 1, 1))
    make_document("13/QĐ", text="", issue_date=D(2019, 1, 1), effective_date=D(2019, 1, 1), expiry_date=D(2025, 12, 31))
    new = make_document("14/QĐ", text="", issue_date=D(2025, 1, 1), effective_date=D(2025, 2, 1))
    services.document_relate(source=new, target=old, kind="replaces")
    services.document_relate(source=new, target=amended, kind="amends")
    statuses = dict(LegalDocument.objects.with_status(today).values_list("reference", "status"))
    assert statuses == {
        "10/QĐ": DocumentStatus.REPLACED,
        "11/QĐ": DocumentStatus.AMENDED,
        "12/QĐ": DocumentStatus.NOT_YET,
        "13/QĐ": DocumentStatus.EXPIRED,
        "14/QĐ": DocumentStatus.IN_FORCE,
    }


def test_a_revision_keeps_the_old_version_and_shows_what_changed(code_of_conduct):
    first = code_of_conduct.versions.get()
    text = CODE_OF_CONDUCT_TEXT.replace(
        "Điều 16.", "Điều 17. Điều khoản mới\n1. Quy định bổ sung về hiệu lực.\nĐiều 16."
    )
    text = text.replace("luôn mỉm cười", "luôn tươi cười")
    second = services.version_publish(
        document=code_of_conduct, parsed=parse_legal_text(text), note="Sửa đổi", user=None
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.number == 2
    assert first.provisions.filter(anchor="dieu-17").count() == 0, "the old version stays as it was"
    changes = {change.anchor: change for change in compare_versions(first, second)}
    assert changes["dieu-17"].status == "added"
    changed = [c for c in changes.values() if c.status == "changed"]
    assert len(changed) == 1 and "<del>mỉm</del>" in changed[0].text_html and "<ins>tươi</ins>" in changed[0].text_html
    reverse_changes = {c.anchor: c.status for c in compare_versions(second, first)}
    assert reverse_changes["dieu-17"] == "removed"


def test_compare_page(client, staff_user, code_of_conduct):
    services.version_publish(
        document=code_of_conduct, parsed=parse_legal_text("Chương I\nĐiều 1. Phạm vi mới\n"), note="", user=None
    )
    client.force_login(staff_user)
    page = client.get(reverse("regulations:compare", args=[code_of_conduct.pk]), {"from": 1, "to": 2})
    assert page.status_code == 200 and "<ins>mới</ins>" in page.content.decode()
    assert (
        client.get(reverse("regulations:compare", args=[code_of_conduct.pk]), {"from": 1, "to": 99}).status_code == 404
    )
    garbled = client.get(reverse("regulations:compare", args=[code_of_conduct.pk]), {"from": "x"})
    assert garbled.status_code == 200 and garbled.context["old"].number == 1


def test_citation_and_permalink(client, staff_user, code_of_conduct):
    clause = Provision.objects.get(version__document=code_of_conduct, anchor="dieu-6-khoan-2")
    assert clause.citation.startswith("Điều 6, Khoản 2 — Quy tắc ứng xử")
    client.force_login(staff_user)
    response = client.get(reverse("regulations:provision", args=[code_of_conduct.pk, "dieu-6-khoan-2"]))
    assert response.url.endswith("#dieu-6-khoan-2")
    gone = client.get(reverse("regulations:provision", args=[code_of_conduct.pk, "dieu-99"]))
    assert gone.status_code == 302 and "#" not in gone.url


def test_pdf_of_a_version_reads_back_in_vietnamese(client, staff_user, code_of_conduct):
    client.force_login(staff_user)
    response = client.get(reverse("regulations:pdf", args=[code_of_conduct.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Chấp hành thời giờ làm việc và kỷ luật hành chính" in " ".join(text.split())
    assert "Điều 6" in text


def test_printable_view(client, staff_user, code_of_conduct):
    client.force_login(staff_user)
    page = client.get(reverse("regulations:print", args=[code_of_conduct.pk, 1])).content.decode()
    assert 'id="dieu-6-khoan-2"' in page and "Chương I" in page
