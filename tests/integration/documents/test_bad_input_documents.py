"""Bad input on every form of the documents area.

Refused input (empty, too long, malformed, a wrong or broken file) comes back with status 422 and
a German message next to the field, and the database is exactly as before. Free text that is
merely unusual (script tags, umlauts and ß, emoji, right-to-left script) is valid: it is stored as
typed and every page shows it escaped.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from html import unescape

import pytest
from docx import Document as WordDocument
from sqlalchemy import select

from documents.models import (
    Document,
    DocumentVersion,
    ReviewComment,
    ReviewRound,
    VersionSection,
    VersionStatus,
)
from documents.services import review
from portal.db import utcnow
from portal.extensions import db
from portal.timeutil import today_local
from tests.integration.test_bad_input import snapshot

#: Longer than every one-line field and every note (5,000) of the documents forms.
HUGE = "x" * 10_001
SCRIPT = "<script>alert('kim')</script>"
RTL = "مرحبا بالعالم שלום"
UNICODE = f"Größe ändern: Übergänge für Geflüchtete ä ö ü ß 🎉 {RTL}"
#: Longer than the longest text a section or a proposed text may have (200,000 characters).
HUGE_BODY = "x" * 200_001
#: Longer than a comment or an answer may be (20,000 characters).
HUGE_COMMENT = "x" * 20_001
TOO_LONG = "Höchstens"
#: PostgreSQL stores no NUL character: text with one is refused, not failed on.
NUL = "Text mit\x00Nullzeichen"
NUL_MESSAGE = "Bitte entfernen Sie das unzulässige Steuerzeichen (Nullzeichen) aus dem Text."
#: What a choice field says to a value that is not a number (only a tampered form sends one).
NOT_A_CHOICE = "Ungültige Auswahl"
#: What the deadline says to a value that is no date (browsers send ISO dates, 2027-01-31).
NOT_A_DATE = "Bitte geben Sie ein gültiges Datum an."


def _short(value) -> str | None:
    """Name a long parameter by its start and length, so test ids stay readable."""
    if isinstance(value, str) and len(value) > 40:
        return f"{value[:12]}…{len(value)}"
    return None


def _page(response) -> str:
    return response.get_data(as_text=True)


def assert_refused(response, field: str, message: str) -> None:
    """Status 422, and the German message in the error element next to the field."""
    assert response.status_code == 422, response.status_code
    found = re.search(
        rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', _page(response), re.S
    )
    assert found, f"no error next to {field}"
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())
    assert message in text, f"{field}: {text!r}"
    assert "<script>alert" not in _page(response)


def _word_file(*headings: str, body: str = "Text des Abschnitts.") -> bytes:
    word = WordDocument()
    for heading in headings:
        word.add_heading(heading, level=1)
        word.add_paragraph(body)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


@pytest.fixture
def ki(client, auth, personas):
    """The secretariat, logged in."""
    auth.login_as(personas["secretariat"])
    return personas["secretariat"]


@pytest.fixture
def concept(personas, body, create_document, create_version):
    """The steering group's document "hk": 1.0 adopted, 1.1 a draft copied from it."""
    document = create_document(body, title="Handlungskonzept", slug="hk")
    adopted = create_version(document, "1.0", status=VersionStatus.ADOPTED)
    draft = create_version(document, "1.1", based_on=adopted)
    return document, adopted, draft


@pytest.fixture
def draft(concept):
    return concept[2]


@pytest.fixture
def section(draft):
    """The draft's first section (its identity is in the URLs)."""
    return draft.sections[0]


@pytest.fixture
def in_review(personas, draft, body):
    """The draft in review for the steering group for a week."""
    review.start_review(personas["secretariat"], draft, [body], utcnow() + timedelta(days=7))
    return draft


@pytest.fixture
def comment(personas, in_review, section):
    """A member's open comment on the first section, with a proposed text."""
    return review.add_comment(
        personas["member"], in_review, section, text="Genauer fassen.", proposed_text="Neu."
    )


