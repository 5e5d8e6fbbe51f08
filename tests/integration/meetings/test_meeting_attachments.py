"""Files attached to a meeting as a whole, as the meeting page shows them.

The management pages and downloads every owner shares are tested for meetings too in
``portal/test_attachment_pages.py``; here: where the files show, to whom, and at what cost.
"""

from __future__ import annotations

import io

import pytest

from benchmarks.sqlcount import StatementCounter
from meetings.services.meeting_attachments import MEETING_ATTACHMENTS
from portal.extensions import db
from portal.services import attachment_lists
from tests.fixtures.meetings import PDF_BYTES


@pytest.fixture
def app_config(tmp_path):
    """Pages are rendered each time (no page store), so their statements can be counted."""
    return {"FILE_STORAGE_PATH": str(tmp_path / "files"), "PAGE_CACHE_BYTES": 0}


def _pdf(name: str, marker: bytes = b"") -> object:
    from werkzeug.datastructures import FileStorage

    return FileStorage(io.BytesIO(PDF_BYTES + marker), filename=name)


@pytest.fixture
def meeting(body, create_meeting):
    return create_meeting(body, title="3. Sitzung der Lenkungsgruppe")


def _attach(personas, meeting, title: str, *, versions: int = 1):
    ki = personas["secretariat"]
    attachment = attachment_lists.attach_file(
        ki, MEETING_ATTACHMENTS, meeting, _pdf(f"{title}.pdf"), title=title
    )
    for number in range(2, versions + 1):
        attachment_lists.replace_file(
            ki, MEETING_ATTACHMENTS, meeting, attachment, _pdf("neu.pdf", b"%" * number)
        )
    return attachment


def test_the_meeting_page_lists_its_files_and_offers_the_management_page_to_the_secretariat(
    client, auth, personas, meeting
):
    invitation = _attach(personas, meeting, "Einladungsschreiben", versions=2)
    auth.login_as(personas["secretariat"])

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert "Anlagen zur Sitzung" in page
    assert f'href="/meetings/{meeting.id}/attachments/{invitation.id}/neu.pdf"' in page
    assert "Einladungsschreiben" in page and "ältere Versionen" in page
    assert (
        f'href="/meetings/{meeting.id}/attachments/{invitation.id}/versions/1/'
        'Einladungsschreiben.pdf"'
    ) in page
    assert f'href="/meetings/{meeting.id}/attachments"' in page


@pytest.mark.parametrize("who", ["member", "guest", "chair", "admin"])
def test_members_see_the_files_but_no_management_link(client, auth, personas, meeting, who):
    _attach(personas, meeting, "Präsentation")
    auth.login_as(personas[who])

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert "Präsentation" in page
    assert f'href="/meetings/{meeting.id}/attachments"' not in page


def test_without_files_the_section_shows_only_to_who_may_add_some(client, auth, personas, meeting):
    auth.login_as(personas["member"])
    assert "Anlagen zur Sitzung" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    auth.login_as(personas["secretariat"])
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Anlagen zur Sitzung" in page and "Es sind noch keine Anlagen hochgeladen." in page


@pytest.mark.parametrize(
    ("body_public", "meeting_public", "status"),
    [(True, True, 200), (True, False, 404), (False, True, 404)],
    ids=["public", "non-public-meeting", "non-public-body"],
)
def test_the_public_gets_the_files_of_public_meetings_of_public_bodies_only(
    client, personas, body, meeting, body_public, meeting_public, status
):
    body.is_public, meeting.is_public = body_public, meeting_public
    db.session.commit()
    attachment = _attach(personas, meeting, "Präsentation")

    assert client.get(f"/meetings/{meeting.id}/attachments/{attachment.id}/x.pdf").status_code == (
        status
    )
    assert client.get(f"/meetings/{meeting.id}").status_code == status


def _statements(client, path: str) -> int:
    assert client.get(path).status_code == 200
    with StatementCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    return len(counter.statements)


def test_the_files_cost_the_meeting_page_one_statement_and_one_for_all_older_versions(
    client, auth, personas, body, create_meeting
):
    empty, plain, versioned = (create_meeting(body, items=3) for _ in range(3))
    for number in range(5):
        _attach(personas, plain, f"Anlage {number}")
        _attach(personas, versioned, f"Anlage {number}", versions=3)
    auth.login_as(personas["member"])

    without = _statements(client, f"/meetings/{empty.id}")

    assert _statements(client, f"/meetings/{plain.id}") == without
    assert _statements(client, f"/meetings/{versioned.id}") == without + 1
    assert without <= 10


def test_the_audit_log_names_the_change_in_german(client, auth, personas, meeting):
    _attach(personas, meeting, "Einladungsschreiben")
    auth.login_as(personas["secretariat"])

    page = client.get("/audit/").get_data(as_text=True)

    assert "Anlage zur Sitzung hinzugefügt" in page
    assert "3. Sitzung der Lenkungsgruppe: Einladungsschreiben" in page


def test_a_cancelled_meeting_still_takes_a_file(client, auth, personas, body, create_meeting):
    """The letter that cancels the meeting is one of its files."""
    meeting = create_meeting(body, status="cancelled", cancel_reason="Krankheit")
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"/meetings/{meeting.id}/attachments",
        data={"file": (io.BytesIO(PDF_BYTES), "Absage.pdf"), "title": "Absageschreiben"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert "Absageschreiben" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
