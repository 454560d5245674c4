"""The periodic summary report (issue 14 §4), read back from the files a leader downloads.

The figures are those of the hand-counted first quarter of 2026 in tests/leadership/conftest.py (`world`, whose clock
stops on 15/04/2026): P1 periodic (4 breaches, 1 commendation), P2 planned not done, S1 surprise NOT approved (a
GG-03 breach at ward_b that must appear nowhere), S2 surprise approved (1 breach); cases c1..c7 from "Nguyễn Văn
Khiếu", 0987 654 321, whose identity must appear in no file.
"""

import datetime
import io
import zipfile

import pdfplumber
import pytest
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from culture_portal.leadership import report_services
from culture_portal.leadership.models import MonthlyMailing, Report
from culture_portal.leadership.models.reports import NARRATIVE_MAX_CHARS
from culture_portal.leadership.period import Period
from culture_portal.leadership.tasks import produce_report, requeue_stale_reports, send_monthly_figures
from culture_portal.models import OutgoingEmail, Signatory
from culture_portal.roles import Role
from regulations.models import Norm
from tests.conftest import _user_with_roles
from tests.real_worker import running_worker, wait_for

pytestmark = pytest.mark.django_db
Q1 = Period.quarter_of(2026, 1)
IDENTITY = ("Nguyễn Văn Khiếu", "0987 654 321", "0987654321", "khieu.nai@example.com")
NARRATIVE = {
    "methods": "Các phòng, ban đã rà soát, ban hành quy chế làm việc.",
    "discipline": "Kỷ luật, kỷ cương hành chính có chuyển biến.",
    "communication": "Phần lớn cán bộ giữ thái độ lịch sự, hòa nhã.",
    "premises": "Trụ sở gọn gàng, biển tên đúng quy định.",
    "shortcomings": "Một số cán bộ còn đi muộn.",
    "directions": "Tăng cường kiểm tra đột xuất.",
    "recipients": "Sở Nội vụ tỉnh Hà Tĩnh\nThường trực Thành ủy",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(report: Report) -> str:
    with report.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        return flat(" ".join(page.extract_text() or "" for page in pdf.pages))


def docx_document(report: Report):
    with report.docx.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def docx_xml(report: Report) -> str:
    """Every XML part of the DOCX (body, headers, properties): what a curious reader could find in the file."""
    with report.docx.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return " ".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


def xlsx_book(report: Report):
    with report.xlsx.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def xlsx_values(report: Report) -> list:
    return [value for sheet in xlsx_book(report) for row in sheet.iter_rows(values_only=True) for value in row]


def produce(report, user, *, issue, callbacks):
    with callbacks(execute=True):
        report_services.report_request(report=report, user=user, issue=issue)
    report.refresh_from_db()
    assert report.error == ""
    return report


@pytest.fixture
def issued(world, leader_user, media, django_capture_on_commit_callbacks):
    report = report_services.report_create(user=leader_user, period=Q1, unit=None)
    report_services.report_narrative_update(report=report, user=leader_user, narrative=NARRATIVE)
    return produce(report, leader_user, issue=True, callbacks=django_capture_on_commit_callbacks)


# --- the figures, as the report states them ---------------------------------------------------------------------

HAND_COUNTED_SENTENCES = [
    # inspections: P1 done of P1, P2 planned; S2 (S1 is not approved); conclusions of P1 and S2; 2 of 3 at work.
    "đã tiến hành 1 cuộc kiểm tra định kỳ (kế hoạch 2 cuộc) và 1 cuộc kiểm tra đột xuất; ban hành 2 thông báo kết "
    "luận kiểm tra.",
    "có mặt tại thời điểm kiểm tra đạt 66,7%.",
    # violations: 4 (P1) + 1 (S2) breaches, 1 commendation, c1 c2 c7 upheld; measures: reminder + review, 3 none.
    "phát hiện 5 trường hợp vi phạm chuẩn mực văn hóa công vụ; biểu dương 1 trường hợp thực hiện tốt; 3 phản ánh "
    "của người dân về thái độ phục vụ được xác minh là đúng.",
    "Kết quả xử lý: 2 trường hợp đã có hình thức xử lý; 3 trường hợp chưa có hình thức xử lý.",
    "1 yêu cầu hoàn thành đúng hạn, 1 yêu cầu hoàn thành chậm; 0 yêu cầu đang trong hạn thực hiện; 1 yêu cầu quá hạn "
    "chưa hoàn thành.",
    # feedback: 6 received (c6 spam), 5 answered, 4 on time (c2 late across Tết), median 2 working days, 1 praise.
    "Tiếp nhận 6 phản ánh, kiến nghị của người dân, doanh nghiệp; đã trả lời 5 phản ánh, trong đó 4 phản ánh được trả "
    "lời trong thời hạn quy định (đạt 80%); thời gian trả lời (trung vị) 2 ngày làm việc. Ghi nhận 1 lượt khen ngợi.",
    # satisfaction: 2 answer + 11 desk ratings, 10 satisfied.
    "Có 13 lượt đánh giá của người dân, doanh nghiệp, trong đó 10 lượt hài lòng hoặc rất hài lòng (đạt 76,9%).",
    # dissemination: 7 assigned, 3 confirmed; 1 training, 1 contest, 2 + 50 taking part.
    "Giao 7 lượt văn bản cần nghiên cứu, quán triệt; đã xác nhận 3 lượt (đạt 42,9%). Tổ chức 1 lớp tập huấn, bồi "
    "dưỡng và 1 hội thi với 52 lượt cán bộ, công chức, viên chức tham gia.",
]
HEADINGS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Lề lối, phương thức làm việc",
    "2. Kỷ luật, kỷ cương hành chính",
    "3. Tác phong, giao tiếp, ứng xử của cán bộ, công chức, viên chức",
    "4. Cảnh quan, trụ sở làm việc",
    "5. Công tác kiểm tra công vụ",
    "6. Vi phạm được phát hiện và kết quả xử lý",
    "7. Tiếp nhận, giải quyết phản ánh, kiến nghị",
    "8. Mức độ hài lòng của người dân, doanh nghiệp",
    "9. Công tác tuyên truyền, phổ biến, tập huấn",
    "II. TỒN TẠI, HẠN CHẾ",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
]