BASE = "/documents/hk/versions/1.1"


# --- the document: create and edit ------------------------------------------------------------


def document_form(owner, **overrides) -> dict:
    data = {"title": "Leitbild", "slug": "leitbild", "description": "", "body": str(owner.id)}
    data.update(overrides)
    return data


DOCUMENT_REFUSED = [
    ("title", "", "Bitte geben Sie einen Titel an."),
    ("title", "   ", "Bitte geben Sie einen Titel an."),
    ("title", HUGE, TOO_LONG),
    ("slug", "", "Bitte geben Sie eine Kurzbezeichnung"),
    ("slug", "   ", "Bitte geben Sie eine Kurzbezeichnung"),
    ("slug", HUGE, TOO_LONG),
    ("slug", SCRIPT, "Nur Kleinbuchstaben"),
    ("slug", "größe-ändern", "Nur Kleinbuchstaben"),
    ("slug", "🎉", "Nur Kleinbuchstaben"),
    ("slug", RTL, "Nur Kleinbuchstaben"),
    ("slug", "leit bild", "Nur Kleinbuchstaben"),
    ("slug", "-leitbild-", "Nur Kleinbuchstaben"),
    ("slug", "leit--bild", "Nur Kleinbuchstaben"),
    ("slug", "../hk", "Nur Kleinbuchstaben"),
    ("slug", "hk", "Diese Kurzbezeichnung wird schon verwendet."),
    ("description", HUGE, TOO_LONG),
    ("title", NUL, NUL_MESSAGE),
    ("slug", "leit\x00bild", NUL_MESSAGE),
    ("description", NUL, NUL_MESSAGE),
]


@pytest.mark.parametrize(("field", "value", "message"), DOCUMENT_REFUSED, ids=_short)
def test_creating_a_document_refuses_bad_input(client, ki, body, concept, field, value, message):
    before = snapshot()

    response = client.post("/documents/new", data=document_form(body, **{field: value}))

    assert_refused(response, field, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte wählen Sie ein Gremium."),
        ("999999", "Keine gültige Auswahl."),
        ("abc", NOT_A_CHOICE),
        (SCRIPT, NOT_A_CHOICE),
    ],
    ids=_short,
)
def test_creating_a_document_needs_an_offered_body(client, ki, body, value, message):
    before = snapshot()

    response = client.post("/documents/new", data=document_form(body, body=value))

    assert_refused(response, "body", message)
    assert snapshot() == before


@pytest.mark.parametrize(("field", "value", "message"), DOCUMENT_REFUSED, ids=_short)
def test_editing_a_document_refuses_bad_input(
    client, ki, body, concept, create_document, field, value, message
):
    other = create_document(body, title="Leitbild", slug="leitbild")
    if value == "hk":
        value = other.slug  # the edited document keeps its own address; another's is taken
    before = snapshot()

    response = client.post(
        "/documents/hk/edit", data={**document_form(body, slug="hk"), field: value}
    )

    assert_refused(response, field, message)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE], ids=_short)
def test_a_documents_title_and_description_keep_unusual_text_and_show_it_escaped(
    client, ki, body, value
):
    response = client.post(
        "/documents/new",
        data=document_form(body, title=value, slug="leitbild", description=value),
    )

    assert response.status_code == 302
    document = db.session.scalar(select(Document))
    assert (document.title, document.description) == (value, value)
    pages = "".join(_page(client.get(url)) for url in ("/documents/", "/documents/leitbild/"))
    assert "<script>alert" not in pages
    assert UNICODE in pages if value == UNICODE else "&lt;script&gt;alert(" in pages


# --- a draft's sections -----------------------------------------------------------------------


def section_form(section, **overrides) -> dict:
    data = {
        "heading": section.heading,
        "level": str(section.level),
        "body": section.body,
        "revision": str(section.revision),
    }
    data.update(overrides)
    return data


