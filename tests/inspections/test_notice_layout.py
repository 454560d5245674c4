"""The conclusion notice a clerk files as is (Decree 30/2020/NĐ-CP, Appendix I).

Each point is read back from the files the pipeline produced: the PDF's text, positions, lines and fonts with
pdfplumber, the DOCX with python-docx (and its XML where python-docx has no property for it).
"""

import datetime
import io
import logging
import re
import zoneinfo
from dataclasses import replace

import pdfplumber
import pytest
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from inspections import documents, services
from inspections.documents import (
    LIBERATION_SERIF,
    NATIONAL_TITLE,
    NoticeFont,
    document_citation,
    drafting_unit_symbol,
    notice_content,
    notice_docx,
    notice_font,
    notice_html,
    notice_pdf,
    provision_citation,
    text_width_cm,
    vietnam_time,
)
from inspections.models import AttendanceRecord, Finding, Notice
from regulations.demo import _norms
from regulations.models import LegalDocument, Norm, NormCitation
from tests.factories import InspectionFactory, OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CM = 72 / 2.54  # PDF points per centimetre
LEFT_MARGIN = 3 * CM
CITATION = (
    "khoản 1 Điều 4 Quy tắc ứng xử của cán bộ, công chức, viên chức thành phố Hà Tĩnh ban hành kèm theo "
    "Quyết định số 1520/QĐ-UBND ngày 15/06/2024 của UBND thành phố Hà Tĩnh"
)
SUBJECT = "Kết luận kiểm tra công vụ tại Phòng Nội vụ, UBND phường Bắc Hà"
LIBERATION_INSTALLED = LIBERATION_SERIF.file().is_file()


@pytest.fixture
def issued(tree, code_of_conduct, inspector_user, leader_user, settings, tmp_path, django_capture_on_commit_callbacks):
    """A notice issued for an inspection held in Hà Tĩnh from 06:00 on 02/12/2026 (23:00 on 01/12 in UTC)."""
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    office, ward = tree["office_a"], tree["ward_b"]
    inspection = InspectionFactory(
        surprise=True, started=True, window_start=datetime.datetime(2026, 12, 2, 6, 0, tzinfo=VIETNAM),
        window_end=datetime.datetime(2026, 12, 2, 9, 30, tzinfo=VIETNAM), leader=inspector_user, units=[office, ward],
    )  # fmt: skip
    late = OfficialFactory(unit=office, full_name="Lê Văn Muộn")
    for official, status, minutes in [(late, "late", 22), (OfficialFactory(unit=office), "present", None),
                                      (OfficialFactory(unit=office), "absent_without_leave", None)]:  # fmt: skip
        services.attendance_record(inspection=inspection, unit=office, official=official, status=status,
                                   late_minutes=minutes, user=inspector_user)  # fmt: skip
    services.attendance_record(inspection=inspection, unit=ward, official=OfficialFactory(unit=ward),
                               status=AttendanceRecord.Status.PRESENT, user=inspector_user)  # fmt: skip
    record = services.finding_record
    record(inspection=inspection, unit=office, official=late, norm=Norm.objects.get(code="GG-01"),
           observed="Đến cơ quan lúc 7 giờ 52, muộn 22 phút.", severity="minor", user=inspector_user)  # fmt: skip
    record(inspection=inspection, unit=office, norm=Norm.objects.get(code="GG-02"), severity="minor",
           observed="Một công chức về trước giờ (mã 7474b8-0)", user=inspector_user)  # fmt: skip
    record(inspection=inspection, unit=ward, norm=Norm.objects.get(code="GG-01"), is_commendation=True,
           observed="Tiếp công dân niềm nở, hướng dẫn đầy đủ một lần.", severity="minor", user=inspector_user)  # fmt: skip
    services.findings_submit(inspection=inspection, user=inspector_user)
    services.conclusion_draft(inspection=inspection, user=inspector_user, overall="Cơ bản chấp hành tốt.",
                              good_points="Trụ sở gọn gàng, sạch sẽ",
                              requirements=[(office, "Chấn chỉnh giờ giấc làm việc.", 5)])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=inspection, user=leader_user)
    notice = Notice.objects.get(inspection=inspection)
    assert notice.status == "done", notice.error
    return notice


