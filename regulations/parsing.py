"""Parse the plain text of a Vietnamese legal document into its tree.

Recognised lines (after collapsing spaces, any letter case for the keywords):
"Phần thứ nhất" / "Phần I", "Chương I" / "Chương 2", "Mục 1", "Điều 5. Title",
clauses "1. text" and points "a) text". Any other line continues the node
above it (or the preamble before the first node); a chapter or section whose
title is not on its own line takes the next line as its title. Lines that
cannot be placed (a clause before any article, a point before any clause or
article, a section outside a chapter) and duplicate numbers are errors, each
with its line number; the caller saves nothing while there is one.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from culture_portal.text import fold

ROMAN = r"[IVXLC]+"
# The number must end the keyword's word ("Mục lục" is not Section L, "Mục vi phạm" not Section VI);
# an article number is followed by "." or ":" or ends the line ("Điều 5 Luật ..." is body text);
# a clause is "1." or "1)" followed by a space ("1.000.000 đồng" is body text).
END = r"(?=[\s.:]|$)"
PATTERNS = [
    # Keywords in any case ("CHƯƠNG"), Roman numbers in capitals only ("Mục vi phạm" is body text).
    ("part", re.compile(rf"^(?i:phần)\s+((?i:thứ)\s+\w+|{ROMAN}{END}|\d+{END})\s*[.:]?\s*(.*)$")),
    ("chapter", re.compile(rf"^(?i:chương)\s+({ROMAN}|\d+){END}\s*[.:]?\s*(.*)$")),
    ("section", re.compile(rf"^(?i:mục)\s+({ROMAN}|\d+){END}\s*[.:]?\s*(.*)$")),
    ("article", re.compile(r"^(?i:điều)\s+(\d+[a-z]?)\s*(?:[.:]\s*(.*)|$)")),
    ("clause", re.compile(r"^(\d+)\s*[.)]\s+(.*)$")),
    ("point", re.compile(r"^([a-zđ])\s*\)\s*(.*)$")),
]
# Column sizes of Provision: longer values are reported, not cut.
MAX_NUMBER, MAX_HEADING = 16, 500
# Which levels a node may sit under, nearest first.
PARENTS = {
    "part": (),
    "chapter": ("part",),
    "section": ("chapter",),
    "article": ("section", "chapter", "part"),
    "clause": ("article",),
    "point": ("clause", "article"),
}
ORDER = ["part", "chapter", "section", "article", "clause", "point"]
ANCHOR_WORDS = {
    "part": "phan",
    "chapter": "chuong",
    "section": "muc",
    "article": "dieu",
    "clause": "khoan",
    "point": "diem",
}


@dataclass
class ParsedNode:
    level: str
    number: str
    heading: str
    line: int
    text_lines: list[str] = field(default_factory=list)
    children: list["ParsedNode"] = field(default_factory=list)
    anchor: str = ""

    @property
    def label(self) -> str:
        """ "Điều 5", "Khoản 2": how the preview names the node, in the document's own words."""
        return f"{LEVEL_WORDS[self.level]} {self.number}"

    @property
    def text(self) -> str:
        return " ".join(self.text_lines)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParseError:
    line: int
    message: str


@dataclass
class ParseResult:
    preamble: list[str] = field(default_factory=list)
    roots: list[ParsedNode] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.roots)

    def nodes(self):
        for root in self.roots:
            yield from root.walk()


def _classify(line: str):
    for level, pattern in PATTERNS:
        match = pattern.match(line)
        if match:
            return level, match.group(1), (match.group(2) or "").strip()
    return None, None, line


def _normalise_number(level: str, number: str) -> str:
    if level == "part" and number.lower().startswith("thứ"):
        return " ".join(number.split()).lower()
    return number.upper() if level in ("part", "chapter", "section") else number.lower()