SECTION_REFUSED = [
    ("heading", "", "Bitte geben Sie eine Überschrift an."),
    ("heading", " \t ", "Bitte geben Sie eine Überschrift an."),
    ("heading", HUGE, TOO_LONG),
    ("level", "", "Bitte wählen Sie die Gliederungsebene 1, 2 oder 3."),
    ("level", "0", "Bitte wählen Sie die Gliederungsebene 1, 2 oder 3."),
    ("level", "4", "Bitte wählen Sie die Gliederungsebene 1, 2 oder 3."),
    ("level", "-1", "Bitte wählen Sie die Gliederungsebene 1, 2 oder 3."),
    ("level", "eins", NOT_A_CHOICE),
    ("level", SCRIPT, NOT_A_CHOICE),
    ("level", "9" * 40, NOT_A_CHOICE),
    ("body", HUGE_BODY, TOO_LONG),
    ("heading", NUL, NUL_MESSAGE),
    ("body", NUL, NUL_MESSAGE),
]


@pytest.mark.parametrize(("field", "value", "message"), SECTION_REFUSED, ids=_short)
def test_editing_a_section_refuses_bad_input(client, ki, draft, section, field, value, message):
    before = snapshot()

    response = client.post(
        f"{BASE}/sections/{section.section_id}/edit", data=section_form(section, **{field: value})
    )

    assert_refused(response, field, message)
    assert snapshot() == before


@pytest.mark.parametrize(("field", "value", "message"), SECTION_REFUSED, ids=_short)
def test_adding_a_section_refuses_bad_input(client, ki, draft, section, field, value, message):
    data = {"heading": "Neu", "level": "1", "body": "", "after": str(section.section_id)}
    before = snapshot()

    response = client.post(f"{BASE}/sections/new", data={**data, field: value})

    assert_refused(response, field, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("999999", "Diesen Abschnitt gibt es in der Version nicht."),
        ("-5", "Diesen Abschnitt gibt es in der Version nicht."),
        ("abc", NOT_A_CHOICE),
        (SCRIPT, NOT_A_CHOICE),
    ],
    ids=_short,
)
def test_a_new_section_goes_after_a_section_of_the_version(client, ki, draft, value, message):
    before = snapshot()

    response = client.post(
        f"{BASE}/sections/new", data={"heading": "Neu", "level": "1", "after": value}
    )

    assert_refused(response, "after", message)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE], ids=_short)
def test_a_section_keeps_unusual_text_and_shows_it_escaped(client, ki, draft, section, value):
    response = client.post(
        f"{BASE}/sections/{section.section_id}/edit",
        data=section_form(section, heading=value, body=value),
    )
    added = client.post(
        f"{BASE}/sections/new", data={"heading": value, "level": "2", "body": value, "after": "0"}
    )

    assert (response.status_code, added.status_code) == (302, 302)
    stored = db.session.scalars(
        select(VersionSection.body).where(
            VersionSection.version_id == draft.id, VersionSection.heading == value
        )
    )
    assert list(stored) == [value, value]
    pages = "".join(
        _page(client.get(url))
        for url in (BASE, f"{BASE}/sections/{section.section_id}/edit", "/documents/hk/compare")
    )
    assert "<script>alert" not in pages
    assert UNICODE in pages if value == UNICODE else "&lt;script&gt;alert(" in pages


@pytest.mark.parametrize("direction", ["", "sideways", SCRIPT], ids=_short)
def test_a_section_moves_only_up_or_down(client, ki, draft, section, direction):
    before = snapshot()

    response = client.post(
        f"{BASE}/sections/{section.section_id}/move", data={"direction": direction}
    )

    assert response.status_code == 302
    assert "Bitte wählen Sie „nach oben“ oder „nach unten“." in _page(client.get(BASE))
    assert snapshot() == before


# --- the change note and a new draft ----------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [(HUGE, TOO_LONG), (NUL, NUL_MESSAGE)], ids=_short)
def test_a_change_note_that_is_too_long_or_has_a_nul_is_refused(client, ki, draft, value, message):
    before = snapshot()

    response = client.post(f"{BASE}/note", data={"change_note": value})

    assert_refused(response, "change_note", message)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE, ""], ids=_short)
