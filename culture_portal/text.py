"""Text normalisation shared by every app: one spelling for names, diacritics-free keys for search."""

import re
import unicodedata
from functools import lru_cache

# A vertical tab (what Word's Shift+Enter pastes) or a form feed is a line break to the reader.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# What XML 1.0 (DOCX, XLSX) cannot hold and PostgreSQL refuses (NUL): other C0 controls, surrogates, non-characters.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable_text(value: str) -> str:
    """Text without the control characters documents cannot hold; tabs and line breaks stay."""
    return _NOT_PRINTABLE.sub("", (value or "").translate(_LINE_BREAKS))


def normalise_text(value: str) -> str:
    """One spelling per name: composed Unicode (NFC) and single spaces.

    "Nguyễn" typed with combining marks and with precomposed letters must be
    the same string, or searches and duplicate checks silently miss.
    """
    return " ".join(unicodedata.normalize("NFC", value or "").split())


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base[:1] if base[:1].isalnum() else " "


def fold_aligned(text: str) -> str:
    """Fold each character of NFC `text` to one character: its lower-case letter without diacritics, or a space.

    The result has the same length as the input, so a match found in the
    folded text marks the same span of the original (used for highlighting).
    """
    return "".join(_fold_char(char) for char in text)


def fold(text) -> str:
    """Lower case, no Vietnamese diacritics, đ as d, words separated by single spaces: "Kỷ luật" -> "ky luat"."""
    return " ".join(fold_aligned(unicodedata.normalize("NFC", str(text or ""))).split())
