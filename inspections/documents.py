"""Renderers of the conclusion notice (Decree 30/2020/NĐ-CP, Appendix I): PDF through HTML, DOCX with python-docx.

Both files carry the same text in the same layout, so a clerk may file either as is:
- a Times-metric serif: the DOCX names Times New Roman (what Word uses), the PDF embeds Liberation Serif, whose
  letters have the same widths, so lines break alike (DejaVu Serif, wider, only when Liberation is missing);
- the header as a two-row table: issuing body | national title and motto, then "Số: …" | place and date, the
  second row sharing one baseline; short centred lines under the issuing body, the motto and the summary;
- the signature block kept on one page, headings kept with what follows them, page numbers from page 2;
- every date and time in Vietnam's time (Asia/Ho_Chi_Minh).
"""

import datetime
import functools
import io
import logging
import re
from dataclasses import dataclass, fields
from pathlib import Path

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from culture_portal.models import IssuingBody
from culture_portal.numbering import issuing_body_for
from culture_portal.text import printable_text
from inspections.models import Notice
from regulations.models import LegalDocument, Provision

logger = logging.getLogger(__name__)

CORE_PROPERTY_LIMIT = 255
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LANGUAGE = "vi-VN"

# Page and header geometry shared by both renderers (A4; margins within the decree's ranges).
MARGIN_TOP_CM, MARGIN_BOTTOM_CM, MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 2.0, 2.0, 3.0, 1.5
TEXT_WIDTH_CM = 21.0 - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
HEADER_LEFT_CM = 6.5  # issuing body and number
HEADER_RIGHT_CM = TEXT_WIDTH_CM - HEADER_LEFT_CM  # national title (8.8 cm in 12 pt bold Times) and date
# Font sizes in points (the decree's ranges: title 12-13, motto and bodies 13-14, recipients 11-12).
SIZE_BODY, SIZE_HEADER, SIZE_NATIONAL, SIZE_PAGE_NUMBER = 14, 13, 12, 13
SIZE_RECIPIENTS_LABEL, SIZE_RECIPIENTS = 12, 11
SIGNATURE_SPACE_PT = 64  # room for the signature and the seal above the signer's name


@dataclass(frozen=True)
class NoticeFont:
    family: str
    directory: Path
    regular: str
    bold: str
    italic: str
    bold_italic: str

    def file(self, *, bold=False, italic=False) -> Path:
        name = {(False, False): self.regular, (True, False): self.bold, (False, True): self.italic}.get(
            (bold, italic), self.bold_italic
        )
        return self.directory / name


# Debian's fonts-liberation2 (the Makefile installs it): Times New Roman's widths, Vietnamese letters.
LIBERATION_SERIF = NoticeFont(
    "Liberation Serif", Path("/usr/share/fonts/truetype/liberation2"),
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)  # fmt: skip
DEJAVU_SERIF = NoticeFont(
    "DejaVu Serif", Path("/usr/share/fonts/truetype/dejavu"),
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf",
)  # fmt: skip
DOCX_FONT = "Times New Roman"


@functools.cache
def notice_font() -> NoticeFont:
    """The serif the PDF embeds: Liberation Serif, or DejaVu Serif with a warning (once per process)."""
    if LIBERATION_SERIF.file().is_file():
        return LIBERATION_SERIF
    logger.warning(
        "Liberation Serif is missing (%s): conclusion notices are printed in DejaVu Serif, which is wider than "
        "Times New Roman, so their PDF lines break differently from the DOCX. Install the Debian package "
        "fonts-liberation2 (`make run` and `make test` do).",
        LIBERATION_SERIF.file(),
    )
    return DEJAVU_SERIF


@functools.lru_cache(maxsize=8)
def _face(path: Path):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), 1000)


def text_width_cm(text: str, size: float, *, bold=False, italic=False) -> float:
    """Width of one line of `text` in the notice's font (an average serif letter when no font file is there)."""
    try:
        units = _face(notice_font().file(bold=bold, italic=italic)).getlength(text)
    except OSError:
        units = 520 * len(text)
    return units / 1000 * size / 72 * 2.54


def vietnamese_date_line(place: str, day) -> str:
    """ "Hà Tĩnh, ngày 05 tháng 3 năm 2026": days below 10 and months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def vietnam_time(moment: datetime.datetime) -> str:
    """ "06 giờ 00 ngày 02/12/2026" in Vietnam's time, whatever time zone the caller has activated."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return f"{local:%H} giờ {local:%M} ngày {local:%d/%m/%Y}"