def read_pdf(notice) -> pdfplumber.PDF:
    with notice.pdf.open("rb") as handle:
        return pdfplumber.open(io.BytesIO(handle.read()))


def read_docx(notice):
    with notice.docx.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def pdf_text(pdf: pdfplumber.PDF) -> str:
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def docx_text(document) -> str:
    parts = [cell_paragraph.text for table in document.tables[:1] for cell_paragraph in _cell_paragraphs(table)]
    parts += [paragraph.text for paragraph in document.paragraphs]
    parts += [cell_paragraph.text for table in document.tables[1:] for cell_paragraph in _cell_paragraphs(table)]
    return " ".join(" ".join(parts).split())


def _cell_paragraphs(table):
    return [paragraph for row in table.rows for cell in row.cells for paragraph in cell.paragraphs]


def find(page, text: str) -> list[dict]:
    """Where `text` is printed on one line of the page (pdfplumber does not match across a line break)."""
    return page.search(re.escape(text), regex=True)


def located(pdf, text: str) -> list[tuple[int, dict]]:
    return [(number, match) for number, page in enumerate(pdf.pages) for match in find(page, text)]


def baseline(page, match: dict) -> float:
    """The baseline of the first character of a match (its text matrix), in PDF units from the bottom."""
    return match["chars"][0]["matrix"][5]


def horizontal_lines(page) -> list[dict]:
    """Thin horizontal strokes or filled rectangles: the short lines drawn under parts of the header."""
    shapes = [*page.lines, *page.rects]
    return [s for s in shapes if abs(s["bottom"] - s["top"]) < 2 and s["x1"] - s["x0"] > 5]


def line_under(page, match: dict) -> dict:
    """The drawn line nearest below a text, at most 10 pt lower, its middle under the text."""
    below = [
        s for s in horizontal_lines(page)
        if 0 <= s["top"] - match["bottom"] <= 10 and match["x0"] < (s["x0"] + s["x1"]) / 2 < match["x1"]
    ]  # fmt: skip
    assert below, f"no line under {match['text']!r}"
    return min(below, key=lambda s: s["top"] - match["bottom"])


# 1. Times in Vietnam's time (read back from the files in test_wording_and_times_in_both_files) -----------------


