"""Vietnamese first, English on request, remembered; the Vietnamese catalogue is complete."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_portal_opens_in_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in page
    assert "Cổng văn hóa công vụ" in page and "Đăng nhập" in page


def test_english_is_selectable_and_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("calendar")})
    assert response.status_code == 302 and response.url == reverse("calendar")
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page and "Sign in" in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get(reverse("home")).content.decode()


def test_dates_are_shown_day_first(client):
    page = client.get(reverse("calendar"), {"year": 2026}).content.decode()
    assert "17/02/2026" in page and "30/04/2026" in page


def test_vietnamese_catalogue_is_complete_and_compiled():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.percent_translated() == 100, [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not catalogue.fuzzy_entries(), [entry.msgid for entry in catalogue.fuzzy_entries()]
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    translated = {entry.msgid: entry.msgstr for entry in compiled}
    missing = [entry.msgid for entry in catalogue if entry.msgid not in translated and not entry.msgid_plural]
    assert not missing, f"compile the messages (make messages): {missing[:5]}"


# xgettext finds a string only by the name of the function around it: `_`, or gettext_lazy, ngettext, pgettext... by
# their own names. A string wrapped in another alias (`gettext_lazy as _lazy`) is shown in English and never reaches
# the catalogue, silently.
KNOWN_TO_MAKEMESSAGES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
SOURCE_APPS = ("culture_portal", "inspections", "feedback", "regulations")


def test_translation_functions_are_imported_under_names_makemessages_reads():
    aliased = re.compile(r"\b(?:n|p|np)?gettext(?:_lazy|_noop)? as (\w+)")
    wrong = [
        f"{path.relative_to(settings.BASE_DIR)}: {alias}"
        for app in SOURCE_APPS
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py")
        for alias in aliased.findall(path.read_text(encoding="utf-8"))
        if alias not in KNOWN_TO_MAKEMESSAGES
    ]
    assert not wrong, wrong
