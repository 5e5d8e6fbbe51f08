"""The invitation letter with the agenda (``/meetings/<id>/agenda.docx``), as the reader may see it.

Access is decided here, before the pure builder (``meetings.docx_agenda``) gets its data: people
who may see the non-public part get the whole agenda with the non-public items marked; everyone
else gets the public version, which leaves those items (and the online link) out altogether.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from meetings.docx_data import AgendaLetter, LetterItem
from meetings.models import Meeting
from meetings.services.numbered import NumberedItem, numbered_agenda
from portal.db import utcnow
from portal.filetypes import clean_filename
from portal.models import User
from portal.permissions import Action, can, require
from portal.timeutil import to_local

FILE_NAME = "Einladung {body} {date}.docx"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _letter_item(entry: NumberedItem, by_id: dict) -> LetterItem:
    item = entry.item
    parent = by_id.get(item.parent_id) if item.parent_id else None
    return LetterItem(
        number=entry.number,
        title=item.title,
        description=item.description,
        presenter=item.presenter,
        kind=item.kind,
        duration_minutes=item.duration_minutes,
        # A sub-item of a non-public item belongs to the non-public part, as on the page.
        is_public=item.is_public and (parent is None or parent.is_public),
        is_supplement=item.is_supplement,
    )


def agenda_letter(
    actor: User | None, meeting: Meeting, *, now: datetime | None = None
) -> AgendaLetter:
    """Return the invitation letter's data as the actor may see it (NotFound for outsiders).

    The letter is dated the day the invitation went out, or today while it has not.
    """
    require(actor, Action.MEETING_VIEW, meeting)
    internal = can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)
    by_id = {item.id: item for item in meeting.items}
    agenda = numbered_agenda(meeting.items, include_nonpublic=internal)
    return AgendaLetter(
        operator_name=current_app.config["PORTAL_OPERATOR_NAME"],
        body_name=meeting.body.name,
        meeting_title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        online_url=meeting.online_url if internal else "",
        items=tuple(_letter_item(entry, by_id) for entry in agenda),
        notice_days=meeting.body.notice_period_days,
        invited_late=meeting.invited_late,
        is_cancelled=meeting.is_cancelled,
        cancel_reason=meeting.cancel_reason,
        public_version=not internal,
        created_at=meeting.invited_at or now or utcnow(),
    )


def agenda_docx(actor: User | None, meeting: Meeting) -> tuple[bytes, str]:
    """Return the invitation letter as .docx bytes and the file name to offer it under."""
    letter = agenda_letter(actor, meeting)
    name = FILE_NAME.format(
        body=meeting.body.name, date=to_local(meeting.starts_at).date().isoformat()
    )
    # Imported here: python-docx and lxml are ~8 MiB that only the rare download needs, and
    # every web worker would carry them from start otherwise.
    from meetings.docx_agenda import build_agenda_docx

    return build_agenda_docx(letter), clean_filename(name)