def test_vietnam_time_does_not_follow_the_active_time_zone():
    moment = datetime.datetime(2026, 12, 1, 23, 0, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert vietnam_time(moment) == "06 giờ 00 ngày 02/12/2026"


# 2, 3, 6. Layout of the PDF, read back from positions ------------------------------------------------------------


def test_pdf_header_title_rules_and_recipients_sit_where_the_decree_puts_them(issued):
    with read_pdf(issued) as pdf:
        page = pdf.pages[0]
        # The national title on one line.
        [title] = find(page, NATIONAL_TITLE)
        assert title["bottom"] - title["top"] < 16
        # "Số: …" level with the place and date line.
        [number], [date] = find(page, "Số: 01/TB-UBND"), find(page, "Hà Tĩnh, ngày ")
        assert abs(baseline(page, number) - baseline(page, date)) < 0.5
        assert number["x1"] < date["x0"], "number left, date right"
        # Short centred lines under the issuing body, the motto and the summary.
        [body] = find(page, "THÀNH PHỐ HÀ TĨNH")
        [motto] = find(page, "Độc lập - Tự do - Hạnh phúc")
        [subject] = find(page, SUBJECT)
        for text, (shortest, longest) in ((body, (0.3, 0.55)), (motto, (0.95, 1.05))):
            rule = line_under(page, text)
            width = text["x1"] - text["x0"]
            assert shortest * width <= rule["x1"] - rule["x0"] <= longest * width, text["text"]
            assert abs((rule["x0"] + rule["x1"]) / 2 - (text["x0"] + text["x1"]) / 2) < 3, "centred"
        subject_rule = line_under(page, subject)
        assert 2 * CM <= subject_rule["x1"] - subject_rule["x0"] <= 5.5 * CM
        assert abs((subject_rule["x0"] + subject_rule["x1"]) / 2 - (LEFT_MARGIN + (page.width - 1.5 * CM)) / 2) < 3
        # "Nơi nhận:" flush left at the margin, where the justified body lines start.
        [(recipients_page, recipients)] = located(pdf, "Nơi nhận:")
        body_lines = [c["x0"] for c in pdf.pages[recipients_page].chars if c["size"] > 13]
        assert abs(recipients["x0"] - LEFT_MARGIN) < 1 and abs(recipients["x0"] - min(body_lines)) < 1
        # No page number on the first page; "2" centred at the top of the second.
        assert all(c["top"] > 2 * CM for c in page.chars)
        if len(pdf.pages) > 1:
            top = [c for c in pdf.pages[1].chars if c["top"] < 2 * CM]
            assert "".join(c["text"] for c in top) == "2"
            assert abs((top[0]["x0"] + top[0]["x1"]) / 2 - (LEFT_MARGIN + page.width - 1.5 * CM) / 2) < 3
        # The embedded font: Liberation Serif (Times New Roman's widths) when installed, as `make test` does.
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    if LIBERATION_INSTALLED:
        assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= fonts
        assert all(name.startswith("Liberation-Serif") for name in fonts), fonts


def test_without_liberation_the_pdf_falls_back_to_dejavu_and_warns_once(issued, monkeypatch, caplog, tmp_path):
    content = notice_content(issued)
    monkeypatch.setattr(documents, "LIBERATION_SERIF", replace(LIBERATION_SERIF, directory=tmp_path / "none"))
    notice_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="inspections.documents"):
            first, second = notice_pdf(content), notice_pdf(content)
    finally:
        notice_font.cache_clear()
    warnings = [r for r in caplog.records if "Liberation Serif is missing" in r.getMessage()]
    assert len(warnings) == 1 and "fonts-liberation2" in warnings[0].getMessage()
    for data in (first, second):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert {c["fontname"].split("+")[-1].split("-")[0] for c in pdf.pages[0].chars} == {"DejaVu"}


def signature_pages(pdf, content) -> set[int]:
    """The pages the signature block (capacity, title, signer) is printed on."""
    pages = set()
    for text in (content.capacity, content.title, content.signer):
        found = located(pdf, text)
        assert found, text
        pages.update(number for number, _match in found)
    return pages


def test_the_signature_block_is_never_split_and_no_heading_ends_a_page(issued, tree):
    """Findings are added one by one until the signature block has crossed a page boundary.

    Each time the block moves to the next page, the control prints the same notice without the keep-together
    rules: there it must split, or the loop never brought the block to a boundary and proves nothing.
    """
    from weasyprint import HTML

    loose = ("break-inside: avoid", "break-inside: auto"), ("break-before: avoid", "break-before: auto")
    norm = Norm.objects.get(code="GG-01")
    split_without_keep, previous = [], None
    for count in range(1, 15):
        Finding.objects.create(inspection=issued.inspection, unit=tree["office_a"], norm=norm, severity="minor",
                               observed=f"Lần {count}: đến muộn 15 phút", created_by=issued.inspection.leader)  # fmt: skip
        content = notice_content(issued)
        headings = {text for kind, text in content.paragraphs if kind != "text"}
        with pdfplumber.open(io.BytesIO(notice_pdf(content))) as pdf:
            pages = signature_pages(pdf, content)
            assert len(pages) == 1, f"{count} more findings: the signature block on pages {sorted(pages)}"
            for page in pdf.pages[:-1]:
                last_line = page.extract_text_lines()[-1]["text"]
                assert last_line not in headings, f"{count} more findings: {last_line!r} ends page {page.page_number}"
        if previous is not None and pages != previous:
            html = notice_html(content)
            for kept, not_kept in loose:
                html = html.replace(kept, not_kept)
            with pdfplumber.open(io.BytesIO(HTML(string=html).write_pdf())) as pdf:
                if len(signature_pages(pdf, content)) > 1:
                    split_without_keep.append(count)
        previous = pages
    assert split_without_keep, "no finding count brought the signature block to a page boundary"