def test_the_issued_pdf_states_every_hand_counted_figure_in_the_report_order(issued):
    assert issued.status == Report.Status.ISSUED and issued.reference == "01/BC-UBND"
    assert issued.issued_on == datetime.date(2026, 4, 15)
    text = pdf_text(issued)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/BC-UBND" in text and "Hà Tĩnh, ngày 15 tháng 4 năm 2026" in text
    assert "BÁO CÁO Kết quả thực hiện văn hóa công vụ quý I năm 2026" in text
    for sentence in HAND_COUNTED_SENTENCES:
        assert sentence in text, sentence
    positions = [text.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions), "the headings in the order of a report to the superior body"
    for name in ("methods", "discipline", "communication", "premises", "shortcomings", "directions"):
        assert NARRATIVE[name] in text
    # Recipients (the superior body first, "Lưu: VT" added) and the signature block of the leader who issued it.
    assert "- Sở Nội vụ tỉnh Hà Tĩnh;" in text and "- Lưu: VT." in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Võ Hồng Hải" in text
    assert "DỰ THẢO" not in text


def test_the_pdf_carries_the_tables_and_the_charts_as_vector_drawings(issued):
    with issued.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        coloured = [
            shape
            for page in pdf.pages
            for shape in page.rects + page.curves
            if shape.get("fill") and shape.get("non_stroking_color") not in (None, (0,), (1,), (0, 0, 0), (1, 1, 1))
        ]
        rows = [
            [flat(cell or "") for cell in row] for page in pdf.pages for table in page.extract_tables() for row in table
        ]
    # The scorecard table: office_a 6 in all, 4 findings, 2 upheld complaints (its last three cells).
    assert ["Phòng Nội vụ", "2", "0", "2", "0", "1", "0", "1", "6", "4", "2"] in rows
    assert len(coloured) >= 10, "the charts' bars and lines are drawn in colour"