# Kinds of document by the symbol in their number (Decree 30/2020, Appendix III), as a citation names them.
KIND_BY_SYMBOL = {
    "NQ": "Nghị quyết", "NĐ": "Nghị định", "QĐ": "Quyết định", "CT": "Chỉ thị", "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch", "QC": "Quy chế", "QyĐ": "Quy định", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "BC": "Báo cáo",
    "KL": "Kết luận", "CĐ": "Công điện",
}  # fmt: skip
KIND_BY_DOCUMENT_KIND = {
    LegalDocument.Kind.DECISION: "Quyết định", LegalDocument.Kind.DIRECTIVE: "Chỉ thị",
    LegalDocument.Kind.PLAN: "Kế hoạch", LegalDocument.Kind.CONCLUSION: "Kết luận",
    LegalDocument.Kind.NOTICE: "Thông báo", LegalDocument.Kind.OFFICIAL_LETTER: "Công văn",
}  # fmt: skip
# Texts that are not issued on their own but with a decision ("ban hành kèm theo Quyết định số …").
ATTACHED_KINDS = {
    LegalDocument.Kind.CODE_OF_CONDUCT, LegalDocument.Kind.REGULATION, LegalDocument.Kind.WORKING_RULES,
}  # fmt: skip
# How a citation names each level: "điểm a khoản 2 Điều 5" (lower-case below the article).
LEVEL_WORDS = {
    "phan": "Phần", "chuong": "Chương", "muc": "Mục", "dieu": "Điều", "khoan": "khoản", "diem": "điểm",
}  # fmt: skip
ROMAN_LEVELS = {"phan", "chuong", "muc"}


def kind_from_reference(reference: str) -> str:
    """ "1520/QĐ-UBND" and "20/2019/QĐ-UBND" -> "Quyết định"; "29-KL/TU" -> "Kết luận"; "" when unknown."""
    parts = reference.strip().split("/")
    if parts and "-" in parts[0]:  # Party style: the kind follows the number
        return KIND_BY_SYMBOL.get(parts[0].split("-", 1)[1].strip(), "")
    for part in parts[1:]:
        if "-" in part:
            return KIND_BY_SYMBOL.get(part.split("-", 1)[0].strip(), "")
    return ""


def provision_citation(anchor: str, numbers: dict[str, str] | None = None) -> str:
    """ "dieu-5-khoan-2-diem-a" -> "điểm a khoản 2 Điều 5": the lowest level first.

    `numbers` maps each partial anchor to the provision's number as printed (a point "đ" folds to "d" in the
    anchor); without it the number is read from the anchor.
    """
    parts = anchor.split("-")
    levels = []
    for index in range(0, len(parts) - 1, 2):
        word, number = parts[index], parts[index + 1]
        number = (numbers or {}).get("-".join(parts[: index + 2]), number)
        if word in ROMAN_LEVELS:
            number = number.upper()
        levels.append(f"{LEVEL_WORDS.get(word, word)} {number}")
    return " ".join(reversed(levels))


def document_citation(document: LegalDocument) -> str:
    """The document as a citation names it, with its issuer.

    A code of conduct or a regulation: "Quy tắc ứng xử … ban hành kèm theo Quyết định số 1520/QĐ-UBND ngày
    15/06/2024 của UBND thành phố Hà Tĩnh"; a decision itself: "Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của
    Thủ tướng Chính phủ phê duyệt Đề án …".
    """
    reference, issuer = document.reference.strip(), document.issuer.name.strip()
    title = _clause(document.title.strip())
    issued = f" ngày {document.issue_date:%d/%m/%Y}" if document.issue_date else ""
    by = f" của {issuer}" if issuer else ""
    if document.kind in ATTACHED_KINDS:
        # Some records keep the decision's title ("Ban hành Quy chế …"): the text itself is "Quy chế …".
        if title.lower().startswith("ban hành "):
            title = _capitalise(title[len("ban hành ") :])
        if not reference:
            return title
        kind = kind_from_reference(reference) or "Quyết định"
        return f"{title} ban hành kèm theo {kind} số {reference}{issued}{by}"
    kind = kind_from_reference(reference) or KIND_BY_DOCUMENT_KIND.get(document.kind, "văn bản")
    if not reference:
        return title
    return f"{kind} số {reference}{issued}{by} {_decapitalise(title)}".strip()


