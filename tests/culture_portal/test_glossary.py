"""Issue 15 §3: one vocabulary. docs/glossary.md lists the terms, the English ids that must use them and the variants
nobody may write; this checks the translation catalogue and what a citizen reads against it."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from culture_portal.models import DeadlineRule
from feedback import services
from feedback.models import Case
from tests.feedback.conftest import CAPTCHA, form_data, norm  # noqa: F401 - the norm fixture

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
Track = DeadlineRule.Track


def glossary_rows() -> list[dict]:
    """The rows of the table under "## Terms": term, English ids, forbidden variants, scope."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Terms", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("term", "") or set(cells[0]) <= {"-"}:
            continue
        term, _meaning, ids, forbidden, scope = cells
        rows.append(
            {
                "term": term,
                "ids": re.findall(r"`([^`]+)`", ids),
                "forbidden": re.findall(r"`([^`]+)`", forbidden),
                "scope": scope,
            }
        )
    return rows


ROWS = glossary_rows()
CITIZEN_FORBIDDEN = [variant for row in ROWS if row["scope"] == "citizen pages" for variant in row["forbidden"]]


def catalogue() -> dict[tuple[str, str], str]:
    po = polib.pofile(str(CATALOGUE), wrapwidth=100000)
    entries = {}
    for entry in po:
        if entry.obsolete:
            continue
        text = entry.msgstr or " / ".join(entry.msgstr_plural.values())
        entries[(entry.msgctxt or "", entry.msgid)] = text
    return entries


def test_the_glossary_has_the_terms_the_issue_names():
    terms = {row["term"] for row in ROWS}
    assert {
        "phản ánh, kiến nghị", "người phản ánh", "người khiếu nại", "người tố cáo", "cán bộ, công chức, viên chức",
        "xác thực hai yếu tố", "Ông/Bà",
    } <= terms  # fmt: skip
    assert all(row["scope"] in ("catalogue", "citizen pages") for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["term"] for row in ROWS])
def test_each_english_id_is_translated_with_its_term(row):
    entries = catalogue()
    for listed in row["ids"]:
        context, msgid = re.fullmatch(r"(?:\[([^\]]+)\] )?(.+)", listed).groups()
        key = (context or "", msgid)
        assert key in entries, f"{listed!r} is not in the catalogue: the glossary names an id the code no longer uses"
        assert row["term"].lower() in entries[key].lower(), f"{listed!r} is translated {entries[key]!r}"


def test_no_translation_uses_a_forbidden_variant():
    entries = catalogue()
    found = [
        (msgid, variant, text)
        for row in ROWS
        if row["scope"] == "catalogue"
        for (_context, msgid), text in entries.items()
        for variant in row["forbidden"]
        if variant in text
    ]
    assert not found, "\n".join(f"{msgid!r}: {variant!r} in {text!r}" for msgid, variant, text in found)


# --- what a citizen reads --------------------------------------------------------------------------------------------


def visible_text(page: str) -> str:
    """The words on the page: no tags, scripts or styles (a class name or a URL is not a word)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def forbidden_in(text: str) -> list[str]:
    return [variant for variant in CITIZEN_FORBIDDEN if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text)]


@pytest.fixture
def citizen_pages(client, tree, norm, django_capture_on_commit_callbacks):  # noqa: F811
    """Every page a citizen goes through, in Vietnamese (the default language), as they reach them."""
    pages = {"home": client.get(reverse("home")), "form": client.get(reverse("feedback:new"))}
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("feedback:new"), form_data(tree["desk_a"], norm, email="an@example.com", consent="on")
        )
    pages["receipt"] = client.get(sent["Location"])
    code = Case.objects.get().tracking_code
    pin = re.search(r'class="tracking-pin">(\d{6})<', pages["receipt"].content.decode()).group(1)
    pages["track"] = client.get(reverse("feedback:track"))
    opened = client.post(reverse("feedback:track"), {"code": code, "pin": pin, **CAPTCHA})
    pages["track_case"] = client.get(opened["Location"])
    pages["answered"] = client.get(reverse("feedback:answered"))
    desk = reverse("feedback:desk_rate", args=[tree["desk_a"].code])
    pages["desk_rate"] = client.get(desk)
    pages["desk_thanks"] = client.post(desk, {"score": "3"})
    pages["form_error"] = client.post(reverse("feedback:new"), form_data(tree["desk_a"], norm, description=""))
    return {name: visible_text(response.content.decode()) for name, response in pages.items()}


def test_citizen_pages_address_the_reader_as_ong_ba(citizen_pages):
    for name, text in citizen_pages.items():
        assert not forbidden_in(text), f"{name}: {forbidden_in(text)}"
    # Pages that speak to the reader do so as Ông/Bà (the list of published answers speaks of others).
    for name in ("home", "form", "receipt", "track", "track_case", "desk_rate", "desk_thanks", "form_error"):
        assert "Ông/Bà" in citizen_pages[name], name


def test_citizen_e_mails_address_the_reader_as_ong_ba(citizen_pages, officer_user, django_capture_on_commit_callbacks):
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(case=case, user=officer_user, track=Track.COMPLAINT)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert not forbidden_in(message.subject + " " + message.body), message.subject
        assert "Ông/Bà" in message.subject + message.body
    # Once accepted as a complaint, the citizen's case is named as one.
    assert mail.outbox[1].subject.startswith(f"Đơn khiếu nại của Ông/Bà {case.tracking_code}: ")


@pytest.mark.parametrize(
    ("track", "label", "others"),
    [
        (Track.FEEDBACK, "người phản ánh", ["người khiếu nại", "người tố cáo"]),
        (Track.COMPLAINT, "người khiếu nại", ["người phản ánh", "người tố cáo"]),
        (Track.DENUNCIATION, "người tố cáo", ["người phản ánh", "người khiếu nại"]),
    ],
)
def test_the_sender_is_named_by_the_track_of_the_case(client, tree, norm, officer_user, track, label, others):  # noqa: F811
    case, _pin = services.case_submit(
        channel="web", nature="criticism", description="Cán bộ nói trống không.", unit=tree["desk_a"], norm=norm,
        full_name="Nguyễn Văn An", phone="0912 345 678", email="", consent=True,
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(track=track)
    client.force_login(officer_user)
    text = visible_text(client.get(reverse("feedback:case", args=[case.public_id])).content.decode()).lower()
    assert label in text
    assert not [other for other in others if other in text]