class _Builder:
    def __init__(self):
        self.result = ParseResult()
        self.open: dict[str, ParsedNode] = {}  # the latest node of each level still open
        self.last: ParsedNode | None = None
        self.awaiting_heading: ParsedNode | None = None
        self.seen: dict[tuple, int] = {}

    def add(self, line_no: int, level: str, number: str, rest: str) -> None:
        parent = next((self.open[p] for p in PARENTS[level] if p in self.open), None)
        if PARENTS[level] and parent is None and level in ("section", "clause", "point"):
            self.result.errors.append(ParseError(line_no, self._unplaceable_message(level)))
            return
        number = _normalise_number(level, number)
        if len(number) > MAX_NUMBER or (level in ("part", "chapter", "section", "article") and len(rest) > MAX_HEADING):
            self.result.errors.append(ParseError(line_no, _("This number or title is too long for a provision.")))
            return
        scope = id(parent) if level in ("section", "clause", "point") else None
        key = (level, scope, number)
        if key in self.seen:
            self.result.errors.append(
                ParseError(
                    line_no,
                    _("%(label)s already appears on line %(line)d.")
                    % {"label": f"{LEVEL_WORDS[level]} {number}", "line": self.seen[key]},
                )
            )
            return
        self.seen[key] = line_no
        node = ParsedNode(level=level, number=number, heading="", line=line_no)
        if level in ("part", "chapter", "section", "article"):
            node.heading = rest
        elif rest:
            node.text_lines.append(rest)
        (parent.children if parent else self.result.roots).append(node)
        # Opening a level closes every level below it.
        for lower in ORDER[ORDER.index(level) :]:
            self.open.pop(lower, None)
        self.open[level] = node
        self.last = node
        self.awaiting_heading = node if level in ("part", "chapter", "section") and not rest else None

    def continue_text(self, line_no: int, line: str) -> None:
        if self.awaiting_heading is not None:
            if len(line) > MAX_HEADING:  # a title on the line after "Chương I" is held to the same length
                self.result.errors.append(ParseError(line_no, _("This number or title is too long for a provision.")))
            self.awaiting_heading.heading = line
            self.awaiting_heading = None
        elif self.last is None:
            self.result.preamble.append(line)
        else:
            self.last.text_lines.append(line)

    @staticmethod
    def _unplaceable_message(level: str) -> str:
        return {
            "section": _("A section (Mục) must be inside a chapter."),
            "clause": _("A numbered clause must be inside an article (Điều)."),
            "point": _("A lettered point must be inside a clause or an article."),
        }[level]


LEVEL_WORDS = {
    "part": "Phần",
    "chapter": "Chương",
    "section": "Mục",
    "article": "Điều",
    "clause": "Khoản",
    "point": "Điểm",
}


def parse_legal_text(text: str) -> ParseResult:
    builder = _Builder()
    for line_no, raw in enumerate(unicodedata.normalize("NFC", text or "").splitlines(), start=1):
        line = " ".join(raw.replace("\x00", "").split())
        if not line:
            continue
        level, number, rest = _classify(line)
        if level is None:
            builder.continue_text(line_no, line)
        else:
            builder.add(line_no, level, number, rest)
    result = builder.result
    if not result.roots and not result.errors:
        result.errors.append(ParseError(0, _("No chapter or article was found: is this the text of a legal document?")))
    _assign_anchors(result)
    return result


def _assign_anchors(result: ParseResult) -> None:
    """Anchors stay the same across versions as long as the numbering does: "dieu-5-khoan-2-diem-a"."""

    def visit(node: ParsedNode, prefix: str) -> None:
        own = f"{ANCHOR_WORDS[node.level]}-{fold(node.number).replace(' ', '-')}"
        # Articles are numbered through the whole document, so their anchor needs no chapter.
        node.anchor = own if node.level == "article" else (f"{prefix}-{own}" if prefix else own)
        for child in node.children:
            visit(child, node.anchor)

    for root in result.roots:
        visit(root, "")


def docx_to_text(data: bytes) -> str:
    """The paragraphs of a DOCX file, one per line."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
