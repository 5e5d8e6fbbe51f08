"""Papers of agenda items: the file checks, who may attach and see them, and the change record."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, inspect, select
from werkzeug.datastructures import FileStorage

from meetings.models import AgendaItemAttachment, MeetingChange
from meetings.services import attachments
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, OutboxMessage, StoredFile
from portal.services.files import blob_store
from tests.fixtures.meetings import PDF_BYTES


def _upload(filename: str = "Sachstandsbericht.pdf", data: bytes = PDF_BYTES) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type="application/pdf")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_paper_is_stored_with_its_checksum_type_size_and_uploader(personas, body, create_meeting):
    item = create_meeting(body, items=2).items[1]
    ki = personas["secretariat"]

    paper = attachments.attach_paper(ki, item, _upload(), title="  Anlage 1:   Bericht ")

    stored = db.session.get(StoredFile, paper.file_id)
    assert paper.title == "Anlage 1: Bericht" and paper.position == 0
    assert stored.filename == "Sachstandsbericht.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(PDF_BYTES)
    assert stored.sha512 == hashlib.sha512(PDF_BYTES).hexdigest()
    assert stored.uploaded_by_id == ki.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("agenda_item_att%")))
    assert event.action == "agenda_item_attachment.create" and event.after["size"] == stored.size


def test_the_title_defaults_to_the_file_name_and_papers_queue_up_in_order(
    personas, body, create_meeting
):
    item = create_meeting(body, items=1).items[0]
    ki = personas["secretariat"]

    first = attachments.attach_paper(ki, item, _upload("Förderrichtlinie – Entwurf.pdf"))
    second = attachments.attach_paper(ki, item, _upload("Anlage.pdf"))

    assert first.title == "Förderrichtlinie – Entwurf.pdf"
    assert [p.title for p in attachments.papers_of_item(ki, item)] == [
        "Förderrichtlinie – Entwurf.pdf",
        "Anlage.pdf",
    ]
    assert (first.position, second.position) == (0, 1)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("", b"", "Bitte wählen Sie eine Datei aus."),
        ("leer.pdf", b"", "Die Datei ist leer."),
        ("seite.html", b"<html><script>alert(1)</script></html>", "Dateien dieser Art"),
        ("programm.exe", b"MZ\x90\x00", "Dateien dieser Art"),
        ("../../etc/passwd", b"root:x:0:0", "Dateien dieser Art"),
        ("falsch.pdf", b"<html>keine PDF</html>", "passt nicht zu ihrer Endung „.pdf“"),
        ("bild.png", PDF_BYTES, "passt nicht zu ihrer Endung „.png“"),
    ],
)
def test_unacceptable_files_are_refused_with_a_german_reason_and_nothing_is_stored(
    personas, body, create_meeting, filename, data, message
):
    item = create_meeting(body, items=1).items[0]

    with pytest.raises(InvalidInput) as refused:
        attachments.attach_paper(personas["secretariat"], item, _upload(filename, data))

    db.session.rollback()
    assert refused.value.errors[0][0] == "file"
    assert message in refused.value.errors[0][1]
    assert _count(StoredFile) == 0 and _count(AgendaItemAttachment) == 0


@pytest.mark.parametrize("app_config", [{"ATTACHMENT_MAX_BYTES": 100}])
def test_a_file_over_the_configured_limit_is_refused(personas, body, create_meeting, app_config):
    item = create_meeting(body, items=1).items[0]

    with pytest.raises(InvalidInput) as refused:
        attachments.attach_paper(personas["secretariat"], item, _upload(data=PDF_BYTES + b" " * 99))

    db.session.rollback()
    assert refused.value.errors == [
        ("file", "Die Datei ist zu groß: erlaubt sind höchstens 100 Byte.")
    ]
    assert _count(StoredFile) == 0


def test_a_too_long_title_is_refused_before_the_file_is_read(personas, body, create_meeting):
    item = create_meeting(body, items=1).items[0]

    with pytest.raises(InvalidInput) as refused:
        attachments.attach_paper(personas["secretariat"], item, _upload(), title="x" * 301)

    assert refused.value.errors[0][0] == "title"
    assert _count(StoredFile) == 0


def test_path_parts_and_control_characters_leave_the_file_name(personas, body, create_meeting):
    item = create_meeting(body, items=1).items[0]

    paper = attachments.attach_paper(
        personas["secretariat"], item, _upload("..\\..\\<script>alert(1)</script>\u202e.pdf")
    )

    assert paper.file.filename == "script_.pdf"


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin"])
def test_only_the_meetings_managers_attach_papers(personas, body, create_meeting, who):
    item = create_meeting(body, items=1).items[0]

    with pytest.raises(PermissionDenied):
        attachments.attach_paper(personas[who], item, _upload())

    assert _count(StoredFile) == 0


def test_a_cancelled_meetings_papers_stay_as_they_are(personas, body, create_meeting, create_paper):
    meeting = create_meeting(body, items=1, status="cancelled", cancel_reason="Krankheit")
    paper = create_paper(meeting.items[0])

    with pytest.raises(InvalidInput, match="abgesagt"):
        attachments.attach_paper(personas["secretariat"], meeting.items[0], _upload())
    with pytest.raises(InvalidInput, match="abgesagt"):
        attachments.remove_paper(personas["secretariat"], paper)

    db.session.rollback()
    assert _count(StoredFile) == 1 and _count(AgendaItemAttachment) == 1


def test_after_the_invitation_papers_are_recorded_and_announced(personas, body, create_meeting):
    meeting = create_meeting(body, items=1, status="invited", invited_at=datetime.now(UTC))
    item = meeting.items[0]

    paper = attachments.attach_paper(personas["secretariat"], item, _upload(), title="Anlage A")
    attachments.remove_paper(personas["secretariat"], paper)

    changes = db.session.scalars(select(MeetingChange).order_by(MeetingChange.id)).all()
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("agenda", {}, {"item": "Punkt 1", "paper_added": "Anlage A"}),
        ("agenda", {"item": "Punkt 1", "paper_removed": "Anlage A"}, {}),
    ]
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient == personas["member"].email)
        )
        == 2
    )


def test_before_the_invitation_papers_change_silently(personas, body, create_meeting):
    item = create_meeting(body, items=1).items[0]

    attachments.attach_paper(personas["secretariat"], item, _upload())

    assert _count(MeetingChange) == 0 and _count(OutboxMessage) == 0


def test_removing_a_paper_deletes_its_file_and_is_audited(
    personas, body, create_meeting, create_paper
):
    item = create_meeting(body, items=1).items[0]
    paper = create_paper(item)

    attachments.remove_paper(personas["secretariat"], paper)

    assert _count(AgendaItemAttachment) == 0 and _count(StoredFile) == 0
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "agenda_item_attachment.delete")
    )


@pytest.fixture
def papered(body, create_meeting, create_agenda_item, create_paper):
    """A meeting with a paper on a public item, a non-public item and a sub-item of that one."""
    meeting = create_meeting(body, items=1)
    public = meeting.items[0]
    hidden = create_agenda_item(meeting, title="Personalsache", is_public=False)
    beneath = create_agenda_item(meeting, parent=hidden, title="Unterpunkt", is_public=True)
    return {
        "meeting": meeting,
        "public": create_paper(public, title="Öffentlicher Bericht"),
        "hidden": create_paper(hidden, title="Personalakte"),
        "beneath": create_paper(beneath, title="Anlage zum Unterpunkt"),
    }


def _titles(by_item) -> set[str]:
    return {paper.title for papers in by_item.values() for paper in papers}


@pytest.mark.parametrize("who", ["member", "guest", "secretariat", "admin"])
def test_the_inner_circle_sees_every_paper(personas, papered, who):
    by_item = attachments.attachments_by_item(personas[who], papered["meeting"])

    assert _titles(by_item) == {"Öffentlicher Bericht", "Personalakte", "Anlage zum Unterpunkt"}


def test_the_public_sees_only_papers_of_public_items_of_a_public_meeting(papered):
    meeting = papered["meeting"]
    meeting.is_public = True
    meeting.body.is_public = True
    db.session.commit()

    by_item = attachments.attachments_by_item(None, meeting)

    assert _titles(by_item) == {"Öffentlicher Bericht"}
    stored = attachments.get_paper(None, meeting, papered["public"].id).file
    assert blob_store().read(stored.sha256) == PDF_BYTES
    for hidden in ("hidden", "beneath"):
        with pytest.raises(NotFound):
            attachments.get_paper(None, meeting, papered[hidden].id)


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_outsiders_of_a_non_public_meeting_learn_nothing(personas, papered, who):
    with pytest.raises(NotFound):
        attachments.attachments_by_item(personas[who], papered["meeting"])
    with pytest.raises(NotFound):
        attachments.get_paper(personas[who], papered["meeting"], papered["public"].id)


def test_a_paper_is_found_only_under_its_own_meeting_and_item(
    personas, papered, body, create_meeting
):
    ki = personas["secretariat"]
    other = create_meeting(body, items=1)
    paper = papered["public"]

    with pytest.raises(NotFound):
        attachments.get_paper(ki, other, paper.id)
    with pytest.raises(NotFound):
        attachments.get_paper(ki, papered["meeting"], paper.id, item=other.items[0])
    assert attachments.get_paper(ki, papered["meeting"], paper.id).id == paper.id


def test_the_list_of_papers_leaves_the_file_contents_unloaded(personas, papered):
    by_item = attachments.attachments_by_item(personas["member"], papered["meeting"])

    stored = next(iter(by_item.values()))[0].file
    assert "data" not in inspect(stored).dict
