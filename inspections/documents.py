"""Renderers of the conclusion notice (Decree 30/2020/NĐ-CP, Appendix I): PDF through HTML, DOCX with python-docx.

Both files carry the same text in the same layout, so a clerk may file either as is. The layout itself — fonts,
header, title, signature block, page numbers — is the one every issued document shares (culture_portal/decree30.py);
this module writes the notice's body: the inspection, its findings with the provisions breached, the requirements.
"""

import datetime
import functools
import logging
import re
from dataclasses import dataclass, fields

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from culture_portal import decree30
from culture_portal.decree30 import (  # noqa: F401 - the notice's layout names, as its tests and callers know them
    CORE_PROPERTY_LIMIT,
    DEJAVU_SERIF,
    DOCX_FONT,
    HEADER_LEFT_CM,
    HEADER_RIGHT_CM,
    LANGUAGE,
    LIBERATION_SERIF,
    MARGIN_BOTTOM_CM,
    MARGIN_LEFT_CM,
    MARGIN_RIGHT_CM,
    MARGIN_TOP_CM,
    MOTTO,
    NATIONAL_TITLE,
    ORGAN_PREFIXES,
    SIGNATURE_SPACE_PT,
    SIZE_BODY,
    SIZE_HEADER,
    SIZE_NATIONAL,
    SIZE_PAGE_NUMBER,
    SIZE_RECIPIENTS,
    SIZE_RECIPIENTS_LABEL,
    TEXT_WIDTH_CM,
    Rules,
    person_name,
    readable_body_name,
    vietnam_time,
    vietnamese_date_line,
)
from culture_portal.decree30 import DocumentFont as NoticeFont
from culture_portal.decree30 import percent as _percent
from culture_portal.models import IssuingBody
from culture_portal.numbering import issuing_body_for
from culture_portal.roles import in_name_order
from culture_portal.text import printable_text
from inspections.models import Notice
from regulations.models import LegalDocument, Provision

logger = logging.getLogger(__name__)


@functools.cache
def notice_font() -> NoticeFont:
    """The serif the notice's PDF embeds: Liberation Serif, or DejaVu Serif with a warning (once per process)."""
    return decree30.choose_font(LIBERATION_SERIF, DEJAVU_SERIF, log=logger, what="conclusion notices")


def text_width_cm(text: str, size: float, *, bold=False, italic=False) -> float:
    """Width of one line of `text` in the notice's font (an average serif letter when no font file is there)."""
    return decree30.text_width_cm(text, size, bold=bold, italic=italic, font=notice_font())


def header_lines(name: str, *, size: float, bold: bool) -> str:
    """The issuing body's name cut into the lines of the header's left column ("\\n" between them)."""
    return decree30.header_lines(name, size=size, bold=bold, font=notice_font())


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
    from inspections.services import attendance_rates  # services -> notices -> this module: import when used

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
    members = [person_name(m) for m in in_name_order(inspection.members.select_related("official"))]
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
    rates = attendance_rates(inspection=inspection)
    for unit in units:
        rate = rates.get(unit.pk)
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


def notice_rules(content: NoticeContent) -> Rules:
    return decree30.header_rules(content, font=notice_font())


def notice_html(content: NoticeContent) -> str:
    """The page WeasyPrint prints."""
    context = {
        "doc": content,
        "notice": content,
        "kind_title": "THÔNG BÁO",
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


def notice_docx(content: NoticeContent) -> bytes:
    document = decree30.docx_start(content, kind_title="THÔNG BÁO", kind_name="Thông báo", rules=notice_rules(content))
    for basis in content.bases:
        decree30.add_run(decree30.body_paragraph(document, indent=True), basis, size=SIZE_BODY, italic=True)
    for index, (kind, text) in enumerate(content.paragraphs):
        last = index == len(content.paragraphs) - 1
        # A heading or a unit's name goes with what follows; the last paragraph goes with the signature.
        paragraph = decree30.body_paragraph(document, indent=True, keep_with_next=kind != "text" or last)
        decree30.add_run(paragraph, text, size=SIZE_BODY, bold=kind == "heading")
    decree30.docx_signature(document, content)
    return decree30.docx_bytes(document)