def test_a_change_note_keeps_unusual_text_and_shows_it_escaped(client, ki, draft, value):
    draft.change_note = "Vorher"
    db.session.commit()

    response = client.post(f"{BASE}/note", data={"change_note": value})

    assert response.status_code == 302
    assert db.session.get(DocumentVersion, draft.id).change_note == value
    pages = _page(client.get(BASE)) + _page(client.get("/documents/hk/"))
    assert "<script>alert" not in pages
    if value:
        assert UNICODE in pages if value == UNICODE else "&lt;script&gt;alert(" in pages


def test_a_new_draft_with_a_change_note_that_is_too_long_is_refused(
    client, ki, body, create_document, create_version
):
    document = create_document(body, slug="leitbild")
    create_version(document, "1.0", status=VersionStatus.ADOPTED)
    before = snapshot()

    response = client.post("/documents/leitbild/drafts", data={"change_note": HUGE})

    assert response.status_code == 400
    assert snapshot() == before


# --- review: starting it, comments, their handling --------------------------------------------


def review_form(body, **overrides) -> dict:
    data = {
        "bodies": [str(body.id)],
        "deadline_date": (today_local() + timedelta(days=10)).isoformat(),
        "deadline_time": "",
        "note": "",
    }
    data.update(overrides)
    return data


REVIEW_REFUSED = [
    ("bodies", [], "Bitte wählen Sie mindestens ein Gremium."),
    ("bodies", ["999999"], "Bitte wählen Sie nur angebotene Gremien."),
    ("bodies", ["abc"], NOT_A_CHOICE),
    ("bodies", [SCRIPT], NOT_A_CHOICE),
    ("deadline_date", "", "Bitte geben Sie ein gültiges Datum an."),
    ("deadline_date", "morgen", NOT_A_DATE),
    ("deadline_date", "2027-02-30", NOT_A_DATE),
    ("deadline_date", "31.12.2027", NOT_A_DATE),
    ("deadline_date", SCRIPT, NOT_A_DATE),
    ("deadline_date", HUGE, NOT_A_DATE),
    ("deadline_date", "٢٠٢٧-٠١-٠١", NOT_A_DATE),
    ("deadline_date", "2020-01-01", "Die Frist muss in der Zukunft liegen."),
    ("deadline_date", "yesterday", NOT_A_DATE),
    ("deadline_time", "25:99", "Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
    ("deadline_time", SCRIPT, "Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
    ("deadline_date", "0001-01-01", "Die Frist muss in der Zukunft liegen."),
    ("deadline_date", "1999-12-31", "Die Frist muss in der Zukunft liegen."),
    ("note", HUGE, TOO_LONG),
    ("note", NUL, NUL_MESSAGE),
]


@pytest.mark.parametrize(("field", "value", "message"), REVIEW_REFUSED, ids=_short)
def test_starting_a_review_refuses_bad_input(client, ki, draft, body, field, value, message):
    before = snapshot()

    response = client.post(f"{BASE}/review", data=review_form(body, **{field: value}))

    assert_refused(response, field, message)
    assert snapshot() == before


def test_a_deadline_of_today_that_has_passed_is_refused(client, ki, draft, body):
    before = snapshot()

    response = client.post(
        f"{BASE}/review",
        data=review_form(body, deadline_date=today_local().isoformat(), deadline_time="00:00"),
    )

    assert_refused(response, "deadline_date", "Die Frist muss in der Zukunft liegen.")
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE], ids=_short)
def test_a_review_note_keeps_unusual_text_and_shows_it_escaped(
    client, ki, auth, personas, draft, body, value
):
    response = client.post(f"{BASE}/review", data=review_form(body, note=value))

    assert response.status_code == 302
    assert db.session.scalar(select(ReviewRound.note)) == value
    auth.login_as(personas["member"])
    page = _page(client.get(f"{BASE}/review-report"))
    # The note is Markdown: its sanitiser drops the script, the rest is shown.
    assert "<script>" not in page and "alert(" not in page
    assert UNICODE in page if value == UNICODE else True


