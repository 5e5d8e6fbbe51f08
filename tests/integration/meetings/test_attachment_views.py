"""The papers pages and the download, as the KI, members, outsiders and the public use them."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from sqlalchemy import func, select

from meetings.models import AgendaItemAttachment
from portal.extensions import db
from portal.models import StoredFile
from tests.fixtures.meetings import PDF_BYTES


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _post_paper(client, meeting, item, *, filename="Bericht.pdf", data=PDF_BYTES, title=""):
    return client.post(
        f"/meetings/{meeting.id}/items/{item.id}/papers",
        data={"file": (io.BytesIO(data), filename), "title": title},
        content_type="multipart/form-data",
    )


def _error_next_to(page: str, field: str) -> str:
    """Return the text of the error shown next to a field (empty if there is none)."""
    match = re.search(rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def test_upload_and_download_give_back_the_same_bytes(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body, items=2)
    item = meeting.items[1]
    auth.login_as(personas["secretariat"])

    response = _post_paper(client, meeting, item, title="Anlage 1: Sachstand")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/items/{item.id}/papers")
    paper = db.session.scalar(select(AgendaItemAttachment))
    listing = _text(client.get(response.headers["Location"]))
    assert "Anlage 1: Sachstand" in listing and "Bericht.pdf (PDF)" in listing
    download = client.get(f"/meetings/{meeting.id}/papers/{paper.id}/Bericht.pdf")
    assert download.status_code == 200
    assert hashlib.sha512(download.data).hexdigest() == hashlib.sha512(PDF_BYTES).hexdigest()
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Length"] == str(len(PDF_BYTES))
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["ETag"] == f'"{hashlib.sha512(PDF_BYTES).hexdigest()}"'
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Bericht.pdf\"; filename*=UTF-8''Bericht.pdf"
    )


def test_a_download_the_browser_has_already_is_answered_with_304(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    auth.login_as(personas["member"])
    url = f"/meetings/{meeting.id}/papers/{paper.id}/{paper.file.filename}"

    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.data == b""


def test_unicode_file_names_survive_upload_and_download(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["secretariat"])

    _post_paper(client, meeting, meeting.items[0], filename="Förderrichtlinie – Entwurf 📎.pdf")

    paper = db.session.scalar(select(AgendaItemAttachment))
    assert paper.file.filename == "Förderrichtlinie – Entwurf 📎.pdf"
    response = client.get(f"/meetings/{meeting.id}/papers/{paper.id}/{paper.file.filename}")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Forderrichtlinie  Entwurf .pdf"')
    assert "filename*=UTF-8''F%C3%B6rderrichtlinie%20%E2%80%93%20Entwurf%20%F0%9F%93%8E.pdf" in (
        disposition
    )


def test_script_and_path_names_are_cleaned_and_shown_escaped(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=1)
    item = meeting.items[0]
    auth.login_as(personas["secretariat"])

    _post_paper(
        client,
        meeting,
        item,
        filename="../../<img src=x onerror=alert(1)>.pdf",
        title="<b>fett</b>",
    )

    paper = db.session.scalar(select(AgendaItemAttachment))
    assert "/" not in paper.file.filename and "<" not in paper.file.filename
    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert "<b>fett</b>" not in page and "&lt;b&gt;fett&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("leer.pdf", b"", "Die Datei ist leer."),
        ("seite.html", b"<script>alert(1)</script>", "Dateien dieser Art können nicht"),
        ("bericht.pdf", b"<script>alert(1)</script>", "passt nicht zu ihrer Endung „.pdf“"),
        ("", b"", "Bitte wählen Sie eine Datei aus."),
    ],
)
def test_bad_files_get_a_german_message_next_to_the_field_and_nothing_is_stored(
    client, auth, personas, body, create_meeting, filename, data, message
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["secretariat"])

    response = _post_paper(client, meeting, meeting.items[0], filename=filename, data=data)

    assert response.status_code == 422
    assert message in _error_next_to(_text(response), "file")
    assert _count(StoredFile) == 0 and _count(AgendaItemAttachment) == 0


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        ("x" * 301, None),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("Anlage 📎 تقرير", "Anlage 📎 تقرير"),
    ],
)
def test_titles_are_checked_for_length_and_kept_as_plain_text(
    client, auth, personas, body, create_meeting, title, stored
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["secretariat"])

    response = _post_paper(client, meeting, meeting.items[0], title=title)

    if stored is None:
        assert response.status_code == 422
        assert _error_next_to(_text(response), "title") == "Höchstens 300 Zeichen."
        assert _count(StoredFile) == 0
    else:
        assert response.status_code == 302
        assert db.session.scalar(select(AgendaItemAttachment.title)) == stored
        assert "<script>alert(1)</script>" not in _text(client.get(f"/meetings/{meeting.id}"))


@pytest.mark.parametrize("app_config", [{"ATTACHMENT_MAX_BYTES": 1000, "MAX_CONTENT_LENGTH": 4000}])
def test_too_large_files_are_refused_by_the_form_or_by_the_request_limit(
    client, auth, personas, body, create_meeting, app_config
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["secretariat"])

    item = meeting.items[0]
    over_the_paper_limit = _post_paper(client, meeting, item, data=PDF_BYTES + b" " * 1000)
    over_the_request_limit = _post_paper(client, meeting, item, data=PDF_BYTES + b" " * 5000)

    assert over_the_paper_limit.status_code == 422
    assert _error_next_to(_text(over_the_paper_limit), "file") == (
        "Die Datei ist zu groß: erlaubt sind höchstens 1000 Byte."
    )
    assert over_the_request_limit.status_code == 413
    page = _text(over_the_request_limit)
    assert "Die gesendeten Daten sind zu groß" in page
    assert "Eine Datei darf höchstens 1000 Byte groß sein." in page
    assert _count(StoredFile) == 0


def test_the_default_request_limit_lies_just_above_the_paper_limit(app):
    assert app.config["ATTACHMENT_MAX_BYTES"] == 25 * 1024 * 1024
    assert 0 < app.config["MAX_CONTENT_LENGTH"] - app.config["ATTACHMENT_MAX_BYTES"] <= 2**21


def test_removing_asks_first_then_deletes_the_paper(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    item = meeting.items[0]
    paper = create_paper(item, title="Alter Entwurf")
    auth.login_as(personas["secretariat"])
    url = f"/meetings/{meeting.id}/items/{item.id}/papers/{paper.id}/delete"

    question = client.get(url)
    assert question.status_code == 200 and "Alter Entwurf" in _text(question)
    assert _count(AgendaItemAttachment) == 1

    response = client.post(url)

    assert response.status_code == 302
    assert _count(AgendaItemAttachment) == 0 and _count(StoredFile) == 0


def test_a_paper_is_removed_only_under_its_own_item(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=2)
    paper = create_paper(meeting.items[0])
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"/meetings/{meeting.id}/items/{meeting.items[1].id}/papers/{paper.id}/delete"
    )

    assert response.status_code == 404
    assert _count(AgendaItemAttachment) == 1


def test_a_cancelled_meeting_offers_no_upload_and_refuses_one(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=1, status="cancelled", cancel_reason="Krankheit")
    item = meeting.items[0]
    auth.login_as(personas["secretariat"])

    page = _text(client.get(f"/meetings/{meeting.id}/items/{item.id}/papers"))
    response = _post_paper(client, meeting, item)

    assert 'enctype="multipart/form-data"' not in page
    assert response.status_code == 422 and "abgesagt" in _text(response)
    assert _count(StoredFile) == 0


def test_the_meeting_page_lists_papers_with_type_size_and_link(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=2)
    item = meeting.items[1]
    paper = create_paper(item, title="Anlage 1", data=PDF_BYTES.ljust(1_258_291))
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert f'href="/meetings/{meeting.id}/papers/{paper.id}/Sachstandsbericht.pdf"' in page
    assert 'Anlage 1</a> <span class="kern-body kern-body--small">(PDF, 1,2 MB)</span>' in page
    papers_link = f"/meetings/{meeting.id}/items/{item.id}/papers"
    assert papers_link not in page
    auth.login_as(personas["secretariat"])
    assert papers_link in _text(client.get(f"/meetings/{meeting.id}"))


@pytest.fixture
def public_meeting(create_body, create_meeting, create_agenda_item, create_paper):
    """A public meeting of a public body with papers on a public and on a non-public item."""
    body = create_body(is_public=True, slug="ag-offen")
    meeting = create_meeting(body, items=1, is_public=True)
    hidden = create_agenda_item(meeting, title="Personalsache", is_public=False)
    return {
        "meeting": meeting,
        "public": create_paper(meeting.items[0], title="Öffentlicher Bericht"),
        "hidden": create_paper(hidden, title="Personalakte", filename="Akte.pdf"),
    }


def _download(client, meeting, paper):
    return client.get(f"/meetings/{meeting.id}/papers/{paper.id}/{paper.file.filename}")


def test_the_public_gets_the_papers_of_public_items_only(client, public_meeting):
    meeting = public_meeting["meeting"]

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert "Öffentlicher Bericht" in page and "Personalakte" not in page
    assert _download(client, meeting, public_meeting["public"]).status_code == 200
    assert _download(client, meeting, public_meeting["hidden"]).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("other_member", 404), ("guest", 200), ("member", 200)],
)
def test_papers_of_a_non_public_meeting_go_to_its_body_only(
    client, auth, personas, body, create_meeting, create_agenda_item, create_paper, who, status
):
    meeting = create_meeting(body, items=1)
    hidden = create_agenda_item(meeting, title="Personalsache", is_public=False)
    papers = [create_paper(meeting.items[0]), create_paper(hidden, filename="Akte.pdf")]
    if personas[who] is not None:
        auth.login_as(personas[who])

    for paper in papers:
        assert _download(client, meeting, paper).status_code == status


def test_a_paper_is_not_served_under_another_meeting(
    client, auth, personas, body, create_meeting, create_paper
):
    meeting = create_meeting(body, items=1)
    other = create_meeting(body, items=1)
    paper = create_paper(meeting.items[0])
    auth.login_as(personas["member"])

    assert _download(client, other, paper).status_code == 404
    assert client.get(f"/meetings/{meeting.id}/papers/999999/x.pdf").status_code == 404


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_an_upload_without_csrf_token_is_refused(
    client, auth, personas, body, create_meeting, app_config
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["secretariat"])

    response = _post_paper(client, meeting, meeting.items[0])

    assert response.status_code == 400
    assert _count(StoredFile) == 0
