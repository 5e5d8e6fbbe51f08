"""What the meeting pages show, filtered in the database by what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from meetings.models import (
    AgendaItem,
    AgendaItemAttachment,
    Meeting,
    MeetingAttachment,
    MeetingChange,
)
from meetings.services.attachments import attachments_by_item
from meetings.services.attendance_page import AttendancePanel, attendance_panel
from meetings.services.minutes_governance import ItemGovernance, item_governance
from meetings.services.numbered import NumberedItem, numbered_agenda
from meetings.services.suggestion_panel import SuggestionPanel, suggestion_panel
from portal.db import utcnow
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, can, require, visible_meetings
from portal.statistics.models import StatisticsLink, TargetKind
from portal.statistics.services.snapshots import links_to


def list_meetings(
    actor: User | None,
    *,
    body: Body | None = None,
    past: bool = False,
    page: int = 1,
    per_page: int = 25,
    now: datetime | None = None,
):
    """Return one page of the meetings the actor may see, upcoming (soonest first) or past."""
    now = now or utcnow()
    conditions = [visible_meetings(actor, Meeting)]
    if body is not None:
        conditions.append(Meeting.body_id == body.id)
    conditions.append(Meeting.ends_at < now if past else Meeting.ends_at >= now)
    order = (
        (Meeting.starts_at.desc(), Meeting.id.desc()) if past else (Meeting.starts_at, Meeting.id)
    )
    query = (
        select(Meeting)
        .join(Meeting.body)
        .options(contains_eager(Meeting.body))
        .where(*conditions)
        .order_by(*order)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_meeting(actor: User | None, meeting_id: int, *, with_files: bool = False) -> Meeting:
    """Return the meeting with its body, or raise NotFound for those who may not see it.

    ``with_files`` loads the meeting's own files in the same statement (the meeting page).
    """
    query = (
        select(Meeting)
        .join(Meeting.body)
        .options(contains_eager(Meeting.body))
        .where(Meeting.id == meeting_id)
    )
    if with_files:
        query = query.options(joinedload(Meeting.attachments).joinedload(MeetingAttachment.file))
    meeting = db.session.execute(query).unique().scalar_one_or_none()
    if meeting is None:
        raise NotFound()
    require(actor, Action.MEETING_VIEW, meeting)
    return meeting


def get_agenda_item(actor: User | None, meeting: Meeting, item_id: int) -> AgendaItem:
    """Return an item of the meeting the actor may see, or raise NotFound."""
    item = next((item for item in meeting.items if item.id == item_id), None)
    if item is None or (
        not item.is_public and not can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)
    ):
        raise NotFound()
    return item


@dataclass(frozen=True)
class MeetingPage:
    """Everything the meeting page shows, loaded with a fixed number of queries."""

    meeting: Meeting
    agenda: list[NumberedItem]
    changes: list[MeetingChange]
    may_manage: bool
    sees_nonpublic: bool
    #: The papers the viewer may see, by agenda item id.
    attachments: dict[int, list[AgendaItemAttachment]]
    suggestions: SuggestionPanel
    attendance: AttendancePanel
    #: Proposals, ballots and register decisions by agenda item id.
    governance: dict[int, ItemGovernance]
    #: Whether the viewer may open a ballot on an item (secretariat, chair).
    may_open_ballots: bool
    #: Snapshots and staffing calculations linked from the shown items, by agenda item id.
    statistics: dict[int, list[StatisticsLink]]


def meeting_page(actor: User | None, meeting: Meeting) -> MeetingPage:
    """Return the meeting's agenda and change record as the actor may see them."""
    sees_nonpublic = can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)
    # Loads the agenda with its proposals, ballots and decisions into the relationship, so the
    # attendance part (quorum per item) reuses the same load.
    governance = item_governance(meeting)
    items = meeting.items
    changes = (
        db.session.scalars(
            select(MeetingChange)
            .where(MeetingChange.meeting_id == meeting.id)
            .options(joinedload(MeetingChange.actor))
            .order_by(MeetingChange.changed_at.desc(), MeetingChange.id.desc())
        ).all()
        if sees_nonpublic
        else []
    )
    agenda = numbered_agenda(items, include_nonpublic=sees_nonpublic)
    return MeetingPage(
        meeting=meeting,
        agenda=agenda,
        changes=list(changes),
        may_manage=can(actor, Action.MEETING_MANAGE, meeting),
        sees_nonpublic=sees_nonpublic,
        attachments=attachments_by_item(actor, meeting),
        suggestions=suggestion_panel(actor, meeting, agenda),
        attendance=attendance_panel(actor, meeting),
        governance=governance,
        may_open_ballots=not meeting.is_cancelled and can(actor, Action.BALLOT_OPEN, meeting),
        statistics=links_to(TargetKind.AGENDA_ITEM, [entry.item.id for entry in agenda]),
    )