def _provision_numbers(citations) -> dict[tuple[int, str], str]:
    """(document id, partial anchor) -> the number as printed, from the documents' current versions (one query)."""
    wanted, documents = set(), set()
    for citation in citations:
        parts = citation.anchor.split("-")
        wanted.update("-".join(parts[: index + 2]) for index in range(0, len(parts) - 1, 2))
        documents.add(citation.document_id)
    if not wanted:
        return {}
    rows = Provision.objects.filter(
        version__document_id__in=documents, version__is_current=True, anchor__in=wanted
    ).values_list("version__document_id", "anchor", "number")
    return {(document_id, anchor): number for document_id, anchor, number in rows}


def norm_citation(citation, numbers: dict[tuple[int, str], str]) -> str:
    """ "khoản 1 Điều 4 Quy tắc ứng xử … ban hành kèm theo Quyết định số … ngày … của …"."""
    own = {anchor: number for (document_id, anchor), number in numbers.items() if document_id == citation.document_id}
    return f"{provision_citation(citation.anchor, own)} {document_citation(citation.document)}"


# Internal codes ("(mã 7474b8-0)", "(mã số: NV00012)") mean nothing to a reader of the notice.
_INTERNAL_CODE = re.compile(r"\s*\(\s*mã(?:\s+số)?\s*:?\s*[\w./-]*\d[\w./-]*\s*\)", re.IGNORECASE)
_ENDS_A_SENTENCE = re.compile(r"""[.!?…:;]["'”’»)]*$""")


def _free(text: str) -> str:
    """Text typed by staff, without internal codes, before it is put into a sentence."""
    return _INTERNAL_CODE.sub("", text or "").strip()


def _sentence(text: str) -> str:
    """The text as a sentence: a full stop added only when it does not already end in punctuation."""
    text = text.strip()
    return text if not text or _ENDS_A_SENTENCE.search(text) else f"{text}."