def test_the_docx_has_the_same_text_the_tables_and_the_charts_as_pictures(issued):
    document = docx_document(issued)
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    body = flat(" ".join(paragraphs))
    for sentence in HAND_COUNTED_SENTENCES:
        assert sentence in body, sentence
    assert [p for p in paragraphs if p in HEADINGS] == HEADINGS
    header = document.tables[0]
    assert header.cell(1, 0).text == "Số: 01/BC-UBND"
    assert header.cell(1, 1).text == "Hà Tĩnh, ngày 15 tháng 4 năm 2026"
    assert paragraphs[0] == "BÁO CÁO"
    scorecard = next(t for t in document.tables if t.rows[0].cells[0].text == "Đơn vị" and len(t.columns) == 11)
    office = next(row for row in scorecard.rows if row.cells[0].text == "Phòng Nội vụ")
    assert [cell.text for cell in office.cells[-3:]] == ["6", "4", "2"]
    # One picture per chart (PNG), described by the chart's title.
    assert len(document.inline_shapes) >= 10
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert all(descriptions)
    assert document.core_properties.subject == "Báo cáo"
    assert document.core_properties.title == "Kết quả thực hiện văn hóa công vụ quý I năm 2026"


def test_the_xlsx_has_one_sheet_per_section_with_numbers_as_numbers(issued):
    book = xlsx_book(issued)
    assert len(book.sheetnames) >= 8
    assert book.sheetnames[0] == "Kiểm tra công vụ", "in the report's order: inspections first"
    rows = [row for sheet in book for row in sheet.iter_rows(values_only=True)]
    office = next(row for row in rows if row[0] == "Phòng Nội vụ" and len([v for v in row if v is not None]) == 11)
    assert list(office[-3:]) == [6, 4, 2]
    march = next(row for row in rows if row[0] == "03/2026")
    assert march[1:5] == (1, 1, 0, 11)
    assert all(not (isinstance(value, str) and value.startswith("=")) for value in xlsx_values(issued))


def test_no_file_names_a_complainant_or_shows_an_unapproved_surprise_inspection(issued, world):
    secret_norm = Norm.objects.get(code="GG-03")  # S1's breach: S1 is not approved
    texts = {
        "pdf": pdf_text(issued),
        "docx": docx_xml(issued),
        "xlsx": " ".join(str(value) for value in xlsx_values(issued) if value is not None),
    }
    for kind, text in texts.items():
        for piece in IDENTITY:
            assert piece not in text, (kind, piece)
        assert "GG-03" not in text and secret_norm.title not in text, kind
        assert world["s1"].title not in text, kind


def test_a_report_of_one_unit_counts_its_subtree_and_not_the_unapproved_surprise_inspection(
    world, leader_user, media, django_capture_on_commit_callbacks
):
    report = report_services.report_create(user=leader_user, period=Q1, unit=world["ward_b"])
    produce(report, leader_user, issue=False, callbacks=django_capture_on_commit_callbacks)
    text = pdf_text(report)
    assert "quý I năm 2026 tại UBND phường Bắc Hà" in text
    assert "và 0 cuộc kiểm tra đột xuất" in text, "S1 at ward_b is not approved"
    assert "phát hiện 1 trường hợp vi phạm" in text
    assert "GG-03" not in text


# --- drafts, numbering, freezing, one job at a time ----------------------------------------------------------------


def test_draft_files_carry_no_number_and_say_draft(world, inspector_user, media, django_capture_on_commit_callbacks):
    report = report_services.report_create(user=inspector_user, period=Q1, unit=None)
    produce(report, inspector_user, issue=False, callbacks=django_capture_on_commit_callbacks)
    assert report.status == Report.Status.DRAFT and report.number is None and report.figures is None
    text = pdf_text(report)
    assert "DỰ THẢO" in text and "/BC-UBND" in text and "01/BC" not in text
    assert "(Chưa viết.)" in text, "the narrative still to be written is marked in a draft"
    assert docx_document(report).paragraphs[0].text == "DỰ THẢO"
    assert report.xlsx
    # Saving the same text keeps the files; a change drops them (they would no longer say the same).
    report_services.report_narrative_update(report=report, user=inspector_user, narrative={"methods": ""})
    report.refresh_from_db()
    assert report.pdf and report.docx and report.xlsx
    report_services.report_narrative_update(report=report, user=inspector_user, narrative={"methods": "Mới."})
    report.refresh_from_db()
    assert not report.pdf and not report.docx and not report.xlsx and report.methods == "Mới."