COMMENT_REFUSED = [
    ("text", "", "Bitte schreiben Sie Ihre Anmerkung."),
    ("text", " \n\t ", "Bitte schreiben Sie Ihre Anmerkung."),
    ("text", HUGE_COMMENT, TOO_LONG),
    ("proposed_text", HUGE_BODY, TOO_LONG),
    ("text", NUL, NUL_MESSAGE),
    ("proposed_text", NUL, NUL_MESSAGE),
]


@pytest.mark.parametrize(("field", "value", "message"), COMMENT_REFUSED, ids=_short)
def test_a_comment_refuses_bad_input(
    client, auth, personas, in_review, section, field, value, message
):
    auth.login_as(personas["member"])
    before = snapshot()

    response = client.post(
        f"{BASE}/sections/{section.section_id}/comment",
        data={"text": "Genauer fassen.", "proposed_text": "", field: value},
    )

    assert_refused(response, field, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte wählen Sie das Gremium, für das Sie anmerken."),
        ("999999", "Bitte wählen Sie das Gremium, für das Sie anmerken."),
        ("abc", NOT_A_CHOICE),
        (SCRIPT, NOT_A_CHOICE),
    ],
    ids=_short,
)
def test_a_member_of_two_reviewing_bodies_names_one_of_them(
    client, auth, personas, draft, body, create_body, create_membership, section, value, message
):
    second = create_body(name="AG Sprache", slug="ag-sprache")
    create_membership(personas["member"], second)
    review.start_review(
        personas["secretariat"], draft, [body, second], utcnow() + timedelta(days=7)
    )
    auth.login_as(personas["member"])
    before = snapshot()

    response = client.post(
        f"{BASE}/sections/{section.section_id}/comment", data={"text": "Gut.", "body": value}
    )

    assert_refused(response, "body", message)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE], ids=_short)
def test_a_comment_keeps_unusual_text_and_shows_it_escaped(
    client, auth, personas, in_review, section, value
):
    auth.login_as(personas["member"])

    response = client.post(
        f"{BASE}/sections/{section.section_id}/comment",
        data={"text": value, "proposed_text": value},
    )

    assert response.status_code == 302
    comment = db.session.scalar(select(ReviewComment))
    assert (comment.text, comment.proposed_text) == (value, value)
    pages = _page(client.get(BASE)) + _page(client.get(f"{BASE}/review-report"))
    auth.login_as(personas["secretariat"])
    pages += _page(client.get(f"{BASE}/comments/{comment.id}"))
    assert "<script>alert" not in pages
    assert UNICODE in pages if value == UNICODE else "&lt;script&gt;alert(" in pages


HANDLING_REFUSED = [
    ({"decision": ""}, "decision", "Bitte wählen Sie, wie die Anmerkung behandelt wird."),
    ({"decision": "vielleicht"}, "decision", "Bitte wählen Sie, wie die Anmerkung behandelt wird."),
    ({"decision": "open"}, "decision", "Bitte wählen Sie, wie die Anmerkung behandelt wird."),
    ({"decision": SCRIPT}, "decision", "Bitte wählen Sie, wie die Anmerkung behandelt wird."),
    ({"decision": "ACCEPTED"}, "decision", "Bitte wählen Sie, wie die Anmerkung behandelt wird."),
    ({"decision": "declined", "response": ""}, "response", "Bitte begründen Sie die Ablehnung."),
    ({"decision": "declined", "response": " \n "}, "response", "Bitte begründen Sie"),
    ({"decision": "answered", "response": ""}, "response", "Bitte schreiben Sie Ihre Antwort."),
    ({"decision": "answered", "response": HUGE_COMMENT}, "response", TOO_LONG),
    ({"decision": "accepted", "response": HUGE_COMMENT}, "response", TOO_LONG),
    ({"decision": "answered", "response": NUL}, "response", NUL_MESSAGE),
]


