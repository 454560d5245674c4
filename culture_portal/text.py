"""Text normalisation shared by every app: one spelling for names, diacritics-free keys for search."""

import unicodedata
from functools import lru_cache


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