# 2, 3, 4. Layout of the DOCX ---------------------------------------------------------------------------------


def _borders(paragraph) -> list:
    return paragraph._p.xpath("./w:pPr/w:pBdr/w:bottom")


def _rule_width_cm(paragraph, room_cm: float) -> float:
    paragraph_format = paragraph.paragraph_format
    assert paragraph_format.left_indent == paragraph_format.right_indent, "centred"
    return room_cm - 2 * paragraph_format.left_indent.cm


def test_docx_layout_font_page_numbers_language_and_properties(issued):
    document = read_docx(issued)
    header, footer = document.tables
    # Header: the national title fits its column on one line in 12 pt bold Times New Roman.
    (left, right), (number, date) = header.rows[0].cells, header.rows[1].cells
    title = right.paragraphs[0]
    assert title.text == NATIONAL_TITLE and title.runs[0].font.size == Pt(12) and title.runs[0].bold
    room = right.width.cm  # no left or right cell padding
    assert text_width_cm(NATIONAL_TITLE, 12, bold=True) < room
    # "Số" and the date: one row, the same size, the same padding and spacing -> one baseline.
    assert number.paragraphs[0].text == "Số: 01/TB-UBND" and date.paragraphs[0].text.startswith("Hà Tĩnh, ngày ")
    assert number.paragraphs[0].runs[0].font.size == date.paragraphs[0].runs[0].font.size == Pt(13)
    assert number._tc.xpath("./w:tcPr/w:tcMar/w:top/@w:w") == date._tc.xpath("./w:tcPr/w:tcMar/w:top/@w:w")
    # Short centred lines under the issuing body and under the motto (as long as the motto), and under the summary.
    body_rule, motto_rule = left.paragraphs[-1], right.paragraphs[-1]
    assert _borders(body_rule) and left.paragraphs[-2].text.endswith("THÀNH PHỐ HÀ TĨNH")
    assert _borders(motto_rule) and right.paragraphs[-2].text == "Độc lập - Tự do - Hạnh phúc"
    body_width = text_width_cm("THÀNH PHỐ HÀ TĨNH", 13, bold=True)
    assert 0.3 * body_width <= _rule_width_cm(body_rule, left.width.cm) <= 0.55 * body_width
    motto_rule_width = _rule_width_cm(motto_rule, room)
    assert abs(motto_rule_width - text_width_cm("Độc lập - Tự do - Hạnh phúc", 13, bold=True)) < 0.05
    summary_at = next(i for i, p in enumerate(document.paragraphs) if p.text.startswith("Kết luận kiểm tra"))
    summary_rule = document.paragraphs[summary_at + 1]
    assert _borders(summary_rule) and 2 <= _rule_width_cm(summary_rule, 16.5) <= 5.5
    # Tight spacing inside the tables: no space before or after; single line spacing (a drawn line: a few points).
    signer = footer.rows[0].cells[1].paragraphs[-1]
    for paragraph in [*_cell_paragraphs(header), *_cell_paragraphs(footer)]:
        paragraph_format = paragraph.paragraph_format
        assert paragraph_format.space_after == 0, paragraph.text
        assert paragraph_format.space_before == (Pt(64) if paragraph._p is signer._p else 0), paragraph.text
        if _borders(paragraph):
            assert (
                paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY and paragraph_format.line_spacing <= Pt(4)
            )
        else:
            assert paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE, paragraph.text
    # "Nơi nhận:" flush left; the signature block centred, on one page (the row never splits, the lines keep
    # together) and the last body paragraph goes with it.
    recipients, signature = footer.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert footer._tbl.xpath("./w:tblPr/w:tblCellMar/w:left/@w:w") == ["0"]
    assert round(sum(cell.width.cm for cell in footer.rows[0].cells), 2) == 16.5  # margin to margin
    for paragraph in recipients.paragraphs:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT and not paragraph.paragraph_format.first_line_indent
    assert [p.text for p in signature.paragraphs] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Hồng Hải"]
    assert footer.rows[0]._tr.xpath("./w:trPr/w:cantSplit")
    assert all(p.paragraph_format.keep_with_next for cell in (recipients, signature) for p in cell.paragraphs[:-1])
    assert document.paragraphs[-1].paragraph_format.keep_with_next
    # Headings keep with what follows them.
    for paragraph in document.paragraphs:
        if paragraph.text in ("THÔNG BÁO", "I. KẾT QUẢ KIỂM TRA", "1. Đánh giá chung", "3. Tồn tại, hạn chế",
                              "II. YÊU CẦU", "Phòng Nội vụ:"):  # fmt: skip
            assert paragraph.paragraph_format.keep_with_next, paragraph.text
    # Times New Roman everywhere (Word's name; the PDF embeds Liberation Serif, of the same widths).
    assert document.styles["Normal"].font.name == "Times New Roman"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    # Page numbers from page 2: a PAGE field in the header, an empty header on the first page.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(section.header._element.xpath(".//w:instrText/text()"))
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header.is_linked_to_previous
    assert not section.first_page_header._element.xpath(".//w:instrText")
    # A4 and margins within the decree's ranges.
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21, 29.7)
    top, left, right = (
        round(margin.cm, 2) for margin in (section.top_margin, section.left_margin, section.right_margin)
    )
    assert 2 <= top <= 2.5 and 3 <= left <= 3.5 and 1.5 <= right <= 2
    # Vietnamese for the spelling checker, and the file's properties.
    language = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert language.get(qn("w:val")) == "vi-VN"
    properties = document.core_properties
    assert properties.title == SUBJECT
    assert properties.author == "Ủy ban nhân dân thành phố Hà Tĩnh"
    assert properties.language == "vi-VN"
    assert "python-docx" not in f"{properties.author} {properties.last_modified_by} {properties.comments}"


