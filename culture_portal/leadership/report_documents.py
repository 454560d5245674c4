"""Renderers of the periodic report (Báo cáo, BC): PDF through HTML (WeasyPrint), DOCX (python-docx), XLSX (openpyxl).

The layout — fonts, header, title, signature block, page numbers — is the one the conclusion notice uses
(culture_portal/decree30.py, templates/decree30/page.html). The body follows a report to the superior body:
I. results (working methods, discipline, communication and attitude, premises, then the portal's figures: inspections,
violations and how they were handled, feedback, satisfaction, dissemination and training), II. shortcomings,
III. directions. Every figure comes from `figures_for` (or, once issued, from the frozen snapshot); charts are
SVG in the PDF and PNG in the DOCX, drawn by the dashboard's own chart code. Complainants are never named: the
figures carry counts only.
"""

import datetime
import io
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from culture_portal import decree30
from culture_portal.identity import portal_identity
from culture_portal.leadership.charts import chart_png, chart_svg
from culture_portal.leadership.figures import Chart, Figures, Table
from culture_portal.leadership.models import Report
from culture_portal.models import IssuingBody
from culture_portal.numbering import NoIssuingBody, issuing_body_for
from culture_portal.text import printable_text
from regulations.exports import inert, sheet_append

logger = logging.getLogger(__name__)

DRAFT_MARK = "DỰ THẢO"
SIZE_TABLE = 11  # points: tables and chart captions
CHART_WIDTH_CM = 15.0


@dataclass
class Block:
    kind: str  # "heading" | "text" | "table" | "chart"
    text: str = ""
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class ReportContent:
    parent_body: str
    issuing_body: str  # lines of the header separated by "\n"
    reference: str
    date_line: str
    subject: str
    blocks: list[Block]
    recipients: list[str]
    capacity: str
    title: str
    signer: str
    author: str = ""
    draft: bool = False
    intro: str = ""
    sheets: list[tuple[str, list[Table]]] = field(default_factory=list)  # the XLSX: one sheet per section

    @property
    def issuing_body_lines(self) -> list[str]:
        return self.issuing_body.split("\n")

    @property
    def parent_body_lines(self) -> list[str]:
        return [line for line in self.parent_body.split("\n") if line]


# --- numbers as a Vietnamese report writes them ---------------------------------------------------------------


def number(value) -> str:
    """12 -> "12", 1234 -> "1.234", Decimal("4.5") -> "4,5", None -> "—"."""
    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def rate(value) -> str:
    return "—" if value is None else f"{number(value)}%"


def cell_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number(value)
    return printable_text(str(value))


