"""New versions of a proposal's attachments: uploaded by whoever may edit the proposal, older
versions downloadable by exactly those who may see it, bad uploads refused and nothing kept."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from meetings.models import ProposalAttachment
from meetings.services import proposal_attachments
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, StoredFile
from portal.services.files import blob_store
from tests.fixtures.meetings import PDF_BYTES

NEW_PDF = PDF_BYTES.replace(b"595 842", b"842 595")
CSV = b"Kommune;Kosten\nNeuss;1200\nKaarst;800\n"


@pytest.fixture
def app_config(tmp_path):
    """Each test gets its own file store, so it can count the files in it."""
    return {"FILE_STORAGE_PATH": str(tmp_path / "files")}


def _blobs() -> list[Path]:
    root = Path(blob_store().root)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _file(filename: str = "Kosten.pdf", data: bytes = PDF_BYTES) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error_next_to(page: str, field: str) -> str:
    match = re.search(rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


@pytest.fixture
def attached(people, create_proposal):
    """A draft of the submitter with one attachment (Kosten.pdf, version 1)."""
    proposal = create_proposal()
    attachment = proposal_attachments.attach_file(
        people["submitter"], proposal, _file(), title="Anlage 1: Kosten"
    )
    return proposal, attachment


def _post_version(client, proposal, attachment, *, filename="Kosten_v2.pdf", data=NEW_PDF):
    return client.post(
        f"/proposals/{proposal.id}/attachments/{attachment.id}/versions",
        data={f"version-{attachment.id}-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _version_url(proposal, attachment, version: int, filename: str = "Kosten.pdf") -> str:
    return f"/proposals/{proposal.id}/attachments/{attachment.id}/versions/{version}/{filename}"


# --- service ---------------------------------------------------------------------------------


def test_a_new_version_becomes_current_and_keeps_the_old_one(people, attached):
    proposal, attachment = attached
    first = attachment.file

    proposal_attachments.replace_attachment(
        people["submitter"], proposal, attachment, _file("Kosten.csv", CSV)
    )

    current = attachment.file
    assert (current.version, current.first_id) == (2, first.id)
    assert current.content_type == "text/csv; charset=utf-8"
    assert current.older_versions == [first]
    assert blob_store().read(first.sha256) == PDF_BYTES
    assert blob_store().read(current.sha256) == CSV
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "proposal_attachment.new_version")
    )
    assert (event.before["version"], event.after["version"]) == (1, 2)
    assert event.after["sha512"] == hashlib.sha512(CSV).hexdigest()


@pytest.mark.parametrize("who", ["ag_member", "lg_member", "lead"])
def test_only_who_may_edit_the_proposal_uploads_a_new_version(people, attached, who):
    proposal, attachment = attached
    blobs = _blobs()

    with pytest.raises((PermissionDenied, NotFound)):
        proposal_attachments.replace_attachment(people[who], proposal, attachment, _file())

    db.session.rollback()
    assert _count(StoredFile) == 1 and _blobs() == blobs


def test_an_attachment_of_another_proposal_gets_no_version_through_this_one(
    people, attached, create_proposal
):
    _, attachment = attached
    other = create_proposal()

    with pytest.raises(NotFound):
        proposal_attachments.replace_attachment(people["submitter"], other, attachment, _file())

    db.session.rollback()
    assert _count(StoredFile) == 1


def test_removing_an_attachment_deletes_all_its_versions(people, attached):
    proposal, attachment = attached
    proposal_attachments.replace_attachment(
        people["submitter"], proposal, attachment, _file(data=NEW_PDF)
    )

    proposal_attachments.remove_attachment(people["submitter"], proposal, attachment)

    assert _count(StoredFile) == 0 and _count(ProposalAttachment) == 0
    assert len(_blobs()) == 2, "files are left to kim-portal files-gc"


# --- pages and downloads ---------------------------------------------------------------------


def test_the_attachments_page_uploads_a_new_version_and_lists_the_older_ones(
    client, auth, people, attached
):
    proposal, attachment = attached
    auth.login_as(people["submitter"])
    page = _text(client.get(f"/proposals/{proposal.id}/attachments"))
    assert f'for="version-{attachment.id}-file"' in page
    assert "Neue Version von „Anlage 1: Kosten“" in page

    response = _post_version(client, proposal, attachment)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/attachments#attachment-{attachment.id}")
    page = _text(client.get(f"/proposals/{proposal.id}/attachments"))
    assert "Kosten_v2.pdf (PDF)" in page
    assert re.search(r"Version 2 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)
    assert f'href="{_version_url(proposal, attachment, 1)}"' in page
    shown = _text(client.get(f"/proposals/{proposal.id}"))
    assert "ältere Versionen" in shown
    assert f'href="{_version_url(proposal, attachment, 1)}"' in shown


def test_old_and_new_version_download_as_attachments_with_their_own_bytes(
    client, auth, people, attached
):
    proposal, attachment = attached
    proposal_attachments.replace_attachment(
        people["submitter"], proposal, attachment, _file("Kosten_v2.pdf", NEW_PDF)
    )
    auth.login_as(people["submitter"])

    current = client.get(f"/proposals/{proposal.id}/attachments/{attachment.id}/Kosten_v2.pdf")
    old = client.get(_version_url(proposal, attachment, 1))

    assert current.data == NEW_PDF and old.data == PDF_BYTES
    assert old.headers["Content-Disposition"] == (
        "attachment; filename=\"Kosten.pdf\"; filename*=UTF-8''Kosten.pdf"
    )
    assert old.headers["Content-Type"] == "application/pdf"
    assert old.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("ag_member", 404),
        ("lg_member", 404),
        ("submitter", 200),
    ],
)
def test_an_old_version_goes_to_exactly_those_who_get_the_current_one(
    client, auth, people, attached, who, status
):
    proposal, attachment = attached
    proposal_attachments.replace_attachment(
        people["submitter"], proposal, attachment, _file(data=NEW_PDF)
    )
    if people[who] is not None:
        auth.login_as(people[who])

    current = client.get(f"/proposals/{proposal.id}/attachments/{attachment.id}/Kosten.pdf")
    old = client.get(_version_url(proposal, attachment, 1))

    assert current.status_code == old.status_code == status


def test_a_version_that_does_not_exist_or_belongs_elsewhere_is_404(
    client, auth, people, attached, create_proposal
):
    proposal, attachment = attached
    other = create_proposal()
    auth.login_as(people["submitter"])

    assert client.get(_version_url(proposal, attachment, 2)).status_code == 404
    assert client.get(_version_url(other, attachment, 1)).status_code == 404
    assert client.get(_version_url(proposal, attachment, 1)).status_code == 200


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("leer.pdf", b"", "Die Datei ist leer."),
        ("programm.exe", b"MZ\x90\x00", "Dateien dieser Art können nicht hochgeladen werden."),
        ("getarnt.pdf", b"<html><script>", "passt nicht zu ihrer Endung „.pdf“"),
    ],
)
def test_a_bad_new_version_is_refused_beside_its_file_and_nothing_is_kept(
    client, auth, people, attached, filename, data, message
):
    proposal, attachment = attached
    blobs = _blobs()
    auth.login_as(people["submitter"])

    response = _post_version(client, proposal, attachment, filename=filename, data=data)

    assert response.status_code == 422
    assert message in _error_next_to(_text(response), f"version-{attachment.id}-file")
    assert _count(StoredFile) == 1 and _blobs() == blobs
    assert db.session.get(ProposalAttachment, attachment.id).file.version == 1


def test_an_oversized_new_version_is_refused(app, client, auth, people, attached):
    proposal, attachment = attached
    app.config["ATTACHMENT_MAX_BYTES"] = len(NEW_PDF) - 1
    auth.login_as(people["submitter"])

    response = _post_version(client, proposal, attachment)

    assert response.status_code == 422
    assert "Die Datei ist zu groß" in _error_next_to(
        _text(response), f"version-{attachment.id}-file"
    )
    assert _count(StoredFile) == 1 and len(_blobs()) == 1


def test_once_forwarded_nobody_uploads_a_new_version(client, auth, people, attached):
    proposal, attachment = attached
    proposal.status = "forwarded"
    db.session.commit()
    auth.login_as(people["submitter"])

    response = _post_version(client, proposal, attachment)

    assert response.status_code == 403
    assert _count(StoredFile) == 1


def test_an_attachment_whose_file_is_missing_is_404_not_500(client, auth, people, attached):
    proposal, attachment = attached
    blob_store().path_of(attachment.file.sha256).unlink()
    auth.login_as(people["submitter"])

    response = client.get(f"/proposals/{proposal.id}/attachments/{attachment.id}/Kosten.pdf")

    assert response.status_code == 404
    assert "nicht vorhanden" in _text(response)
