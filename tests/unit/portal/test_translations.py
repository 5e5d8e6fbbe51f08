"""The English catalogue translates every German text the code uses, placeholders intact.

The message ids are the German texts themselves, so German needs no catalogue. A German
string added without an English translation makes these tests fail; fix it with
``make extract-messages``, translate the new entries in ``portal/translations/en``, and
``make translations``.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import get_babel

try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel < 2.15
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "portal" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"

# The same as `make extract-messages`: -k _l -k lazy_gettext, and --ignore-dirs.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
IGNORED_DIRS = (".*", "._", "node_modules", "__pycache__")

PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _keep_dir(path: str) -> bool:
    name = os.path.basename(path)
    return not any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED_DIRS)


def _extracted_messages() -> dict[tuple[str, str | None], list[str]]:
    """Every message the code marks for translation: (msgid, context) -> where it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str, str | None], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_keep_dir
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((msgid, context), []).append(f"{filename}:{lineno}")
    return found


def _english_catalogue():
    with open(ENGLISH_PO, "rb") as po:
        return read_po(po, locale="en")


def _forms(string: str | tuple) -> tuple:
    return string if isinstance(string, tuple) else (string,)


def test_the_extraction_finds_python_templates_macros_and_emails():
    places = {place.split(":")[0] for places in _extracted_messages().values() for place in places}

    assert "portal/labels.py" in places
    assert "templates/base.html" in places
    assert "templates/_macros/forms.html" in places
    assert "templates/email/password_reset.txt" in places


def test_every_message_in_the_code_has_an_english_translation():
    catalogue = _english_catalogue()
    missing = []
    for (msgid, context), places in sorted(_extracted_messages().items()):
        entry = catalogue.get(msgid, context)
        if entry is None or entry.fuzzy or not all(_forms(entry.string)):
            reason = "missing" if entry is None else "fuzzy" if entry.fuzzy else "empty"
            missing.append(f"  [{reason}] {msgid!r} ({places[0]})")

    assert not missing, (
        f"{len(missing)} German text(s) without an English translation in {ENGLISH_PO.name};"
        " run `make extract-messages` and translate them:\n" + "\n".join(missing)
    )


def test_the_catalogue_has_no_fuzzy_or_empty_entries():
    catalogue = _english_catalogue()

    bad = [m.id for m in catalogue if m.id and (m.fuzzy or not all(_forms(m.string)))]

    assert not bad


def test_translations_keep_the_placeholders_of_their_message():
    wrong = []
    for message in _english_catalogue():
        if not message.id:
            continue
        ids, strings = _forms(message.id), _forms(message.string)
        for index, string in enumerate(strings):
            msgid = ids[min(index, len(ids) - 1)]
            expected, actual = set(PLACEHOLDER.findall(msgid)), set(PLACEHOLDER.findall(string))
            if string and expected != actual:
                wrong.append(f"  {msgid!r}: {sorted(expected)} != {sorted(actual)} in {string!r}")

    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


@pytest.fixture
def app_config(tmp_path):
    """Serve the committed .po, compiled now, so a stale or missing .mo cannot mislead."""
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as mo:
        write_mo(mo, _english_catalogue())
    return {"BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)}


@pytest.mark.parametrize("app_config", [{}])
def test_the_app_reads_its_catalogues_from_portal_translations(app):
    directories = get_babel(app).translation_directories

    assert [Path(directory).resolve() for directory in directories] == [TRANSLATIONS]


def test_the_login_page_speaks_german_by_default(client):
    body = client.get("/login").get_data(as_text=True)

    assert '<html lang="de">' in body
    assert "Anmelden" in body


def test_the_login_page_speaks_english_after_switching(client):
    switched = client.post("/language", data={"locale": "en", "next": "/login"})
    body = client.get("/login").get_data(as_text=True)

    assert switched.status_code == 302
    assert '<html lang="en">' in body
    assert "Log in" in body
    assert "Forgotten your password?" in body
    assert "Anmelden" not in body