def _clause(text: str) -> str:
    """The text to go on inside a sentence: without the full stop, comma or semicolon it may end with."""
    text = text.strip()
    while text.endswith((".", ",", ";")) and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decapitalise(text: str) -> str:
    """ "Phê duyệt Đề án" -> "phê duyệt Đề án"; an acronym at the start ("UBND …") stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _percent(value: float) -> str:
    """92.3 -> "92,3%", 100.0 -> "100%" (Vietnamese decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def person_name(user) -> str:
    """The name HR records (the Official), else the account's; never the login, which is an internal code."""
    official = getattr(user, "official", None)
    if official is not None and official.full_name.strip():
        return official.full_name.strip()
    return f"{user.last_name} {user.first_name}".strip()


def readable_body_name(body: IssuingBody) -> str:
    """The issuing body's name for running text: as recorded, or its unit's name when recorded in capitals."""
    return body.unit.name if body.name.isupper() else body.name


# Organs whose printed name is cut after the organ's kind: "ỦY BAN NHÂN DÂN" / "THÀNH PHỐ HÀ TĨNH".
ORGAN_PREFIXES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def header_lines(name: str, *, size: float, bold: bool) -> str:
    """The issuing body's name cut into the lines of the header's left column ("\\n" between them)."""
    if "\n" in name:
        return "\n".join(line.strip() for line in name.splitlines() if line.strip())
    if text_width_cm(name, size, bold=bold) <= HEADER_LEFT_CM:
        return name
    for prefix in ORGAN_PREFIXES:
        if name.startswith(prefix + " "):
            return f"{prefix}\n{name[len(prefix) :].strip()}"
    return name


def drafting_unit_symbol(unit, *, on: datetime.date, fallback: str) -> str:
    """The drafting unit's symbol for "Lưu: VT, …".

    The unit's own issuing-body symbol when it has one ("NV" for Phòng Nội vụ); else the initials of a
    specialised office's name after "Phòng" ("Phòng Tài chính - Kế hoạch" -> "TCKH"), or "VP" for an office
    (văn phòng); else the issuing body's symbol.
    """
    if unit is None:
        return fallback
    own = IssuingBody.objects.in_force(on).filter(unit=unit).values_list("symbol", flat=True).first()
    if own:
        return own
    name = unit.name.strip()
    if name.lower().startswith("văn phòng"):
        return "VP"
    if name.startswith("Phòng "):
        words = [word for word in re.split(r"[\s,–-]+", name[len("Phòng ") :]) if word and word.lower() != "và"]
        symbol = "".join(word[0].upper() for word in words)
        if 2 <= len(symbol) <= 6:
            return symbol
    return fallback


@dataclass
class NoticeContent:
    parent_body: str
    issuing_body: str  # lines of the header separated by "\n"
    reference: str
    date_line: str
    subject: str
    bases: list[str]
    paragraphs: list[tuple[str, str]]  # (kind, text): "heading", "subheading" (a unit's name) or "text"
    recipients: list[str]
    capacity: str
    title: str
    signer: str
    author: str = ""  # the issuing body for the files' properties

    @property
    def issuing_body_lines(self) -> list[str]:
        return self.issuing_body.split("\n")

    @property
    def parent_body_lines(self) -> list[str]:
        return [line for line in self.parent_body.split("\n") if line]


def notice_content(notice: Notice) -> NoticeContent:
    from inspections.services import attendance_rate  # services -> notices -> this module: import when used

    inspection = notice.inspection
    body = issuing_body_for(unit=notice.issuing_unit, on=notice.issued_on)
    body_name = readable_body_name(body)
    units = list(inspection.units.order_by("path"))
    conclusion = inspection.conclusion
    findings = list(
        inspection.findings.select_related("unit", "official", "norm", "measure")
        .prefetch_related("norm__citations__document__issuer")
        .order_by("unit__path", "created_at")
    )
    numbers = _provision_numbers([c for f in findings for c in f.norm.citations.all()])
    leader = get_user_model().objects.select_related("official__unit").get(pk=inspection.leader_id)
    members = [person_name(m) for m in inspection.members.select_related("official").order_by("last_name")]
    unit_names = ", ".join(unit.name for unit in units)
    team = f"Đoàn kiểm tra gồm: {person_name(leader)} (Trưởng đoàn)" + (
        f"; thành viên: {', '.join(members)}" if members else ""
    )
    groups = "; ".join(group.name for group in inspection.norm_groups.order_by("order"))
    paragraphs = [
        ("text", _sentence(team)),
        ("text", f"Thời gian kiểm tra: từ {vietnam_time(inspection.window_start)} đến "
                 f"{vietnam_time(inspection.window_end)}, tại: {unit_names}."),
        ("text", _sentence(f"Nội dung kiểm tra: {groups}")),
        ("heading", "I. KẾT QUẢ KIỂM TRA"),
        ("heading", "1. Đánh giá chung"),
        ("text", _sentence(_free(conclusion.overall))),
    ]  # fmt: skip
    for unit in units:
        rate = attendance_rate(inspection=inspection, unit=unit)
        if rate is not None:
            paragraphs.append(
                ("text", f"- {unit.name}: tỷ lệ cán bộ, công chức, viên chức và người lao động có mặt tại thời "
                         f"điểm kiểm tra đạt {_percent(rate)}.")
            )  # fmt: skip
    commendations = [f for f in findings if f.is_commendation]
    breaches = [f for f in findings if not f.is_commendation]
    number = 1
    good_points = _free(conclusion.good_points)
    if good_points or commendations:  # no heading over nothing
        number += 1
        paragraphs.append(("heading", f"{number}. Ưu điểm"))
        if good_points:
            paragraphs.append(("text", _sentence(good_points)))
        for finding in commendations:
            paragraphs.append(("text", _sentence(f"- {finding.unit.name}: {_free(finding.observed)}")))
    paragraphs.append(("heading", f"{number + 1}. Tồn tại, hạn chế"))
    if not breaches:
        paragraphs.append(("text", "Không phát hiện vi phạm."))
    for unit in units:
        unit_breaches = [f for f in breaches if f.unit_id == unit.pk]
        if unit_breaches:
            paragraphs.append(("subheading", f"{unit.name}:"))
        for finding in unit_breaches:
            who = f" ({finding.official.full_name})" if finding.official else ""
            cited = "; ".join(norm_citation(c, numbers) for c in finding.norm.citations.all())
            text = f"- {_clause(finding.norm.title)}{who}: {_clause(_free(finding.observed))}"
            paragraphs.append(("text", _sentence(f"{text}, vi phạm quy định tại {cited}" if cited else text)))
    paragraphs.append(("heading", "II. YÊU CẦU"))
    for requirement in conclusion.requirements.select_related("unit").order_by("unit__path", "pk"):
        text = f"- {requirement.unit.name}: {_sentence(_free(requirement.text))}"
        if requirement.deadline:  # the last day allowed: the action is overdue from the day after
            text += f" Thời hạn hoàn thành: chậm nhất ngày {requirement.deadline:%d/%m/%Y}."
        paragraphs.append(("text", text))
    proposed = [f for f in breaches if f.official and f.measure]
    if proposed:
        paragraphs.append(("heading", "III. ĐỀ XUẤT XỬ LÝ"))
        for finding in proposed:
            paragraphs.append(
                ("text", _sentence(f"- {finding.official.full_name}, {finding.unit.name}: {finding.measure.name}"))
            )
    basis_kind = kind_from_reference(inspection.basis_reference) or "Quyết định"
    basis_issuer = _basis_issuer(inspection.basis_reference, on=inspection.basis_date, body=body, body_name=body_name)
    basis_by = f" của {basis_issuer}" if basis_issuer else ""
    drafting = drafting_unit_symbol(
        getattr(getattr(leader, "official", None), "unit", None), on=notice.issued_on, fallback=body.symbol
    )
    return _printable(
        NoticeContent(
            parent_body=header_lines(body.parent_name.upper(), size=SIZE_HEADER, bold=False)
            if body.parent_name
            else "",
            issuing_body=header_lines(body.name.upper(), size=SIZE_HEADER, bold=True),
            reference=notice.reference,
            date_line=vietnamese_date_line(body.place_name, notice.issued_on),
            subject=f"Kết luận kiểm tra công vụ tại {unit_names}",
            bases=[
                f"Căn cứ {basis_kind} số {inspection.basis_reference.strip()} ngày {inspection.basis_date:%d/%m/%Y}"
                f"{basis_by} về việc kiểm tra công vụ;"
            ],
            paragraphs=paragraphs,
            recipients=[f"{unit.name};" for unit in units] + [f"Lưu: VT, {drafting}."],
            capacity=notice.signatory.capacity.upper(),
            title=notice.signatory.title.upper(),
            signer=notice.signatory.full_name,
            author=body_name,
        )
    )


def _basis_issuer(reference: str, *, on: datetime.date, body: IssuingBody, body_name: str) -> str:
    """Who issued the decision ordering the inspection, read from its symbol ("15/QĐ-UBND": the body whose
    symbol is UBND); the notice's own issuing body when the symbol is its own or names no single recorded body."""
    last = reference.strip().split("/")[-1]
    symbol = last.split("-", 1)[1] if "-" in last else ""
    if not symbol or symbol == body.symbol:
        return body_name
    others = list(IssuingBody.objects.in_force(on).filter(symbol=symbol).select_related("unit")[:2])
    return readable_body_name(others[0]) if len(others) == 1 else body_name


def _printable(content: NoticeContent) -> NoticeContent:
    """Every text of the notice without control characters (python-docx refuses them: a finding pasted from Word
    may hold a vertical tab, and the notice could then never be produced) and without internal codes."""

    def clean(value):
        if isinstance(value, str):
            return _INTERNAL_CODE.sub("", printable_text(value))
        if isinstance(value, list | tuple):
            return type(value)(clean(item) for item in value)
        return value

    return NoticeContent(**{field.name: clean(getattr(content, field.name)) for field in fields(content)})


@dataclass(frozen=True)
class Rules:
    """Lengths (cm) of the short centred lines under the issuing body, the motto and the summary."""

    body: float
    motto: float
    subject: float


def notice_rules(content: NoticeContent) -> Rules:
    body = max(text_width_cm(line, SIZE_HEADER, bold=True) for line in content.issuing_body_lines)
    subject = min(text_width_cm(content.subject, SIZE_BODY, bold=True), TEXT_WIDTH_CM)
    return Rules(
        body=round(min(body, HEADER_LEFT_CM) * 0.4, 2),  # a third to a half of the name
        motto=round(text_width_cm(MOTTO, SIZE_HEADER, bold=True), 2),  # as long as the motto
        subject=round(min(max(subject / 3, 2.5), 5.0), 2),
    )


def notice_html(content: NoticeContent) -> str:
    """The page WeasyPrint prints."""
    context = {
        "notice": content,
        "font": notice_font().family,
        "rules": notice_rules(content),
        "header_left_cm": HEADER_LEFT_CM,
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
    }
    return render_to_string("inspections/notice_print.html", context)


def notice_pdf(content: NoticeContent) -> bytes:
    from weasyprint import HTML  # a second to import; only workers need it

    return HTML(string=notice_html(content)).write_pdf()


def _property(text: str) -> str:
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[: CORE_PROPERTY_LIMIT - 1] + "…"


def notice_docx(content: NoticeContent) -> bytes:
    document = Document()
    _docx_defaults(document, content)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance = Cm(1)
    _page_numbers(section)
    rules = notice_rules(content)

    header = _table(document, [HEADER_LEFT_CM, HEADER_RIGHT_CM])
    left, right = header.rows[0].cells
    first = True
    for line in content.parent_body_lines:
        _cell_line(left, line, size=SIZE_HEADER, first=first)
        first = False
    body = _cell_line(left, content.issuing_body_lines[0], size=SIZE_HEADER, bold=True, first=first)
    for line in content.issuing_body_lines[1:]:
        body.runs[-1].add_break()
        _run(body, line, size=SIZE_HEADER, bold=True)
    _rule(left.add_paragraph(), width_cm=rules.body, room_cm=HEADER_LEFT_CM)
    _cell_line(right, NATIONAL_TITLE, size=SIZE_NATIONAL, bold=True, first=True)
    _cell_line(right, MOTTO, size=SIZE_HEADER, bold=True)
    _rule(right.add_paragraph(), width_cm=rules.motto, room_cm=HEADER_RIGHT_CM)
    number, date = header.add_row().cells
    # One row, the same size and the same padding: "Số: …" and the date line share a baseline.
    _cell_line(number, f"Số: {content.reference}", size=SIZE_HEADER, first=True)
    _cell_line(date, content.date_line, size=SIZE_HEADER, italic=True, first=True)
    for cell in (number, date):
        _cell_top_margin(cell, 6)

    kind = _body_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0, keep_with_next=True)
    _run(kind, "THÔNG BÁO", size=SIZE_BODY, bold=True)
    subject = _body_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep_with_next=True)
    _run(subject, content.subject, size=SIZE_BODY, bold=True)
    _rule(_body_paragraph(document, after=12), width_cm=rules.subject, room_cm=TEXT_WIDTH_CM)
    for basis in content.bases:
        _run(_body_paragraph(document, indent=True), basis, size=SIZE_BODY, italic=True)
    for index, (kind, text) in enumerate(content.paragraphs):
        last = index == len(content.paragraphs) - 1
        # A heading or a unit's name goes with what follows; the last paragraph goes with the signature.
        paragraph = _body_paragraph(document, indent=True, keep_with_next=kind != "text" or last)
        _run(paragraph, text, size=SIZE_BODY, bold=kind == "heading")

    footer = _table(document, [TEXT_WIDTH_CM / 2, TEXT_WIDTH_CM / 2])
    recipients, signature = footer.rows[0].cells
    _cell_line(recipients, "Nơi nhận:", size=SIZE_RECIPIENTS_LABEL, bold=True, italic=True, first=True,
               align=WD_ALIGN_PARAGRAPH.LEFT)  # fmt: skip
    for recipient in content.recipients:
        _cell_line(recipients, f"- {recipient}", size=SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_line(signature, content.capacity, size=SIZE_BODY, bold=True, first=True)
    _cell_line(signature, content.title, size=SIZE_BODY, bold=True)
    signer = _cell_line(signature, content.signer, size=SIZE_BODY, bold=True)
    signer.paragraph_format.space_before = Pt(SIGNATURE_SPACE_PT)
    for cell in (recipients, signature):  # the whole block on one page
        for paragraph in cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_defaults(document, content: NoticeContent) -> None:
    """Times New Roman 14 pt in Vietnamese (Word checks the spelling as Vietnamese), single spacing by default,
    and the file's properties: title, author, language."""
    defaults = _child(document.styles.element, "w:docDefaults")
    run_defaults = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    fonts = _child(run_defaults, "w:rFonts")
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    _set(fonts, {"w:ascii": DOCX_FONT, "w:hAnsi": DOCX_FONT, "w:eastAsia": DOCX_FONT, "w:cs": DOCX_FONT})
    _set(_child(run_defaults, "w:sz"), {"w:val": str(SIZE_BODY * 2)})
    _set(_child(run_defaults, "w:szCs"), {"w:val": str(SIZE_BODY * 2)})
    _set(_child(run_defaults, "w:lang"), {"w:val": LANGUAGE, "w:eastAsia": LANGUAGE})
    spacing = _child(_child(_child(defaults, "w:pPrDefault"), "w:pPr"), "w:spacing")
    spacing.attrib.clear()
    _set(spacing, {"w:before": "0", "w:after": "0", "w:line": "240", "w:lineRule": "auto"})
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FONT, Pt(SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), DOCX_FONT)
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    properties = document.core_properties
    # python-docx (and the OOXML core properties) hold at most 255 characters: the summary of an inspection of
    # many units is longer, and must not make the notice impossible to produce.
    properties.title = _property(content.subject)
    properties.author = properties.last_modified_by = _property(content.author)
    properties.language = LANGUAGE
    properties.comments = properties.keywords = properties.category = ""
    properties.subject = "Thông báo"
    now = timezone.now().astimezone(datetime.UTC).replace(tzinfo=None)  # stored as UTC ("Z")
    properties.created = properties.modified = now
    properties.revision = 1