def test_numbers_run_without_gaps_and_a_redelivery_takes_no_second_number(
    world, leader_user, media, django_capture_on_commit_callbacks
):
    first = report_services.report_create(user=leader_user, period=Q1, unit=None)
    second = report_services.report_create(user=leader_user, period=Period.month_of(2026, 3), unit=None)
    produce(first, leader_user, issue=True, callbacks=django_capture_on_commit_callbacks)
    produce_report.apply(args=(first.pk,))  # the broker delivers the same task again
    produce(second, leader_user, issue=True, callbacks=django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (first.reference, second.reference) == ("01/BC-UBND", "02/BC-UBND")
    assert report_services.report_produce(report_id=first.pk) is False
    with pytest.raises(ValidationError):
        report_services.report_request(report=first, user=leader_user, issue=True)


def test_an_issued_report_keeps_its_figures_when_the_data_changes(issued, world, leader_user, client):
    assert issued.figures is not None
    # A breach found later in the quarter's data (a correction, a late approval) changes the dashboard, not the BC.
    from inspections.models import Finding

    Finding.objects.filter(inspection=world["s1"]).update(unit=world["office_a"])
    world["s1"].__class__.objects.filter(pk=world["s1"].pk).update(status="conclusion_approved")
    client.force_login(leader_user)
    page = client.get(reverse("leadership:report", args=[issued.public_id])).content.decode()
    assert "phát hiện 5 trường hợp vi phạm" in page
    assert "phát hiện 6 trường hợp vi phạm" not in page
    # Produced again from the frozen figures, the files say the same.
    Report.objects.filter(pk=issued.pk).update(status=Report.Status.PRODUCING)
    report_services.report_produce(report_id=issued.pk)
    issued.refresh_from_db()
    assert "phát hiện 5 trường hợp vi phạm" in pdf_text(issued)


def test_asking_again_while_it_is_produced_queues_no_second_job(
    world, leader_user, inspector_user, media, django_capture_on_commit_callbacks
):
    report = report_services.report_create(user=inspector_user, period=Q1, unit=None)
    with django_capture_on_commit_callbacks() as callbacks:
        report_services.report_request(report=report, user=inspector_user, issue=False)
        with pytest.raises(report_services.ReportBusy):
            report_services.report_request(report=report, user=inspector_user, issue=False)
        with pytest.raises(report_services.ReportBusy):
            report_services.report_request(report=report, user=leader_user, issue=True)
        with pytest.raises(report_services.ReportBusy):
            report_services.report_narrative_update(report=report, user=inspector_user, narrative={"methods": "x"})
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.PRODUCING and report.production == "draft" and report.number is None
    assert report.methods == ""


def test_a_second_request_through_the_page_says_so_and_queues_nothing(
    world, inspector_user, client, media, django_capture_on_commit_callbacks
):
    report = report_services.report_create(user=inspector_user, period=Q1, unit=None)
    client.force_login(inspector_user)
    url = reverse("leadership:report_produce", args=[report.public_id])
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url)
        response = client.post(url, follow=True)
    assert len(callbacks) == 1
    assert "đang được tạo" in response.content.decode() or "already being produced" in response.content.decode()


def test_a_failed_production_says_why_and_a_retry_finishes_it(
    world, leader_user, client, media, django_capture_on_commit_callbacks, monkeypatch
):
    from culture_portal.leadership import report_documents

    report = report_services.report_create(user=leader_user, period=Q1, unit=None)
    with django_capture_on_commit_callbacks(execute=False):
        report_services.report_request(report=report, user=leader_user, issue=True)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    working = report_documents.report_pdf
    monkeypatch.setattr(report_documents, "report_pdf", broken)
    # An early attempt asks Celery to retry later (with back-off) and leaves the report being produced ...
    with pytest.raises(Retry):
        produce_report.apply(args=[report.pk], throw=True)
    report.refresh_from_db()
    assert report.status == Report.Status.PRODUCING and report.lease_until is None
    # ... the last one gives up and says why; the number is kept, no file is half-made.
    produce_report.apply(args=[report.pk], retries=produce_report.max_retries)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "disk full" in report.error
    assert report.reference == "01/BC-UBND" and not report.pdf and not report.docx
    client.force_login(leader_user)
    page = client.get(reverse("leadership:report", args=[report.public_id])).content.decode()
    assert "disk full" in page
    assert reverse("leadership:report_issue", args=[report.public_id]) in page, "the page offers to try again"
    assert reverse("leadership:report_produce", args=[report.public_id]) not in page, "a numbered report is no draft"
    monkeypatch.setattr(report_documents, "report_pdf", working)  # the disk has room again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("leadership:report_issue", args=[report.public_id]))
    report.refresh_from_db()
    assert report.error == ""
    assert report.status == Report.Status.ISSUED and report.reference == "01/BC-UBND", "the same number"
    assert report.pdf and report.docx and report.xlsx


