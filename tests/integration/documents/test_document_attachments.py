"""Files attached to a document as a whole, as the document page shows them.

The management pages and downloads every owner shares are tested for documents too in
``portal/test_attachment_pages.py``; here: where the files show, to whom, and at what cost.
"""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from benchmarks.sqlcount import StatementCounter
from documents.models import DocumentEditor
from documents.services.attachments import DOCUMENT_ATTACHMENTS
from portal.extensions import db
from portal.services import attachment_lists
from tests.fixtures.meetings import PDF_BYTES


@pytest.fixture
def app_config(tmp_path):
    return {"FILE_STORAGE_PATH": str(tmp_path / "files"), "PAGE_CACHE_BYTES": 0}


@pytest.fixture
def concept(body, create_document, create_version):
    """A non-public document of the steering group with an adopted version 1.0."""
    document = create_document(body, title="Kreisweites Handlungskonzept", slug="hk")
    create_version(document, "1.0", status="adopted")
    return document


def _attach(personas, document, title: str, *, versions: int = 1):
    def pdf(name, marker=b""):
        return FileStorage(io.BytesIO(PDF_BYTES + marker), filename=name)

    ki = personas["secretariat"]
    attachment = attachment_lists.attach_file(
        ki, DOCUMENT_ATTACHMENTS, document, pdf(f"{title}.pdf"), title=title
    )
    for number in range(2, versions + 1):
        attachment_lists.replace_file(
            ki, DOCUMENT_ATTACHMENTS, document, attachment, pdf("neu.pdf", b"%" * number)
        )
    return attachment


def test_the_document_page_lists_its_files_and_the_management_link_for_the_secretariat(
    client, auth, personas, concept
):
    card = _attach(personas, concept, "Karte der Beratungsstellen", versions=2)
    auth.login_as(personas["secretariat"])

    page = client.get("/documents/hk/").get_data(as_text=True)

    assert f'href="/documents/hk/attachments/{card.id}/neu.pdf"' in page
    assert "Karte der Beratungsstellen" in page and "ältere Versionen" in page
    assert 'href="/documents/hk/attachments"' in page


@pytest.mark.parametrize("who", ["member", "guest", "chair", "admin"])
def test_readers_see_the_files_but_no_management_link(client, auth, personas, concept, who):
    _attach(personas, concept, "Karte der Beratungsstellen")
    auth.login_as(personas[who])

    page = client.get("/documents/hk/").get_data(as_text=True)

    assert "Karte der Beratungsstellen" in page
    assert 'href="/documents/hk/attachments"' not in page


def test_an_editor_reads_the_files_but_does_not_manage_them(
    client, auth, personas, concept, create_user
):
    editor = create_user(name="Externe Bearbeiterin")
    db.session.add(DocumentEditor(document=concept, user_id=editor.id))
    db.session.commit()
    attachment = _attach(personas, concept, "Karte")
    auth.login_as(editor)

    assert client.get(f"/documents/hk/attachments/{attachment.id}/Karte.pdf").status_code == 200
    assert client.get("/documents/hk/attachments").status_code == 403


@pytest.mark.parametrize(("public", "status"), [(True, 200), (False, 404)])
def test_the_public_gets_the_files_of_public_documents_only(
    client, personas, concept, public, status
):
    concept.is_public = public
    db.session.commit()
    attachment = _attach(personas, concept, "Karte")

    assert client.get(f"/documents/hk/attachments/{attachment.id}/Karte.pdf").status_code == status
    assert client.get(
        f"/documents/hk/attachments/{attachment.id}/versions/1/K.pdf"
    ).status_code == (status)


def _statements(client, path: str) -> int:
    assert client.get(path).status_code == 200
    with StatementCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    return len(counter.statements)


def test_the_files_cost_the_document_page_one_statement_and_one_for_all_older_versions(
    client, auth, personas, body, create_document
):
    empty, plain, versioned = (create_document(body) for _ in range(3))
    for number in range(5):
        _attach(personas, plain, f"Anlage {number}")
        _attach(personas, versioned, f"Anlage {number}", versions=3)
    auth.login_as(personas["member"])

    without = _statements(client, f"/documents/{empty.slug}/")

    assert _statements(client, f"/documents/{plain.slug}/") == without
    assert _statements(client, f"/documents/{versioned.slug}/") == without + 1


def test_the_audit_log_names_the_change_in_german(client, auth, personas, concept):
    _attach(personas, concept, "Karte")
    auth.login_as(personas["secretariat"])

    page = client.get("/audit/").get_data(as_text=True)

    assert "Anlage zum Dokument hinzugefügt" in page
    assert "Kreisweites Handlungskonzept: Karte" in page