def _child(parent, tag: str):
    """The child `tag` of an element of the template's settings, made when the template has none."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def _set(element, attributes: dict[str, str]) -> None:
    for name, value in attributes.items():
        element.set(qn(name), value)


def _page_numbers(section) -> None:
    """A PAGE field centred in the top margin of every page but the first (a first-page header left empty)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(paragraph)
    run = paragraph.add_run()
    run.font.size = Pt(SIZE_PAGE_NUMBER)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _table(document, widths_cm: list[float]):
    """A borderless table as wide as the text, of fixed column widths, without left and right cell padding (its
    text starts at the margin, as "Nơi nhận:" must), whose rows never break across pages."""
    table = document.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    _set(_child(properties, "w:tblW"), {"w:w": str(round(sum(widths_cm) / 2.54 * 1440)), "w:type": "dxa"})
    padding = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        _set(margin, {"w:w": "0", "w:type": "dxa"})
        padding.append(margin)
    properties.insert_element_before(padding, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    _cant_split(table.rows[0])
    return table


def _cant_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.insert_element_before(
            OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"
        )


def _cell_top_margin(cell, points: float) -> None:
    properties = cell._tc.get_or_add_tcPr()
    margins = OxmlElement("w:tcMar")
    top = OxmlElement("w:top")
    _set(top, {"w:w": str(round(points * 20)), "w:type": "dxa"})  # twentieths of a point
    margins.append(top)
    properties.insert_element_before(
        margins, "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel"
    )


def _tight(paragraph) -> None:
    """Inside the header and signature tables: no space before or after, single line spacing."""
    paragraph_format = paragraph.paragraph_format
    paragraph_format.space_before, paragraph_format.space_after = Pt(0), Pt(0)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _run(paragraph, text: str, *, size: float, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return run


def _cell_line(cell, text, *, size, bold=False, italic=False, first=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = paragraph.paragraph_format.left_indent = Cm(0)
    _tight(paragraph)
    _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _body_paragraph(document, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=False, before=0, after=6,
                    keep_with_next=False):  # fmt: skip
    """Body text: justified, first line indented 1 cm, 6 pt after, single spacing."""
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph_format = paragraph.paragraph_format
    paragraph_format.space_before, paragraph_format.space_after = Pt(before), Pt(after)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent:
        paragraph_format.first_line_indent = Cm(1)
    paragraph_format.keep_with_next = keep_with_next
    paragraph_format.widow_control = True
    return paragraph


def _rule(paragraph, *, width_cm: float, room_cm: float) -> None:
    """A short centred line: an empty paragraph as wide as the line, 3 pt high, with a bottom border."""
    side = Cm(max((room_cm - width_cm) / 2, 0))
    paragraph_format = paragraph.paragraph_format
    paragraph_format.left_indent = paragraph_format.right_indent = side
    paragraph_format.first_line_indent = Cm(0)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(3)
    paragraph_format.space_before = Pt(0)
    if paragraph_format.space_after is None:
        paragraph_format.space_after = Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange",
    )  # fmt: skip