@pytest.mark.parametrize(("data", "field", "message"), HANDLING_REFUSED, ids=_short)
def test_handling_a_comment_refuses_bad_input(client, ki, comment, data, field, message):
    before = snapshot()

    response = client.post(f"{BASE}/comments/{comment.id}", data=data)

    assert_refused(response, field, message)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE], ids=_short)
def test_an_answer_keeps_unusual_text_and_shows_it_escaped(client, ki, comment, value):
    response = client.post(
        f"{BASE}/comments/{comment.id}", data={"decision": "declined", "response": value}
    )

    assert response.status_code == 302
    assert db.session.get(ReviewComment, comment.id).response == value
    pages = _page(client.get(f"{BASE}/review-report")) + _page(
        client.get(f"{BASE}/comments/{comment.id}")
    )
    assert "<script>alert" not in pages
    assert UNICODE in pages if value == UNICODE else "&lt;script&gt;alert(" in pages


# --- putting a version up for decision, naming editors ----------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("999999", "Bitte wählen Sie eine der angebotenen Vorlagen."),
        ("-1", "Bitte wählen Sie eine der angebotenen Vorlagen."),
        ("abc", NOT_A_CHOICE),
        (SCRIPT, NOT_A_CHOICE),
        (HUGE, NOT_A_CHOICE),
    ],
    ids=_short,
)
def test_submitting_for_decision_takes_only_an_offered_proposal(client, ki, draft, value, message):
    before = snapshot()

    response = client.post(f"{BASE}/decision", data={"proposal": value})

    assert_refused(response, "proposal", message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte wählen Sie eine Person aus der Liste."),
        ("999999", "Bitte wählen Sie eine Person aus der Liste."),
        ("0", "Bitte wählen Sie eine Person aus der Liste."),
        ("abc", NOT_A_CHOICE),
        (SCRIPT, NOT_A_CHOICE),
        (HUGE, NOT_A_CHOICE),
        ("9" * 40, NOT_A_CHOICE),
        ("-" + "9" * 40, NOT_A_CHOICE),
    ],
    ids=_short,
)
def test_naming_an_editor_takes_only_an_offered_person(client, ki, concept, value, message):
    before = snapshot()

    response = client.post("/documents/hk/editors", data={"user": value})

    assert_refused(response, "user", message)
    assert snapshot() == before


def test_a_deactivated_account_is_not_named(client, ki, concept, create_user):
    person = create_user(name="Ehemalige", is_active=False)
    before = snapshot()

    response = client.post("/documents/hk/editors", data={"user": str(person.id)})

    assert response.status_code == 422
    assert 'id="user-error-1"' in _page(response)
    assert snapshot() == before


# --- starting a draft from a Word file --------------------------------------------------------


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WRONG_FORMAT = "Bitte laden Sie ein Word-Dokument im Format DOCX hoch"
BROKEN = "Das Word-Dokument ist beschädigt und kann nicht gelesen werden."

IMPORT_REFUSED = [
    (None, "Bitte wählen Sie eine Word-Datei aus."),
    ((b"", "leer.docx"), "Die Datei ist leer."),
    ((b"%PDF-1.7 kein Word", "konzept.docx"), WRONG_FORMAT),
    ((PNG, "konzept.docx"), WRONG_FORMAT),
    ((b"Nur Text, kein Word.", "konzept.docx"), WRONG_FORMAT),
    ((b"PK\x03\x04" + b"\x00" * 200, "kaputt.docx"), WRONG_FORMAT),
    ((_zip(notiz__txt=b"kein Word"), "archiv.docx"), WRONG_FORMAT),
    ((_word_file("Ziele"), "konzept.pdf"), WRONG_FORMAT),
    ((_word_file("Ziele"), "konzept.docx.exe"), WRONG_FORMAT),
    ((PNG, "bild.png"), WRONG_FORMAT),
    ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "alt.docx"), WRONG_FORMAT),
    (
        (
            _zip(**{"[Content_Types].xml": b"<Types/>", "word__document.xml": b"<kaputt"}),
            "kaputt.docx",
        ),
        BROKEN,
    ),
    (
        (
            _zip(**{"[Content_Types].xml": b"\x00\xff", "word__document.xml": SCRIPT.encode()}),
            "kaputt.docx",
        ),
        BROKEN,
    ),
    ((_word_file(), "ohne-ueberschriften.docx"), "keine Überschriften"),
]


