"""Reading and editing documents through the pages: visibility, drafts, sections, comparison."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from sqlalchemy import select

from documents.models import DocumentVersion, FrozenVersionError, VersionSection
from portal.extensions import db


@pytest.fixture
def concept(personas, body, create_document, create_version):
    """A non-public document of the steering group: 1.0 adopted, 1.1 a draft copied from it."""
    document = create_document(body, title="Kreisweites Handlungskonzept", slug="hk")
    adopted = create_version(document, "1.0", status="adopted")
    draft = create_version(document, "1.1", based_on=adopted)
    return document, adopted, draft


def test_members_read_the_document_and_outsiders_learn_nothing(client, auth, personas, concept):
    auth.login_as(personas["member"])
    page = client.get("/documents/hk/")
    assert page.status_code == 200
    assert "Kreisweites Handlungskonzept" in page.text
    assert client.get("/documents/hk/versions/1.0").status_code == 200
    auth.login_as(personas["other_member"])
    assert client.get("/documents/hk/").status_code == 404
    assert client.get("/documents/hk/versions/1.1").status_code == 404
    assert "Kreisweites Handlungskonzept" not in client.get("/documents/").text
    auth.logout()
    assert client.get("/documents/hk/versions/1.0.docx").status_code == 404


def test_the_public_sees_adopted_versions_of_a_public_document_but_never_drafts(
    client, personas, concept
):
    document, _adopted, _draft = concept
    document.is_public = True
    db.session.commit()
    assert client.get("/documents/hk/versions/1.0").status_code == 200
    assert client.get("/documents/hk/versions/1.1").status_code == 404
    assert "Kreisweites Handlungskonzept" in client.get("/documents/").text


def test_a_section_save_from_an_older_revision_is_refused_and_the_text_kept(
    client, auth, personas, concept
):
    _document, _adopted, draft = concept
    section = draft.sections[0]
    url = f"/documents/hk/versions/1.1/sections/{section.section_id}/edit"
    auth.login_as(personas["secretariat"])
    first = client.post(
        url, data={"heading": "Ziele", "level": "1", "body": "Erste Fassung", "revision": "1"}
    )
    assert first.status_code == 302
    stale = client.post(
        url, data={"heading": "Ziele", "level": "1", "body": "Meine Änderung ✓", "revision": "1"}
    )
    assert stale.status_code == 409
    assert "Meine Änderung ✓" in stale.text
    db.session.expire_all()
    assert db.session.get(VersionSection, section.id).body == "Erste Fassung"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"heading": "", "level": "1", "body": "x"}, "Bitte geben Sie eine Überschrift an."),
        ({"heading": "x" * 10_001, "level": "1", "body": "x"}, "Höchstens 300 Zeichen."),
        ({"heading": "Ziele", "level": "7", "body": "x"}, "Gliederungsebene 1, 2 oder 3"),
    ],
)
def test_bad_section_input_is_refused_next_to_the_field(
    client, auth, personas, concept, fields, message
):
    _document, _adopted, draft = concept
    section = draft.sections[0]
    auth.login_as(personas["secretariat"])
    answer = client.post(
        f"/documents/hk/versions/1.1/sections/{section.section_id}/edit",
        data={**fields, "revision": "1"},
    )
    assert answer.status_code == 422
    assert message in answer.text
    db.session.expire_all()
    assert db.session.get(VersionSection, section.id).heading == "Ziele"


def test_script_and_unicode_in_a_section_are_stored_and_shown_escaped(
    client, auth, personas, concept
):
    _document, _adopted, draft = concept
    section = draft.sections[0]
    auth.login_as(personas["secretariat"])
    text = "<script>alert(1)</script> Grüße ß 🙂 مرحبا"
    client.post(
        f"/documents/hk/versions/1.1/sections/{section.section_id}/edit",
        data={"heading": "Ziele", "level": "1", "body": text, "revision": "1"},
    )
    page = client.get("/documents/hk/versions/1.1")
    assert "<script>alert(1)</script>" not in page.text
    assert "Grüße ß 🙂 مرحبا" in page.text


def test_adopted_versions_cannot_be_edited_by_any_path(client, auth, personas, concept):
    _document, adopted, _draft = concept
    section = adopted.sections[0]
    auth.login_as(personas["secretariat"])
    answer = client.post(
        f"/documents/hk/versions/1.0/sections/{section.section_id}/edit",
        data={"heading": "Neu", "level": "1", "body": "Neu", "revision": "1"},
    )
    assert answer.status_code == 403
    section.body = "heimlich geändert"
    with pytest.raises(FrozenVersionError):
        db.session.commit()
    db.session.rollback()
    adopted.change_note = "anders"
    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()


def test_a_new_draft_is_a_copy_of_the_version_in_force(
    client, auth, personas, body, create_document, create_version
):
    document = create_document(body, slug="neu")
    adopted = create_version(document, "1.0", status="adopted")
    auth.login_as(personas["secretariat"])
    answer = client.post("/documents/neu/drafts", data={"change_note": "Fortschreibung 2027"})
    assert answer.status_code == 302
    draft = db.session.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.minor == 1
        )
    )
    assert draft.status == "draft"
    assert [(s.section_id, s.body) for s in draft.sections] == [
        (s.section_id, s.body) for s in adopted.sections
    ]
    second = client.post("/documents/neu/drafts", data={})
    assert second.status_code == 303
    assert db.session.scalars(select(DocumentVersion.id)).all().__len__() == 2


def test_comparison_marks_words_and_sections(client, auth, personas, concept):
    _document, _adopted, draft = concept
    auth.login_as(personas["secretariat"])
    section = draft.sections[2]
    client.post(
        f"/documents/hk/versions/1.1/sections/{section.section_id}/edit",
        data={
            "heading": "Case-Management",
            "level": "1",
            "body": "Acht Stellen für die Kommunen des Kreises.",
            "revision": "1",
        },
    )
    page = client.get("/documents/hk/compare?from=1.0&to=1.1")
    assert page.status_code == 200
    assert "Acht</ins>" in page.text
    assert "Sechs</del>" in page.text
    word = client.get("/documents/hk/compare.docx?from=1.0&to=1.1")
    assert word.status_code == 200
    assert "attachment" in word.headers["Content-Disposition"]
    bad = client.get("/documents/hk/compare?from=1.0&to=")
    assert bad.status_code == 422


def test_version_docx_reopens_with_headings_and_history(client, auth, personas, concept):
    auth.login_as(personas["member"])
    answer = client.get("/documents/hk/versions/1.0.docx")
    assert answer.status_code == 200
    word = WordDocument(io.BytesIO(answer.data))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Ziele" in headings and "Case-Management" in headings
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "1.0" in cells


def _word_file() -> bytes:
    word = WordDocument()
    word.add_heading("Ziele", level=1)
    word.add_paragraph("Teilhabe verbessern.")
    word.add_heading("Zielgruppen", level=2)
    word.add_paragraph("Stufe 1", style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_a_word_file_becomes_a_draft(client, auth, personas, body, create_document):
    create_document(body, slug="import")
    auth.login_as(personas["secretariat"])
    answer = client.post(
        "/documents/import/import",
        data={"file": (io.BytesIO(_word_file()), "Handlungskonzept.docx")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    version = db.session.scalar(select(DocumentVersion))
    assert [s.heading for s in version.sections] == ["Ziele", "Zielgruppen"]
    assert "- Stufe 1" in version.sections[1].body


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "leer.docx"), (b"%PDF-1.4 no word", "falsch.docx"), (b"text", "notiz.txt")],
)
def test_wrong_uploads_are_refused_and_nothing_is_stored(
    client, auth, personas, body, create_document, data, name
):
    create_document(body, slug="import")
    auth.login_as(personas["secretariat"])
    answer = client.post(
        "/documents/import/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert db.session.scalar(select(DocumentVersion)) is None


def test_the_start_page_lists_the_version_in_force_only_to_its_readers(
    client, auth, personas, concept
):
    auth.login_as(personas["member"])
    page = client.get("/").text
    assert "Geltende Dokumente" in page
    assert 'href="/documents/hk/versions/1.0"' in page and "/documents/hk/versions/1.1" not in page

    auth.login_as(personas["other_member"])
    assert "Kreisweites Handlungskonzept" not in client.get("/").text