# 5. Wording ---------------------------------------------------------------------------------------------------


def test_wording_and_times_in_both_files(issued):
    deadline = issued.inspection.conclusion.requirements.get().deadline
    with read_pdf(issued) as pdf:
        pdf_words = pdf_text(pdf)
    for text in (pdf_words, docx_text(read_docx(issued))):
        # Held from 06:00 in Hà Tĩnh, 23:00 the day before in UTC.
        assert "Thời gian kiểm tra: từ 06 giờ 00 ngày 02/12/2026 đến 09 giờ 30 ngày 02/12/2026" in text
        assert "23 giờ 00" not in text and "01/12/2026" not in text
        # Citations in the Vietnamese order, with the decision that issued the code and its issuer.
        assert f"Đến cơ quan lúc 7 giờ 52, muộn 22 phút, vi phạm quy định tại {CITATION}." in text
        assert "Điều 4, Khoản 1" not in text
        # No doubled punctuation, no internal codes.
        assert not re.search(r"[.,;:]\s*[.,;]|\.\s*:", text.replace("...", "…")), re.search(r"[.,;:]\s*[.,;]", text)
        assert "(mã" not in text and "7474b8" not in text
        assert "Một công chức về trước giờ, vi phạm quy định tại" in text
        # The overall assessment has its own heading, before the good points.
        general, good, weak = (text.index(h) for h in ("1. Đánh giá chung", "2. Ưu điểm", "3. Tồn tại, hạn chế"))
        assert general < text.index("Cơ bản chấp hành tốt.") < good < text.index("Trụ sở gọn gàng, sạch sẽ.") < weak
        # Attendance at check time, per unit (2 of 3 at work in the office, 1 of 1 in the ward).
        assert (
            "Phòng Nội vụ: tỷ lệ cán bộ, công chức, viên chức và người lao động có mặt tại thời điểm kiểm tra đạt 66,7%."
            in text
        )
        assert (
            "UBND phường Bắc Hà: tỷ lệ cán bộ, công chức, viên chức và người lao động có mặt tại thời điểm kiểm tra đạt 100%."
            in text
        )
        # The deadline is the last day allowed.
        assert f"Chấn chỉnh giờ giấc làm việc. Thời hạn hoàn thành: chậm nhất ngày {deadline:%d/%m/%Y}." in text
        assert "trước ngày" not in text
        # The legal basis names its issuer; the drafting unit (the team leader's Phòng Nội vụ) keeps a copy.
        assert "Căn cứ Quyết định số 15/QĐ-UBND ngày 20/11/2026 của Ủy ban nhân dân thành phố Hà Tĩnh về việc" in text
        assert "- Lưu: VT, NV." in text