def _upload(file) -> dict:
    return {"file": (io.BytesIO(file[0]), file[1])} if file else {}


@pytest.mark.parametrize(("file", "message"), IMPORT_REFUSED, ids=_short)
def test_importing_refuses_a_missing_wrong_or_broken_file(
    client, ki, body, create_document, file, message
):
    create_document(body, slug="leitbild")
    before = snapshot()

    response = client.post(
        "/documents/leitbild/import", data=_upload(file), content_type="multipart/form-data"
    )

    assert_refused(response, "file", message)
    assert snapshot() == before


@pytest.mark.parametrize(
    "app_config", [{"ATTACHMENT_MAX_BYTES": 2000, "MAX_CONTENT_LENGTH": 2_000_000}]
)
def test_importing_refuses_a_file_over_the_size_limit(client, ki, body, create_document):
    create_document(body, slug="leitbild")
    data = _word_file("Ziele")
    assert len(data) > 2000
    before = snapshot()

    response = client.post(
        "/documents/leitbild/import",
        data={"file": (io.BytesIO(data), "konzept.docx")},
        content_type="multipart/form-data",
    )

    assert_refused(response, "file", "Die Datei ist zu groß")
    assert snapshot() == before


@pytest.mark.parametrize(("value", "message"), [(HUGE, TOO_LONG), (NUL, NUL_MESSAGE)], ids=_short)
def test_importing_refuses_a_bad_change_note(client, ki, body, create_document, value, message):
    create_document(body, slug="leitbild")
    before = snapshot()

    response = client.post(
        "/documents/leitbild/import",
        data={"file": (io.BytesIO(_word_file("Ziele")), "konzept.docx"), "change_note": value},
        content_type="multipart/form-data",
    )

    assert_refused(response, "change_note", message)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE], ids=_short)
def test_an_imported_file_keeps_unusual_text_and_shows_it_escaped(
    client, ki, body, create_document, value
):
    create_document(body, slug="leitbild")

    response = client.post(
        "/documents/leitbild/import",
        data={
            "file": (io.BytesIO(_word_file(value, body=value)), f"{value}.docx"),
            "change_note": value,
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    version = db.session.scalar(select(DocumentVersion))
    [section] = version.sections
    assert (section.heading, version.change_note) == (value, value)
    # The text becomes Markdown that shows the typed characters: "<" is escaped as "&lt;".
    assert section.body == value.replace("<", "&lt;")
    page = _page(client.get("/documents/leitbild/versions/1.0"))
    assert "<script>alert" not in page
    assert UNICODE in page if value == UNICODE else "&lt;script&gt;alert(" in page


# --- comparing versions (a GET form) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("from=&to=1.1", 422),
        ("from=1.0&to=", 422),
        ("from=9.9&to=1.1", 404),
        (f"from={SCRIPT}&to=1.1", 404),
        (f"from={HUGE}&to=1.1", 404),
        (f"from=1.0&to={UNICODE}", 404),
        ("from=1.0&to=-1.1", 404),
    ],
    ids=_short,
)
def test_comparing_with_a_version_that_is_not_there_is_refused(client, ki, concept, query, status):
    response = client.get(f"/documents/hk/compare?{query}")

    assert response.status_code == status
    assert "<script>alert" not in _page(response)
    if status == 422:
        assert "Bitte wählen Sie eine Version." in _page(response)