def test_the_periodic_sweep_requeues_a_report_left_producing(world, leader_user, media, clock):
    report = report_services.report_create(user=leader_user, period=Q1, unit=None)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PRODUCING, production="draft", progress_total=6)
    assert requeue_stale_reports.apply().get() == 0, "too recent: a worker may still be on it"
    clock.set(datetime.date(2026, 4, 16))
    assert requeue_stale_reports.apply().get() == 1
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.pdf


def test_issuing_needs_a_signatory(world, leader_user, media, django_capture_on_commit_callbacks):
    Signatory.objects.filter(user=leader_user).update(valid_until=datetime.date(2020, 1, 1))  # no longer signs
    report = report_services.report_create(user=leader_user, period=Q1, unit=None)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        report_services.report_request(report=report, user=leader_user, issue=True)
    assert callbacks == []
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.number is None


# --- pages and rights ---------------------------------------------------------------------------------------------


def test_the_draft_page_shows_every_part_in_order_with_the_narrative_form(
    world, inspector_user, client, django_assert_max_num_queries
):
    report = report_services.report_create(user=inspector_user, period=Q1, unit=None)
    client.force_login(inspector_user)
    # Session, user, roles, report; the figures (a fixed number of aggregates); targets; messages.
    with django_assert_max_num_queries(60):
        response = client.get(reverse("leadership:report", args=[report.public_id]))
    page = response.content.decode()
    assert response.status_code == 200
    for sentence in HAND_COUNTED_SENTENCES:
        assert sentence in page
    assert page.index('name="methods"') < page.index("cuộc kiểm tra định kỳ") < page.index('name="shortcomings"')
    assert page.index('name="shortcomings"') < page.index('name="directions"')
    assert "<svg" in page and "<script>" not in page
    for piece in IDENTITY:
        assert piece not in page
    assert "GG-03" not in page


