"""The Decree 30/2020/NĐ-CP layout (Appendix I) that every document the portal issues shares: page, fonts, the
header (issuing body | national title and motto, then "Số: …" | place and date), the title, the signature block
with the recipients, page numbers from page 2 — as HTML for WeasyPrint (templates/decree30/page.html) and as DOCX
(python-docx). The conclusion notice (inspections/documents.py) and the periodic report
(culture_portal/leadership/report_documents.py) build their bodies on top of it.

- a Times-metric serif: the DOCX names Times New Roman (what Word uses), the PDF embeds Liberation Serif, whose
  letters have the same widths, so lines break alike (DejaVu Serif, wider, only when Liberation is missing);
- the header as a two-row table, the second row sharing one baseline; short centred lines under the issuing body,
  the motto and the summary;
- the signature block kept on one page, headings kept with what follows them;
- every date and time in Vietnam's time (Asia/Ho_Chi_Minh).

A document's content object (duck-typed) has: parent_body, issuing_body (lines separated by "\\n"), reference,
date_line, subject, recipients, capacity, title, signer, author, and the properties issuing_body_lines and
parent_body_lines.
"""

import datetime
import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from culture_portal.models import IssuingBody

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
class DocumentFont:
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
LIBERATION_SERIF = DocumentFont(
    "Liberation Serif", Path("/usr/share/fonts/truetype/liberation2"),
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)  # fmt: skip
DEJAVU_SERIF = DocumentFont(
    "DejaVu Serif", Path("/usr/share/fonts/truetype/dejavu"),
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf",
)  # fmt: skip
DOCX_FONT = "Times New Roman"


def choose_font(preferred: DocumentFont, fallback: DocumentFont, *, log: logging.Logger, what: str) -> DocumentFont:
    """The serif a PDF embeds: `preferred` (Liberation Serif), or `fallback` with a warning."""
    if preferred.file().is_file():
        return preferred
    log.warning(
        "Liberation Serif is missing (%s): %s are printed in DejaVu Serif, which is wider than "
        "Times New Roman, so their PDF lines break differently from the DOCX. Install the Debian package "
        "fonts-liberation2 (`make run` and `make test` do).",
        preferred.file(),
        what,
    )
    return fallback


@functools.cache
def serif_font() -> DocumentFont:
    """The serif of documents other than the notice (which keeps its own choice, inspections.documents), once per
    process."""
    return choose_font(LIBERATION_SERIF, DEJAVU_SERIF, log=logger, what="documents")


@functools.lru_cache(maxsize=8)
def _face(path: Path):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), 1000)


def text_width_cm(text: str, size: float, *, font: DocumentFont, bold=False, italic=False) -> float:
    """Width of one line of `text` in `font` (an average serif letter when no font file is there)."""
    try:
        units = _face(font.file(bold=bold, italic=italic)).getlength(text)
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


def percent(value: float) -> str:
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


def header_lines(name: str, *, size: float, bold: bool, font: DocumentFont) -> str:
    """The issuing body's name cut into the lines of the header's left column ("\\n" between them)."""
    if "\n" in name:
        return "\n".join(line.strip() for line in name.splitlines() if line.strip())
    if text_width_cm(name, size, bold=bold, font=font) <= HEADER_LEFT_CM:
        return name
    for prefix in ORGAN_PREFIXES:
        if name.startswith(prefix + " "):
            return f"{prefix}\n{name[len(prefix) :].strip()}"
    return name


@dataclass(frozen=True)
class Rules:
    """Lengths (cm) of the short centred lines under the issuing body, the motto and the summary."""

    body: float
    motto: float
    subject: float


def header_rules(content, *, font: DocumentFont) -> Rules:
    body = max(text_width_cm(line, SIZE_HEADER, bold=True, font=font) for line in content.issuing_body_lines)
    subject = min(text_width_cm(content.subject, SIZE_BODY, bold=True, font=font), TEXT_WIDTH_CM)
    return Rules(
        body=round(min(body, HEADER_LEFT_CM) * 0.4, 2),  # a third to a half of the name
        motto=round(text_width_cm(MOTTO, SIZE_HEADER, bold=True, font=font), 2),  # as long as the motto
        subject=round(min(max(subject / 3, 2.5), 5.0), 2),
    )


def _property(text: str) -> str:
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[: CORE_PROPERTY_LIMIT - 1] + "…"


def docx_start(content, *, kind_title: str, kind_name: str, rules: Rules):
    """A new A4 document in the decree's layout up to the title: defaults, margins, page numbers from page 2, the
    header table (issuing body | national title and motto; "Số: …" | place and date), the kind of document in
    capitals ("THÔNG BÁO", "BÁO CÁO"), the summary and the short line under it."""
    document = Document()
    _docx_defaults(document, content, kind_name=kind_name)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance = Cm(1)
    _page_numbers(section)

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
    _run(kind, kind_title, size=SIZE_BODY, bold=True)
    subject = _body_paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep_with_next=True)
    _run(subject, content.subject, size=SIZE_BODY, bold=True)
    _rule(_body_paragraph(document, after=12), width_cm=rules.subject, room_cm=TEXT_WIDTH_CM)
    return document


def docx_signature(document, content) -> None:
    """The recipients (flush left) and the signature block side by side, the whole block on one page."""
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


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_defaults(document, content, *, kind_name: str) -> None:
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
    # many units is longer, and must not make the document impossible to produce.
    properties.title = _property(content.subject)
    properties.author = properties.last_modified_by = _property(content.author)
    properties.language = LANGUAGE
    properties.comments = properties.keywords = properties.category = ""
    properties.subject = kind_name
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


# What the bodies of the documents build with (inspections/documents.py, culture_portal/leadership/report_documents.py).
add_run = _run
body_paragraph = _body_paragraph
cell_line = _cell_line
layout_table = _table