def period_phrase(period) -> str:
    """ "năm 2026", "quý IV năm 2026", "tháng 11 năm 2026", "từ ngày 01/03/2026 đến ngày 15/05/2026"."""
    if period.kind == "year":
        return f"năm {period.start.year}"
    if period.kind == "quarter":
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[(period.start.month - 1) // 3 + 1]
        return f"quý {roman} năm {period.start.year}"
    if period.kind == "month":
        return f"tháng {period.start.month} năm {period.start.year}"
    return f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"


def _numbers(figures: Figures, *keys: str) -> dict:
    merged = {}
    for key in keys:
        for section in figures.sections:
            if section.key == key:
                merged.update(section.numbers)
    return merged


def _sections(figures: Figures, *keys: str):
    return [section for key in keys for section in figures.sections if section.key == key]


# The report's order (issue 14 §4): after the four narrative parts of the results, the portal's figures.
NARRATIVE_HEADINGS = {
    "methods": "Lề lối, phương thức làm việc",
    "discipline": "Kỷ luật, kỷ cương hành chính",
    "communication": "Tác phong, giao tiếp, ứng xử của cán bộ, công chức, viên chức",
    "premises": "Cảnh quan, trụ sở làm việc",
}
FIGURE_PARTS = [
    ("inspections", "Công tác kiểm tra công vụ", ("inspections",)),
    ("violations", "Vi phạm được phát hiện và kết quả xử lý", ("scorecard", "norms", "measures", "actions", "trends")),
    ("feedback", "Tiếp nhận, giải quyết phản ánh, kiến nghị", ("feedback",)),
    ("satisfaction", "Mức độ hài lòng của người dân, doanh nghiệp", ("satisfaction",)),
    ("dissemination", "Công tác tuyên truyền, phổ biến, tập huấn", ("dissemination",)),
]


def figure_sentences(part: str, figures: Figures) -> list[str]:
    """The sentences that state a part's headline figures (the tables and charts follow them)."""
    if part == "inspections":
        n = _numbers(figures, "inspections")
        # A periodic inspection outside an approved plan was still done: the report says so rather than omit it.
        unplanned = n.get("periodic_unplanned") or 0
        outside = f", {number(unplanned)} cuộc kiểm tra định kỳ ngoài kế hoạch" if unplanned else ""
        sentences = [
            f"Trong kỳ, đã tiến hành {number(n.get('periodic_done'))} cuộc kiểm tra định kỳ (kế hoạch "
            f"{number(n.get('periodic_planned'))} cuộc){outside} và {number(n.get('surprise'))} cuộc kiểm tra đột "
            f"xuất; ban hành {number(n.get('conclusions_issued'))} thông báo kết luận kiểm tra."
        ]
        if n.get("attendance_rate") is not None:
            sentences.append(
                "Tỷ lệ cán bộ, công chức, viên chức có mặt tại thời điểm kiểm tra đạt "
                f"{rate(n.get('attendance_rate'))}."
            )
        return sentences
    if part == "violations":
        n = _numbers(figures, "scorecard")
        measures = _numbers(figures, "measures")
        actions = _numbers(figures, "actions")
        handled = sum(value or 0 for key, value in measures.items() if key != "none")
        return [
            f"Qua kiểm tra, phát hiện {number(n.get('findings'))} trường hợp vi phạm chuẩn mực văn hóa công vụ; "
            f"biểu dương {number(n.get('commendations'))} trường hợp thực hiện tốt; "
            f"{number(n.get('upheld_complaints'))} phản ánh của người dân về thái độ phục vụ được xác minh là đúng.",
            f"Kết quả xử lý: {number(handled)} trường hợp đã có hình thức xử lý; {number(measures.get('none'))} "
            "trường hợp chưa có hình thức xử lý.",
            f"Việc khắc phục sau kiểm tra: {number(actions.get('done_on_time'))} yêu cầu hoàn thành đúng hạn, "
            f"{number(actions.get('done_late'))} yêu cầu hoàn thành chậm; {number(actions.get('open'))} yêu cầu "
            f"đang trong hạn thực hiện; {number(actions.get('overdue'))} yêu cầu quá hạn chưa hoàn thành.",
        ]
    if part == "feedback":
        n = _numbers(figures, "feedback")
        median = n.get("median_answer_days")
        return [
            f"Tiếp nhận {number(n.get('received'))} phản ánh, kiến nghị của người dân, doanh nghiệp; đã trả lời "
            f"{number(n.get('answered'))} phản ánh, trong đó {number(n.get('answered_on_time'))} phản ánh được trả "
            f"lời trong thời hạn quy định (đạt {rate(n.get('on_time_rate'))})"
            + (f"; thời gian trả lời (trung vị) {number(median)} ngày làm việc" if median is not None else "")
            + f". Ghi nhận {number(n.get('praise'))} lượt khen ngợi."
        ]
    if part == "satisfaction":
        n = _numbers(figures, "satisfaction")
        if n.get("satisfaction_share") is None:
            return [
                f"Có {number(n.get('ratings'))} lượt đánh giá của người dân, doanh nghiệp; chưa đủ số lượt đánh giá "
                "để tính tỷ lệ hài lòng."
            ]
        return [
            f"Có {number(n.get('ratings'))} lượt đánh giá của người dân, doanh nghiệp, trong đó "
            f"{number(n.get('satisfied'))} lượt hài lòng hoặc rất hài lòng (đạt {rate(n.get('satisfaction_share'))})."
        ]
    if part == "dissemination":
        n = _numbers(figures, "dissemination")
        return [
            f"Giao {number(n.get('assigned'))} lượt văn bản cần nghiên cứu, quán triệt; đã xác nhận "
            f"{number(n.get('confirmed'))} lượt (đạt {rate(n.get('confirmed_rate'))}). Tổ chức "
            f"{number(n.get('trainings'))} lớp tập huấn, bồi dưỡng và {number(n.get('contests'))} hội thi với "
            f"{number(n.get('officials_trained'))} lượt cán bộ, công chức, viên chức tham gia."
        ]
    return []


def report_blocks(report: Report, figures: Figures, *, draft: bool) -> list[Block]:
    """The body in the report's order; a narrative part left empty is left out of an issued report, and marked
    as still to be written in a draft."""
    blocks = [Block("heading", "I. KẾT QUẢ THỰC HIỆN")]
    index = 0

    def heading(text):
        nonlocal index
        index += 1
        blocks.append(Block("heading", f"{index}. {text}"))

    for name, title in NARRATIVE_HEADINGS.items():
        text = getattr(report, name).strip()
        if text or draft:
            heading(title)
            blocks.extend(_paragraphs(text, draft=draft))
    for part, title, keys in FIGURE_PARTS:
        sections = _sections(figures, *keys)
        if not sections:
            continue
        heading(title)
        blocks.extend(Block("text", sentence) for sentence in figure_sentences(part, figures))
        for section in sections:
            for table in section.tables:
                blocks.append(Block("table", table=table))
            for chart in section.charts:
                blocks.append(Block("chart", chart=chart))
    blocks.append(Block("heading", "II. TỒN TẠI, HẠN CHẾ"))
    blocks.extend(_paragraphs(report.shortcomings.strip(), draft=draft, empty="Không."))
    if report.directions.strip() or draft:
        blocks.append(Block("heading", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"))
        blocks.extend(_paragraphs(report.directions.strip(), draft=draft))
    return blocks


def _paragraphs(text: str, *, draft: bool, empty: str = "") -> list[Block]:
    if not text:
        placeholder = "(Chưa viết.)" if draft else empty
        return [Block("text", placeholder)] if placeholder else []
    return [Block("text", line.strip()) for line in printable_text(text).splitlines() if line.strip()]


def _body(report: Report) -> IssuingBody:
    """The header's issuing body: the signatory's (an issued report), else the drafter's unit's, else the top one."""
    today = report.issued_on or timezone.localdate()
    if report.issuing_unit_id:
        return issuing_body_for(unit=report.issuing_unit, on=today)
    official = getattr(report.created_by, "official", None)
    if official is not None:
        try:
            return issuing_body_for(unit=official.unit, on=today)
        except NoIssuingBody:
            logger.info("No issuing body for %s: the draft takes the organisation's header.", official.unit)
    body = IssuingBody.objects.in_force(today).select_related("unit").order_by("unit__path").first()
    if body is None:
        raise ValueError(_("No issuing body is in force today: the report has no header."))
    return body


def report_content(report: Report, figures: Figures) -> ReportContent:
    draft = report.number is None
    body = _body(report)
    body_name = decree30.readable_body_name(body)
    font = decree30.serif_font()
    scope = f" tại {figures.unit.name}" if figures.unit is not None else ""
    subject = f"Kết quả thực hiện văn hóa công vụ {period_phrase(figures.period)}{scope}"
    if draft:
        kind_symbol = "BC"
        reference = f"      /{kind_symbol}-{body.symbol}"
        year = timezone.localdate().year
        date_line = f"{body.place_name}, ngày      tháng      năm {year}"
    else:
        reference = report.reference
        date_line = decree30.vietnamese_date_line(body.place_name, report.issued_on)
    lines = [line.strip().rstrip(";.").strip() for line in printable_text(report.recipients).splitlines()]
    recipients = [f"{line};" for line in lines if line]
    recipients.append("Lưu: VT.")
    signatory = report.signatory
    content = ReportContent(
        parent_body=decree30.header_lines(body.parent_name.upper(), size=decree30.SIZE_HEADER, bold=False, font=font)
        if body.parent_name
        else "",
        issuing_body=decree30.header_lines(body.name.upper(), size=decree30.SIZE_HEADER, bold=True, font=font),
        reference=reference,
        date_line=date_line,
        subject=subject,
        intro=f"{body_name} báo cáo kết quả thực hiện văn hóa công vụ {period_phrase(figures.period)}{scope} như sau:",
        blocks=report_blocks(report, figures, draft=draft),
        recipients=recipients,
        capacity=signatory.capacity.upper() if signatory and not draft else "",
        title=signatory.title.upper() if signatory and not draft else "",
        signer=signatory.full_name if signatory and not draft else "",
        author=body_name,
        draft=draft,
        sheets=[
            (str(section.title), section.tables)
            for _part, _title, keys in FIGURE_PARTS
            for section in _sections(figures, *keys)
            if section.tables
        ],
    )
    return content


# --- PDF --------------------------------------------------------------------------------------------------------


def report_html(content: ReportContent) -> str:
    font = decree30.serif_font()
    blocks = []
    for block in content.blocks:
        if block.kind == "chart":
            blocks.append({"kind": "chart", "title": block.chart.title, "svg": chart_svg(block.chart)})
        elif block.kind == "table":
            rows = [[cell_text(value) for value in row] for row in block.table.rows]
            wide = len(block.table.columns) > 6
            blocks.append({"kind": "table", "table": block.table, "rows": rows, "wide": wide})
        else:
            blocks.append({"kind": block.kind, "text": block.text})
    context = {
        "doc": content,
        "blocks": blocks,
        "kind_title": "BÁO CÁO",
        "font": font.family,
        "rules": decree30.header_rules(content, font=font),
        "header_left_cm": decree30.HEADER_LEFT_CM,
        "national_title": decree30.NATIONAL_TITLE,
        "motto": decree30.MOTTO,
        "draft_mark": DRAFT_MARK,
    }
    return render_to_string("leadership/report_print.html", context)


def report_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML  # a second to import; only workers need it

    return HTML(string=report_html(content)).write_pdf()


# --- DOCX -------------------------------------------------------------------------------------------------------


def report_docx(content: ReportContent, pictures: dict[int, bytes]) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    rules = decree30.header_rules(content, font=decree30.serif_font())
    document = decree30.docx_start(content, kind_title="BÁO CÁO", kind_name="Báo cáo", rules=rules)
    if content.draft:
        mark = document.paragraphs[0].insert_paragraph_before()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        decree30.add_run(mark, DRAFT_MARK, size=decree30.SIZE_HEADER, bold=True)
    decree30.add_run(decree30.body_paragraph(document, indent=True), content.intro, size=decree30.SIZE_BODY)
    for index, block in enumerate(content.blocks):
        if block.kind in ("heading", "text"):
            last = index == len(content.blocks) - 1
            paragraph = decree30.body_paragraph(document, indent=True, keep_with_next=block.kind == "heading" or last)
            decree30.add_run(paragraph, block.text, size=decree30.SIZE_BODY, bold=block.kind == "heading")
        elif block.kind == "table":
            table = block.table
            caption = decree30.body_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
            decree30.add_run(caption, printable_text(str(table.title)), size=SIZE_TABLE, bold=True, italic=True)
            grid = document.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, label in zip(grid.rows[0].cells, table.columns, strict=True):
                _cell(cell, printable_text(str(label)), bold=True, size=SIZE_TABLE)
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    _cell(cell, cell_text(value), size=SIZE_TABLE, right=isinstance(value, int | Decimal))
            decree30.body_paragraph(document, after=6)
        elif block.kind == "chart":
            paragraph = decree30.body_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
            # The picture carries the chart's title; its description is the title too (read by screen readers).
            picture = paragraph.add_run().add_picture(io.BytesIO(pictures[index]), width=Cm(CHART_WIDTH_CM))
            picture._inline.docPr.set("descr", printable_text(str(block.chart.title)))
    decree30.docx_signature(document, content)
    return decree30.docx_bytes(document)


def _cell(cell, text: str, *, size: float, bold=False, right=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    decree30.add_run(paragraph, text, size=size, bold=bold)


# --- XLSX -------------------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def report_xlsx(content: ReportContent) -> bytes:
    """Every table of the report, one sheet per section; cells are values, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for title, tables in content.sheets:
        name = _SHEET_FORBIDDEN.sub(" ", printable_text(title)).strip()[:31] or "Sheet"
        base, counter = name, 2
        while name.lower() in used:
            suffix = f" ({counter})"
            name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
        used.add(name.lower())
        sheet = workbook.create_sheet(name)
        sheet.append([inert(printable_text(content.subject))])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for table in tables:
            sheet.append([])
            sheet.append([inert(printable_text(str(table.title)))])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            sheet.append([inert(printable_text(str(label))) for label in table.columns])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet_append(sheet, [_xlsx_value(value) for value in row])
            if getattr(table, "note", ""):
                sheet.append([inert(printable_text(str(table.note)))])
        sheet.column_dimensions["A"].width = 40
    if not workbook.worksheets:
        workbook.create_sheet("Báo cáo").append([inert(printable_text(content.subject))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | datetime.date):
        return value  # a date becomes a date cell (sheet_append)
    return inert(printable_text(str(value)))


# --- the whole production -------------------------------------------------------------------------------------


def report_files(report: Report, figures: Figures, *, progress=lambda step: None) -> dict[str, bytes]:
    """PDF, DOCX and XLSX of the report, with a progress call before each step."""
    content = report_content(report, figures)
    progress("charts")
    pictures = {index: chart_png(block.chart) for index, block in enumerate(content.blocks) if block.kind == "chart"}
    progress("pdf")
    pdf = report_pdf(content)
    progress("docx")
    docx = report_docx(content, pictures)
    progress("xlsx")
    xlsx = report_xlsx(content)
    return {"pdf": pdf, "docx": docx, "xlsx": xlsx}


def file_stem(report: Report) -> str:
    if report.reference:
        return f"{report.reference.replace('/', '-')}-{report.public_id.hex[:8]}"
    return f"du-thao-bao-cao-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-{report.public_id.hex[:8]}"


def download_name(report: Report, fmt: str) -> str:
    if report.reference:
        return f"{report.reference.replace('/', '-')}.{fmt}"
    return f"du-thao-bao-cao-{report.period_start:%d%m%Y}-{report.period_end:%d%m%Y}.{fmt}"


# --- the monthly e-mail -----------------------------------------------------------------------------------------


def monthly_email(figures: Figures) -> tuple[str, str]:
    """Subject and plain-text body of the monthly figures-only report (no narrative, no names)."""
    period = figures.period
    subject = _("Civil-service culture: figures for %(period)s") % {"period": period.label}
    lines = [
        # Addressed to the leadership as the portal names it ("Lãnh đạo Ủy ban nhân dân tỉnh"), not to "the city".
        _("To: %(leadership)s") % {"leadership": capfirst(portal_identity().leadership_title)},
        "",
        _("Figures of the civil-service culture programme for %(period)s, whole organisation (%(start)s – %(end)s).")
        % {"period": period.label, "start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
        "",
    ]
    for part, title, _keys in FIGURE_PARTS:
        sentences = figure_sentences(part, figures)
        if sentences:
            lines.append(title)
            lines.extend(f"- {sentence}" for sentence in sentences)
            lines.append("")
    lines.append(
        _("Generated by the portal on %(date)s. The dashboard has the details per unit and per norm.")
        % {"date": f"{timezone.localdate():%d/%m/%Y}"}
    )
    return subject, "\n".join(lines)
