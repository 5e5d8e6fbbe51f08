"""The attachment pages every owner shares (meeting, decision, document), tested once per owner.

Upload, new version, removal after a question, downloads as attachments, refused uploads with the
reason beside the field and nothing kept, titles in any script shown escaped, and who may do
what. The owners' own pages (where the list shows, how many statements they cost) are tested in
``meetings/test_meeting_attachments.py``, ``decisions/test_decision_attachments.py`` and
``documents/test_document_attachments.py``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from documents.models import DocumentAttachment
from meetings.models import DecisionAttachment, MeetingAttachment
from meetings.proposal_flow import Outcome
from meetings.services.decisions import record_decision
from meetings.tally import Counts
from portal.extensions import db
from portal.models import AuditEvent, StoredFile
from portal.services.files import blob_store
from tests.fixtures.meetings import PDF_BYTES

NEW_PDF = PDF_BYTES.replace(b"595 842", b"842 595")
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
#: The largest upload the tests allow, so that "too large" needs no megabytes.
LIMIT = 4096


@pytest.fixture
def app_config(tmp_path):
    """Each test gets its own file store (to count its files) and a small size limit."""
    return {"FILE_STORAGE_PATH": str(tmp_path / "files"), "ATTACHMENT_MAX_BYTES": LIMIT}


@dataclass
class Owner:
    """One owner of attached files, as the tests reach it."""

    kind: str
    obj: Any
    model: type
    #: The path of the owner's attachment routes, e.g. ``/meetings/3/attachments``.
    base: str
    #: The owner's own page.
    show: str


@pytest.fixture(params=["meeting", "decision", "document"])
def owner(request, body, personas, create_meeting, create_document) -> Owner:
    """A non-public meeting, decision or document of the (non-public) steering group."""
    if request.param == "meeting":
        meeting = create_meeting(body, title="3. Sitzung der Lenkungsgruppe")
        path = f"/meetings/{meeting.id}"
        return Owner("meeting", meeting, MeetingAttachment, f"{path}/attachments", path)
    if request.param == "decision":
        decision = record_decision(
            personas["secretariat"],
            body=body,
            outcome=Outcome.ADOPTED,
            resolution_text="Die Lenkungsgruppe beschließt das Sprachkursprogramm.",
            decided_on=date(2026, 3, 12),
            counts=Counts(7, 1, 1),
        )
        db.session.commit()
        path = f"/decisions/{decision.id}"
        return Owner("decision", decision, DecisionAttachment, f"{path}/attachments", path)
    document = create_document(body, title="Handlungskonzept", slug="handlungskonzept")
    path = f"/documents/{document.slug}"
    return Owner("document", document, DocumentAttachment, f"{path}/attachments", f"{path}/")


def _blobs() -> list[Path]:
    root = Path(blob_store().root)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _attachment_events() -> int:
    return db.session.scalar(
        select(func.count()).where(AuditEvent.action.like("%\\_attachment.%", escape="\\"))
    )


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error_next_to(page: str, field: str) -> str:
    match = re.search(rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _upload(client, owner: Owner, *, filename="Einladung.pdf", data=PDF_BYTES, title="Anlage 1"):
    return client.post(
        owner.base,
        data={"file": (io.BytesIO(data), filename), "title": title},
        content_type="multipart/form-data",
    )


def _post_version(client, owner: Owner, attachment_id: int, *, filename="v2.pdf", data=NEW_PDF):
    return client.post(
        f"{owner.base}/{attachment_id}/versions",
        data={f"version-{attachment_id}-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


@pytest.fixture
def manager(client, auth, personas):
    """The test client, logged in as the KI staff member who runs the body."""
    auth.login_as(personas["secretariat"])
    return client


@pytest.fixture
def attached(manager, owner):
    """The owner with one file (Einladung.pdf, version 1) uploaded through its page."""
    assert _upload(manager, owner).status_code == 302
    return db.session.scalar(select(owner.model))


# --- upload, versions, removal ---------------------------------------------------------------


def test_an_uploaded_file_is_listed_and_downloads_as_an_attachment(manager, owner):
    response = _upload(manager, owner, filename="Einladungsschreiben.pdf", title="Einladung")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(owner.base)
    attachment = db.session.scalar(select(owner.model))
    assert attachment.title == "Einladung" and attachment.file.version == 1
    link = f"{owner.base}/{attachment.id}/Einladungsschreiben.pdf"
    assert f'href="{link}"' in _text(manager.get(owner.base))
    assert f'href="{link}"' in _text(manager.get(owner.show))
    download = manager.get(link)
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Einladungsschreiben.pdf\"; filename*=UTF-8''Einladungsschreiben.pdf"
    )
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.object_type == owner.model.__name__)
    )
    assert event.object_id == attachment.id
    assert event.action == f"{owner.kind}_attachment.create"
    assert event.after["filename"] == "Einladungsschreiben.pdf"
    assert _attachment_events() == 1


def test_without_a_title_the_file_is_listed_under_its_name(manager, owner):
    _upload(manager, owner, filename="Präsentation.pdf", title="   ")

    assert db.session.scalar(select(owner.model.title)) == "Präsentation.pdf"


def test_a_new_version_becomes_current_and_the_older_stays_downloadable(manager, owner, attached):
    response = _post_version(manager, owner, attached.id)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{owner.base}#attachment-{attached.id}")
    db.session.expire_all()
    assert attached.file.version == 2 and attached.file.filename == "v2.pdf"
    old_url = f"{owner.base}/{attached.id}/versions/1/Einladung.pdf"
    for page in (_text(manager.get(owner.base)), _text(manager.get(owner.show))):
        assert "ältere Versionen" in page
        assert f'href="{old_url}"' in page
        assert re.search(r"Version 2 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)
    current = manager.get(f"{owner.base}/{attached.id}/v2.pdf")
    old = manager.get(old_url)
    assert current.data == NEW_PDF and old.data == PDF_BYTES
    assert old.headers["Content-Disposition"].startswith('attachment; filename="Einladung.pdf"')
    assert manager.get(f"{owner.base}/{attached.id}/versions/3/x.pdf").status_code == 404
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action.like("%.new_version"))
    ) == (f"{owner.kind}_attachment.new_version")


def test_removing_asks_first_then_deletes_every_version(manager, owner, attached):
    url = f"{owner.base}/{attached.id}"
    _post_version(manager, owner, attached.id)
    blobs = _blobs()

    question = manager.get(f"{url}/delete")

    assert question.status_code == 200
    assert "Soll die Anlage „Anlage 1“ (v2.pdf)" in _text(question)
    assert _count(owner.model) == 1
    removed = manager.post(f"{url}/delete")
    assert removed.status_code == 302 and removed.headers["Location"].endswith(owner.base)
    assert _count(owner.model) == 0 and _count(StoredFile) == 0
    assert _blobs() == blobs, "the content is left to kim-portal files-gc"
    assert manager.get(f"{url}/Einladung.pdf").status_code == 404


# --- refused input ---------------------------------------------------------------------------

BAD_FILES = [
    ("leer.pdf", b"", "Die Datei ist leer."),
    ("programm.exe", b"MZ\x90\x00\x03\x00", "Dateien dieser Art können nicht hochgeladen werden."),
    ("bericht.pdf", PNG_BYTES, "passt nicht zu ihrer Endung „.pdf“"),
    ("bericht.pdf", b"Nur ein Text, kein PDF.", "passt nicht zu ihrer Endung „.pdf“"),
    ("bericht.pdf", b"MZ\x90\x00\x03\x00" + b"\x00" * 64, "passt nicht zu ihrer Endung „.pdf“"),
    ("bild.png", PDF_BYTES, "passt nicht zu ihrer Endung „.png“"),
    ("seite.html", b"<html><script>alert(1)</script>", "Dateien dieser Art"),
    ("gross.pdf", PDF_BYTES + b"%" * LIMIT, "Die Datei ist zu groß: erlaubt sind höchstens"),
]
BAD_IDS = ["empty", "exe", "png-as-pdf", "text-as-pdf", "exe-as-pdf", "pdf-as-png", "html", "large"]


@pytest.mark.parametrize(("filename", "data", "message"), BAD_FILES, ids=BAD_IDS)
def test_a_bad_upload_is_refused_beside_the_field_and_nothing_is_kept(
    manager, owner, filename, data, message
):
    response = _upload(manager, owner, filename=filename, data=data)

    assert response.status_code == 422
    assert message in _error_next_to(_text(response), "file")
    assert _count(owner.model) == 0 and _count(StoredFile) == 0 and _blobs() == []
    assert _attachment_events() == 0


def test_an_upload_without_a_file_is_refused(manager, owner):
    response = manager.post(owner.base, data={"title": "Ohne Datei"})

    assert response.status_code == 422
    assert "Bitte wählen Sie eine Datei aus." in _error_next_to(_text(response), "file")
    assert _count(owner.model) == 0


def test_a_title_too_long_is_refused_and_nothing_is_kept(manager, owner):
    response = _upload(manager, owner, title="x" * 301)

    assert response.status_code == 422
    assert _error_next_to(_text(response), "title")
    assert _count(owner.model) == 0 and _count(StoredFile) == 0 and _blobs() == []


@pytest.mark.parametrize(("filename", "data", "message"), BAD_FILES, ids=BAD_IDS)
def test_a_bad_new_version_is_refused_beside_its_file(
    manager, owner, attached, filename, data, message
):
    blobs = _blobs()

    response = _post_version(manager, owner, attached.id, filename=filename, data=data)

    assert response.status_code == 422
    assert message in _error_next_to(_text(response), f"version-{attached.id}-file")
    assert _count(StoredFile) == 1 and _blobs() == blobs
    db.session.expire_all()
    assert attached.file.version == 1


def test_the_same_content_again_is_no_new_version(manager, owner, attached):
    response = _post_version(manager, owner, attached.id, data=PDF_BYTES)

    assert response.status_code == 422
    assert "identisch" in _error_next_to(_text(response), f"version-{attached.id}-file")
    assert _count(StoredFile) == 1


@pytest.mark.parametrize(
    "title",
    [
        '<script>alert("x")</script>',
        "Präsentation <b>fett</b> & „Zitat“",
        "קובץ מצורף: תוכנית",  # Hebrew, right to left
        "مرفق: خطة العمل ٢٠٢٦",  # Arabic, right to left, Arabic digits
        "Einladung 📎🗓️ 👩🏽‍💼",  # emoji with joiners and skin tone
        "\u202eFDP.exe",  # a right-to-left override that would turn the name around
    ],
    ids=["script", "markup", "hebrew", "arabic", "emoji", "rlo"],
)
def test_titles_in_any_script_are_kept_as_typed_and_shown_escaped(manager, owner, title):
    assert _upload(manager, owner, title=title).status_code == 302

    assert db.session.scalar(select(owner.model.title)) == title
    shown = f"<bdi>{escape(title)}</bdi>"
    for page in (_text(manager.get(owner.base)), _text(manager.get(owner.show))):
        assert shown in page, "escaped, and isolated from the text around it"
        assert "<script>alert" not in page and "<b>fett</b>" not in page
    attachment_id = db.session.scalar(select(owner.model.id))
    question = _text(manager.get(f"{owner.base}/{attachment_id}/delete"))
    refused = _text(_post_version(manager, owner, attachment_id, data=b""))
    for page in (question, refused):
        assert str(escape(title)) in page
        assert "<script>alert" not in page and "<b>fett</b>" not in page


# --- who may do what -------------------------------------------------------------------------

#: What each persona gets towards a non-public owner: the management page, a download.
MATRIX = {
    "anonymous": (302, 404),
    "guest": (403, 200),
    "other_member": (404, 404),
    "member": (403, 200),
    "chair": (403, 200),
    "secretariat": (200, 200),
    "admin": (403, 200),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_pages_answer_each_persona_by_the_owners_rules(
    client, auth, personas, owner, attached, who
):
    manage, download = MATRIX[who]
    version = _post_version(client, owner, attached.id)
    assert version.status_code == 302
    if personas[who] is None:
        auth.logout()
    else:
        auth.login_as(personas[who])

    assert client.get(owner.base).status_code == manage
    assert client.get(f"{owner.base}/{attached.id}/delete").status_code == manage
    assert client.get(f"{owner.base}/{attached.id}/v2.pdf").status_code == download
    assert client.get(f"{owner.base}/{attached.id}/versions/1/x.pdf").status_code == download


@pytest.mark.parametrize("who", ["member", "chair", "admin", "other_member"])
def test_who_may_not_manage_changes_nothing(client, auth, personas, owner, attached, who):
    blobs = _blobs()
    auth.login_as(personas[who])
    refused = 404 if who == "other_member" else 403

    assert _upload(client, owner).status_code == refused
    assert _post_version(client, owner, attached.id).status_code == refused
    assert client.post(f"{owner.base}/{attached.id}/delete").status_code == refused

    assert _count(owner.model) == 1 and _count(StoredFile) == 1 and _blobs() == blobs


def test_the_refusal_says_who_may_manage_the_files(client, auth, personas, owner):
    auth.login_as(personas["member"])

    page = _text(client.get(owner.base))

    assert "Anlagen zu" in page and "ändert" in page


def test_a_file_of_another_owner_is_not_found_through_this_one(
    manager, owner, attached, create_meeting, create_document, body, personas
):
    if owner.kind == "meeting":
        other = f"/meetings/{create_meeting(body).id}/attachments"
    elif owner.kind == "decision":
        decision = record_decision(
            personas["secretariat"],
            body=body,
            outcome=Outcome.ADOPTED,
            resolution_text="Ein anderer Beschluss.",
            decided_on=date(2026, 4, 1),
        )
        db.session.commit()
        other = f"/decisions/{decision.id}/attachments"
    else:
        other = f"/documents/{create_document(body, slug='anderes').slug}/attachments"

    assert manager.get(f"{other}/{attached.id}/Einladung.pdf").status_code == 404
    assert manager.get(f"{other}/{attached.id}/versions/1/Einladung.pdf").status_code == 404
    assert manager.get(f"{other}/{attached.id}/delete").status_code == 404
    assert manager.post(f"{other}/{attached.id}/delete").status_code == 404
    assert _post_version(manager, Owner("", None, None, other, ""), attached.id).status_code == 404
    assert _count(owner.model) == 1 and _count(StoredFile) == 1


def test_a_missing_attachment_or_version_is_404(manager, owner, attached):
    assert manager.get(f"{owner.base}/{attached.id + 1}/x.pdf").status_code == 404
    assert manager.get(f"{owner.base}/{attached.id}/versions/2/x.pdf").status_code == 404
    assert manager.get(f"{owner.base}/{attached.id + 1}/delete").status_code == 404


def test_with_csrf_protection_a_form_without_token_is_refused(app, manager, owner):
    app.config["WTF_CSRF_ENABLED"] = True

    response = _upload(manager, owner)

    assert response.status_code == 400
    assert _count(owner.model) == 0 and _count(StoredFile) == 0