def test_citations_name_the_provision_lowest_level_first(code_of_conduct):
    assert provision_citation("dieu-5-khoan-2-diem-a") == "điểm a khoản 2 Điều 5"
    assert provision_citation("dieu-5-khoan-2-diem-d", {"dieu-5-khoan-2-diem-d": "đ"}) == "điểm đ khoản 2 Điều 5"
    assert provision_citation("chuong-ii") == "Chương II"
    assert document_citation(code_of_conduct) == CITATION.removeprefix("khoản 1 Điều 4 ")
    decision = LegalDocument(kind=LegalDocument.Kind.DECISION, reference="1847/QĐ-TTg", title="Phê duyệt Đề án Văn hóa công vụ",
                             issuer=code_of_conduct.issuer, issue_date=datetime.date(2018, 12, 27))  # fmt: skip
    decision.issuer.name = "Thủ tướng Chính phủ"
    assert document_citation(decision) == (
        "Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê duyệt Đề án Văn hóa công vụ"
    )
    regulation = LegalDocument(kind=LegalDocument.Kind.REGULATION, reference="20/2019/QĐ-UBND",
                               title="Ban hành Quy chế văn hóa công vụ", issuer=code_of_conduct.issuer,
                               issue_date=datetime.date(2019, 4, 19))  # fmt: skip
    assert document_citation(regulation).startswith("Quy chế văn hóa công vụ ban hành kèm theo Quyết định số 20/2019")


def test_a_point_is_cited_with_its_printed_letter(issued, code_of_conduct):
    norm = Norm.objects.get(code="GG-01")
    NormCitation.objects.filter(norm=norm).update(anchor="dieu-4-khoan-3-diem-a")
    content = notice_content(issued)
    assert any(
        "vi phạm quy định tại điểm a khoản 3 Điều 4 Quy tắc ứng xử" in text for _kind, text in content.paragraphs
    )
    with pdfplumber.open(io.BytesIO(notice_pdf(content))) as pdf:
        assert "điểm a khoản 3 Điều 4 Quy tắc ứng xử" in pdf_text(pdf)
    document = Document(io.BytesIO(notice_docx(content)))
    assert "điểm a khoản 3 Điều 4 Quy tắc ứng xử" in docx_text(document)


def test_the_drafting_unit_symbol(tree):
    today = datetime.date(2026, 12, 4)
    assert drafting_unit_symbol(tree["office_a"], on=today, fallback="UBND") == "NV"  # Phòng Nội vụ
    finance = UnitFactory(name="Phòng Tài chính - Kế hoạch", parent=tree["city"])
    assert drafting_unit_symbol(finance, on=today, fallback="UBND") == "TCKH"
    assert drafting_unit_symbol(tree["ward_b"], on=today, fallback="UBND") == "UBND"
    assert drafting_unit_symbol(None, on=today, fallback="UBND") == "UBND"


def test_a_font_record_names_its_files():
    font = NoticeFont("X", LIBERATION_SERIF.directory, "r.ttf", "b.ttf", "i.ttf", "bi.ttf")
    assert [font.file().name, font.file(bold=True).name, font.file(italic=True).name] == ["r.ttf", "b.ttf", "i.ttf"]
    assert font.file(bold=True, italic=True).name == "bi.ttf"


def test_an_inspection_of_many_units_still_gets_its_docx(issued):
    """The summary names every unit: past the 255 characters Word's title property holds, it is shortened there only."""
    content = notice_content(issued)
    long_subject = "Kết luận kiểm tra công vụ tại " + ", ".join(
        f"Phòng chuyên môn số {n} của Ủy ban" for n in range(12)
    )
    document = Document(io.BytesIO(notice_docx(replace(content, subject=long_subject))))
    assert len(document.core_properties.title) == 255 and document.core_properties.title.endswith("…")
    assert long_subject in docx_text(document)  # the document itself keeps the whole summary