def test_saving_the_narrative_strips_control_characters_from_word(world, inspector_user, client):
    report = report_services.report_create(user=inspector_user, period=Q1, unit=None)
    client.force_login(inspector_user)
    data = {**NARRATIVE, "methods": "Dòng một\x0bDòng hai\x07\x1f kết thúc"}
    response = client.post(reverse("leadership:report", args=[report.public_id]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.methods == "Dòng một\nDòng hai kết thúc"
    assert report.directions == NARRATIVE["directions"]


def test_a_narrative_of_100000_characters_is_refused_with_a_message_and_nothing_saved(world, inspector_user, client):
    report = report_services.report_create(user=inspector_user, period=Q1, unit=None)
    client.force_login(inspector_user)
    data = {**NARRATIVE, "discipline": "a" * 100_000}
    response = client.post(reverse("leadership:report", args=[report.public_id]), data)
    assert response.status_code == 400
    assert "100.000" in response.content.decode() and f"{NARRATIVE_MAX_CHARS:,}".replace(",", ".") in (
        response.content.decode()
    )
    report.refresh_from_db()
    assert report.discipline == "" and report.methods == "", "nothing half-saved"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "custom", "start": "2026-05-15", "end": "2026-03-01"}, "end_before_start"),
        ({"kind": "custom", "start": "2010-01-01", "end": "2026-01-01"}, "too_long"),
    ],
)
def test_a_bad_period_is_refused_with_a_message(world, leader_user, client, data, code):
    client.force_login(leader_user)
    response = client.post(reverse("leadership:report_new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("__all__", code)
    assert str(form.non_field_errors()[0]) in response.content.decode()
    assert Report.objects.count() == 0


def test_a_unit_outside_the_scope_is_a_404_and_makes_nothing(world, leader_user, client):
    client.force_login(leader_user)
    response = client.post(reverse("leadership:report_new"), {"kind": "year", "year": "2026", "unit": "NO-SUCH"})
    assert response.status_code == 404
    assert Report.objects.count() == 0
    response = client.post(reverse("leadership:report_new"), {"kind": "quarter", "year": "2026", "quarter": "1",
                                                              "unit": "WARD-B"})  # fmt: skip
    report = Report.objects.get()
    assert response.status_code == 302 and report.unit == world["ward_b"] and report.period_kind == "quarter"


def test_a_unit_head_has_no_reports_even_with_the_permission_of_another_subtree(world, unit_head_user, leader_user):
    from culture_portal.leadership.report_views import reports_visible_to, unit_in_scope

    report = report_services.report_create(user=leader_user, period=Q1, unit=world["ward_b"])
    assert not unit_head_user.has_perm("leadership.view_report")
    assert report not in reports_visible_to(unit_head_user)
    from django.http import Http404

    with pytest.raises(Http404):
        unit_in_scope(unit_head_user, "WARD-B")


ROLE_RIGHTS = {
    # fixture: (list, new, detail, progress, download, produce, issue)
    "staff_user": (403, 403, 403, 403, 403, 403, 403),
    "officer_user": (403, 403, 403, 403, 403, 403, 403),
    "unit_head_user": (403, 403, 403, 403, 403, 403, 403),
    "admin_user_role": (403, 403, 403, 403, 403, 403, 403),
    "inspector_user": (200, 200, 200, 200, 200, 302, 403),
    "leader_user": (200, 200, 200, 200, 200, 302, 302),
}


@pytest.mark.parametrize("role", ROLE_RIGHTS)
def test_rights_per_role(world, role, request, client, leader_user, media, django_capture_on_commit_callbacks):
    report = report_services.report_create(user=leader_user, period=Q1, unit=None)
    produce(report, leader_user, issue=False, callbacks=django_capture_on_commit_callbacks)
    client.force_login(request.getfixturevalue(role))
    args = [report.public_id]
    got = (
        client.get(reverse("leadership:reports")).status_code,
        client.get(reverse("leadership:report_new")).status_code,
        client.get(reverse("leadership:report", args=args)).status_code,
        client.get(reverse("leadership:report_progress", args=args)).status_code,
        client.get(reverse("leadership:report_download", args=[*args, "docx"])).status_code,
    )
    with django_capture_on_commit_callbacks():  # queued, not run: the state is read below
        got += (client.post(reverse("leadership:report_produce", args=args)).status_code,)
        Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
        got += (client.post(reverse("leadership:report_issue", args=args)).status_code,)
    assert got == ROLE_RIGHTS[role]


def test_actions_refuse_get_and_downloads_serve_the_files(issued, leader_user, client):
    client.force_login(leader_user)
    args = [issued.public_id]
    assert client.get(reverse("leadership:report_produce", args=args)).status_code == 405
    assert client.get(reverse("leadership:report_issue", args=args)).status_code == 405
    for fmt, start in (("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK")):
        response = client.get(reverse("leadership:report_download", args=[*args, fmt]))
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(start)
        assert "01-BC-UBND" in response["Content-Disposition"]
    assert client.get(reverse("leadership:report_download", args=[*args, "exe"])).status_code == 404


def test_the_page_shows_progress_through_a_static_script_and_a_json_address(world, leader_user, client):
    report = report_services.report_create(user=leader_user, period=Q1, unit=None)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.PRODUCING, production="issue", progress_step=3, progress_total=6
    )
    client.force_login(leader_user)
    page = client.get(reverse("leadership:report", args=[report.public_id])).content.decode()
    assert "portal/js/report-progress.js" in page and "data-report-producing" in page
    assert "<script>" not in page, "no inline script (CSP)"
    assert 'name="methods"' not in page, "no editing while it is produced"
    progress = client.get(reverse("leadership:report_progress", args=[report.public_id])).json()
    assert progress["status"] == "producing" and (progress["step"], progress["total"]) == (3, 6)
    assert client.get(reverse("leadership:report_download", args=[report.public_id, "pdf"])).status_code == 404


def test_the_list_is_bounded(world, leader_user, client, django_assert_max_num_queries):
    for month in (1, 2, 3):
        report_services.report_create(user=leader_user, period=Period.month_of(2026, month), unit=world["ward_b"])
    client.force_login(leader_user)
    # Session, user, roles (groups, permissions), count, one page of reports with unit and signatory, nav checks.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("leadership:reports"))
    assert response.status_code == 200 and response.content.decode().count("UBND phường Bắc Hà") == 3


# --- the monthly figures by e-mail ----------------------------------------------------------------------------------


def test_last_months_figures_go_to_active_leaders_once(world, leader_user, clock, settings):
    retired = _user_with_roles([Role.LEADERSHIP], world["city"], "retired")
    retired.is_active = False
    retired.save()
    clock.set(datetime.date(2026, 4, 1), 8)
    before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assert send_monthly_figures.apply().get() == 1
    assert send_monthly_figures.apply().get() == 0, "beat twice in the month sends nothing more"
    assert MonthlyMailing.objects.get().month == datetime.date(2026, 3, 1)
    message = OutgoingEmail.objects.exclude(pk__in=before).get()
    assert message.to == leader_user.email
    body = message.body
    # March 2026: S2 (surprise, approved 12/03) with its one breach; c5 received; no identity.
    assert "1 cuộc kiểm tra đột xuất" in body and "phát hiện 1 trường hợp vi phạm" in body
    assert "03/2026" in message.subject
    for piece in IDENTITY:
        assert piece not in body
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "culture_portal.leadership.tasks.send_monthly_figures" in schedule
    assert "culture_portal.leadership.tasks.requeue_stale_reports" in schedule


# --- through a real broker and real workers (CI: REQUIRE_WORKER_TESTS=1) ------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the roles made by migrations
def test_two_real_workers_produce_an_asked_report_once(tree, leader_user, inspector_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = report_services.report_create(user=inspector_user, period=Period.year_of(2026), unit=None)
    report = report_services.report_create(user=leader_user, period=Period.year_of(2026), unit=None)
    with running_worker() as queue, running_worker(queue=queue):
        report_services.report_request(report=draft, user=inspector_user, issue=False)
        report_services.report_request(report=report, user=leader_user, issue=True)
        for again in (draft, report):  # asked again at once: refused, nothing queued
            with pytest.raises(report_services.ReportBusy):
                report_services.report_request(report=again, user=leader_user, issue=True)
        done = wait_for(
            lambda: (
                set(Report.objects.values_list("status", flat=True)) == {"draft", "issued"}
                and all(Report.objects.values_list("pdf", flat=True))
            ),
            timeout=180,
        )
        assert done, list(Report.objects.values_list("status", "error", "progress_step"))
    report.refresh_from_db()
    draft.refresh_from_db()
    assert report.reference == "01/BC-UBND" and report.attempts == 1 and report.progress_step == report.progress_total
    assert draft.number is None and draft.attempts == 1
    text = pdf_text(report)
    assert "Số: 01/BC-UBND" in text and "BÁO CÁO" in text and "năm 2026" in text
    assert "DỰ THẢO" in pdf_text(draft)
    assert len(docx_document(report).inline_shapes) >= 1 and xlsx_book(report).sheetnames


def test_a_periodic_inspection_outside_the_approved_plan_is_stated_not_left_out():
    """A periodic inspection whose plan is not approved was still done: the report's sentence counts it apart."""
    from culture_portal.leadership.figures import Figures, Section
    from culture_portal.leadership.report_documents import figure_sentences

    numbers = {
        "periodic_done": 1,
        "periodic_planned": 2,
        "periodic_unplanned": 1,
        "surprise": 0,
        "conclusions_issued": 2,
    }
    figures = Figures(period=Q1, unit=None, sections=[Section("inspections", "", [], [], numbers)])

    assert figure_sentences("inspections", figures)[0] == (
        "Trong kỳ, đã tiến hành 1 cuộc kiểm tra định kỳ (kế hoạch 2 cuộc), 1 cuộc kiểm tra định kỳ ngoài kế hoạch và "
        "0 cuộc kiểm tra đột xuất; ban hành 2 thông báo kết luận kiểm tra."
    )
