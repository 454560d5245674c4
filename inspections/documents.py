"""Renderers of the conclusion notice (Decree 30/2020/NĐ-CP layout): PDF through HTML, DOCX with python-docx."""

import io
from dataclasses import dataclass, fields

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from culture_portal.numbering import issuing_body_for
from culture_portal.text import printable_text
from inspections.models import Notice

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def vietnamese_date_line(place: str, day) -> str:
    """ "Hà Tĩnh, ngày 05 tháng 3 năm 2026": days below 10 and months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class NoticeContent:
    parent_body: str
    issuing_body: str
    reference: str
    date_line: str
    subject: str
    bases: list[str]
    paragraphs: list[tuple[str, str]]  # (style, text): "heading" or "text"
    recipients: list[str]
    capacity: str
    title: str
    signer: str


def notice_content(notice: Notice) -> NoticeContent:
    inspection = notice.inspection
    body = issuing_body_for(unit=notice.issuing_unit, on=notice.issued_on)
    units = list(inspection.units.order_by("path"))
    conclusion = inspection.conclusion
    findings = list(
        inspection.findings.select_related("unit", "official", "norm", "measure")
        .prefetch_related("norm__citations__document")
        .order_by("unit__path", "created_at")
    )
    leader = inspection.leader
    members = [f"{m.last_name} {m.first_name}" for m in inspection.members.all()]
    unit_names = ", ".join(unit.name for unit in units)
    paragraphs = [
        ("text", f"Đoàn kiểm tra gồm: {leader.last_name} {leader.first_name} (Trưởng đoàn)"
                 + (f"; thành viên: {', '.join(members)}" if members else "") + "."),
        ("text", f"Thời gian kiểm tra: từ {inspection.window_start:%H giờ %M ngày %d/%m/%Y} đến "
                 f"{inspection.window_end:%H giờ %M ngày %d/%m/%Y}, tại: {unit_names}."),
        ("text", "Nội dung kiểm tra: " + "; ".join(g.name for g in inspection.norm_groups.order_by("order")) + "."),
        ("heading", "I. KẾT QUẢ KIỂM TRA"),
        ("heading", "1. Ưu điểm"),
        ("text", conclusion.overall),
    ]  # fmt: skip
    if conclusion.good_points:
        paragraphs.append(("text", conclusion.good_points))
    for finding in findings:
        if finding.is_commendation:
            paragraphs.append(("text", f"- {finding.unit.name}: {finding.observed}"))
    paragraphs.append(("heading", "2. Tồn tại, hạn chế"))
    breaches = [f for f in findings if not f.is_commendation]
    if not breaches:
        paragraphs.append(("text", "Không phát hiện vi phạm."))
    for unit in units:
        unit_breaches = [f for f in breaches if f.unit_id == unit.pk]
        if unit_breaches:
            paragraphs.append(("text", f"{unit.name}:"))
        for finding in unit_breaches:
            who = f" ({finding.official.full_name})" if finding.official else ""
            cited = "; ".join(f"{c.label} {c.document.title}" for c in finding.norm.citations.all())
            cite = f", vi phạm quy định tại {cited}" if cited else ""
            paragraphs.append(("text", f"- {finding.norm.title}{who}: {finding.observed}{cite}."))
    paragraphs.append(("heading", "II. YÊU CẦU"))
    for requirement in conclusion.requirements.select_related("unit").order_by("unit__path"):
        paragraphs.append(
            ("text", f"- {requirement.unit.name}: {requirement.text} Thời hạn hoàn thành: trước ngày "
                     f"{requirement.deadline:%d/%m/%Y}.")
        )  # fmt: skip
    proposed = [f for f in breaches if f.official and f.measure]
    if proposed:
        paragraphs.append(("heading", "III. ĐỀ XUẤT XỬ LÝ"))
        for finding in proposed:
            paragraphs.append(("text", f"- {finding.official.full_name}, {finding.unit.name}: {finding.measure.name}."))
    return _printable(
        NoticeContent(
            parent_body=body.parent_name.upper(),
            issuing_body=body.name.upper(),
            reference=notice.reference,
            date_line=vietnamese_date_line(body.place_name, notice.issued_on),
            subject=f"Kết luận kiểm tra công vụ tại {unit_names}",
            bases=[
                f"Căn cứ Quyết định số {inspection.basis_reference} ngày {inspection.basis_date:%d/%m/%Y} "
                f"về việc kiểm tra công vụ;"
            ],  # fmt: skip
            paragraphs=paragraphs,
            recipients=[f"{unit.name};" for unit in units] + [f"Lưu: VT, {body.symbol}."],
            capacity=notice.signatory.capacity.upper(),
            title=notice.signatory.title.upper(),
            signer=notice.signatory.full_name,
        )
    )


def _printable(content: NoticeContent) -> NoticeContent:
    """Every text of the notice without control characters: python-docx refuses them (a finding pasted from Word
    may hold a vertical tab), and the notice could then never be produced."""

    def clean(value):
        if isinstance(value, str):
            return printable_text(value)
        if isinstance(value, list | tuple):
            return type(value)(clean(item) for item in value)
        return value

    return NoticeContent(**{field.name: clean(getattr(content, field.name)) for field in fields(content)})


def notice_pdf(content: NoticeContent) -> bytes:
    from weasyprint import HTML  # a second to import; only workers need it

    return HTML(string=render_to_string("inspections/notice_print.html", {"notice": content})).write_pdf()


def notice_docx(content: NoticeContent) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    _centered(left, content.parent_body, size=13)
    _centered(left, content.issuing_body, size=13, bold=True, first=not content.parent_body)
    _centered(left, f"Số: {content.reference}", size=13)
    _centered(right, NATIONAL_TITLE, size=12, bold=True, first=True)
    _centered(right, MOTTO, size=13, bold=True)
    _centered(right, content.date_line, size=13, italic=True)

    for text, bold in (("THÔNG BÁO", True), (content.subject, True)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    for basis in content.bases:
        document.add_paragraph().add_run(basis).italic = True
    for kind, text in content.paragraphs:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.add_run(text).bold = kind == "heading"

    footer = document.add_table(rows=1, cols=2)
    recipients, signature = footer.rows[0].cells
    run = recipients.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for recipient in content.recipients:
        recipients.add_paragraph().add_run(f"- {recipient}").font.size = Pt(11)
    _centered(signature, content.capacity, size=14, bold=True, first=True)
    _centered(signature, content.title, size=14, bold=True)
    _centered(signature, "", size=14)
    _centered(signature, content.signer, size=14, bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _centered(cell, text: str, *, size: int, bold=False, italic=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
