"""Text normalisation shared by every app: one spelling for names, diacritics-free keys for search."""

import re
import unicodedata
from functools import lru_cache

from django.utils import formats

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
    if char in "đĐðÐ":
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


# --- Vietnamese alphabetical order -------------------------------------------------------------------------------
#
# The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z of foreign names fall in
# their Latin places). Each letter becomes two characters, its Latin base and its place among the letters built
# on that base ("a0" a, "a1" ă, "a2" â, "d1" đ ...), digits "10".."19"; only 0-9 and a-z appear, which every
# database collation (C, en_US, vi_VN, ICU) orders the same way, so ORDER BY on the stored key is the Vietnamese
# order whatever the server's locale.
#
# A word's key is its letters, then "0" (below every letter, so "An" comes before "Anh"), then its tone: a word is
# compared letter by letter first and by its tone only when the letters are the same, as dictionaries do
# ("Hà" < "Hạ" < "Hai" < "Hải"). The Icelandic "Ð" that Vietnamese keyboards and old fonts put for "Đ" is "Đ".
# Tones in dictionary order: level (no mark), huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SORT_KEY_LENGTH = 255


@lru_cache(maxsize=4096)
def _letter_key(char: str) -> tuple[str, str]:
    """(two-character code, tone digit) of one lower-case character; ("", "") for what is not a letter or digit."""
    if char in "đð":
        return "d1", "0"
    if "0" <= char <= "9":
        return "1" + char, "0"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[:1]
    if not ("a" <= base <= "z"):
        return "", ""
    marks = decomposed[1:]
    # Breve (ă), circumflex (â ê ô), horn (ơ ư): a < ă < â, e < ê, o < ô < ơ, u < ư.
    quality = 0
    if "\u0302" in marks:
        quality = 2 if base == "a" else 1
    elif "\u0306" in marks:
        quality = 1
    elif "\u031b" in marks:
        quality = 2 if base == "o" else 1
    tone = next((_TONE_MARKS[mark] for mark in marks if mark in _TONE_MARKS), "0")
    return f"{base}{quality}", tone


def _word_key(word: str) -> str:
    letters, tone = [], "0"
    for char in word:
        code, mark = _letter_key(char)
        if code:
            letters.append(code)
            tone = mark if tone == "0" else tone
    # One tone per syllable, wherever it is written ("Hoà" and "Hòa" are the same name).
    return "".join(letters) + "0" + tone if letters else ""


def _words(text: str) -> list[str]:
    """Lower-case NFC words; anything that is not a letter or a digit separates them ("Thu-Hà" is two words)."""
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    return "".join(char if char.isalnum() else " " for char in text).split()


def name_sort_key(full_name: str) -> str:
    """The key that orders people the Vietnamese way: given name, then middle name(s), then family name.

    "Nguyễn Văn An" is filed under An, then Văn, then Nguyễn; letters in Vietnamese alphabetical order, tones
    after the letters. Compare keys as plain ASCII strings (they are stored in Official.sort_key and indexed).
    """
    words = _words(full_name)
    if len(words) > 1:
        words = [words[-1], *words[1:-1], words[0]]
    return "".join(_word_key(word) for word in words)[:_SORT_KEY_LENGTH]


def search_key(*parts: str) -> str:
    """What a name is found by: its folded words (fold()), with a leading space so a query matches word starts.

    `search_key("Nguyễn Văn Đặng", "NV01")` is " nguyen van dang nv01"; a search for "van d" looks for " van d".
    """
    return " " + fold(" ".join(part for part in parts if part))


def grouped(count: int) -> str:
    """A count with its thousands grouped as the active language's formats say: "1.234" (culture_portal/formats).

    USE_THOUSAND_SEPARATOR stays off: it would also group years ("2.026") and ids put in forms and links."""
    return formats.number_format(count, force_grouping=True)
