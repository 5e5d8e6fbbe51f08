"""New versions of agenda items' papers: stored on disk by content, older versions downloadable
by exactly the people who may download the paper, bad uploads refused, unused files collected."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from benchmarks.sqlcount import StatementCounter
from meetings.models import AgendaItemAttachment, MeetingChange
from meetings.services import attachments
from portal.errors import InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, MembershipRole, OutboxMessage, StoredFile
from portal.services.files import blob_store, file_versions
from tests.fixtures.meetings import PDF_BYTES

#: The same one-page PDF in landscape: a second version with other content.
NEW_PDF = PDF_BYTES.replace(b"595 842", b"842 595")


@pytest.fixture
def app_config(tmp_path):
    """Each test gets its own file store, so it can count the files in it."""
    return {"FILE_STORAGE_PATH": str(tmp_path / "files")}


def _blobs() -> list[Path]:
    root = Path(blob_store().root)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _upload(filename: str = "Bericht.pdf", data: bytes = NEW_PDF) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error_next_to(page: str, field: str) -> str:
    match = re.search(rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _post_version(client, meeting, item, paper, *, filename="Bericht.pdf", data=NEW_PDF):
    return client.post(
        f"/meetings/{meeting.id}/items/{item.id}/papers/{paper.id}/versions",
        data={f"version-{paper.id}-file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _version_url(meeting, paper, version: int, filename: str = "Bericht.pdf") -> str:
    return f"/meetings/{meeting.id}/papers/{paper.id}/versions/{version}/{filename}"


# --- the store -------------------------------------------------------------------------------


def test_an_uploaded_paper_lies_in_the_store_under_its_sha256(personas, body, create_meeting):
    item = create_meeting(body, items=1).items[0]

    paper = attachments.attach_paper(personas["secretariat"], item, _upload(data=PDF_BYTES))

    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    assert paper.file.sha256 == sha256
    assert paper.file.sha512 == hashlib.sha512(PDF_BYTES).hexdigest()
    assert _blobs() == [Path(blob_store().root) / sha256[:2] / sha256[2:4] / sha256]
    assert _blobs()[0].read_bytes() == PDF_BYTES


def test_the_same_bytes_attached_twice_are_stored_once(personas, body, create_meeting):
    meeting = create_meeting(body, items=2)

    for item in meeting.items:
        attachments.attach_paper(personas["secretariat"], item, _upload(data=PDF_BYTES))

    assert _count(StoredFile) == 2
    assert len(_blobs()) == 1


# --- new versions (service) ------------------------------------------------------------------


def test_a_new_version_becomes_current_and_the_old_one_stays(
    personas, body, create_meeting, create_paper
):
    item = create_meeting(body, items=1).items[0]
    paper = create_paper(item)
    first = paper.file

    attachments.replace_paper(personas["secretariat"], paper, _upload("Bericht_v2.pdf"))

    current = paper.file
    assert (current.version, current.first_id, current.filename) == (2, first.id, "Bericht_v2.pdf")
    assert [stored.version for stored in file_versions(current)] == [2, 1]
    assert [stored.id for stored in file_versions(first)] == [current.id, first.id]
    assert current.older_versions == [first]
    assert blob_store().read(first.sha256) == PDF_BYTES
    assert blob_store().read(current.sha256) == NEW_PDF


def test_each_version_counts_on_from_the_highest_of_its_file(
    personas, body, create_meeting, create_paper
):
    paper = create_paper(create_meeting(body, items=1).items[0])

    for number in range(3):
        attachments.replace_paper(
            personas["secretariat"], paper, _upload(data=NEW_PDF + b" " * number)
        )

    assert paper.file.version == 4
    assert [stored.version for stored in paper.file.older_versions] == [3, 2, 1]


def test_a_new_version_is_audited_with_the_file_before_and_after(
    personas, body, create_meeting, create_paper
):
    paper = create_paper(create_meeting(body, items=1).items[0])
    old_id = paper.file_id

    attachments.replace_paper(personas["secretariat"], paper, _upload())

    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "agenda_item_attachment.new_version")
    )
    assert event.before["file_id"] == old_id and event.after["file_id"] == paper.file_id
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert event.after["sha256"] == hashlib.sha256(NEW_PDF).hexdigest()


def test_after_the_invitation_a_new_version_is_recorded_and_announced(
    personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1, status="invited", invited_at=datetime.now(UTC))
    paper = create_paper(meeting.items[0], title="Anlage A")

    attachments.replace_paper(personas["secretariat"], paper, _upload())

    change = db.session.scalar(select(MeetingChange))
    assert (change.kind, change.after) == (
        "agenda",
        {"item": "Punkt 1", "paper_added": "Anlage A (Version 2)"},
    )
    announced = select(func.count()).where(OutboxMessage.recipient == personas["member"].email)
    assert db.session.scalar(announced) == 1


def test_before_the_invitation_a_new_version_changes_silently(
    personas, body, create_meeting, create_paper
):
    paper = create_paper(create_meeting(body, items=1).items[0])

    attachments.replace_paper(personas["secretariat"], paper, _upload())

    assert _count(MeetingChange) == 0 and _count(OutboxMessage) == 0


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin"])
def test_only_the_meetings_managers_upload_new_versions(
    personas, body, create_meeting, create_paper, who
):
    paper = create_paper(create_meeting(body, items=1).items[0])
    blobs = _blobs()

    with pytest.raises(PermissionDenied):
        attachments.replace_paper(personas[who], paper, _upload())

    db.session.rollback()
    assert _count(StoredFile) == 1 and paper.file.version == 1
    assert _blobs() == blobs


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("leer.pdf", b"", "Die Datei ist leer."),
        ("", b"", "Bitte wählen Sie eine Datei aus."),
        ("programm.exe", b"MZ\x90\x00", "Dateien dieser Art können nicht hochgeladen werden."),
        ("bild.png", NEW_PDF, "passt nicht zu ihrer Endung „.png“"),
        ("seite.pdf", b"<html><script>alert(1)</script>", "passt nicht zu ihrer Endung „.pdf“"),
        ("Bericht.pdf", PDF_BYTES, "mit der aktuellen Version identisch"),
    ],
)
def test_a_bad_new_version_is_refused_in_german_and_changes_nothing(
    personas, body, create_meeting, create_paper, filename, data, message
):
    paper = create_paper(create_meeting(body, items=1).items[0])
    current_id = paper.file_id
    blobs = _blobs()

    with pytest.raises(InvalidInput) as refused:
        attachments.replace_paper(personas["secretariat"], paper, _upload(filename, data))

    db.session.rollback()
    assert refused.value.errors[0][0] == "file" and message in refused.value.errors[0][1]
    assert _count(StoredFile) == 1
    assert db.session.get(AgendaItemAttachment, paper.id).file_id == current_id
    assert _blobs() == blobs


def test_a_new_version_over_the_size_limit_is_refused(
    app, personas, body, create_meeting, create_paper
):
    app.config["ATTACHMENT_MAX_BYTES"] = len(NEW_PDF) - 1
    paper = create_paper(create_meeting(body, items=1).items[0])

    with pytest.raises(InvalidInput, match="zu groß"):
        attachments.replace_paper(personas["secretariat"], paper, _upload())

    db.session.rollback()
    assert _count(StoredFile) == 1 and len(_blobs()) == 1


def test_the_default_size_limit_is_25_mb(app):
    from portal.services.files import max_size_text

    assert app.config["ATTACHMENT_MAX_BYTES"] == 25 * 1024 * 1024
    with app.test_request_context():
        assert max_size_text() == "25 MB"


def test_a_cancelled_meetings_papers_get_no_new_version(
    personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1, status="cancelled", cancel_reason="Krankheit")
    paper = create_paper(meeting.items[0])

    with pytest.raises(InvalidInput, match="abgesagt"):
        attachments.replace_paper(personas["secretariat"], paper, _upload())

    db.session.rollback()
    assert _count(StoredFile) == 1


def test_removing_a_paper_deletes_every_version_but_leaves_the_files_to_the_collector(
    personas, body, create_meeting, create_paper
):
    paper = create_paper(create_meeting(body, items=1).items[0])
    attachments.replace_paper(personas["secretariat"], paper, _upload())

    attachments.remove_paper(personas["secretariat"], paper)

    assert _count(StoredFile) == 0 and _count(AgendaItemAttachment) == 0
    assert len(_blobs()) == 2


# --- pages and downloads ---------------------------------------------------------------------


def test_the_papers_page_uploads_a_new_version_and_lists_the_older_ones(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    item = meeting.items[0]
    paper = create_paper(item, title="Anlage 1: Sachstand", filename="Bericht.pdf")
    auth.login_as(personas["secretariat"])
    page = _text(client.get(f"/meetings/{meeting.id}/items/{item.id}/papers"))
    assert f'<label class="kern-label" for="version-{paper.id}-file">' in page
    assert "Neue Version von „Anlage 1: Sachstand“" in page

    response = _post_version(client, meeting, item, paper, filename="Bericht_v2.pdf")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/papers#paper-{paper.id}")
    page = _text(client.get(response.headers["Location"]))
    assert "Bericht_v2.pdf (PDF)" in page
    assert re.search(r"Version 2 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)
    assert "ältere Versionen" in page
    assert f'href="{_version_url(meeting, paper, 1)}"' in page


def test_the_current_download_serves_the_new_version_and_the_old_one_stays_downloadable(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0], filename="Bericht.pdf")
    attachments.replace_paper(personas["secretariat"], paper, _upload("Bericht_v2.pdf"))
    auth.login_as(personas["member"])

    current = client.get(f"/meetings/{meeting.id}/papers/{paper.id}/Bericht_v2.pdf")
    old = client.get(_version_url(meeting, paper, 1))

    assert current.status_code == 200 and current.data == NEW_PDF
    assert current.headers["Content-Disposition"].startswith("attachment; ")
    assert old.status_code == 200 and old.data == PDF_BYTES
    assert old.headers["Content-Disposition"].startswith('attachment; filename="Bericht.pdf"')
    assert old.headers["Content-Type"] == "application/pdf"
    assert old.headers["Content-Length"] == str(len(PDF_BYTES))
    assert old.headers["X-Content-Type-Options"] == "nosniff"
    assert old.headers["ETag"] == f'"{hashlib.sha512(PDF_BYTES).hexdigest()}"'


def test_the_meeting_page_shows_readers_the_version_and_the_older_ones(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0], filename="Bericht.pdf")
    attachments.replace_paper(personas["secretariat"], paper, _upload())
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert re.search(r"Version 2 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)
    assert f'href="{_version_url(meeting, paper, 1)}"' in page


def test_the_meeting_page_loads_the_older_versions_of_all_papers_in_one_statement(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=4)
    papers = [create_paper(item) for item in meeting.items]
    auth.login_as(personas["member"])

    def statements() -> int:
        with StatementCounter(db.engine) as counter:
            assert client.get(f"/meetings/{meeting.id}").status_code == 200
        return len(counter.statements)

    before = statements()
    for number, paper in enumerate(papers):
        for again in range(2):
            content = NEW_PDF + b" " * (number * 2 + again)
            attachments.replace_paper(personas["secretariat"], paper, _upload(data=content))

    assert statements() == before + 1


def test_a_paper_with_one_version_shows_no_version_line(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    create_paper(meeting.items[0])
    auth.login_as(personas["member"])

    assert "ältere Versionen" not in _text(client.get(f"/meetings/{meeting.id}"))


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("other_member", 404), ("guest", 200), ("member", 200)],
)
def test_an_old_version_goes_to_exactly_those_who_get_the_current_one(
    client, auth, personas, body, create_meeting, create_agenda_item, create_paper, who, status
):
    meeting = create_meeting(body, items=1)
    hidden = create_agenda_item(meeting, title="Personalsache", is_public=False)
    paper = create_paper(hidden, filename="Akte.pdf")
    attachments.replace_paper(personas["secretariat"], paper, _upload("Akte.pdf"))
    if personas[who] is not None:
        auth.login_as(personas[who])

    current = client.get(f"/meetings/{meeting.id}/papers/{paper.id}/Akte.pdf")
    old = client.get(_version_url(meeting, paper, 1, "Akte.pdf"))

    assert current.status_code == old.status_code == status


def test_the_public_gets_old_versions_of_public_items_only(
    client,
    personas,
    create_body,
    create_membership,
    create_meeting,
    create_agenda_item,
    create_paper,
):
    public_body = create_body(is_public=True, slug="ag-offen")
    create_membership(personas["secretariat"], public_body, MembershipRole.SECRETARIAT)
    meeting = create_meeting(public_body, items=1, is_public=True)
    hidden = create_agenda_item(meeting, title="Personalsache", is_public=False)
    shown, secret = create_paper(meeting.items[0]), create_paper(hidden)
    for paper in (shown, secret):
        attachments.replace_paper(personas["secretariat"], paper, _upload())

    assert client.get(_version_url(meeting, shown, 1)).status_code == 200
    assert client.get(_version_url(meeting, secret, 1)).status_code == 404


def test_a_version_is_found_only_under_its_own_paper_and_meeting(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=2)
    other = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    sibling = create_paper(meeting.items[1], data=NEW_PDF)
    attachments.replace_paper(personas["secretariat"], paper, _upload(data=NEW_PDF + b" "))
    auth.login_as(personas["member"])

    assert client.get(_version_url(meeting, paper, 3)).status_code == 404
    assert client.get(_version_url(other, paper, 1)).status_code == 404
    assert client.get(_version_url(meeting, sibling, 2)).status_code == 404
    assert client.get(_version_url(meeting, sibling, 1)).data == NEW_PDF


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("bild.png", NEW_PDF, "Der Inhalt der Datei passt nicht zu ihrer Endung „.png“."),
        ("leer.pdf", b"", "Die Datei ist leer."),
    ],
)
def test_a_bad_new_version_is_shown_beside_its_file_with_422(
    client, auth, personas, body, create_meeting, create_paper, filename, data, message
):
    meeting = create_meeting(body, items=1)
    item = meeting.items[0]
    paper = create_paper(item)
    auth.login_as(personas["secretariat"])

    response = _post_version(client, meeting, item, paper, filename=filename, data=data)

    assert response.status_code == 422
    assert message in _error_next_to(_text(response), f"version-{paper.id}-file")
    assert _count(StoredFile) == 1 and len(_blobs()) == 1


def test_a_new_version_without_a_file_is_refused_with_422(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"/meetings/{meeting.id}/items/{meeting.items[0].id}/papers/{paper.id}/versions",
        data={},
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert "Bitte wählen Sie eine Datei aus." in _text(response)
    assert _count(StoredFile) == 1


@pytest.mark.parametrize("who", ["member", "chair"])
def test_members_cannot_upload_new_versions(
    client, auth, personas, body, create_meeting, create_paper, who
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    auth.login_as(personas[who])

    response = _post_version(client, meeting, meeting.items[0], paper)

    assert response.status_code == 403
    assert _count(StoredFile) == 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_new_version_without_csrf_token_is_refused(
    client, auth, personas, body, create_meeting, create_paper, app_config
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    auth.login_as(personas["secretariat"])

    response = _post_version(client, meeting, meeting.items[0], paper)

    assert response.status_code == 400
    assert _count(StoredFile) == 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_new_version_form_carries_its_own_csrf_token(
    client, auth, personas, body, create_meeting, create_paper, app_config
):
    meeting = create_meeting(body, items=1)
    item = meeting.items[0]
    paper = create_paper(item)
    auth.login_as(personas["secretariat"])
    page = _text(client.get(f"/meetings/{meeting.id}/items/{item.id}/papers"))
    token = re.search(rf'name="version-{paper.id}-csrf_token"[^>]*value="([^"]+)"', page)

    response = client.post(
        f"/meetings/{meeting.id}/items/{item.id}/papers/{paper.id}/versions",
        data={
            f"version-{paper.id}-csrf_token": token.group(1),
            f"version-{paper.id}-file": (io.BytesIO(NEW_PDF), "Bericht.pdf"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert _count(StoredFile) == 2


def test_a_paper_whose_file_is_missing_is_answered_with_404_and_logged(
    client, auth, personas, body, create_meeting, create_paper, caplog
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    blob_store().path_of(paper.file.sha256).unlink()
    auth.login_as(personas["member"])

    with caplog.at_level(logging.ERROR, logger="portal.services.files"):
        response = client.get(f"/meetings/{meeting.id}/papers/{paper.id}/Bericht.pdf")

    assert response.status_code == 404
    assert "Die Datei ist im Dateispeicher des Portals nicht vorhanden." in _text(response)
    assert f"stored file {paper.file_id} is missing" in caplog.text


# --- collecting unused files -----------------------------------------------------------------


def _age_all_blobs(hours: float) -> None:
    then = time.time() - hours * 3600
    for path in _blobs():
        os.utime(path, (then, then))


def test_files_gc_removes_only_old_files_no_row_refers_to(
    runner, personas, body, create_meeting, create_paper
):
    item = create_meeting(body, items=1).items[0]
    kept = create_paper(item, title="bleibt")
    removed = create_paper(item, title="entfernt", data=NEW_PDF)
    attachments.remove_paper(personas["secretariat"], removed)
    _age_all_blobs(48)
    blob_store().write(b"upload in flight")

    result = runner.invoke(args=["files-gc", "--older-than-hours", "24"])

    assert result.exit_code == 0, result.output
    assert "Removed 1 unreferenced files" in result.output
    assert "kept 1 referenced and 1 recent unreferenced files" in result.output
    assert blob_store().exists(kept.file.sha256)
    assert not blob_store().exists(hashlib.sha256(NEW_PDF).hexdigest())
    assert len(_blobs()) == 2


def test_files_gc_keeps_a_file_shared_with_a_removed_paper(
    runner, personas, body, create_meeting, create_paper
):
    item = create_meeting(body, items=1).items[0]
    kept = create_paper(item, title="bleibt")
    removed = create_paper(item, title="gleicher Inhalt")
    attachments.remove_paper(personas["secretariat"], removed)
    _age_all_blobs(48)

    result = runner.invoke(args=["files-gc"])

    assert result.exit_code == 0, result.output
    assert "Removed 0 unreferenced files" in result.output
    assert blob_store().read(kept.file.sha256) == PDF_BYTES
