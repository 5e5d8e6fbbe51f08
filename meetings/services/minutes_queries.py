"""What the minutes pages and the DOCX export show, as the viewer may see it.

A meeting has one set of minutes, plus one more for each amendment. Readers see the newest set
they may see (``minutes.view``: drafts only to those who run the meeting, circulated ones to
the body, approved ones to whoever may see the meeting); ``set_id`` picks an older one. People
outside the body see the public part only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesStatus,
)
from meetings.quorum import Quorum
from meetings.services import attendance
from meetings.services.minutes_governance import ItemGovernance, item_governance
from meetings.services.numbered import NumberedItem, numbered_agenda
from portal.db import utcnow
from portal.errors import NotFound
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, can, require
from portal.statistics.models import StatisticsLink, TargetKind
from portal.statistics.services.snapshots import links_to


def minutes_sets(meeting: Meeting) -> list[Minutes]:
    """Return every set of minutes of the meeting, the original first (one query)."""
    return list(
        db.session.scalars(
            select(Minutes).where(Minutes.meeting_id == meeting.id).order_by(Minutes.id)
        )
    )


def _visible_sets(actor: User | None, meeting: Meeting) -> list[Minutes]:
    return [m for m in minutes_sets(meeting) if can(actor, Action.MINUTES_VIEW, m)]


def shown_minutes(actor: User | None, meeting: Meeting, set_id: int | None = None) -> Minutes:
    """Return the set the actor asked for, or the newest they may see; NotFound otherwise."""
    sets = _visible_sets(actor, meeting)
    if set_id is not None:
        sets = [m for m in sets if m.id == set_id]
    if not sets:
        raise NotFound()
    return sets[-1]


def working_minutes(actor: User, meeting: Meeting) -> Minutes:
    """Return the newest set of the meeting, the only one that can still be edited."""
    sets = minutes_sets(meeting)
    if not sets:
        raise NotFound()
    require(actor, Action.MINUTES_VIEW, sets[-1])
    return sets[-1]


def get_entry(actor: User, minutes: Minutes, item_id: int) -> MinutesEntry:
    """Return the entry of the minutes for an agenda item the actor may see, or NotFound."""
    entry = db.session.scalar(
        select(MinutesEntry)
        .where(MinutesEntry.minutes_id == minutes.id, MinutesEntry.agenda_item_id == item_id)
        .options(joinedload(MinutesEntry.agenda_item), selectinload(MinutesEntry.actions))
    )
    if entry is None or not _may_see_item(actor, minutes.meeting, entry.agenda_item):
        raise NotFound()
    return entry


def decision_refusal(meeting: Meeting, item: AgendaItem) -> str | None:
    """Say why no decision may be recorded under a decision item (None for other items)."""
    if item.kind != AgendaItemKind.DECISION:
        return None
    return attendance.decision_refusal(meeting, item)


def _may_see_item(actor: User | None, meeting: Meeting, item: AgendaItem) -> bool:
    hidden = not item.is_public or (item.parent is not None and not item.parent.is_public)
    return not hidden or can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)


@dataclass(frozen=True)
class EntryView:
    """One agenda item with what the minutes say under it."""

    number: str
    item: AgendaItem
    entry: MinutesEntry
    #: Why no decision may be recorded here (decision items only); None if one may.
    refusal: str | None = None

    @property
    def is_sub_item(self) -> bool:
        return self.item.parent_id is not None

    @property
    def is_decision_item(self) -> bool:
        return self.item.kind == AgendaItemKind.DECISION

    @property
    def is_public(self) -> bool:
        parent = self.item.parent
        return self.item.is_public and (parent is None or parent.is_public)


@dataclass(frozen=True)
class MinutesPage:
    """Everything the minutes page shows, loaded with a fixed number of queries."""

    meeting: Meeting
    minutes: Minutes | None
    #: The sets the viewer may see, oldest first (original, then amendments).
    sets: list[Minutes] = field(default_factory=list)
    entries: list[EntryView] = field(default_factory=list)
    attendance: list[attendance.AttendanceLine] = field(default_factory=list)
    #: Whether presence was recorded at all (else the attendance list shows answers only).
    presence_recorded: bool = False
    #: The quorum at the start, when presence was recorded and the body has a quorum rule.
    quorum: Quorum | None = None
    comments: list[MinutesComment] = field(default_factory=list)
    sees_nonpublic: bool = False
    may_manage: bool = False
    may_comment: bool = False
    may_approve: bool = False
    #: The meeting has begun, is not cancelled and has no minutes yet.
    may_start: bool = False
    #: The ballots and register decisions under each agenda item, by item id.
    governance: dict[int, ItemGovernance] = field(default_factory=dict)
    #: Snapshots and staffing calculations linked from the shown set of minutes.
    statistics: list[StatisticsLink] = field(default_factory=list)

    @property
    def is_latest(self) -> bool:
        return bool(self.sets) and self.minutes is self.sets[-1]

    @property
    def may_edit(self) -> bool:
        return self.may_manage and self.minutes is not None and not self.minutes.is_final

    @property
    def item_numbers(self) -> dict[int, str]:
        """Agenda item id → its number, for comments that refer to an item."""
        return {view.item.id: view.number for view in self.entries}

    @property
    def amendments(self) -> list[Minutes]:
        """The visible sets that correct the shown one."""
        shown = self.minutes
        return [m for m in self.sets if shown is not None and m.amends_id == shown.id]

    @property
    def amended(self) -> Minutes | None:
        """The set the shown one corrects, if the viewer may see it."""
        shown = self.minutes
        return next((m for m in self.sets if shown and m.id == shown.amends_id), None)


def _entry_views(
    meeting: Meeting,
    minutes: Minutes,
    agenda: list[NumberedItem],
    report: attendance.QuorumReport | None,
) -> list[EntryView]:
    # The actions joined in, not loaded after: one statement for the whole agenda.
    entries = {
        entry.agenda_item_id: entry
        for entry in db.session.scalars(
            select(MinutesEntry)
            .where(MinutesEntry.minutes_id == minutes.id)
            .options(joinedload(MinutesEntry.actions))
        ).unique()
    }
    views = []
    for numbered in agenda:
        entry = entries.get(numbered.item.id)
        if entry is None:
            continue
        refusal = None
        if numbered.item.kind == AgendaItemKind.DECISION and report is not None:
            refusal = attendance.decision_refusal(meeting, numbered.item, report)
        views.append(EntryView(numbered.number, numbered.item, entry, refusal))
    return views


def minutes_page(
    actor: User | None, meeting: Meeting, set_id: int | None = None, *, with_comments=True
) -> MinutesPage:
    """Return the minutes of the meeting as the actor may see them (or the start, for managers)."""
    sets = _visible_sets(actor, meeting)
    may_manage = can(actor, Action.MEETING_MANAGE, meeting)
    if not sets:
        if set_id is not None:
            raise NotFound()
        may_start = (
            may_manage
            and not meeting.is_cancelled
            and meeting.starts_at <= utcnow()
            and not minutes_sets(meeting)
        )
        return MinutesPage(
            meeting=meeting, minutes=None, may_manage=may_manage, may_start=may_start
        )
    shown = next((m for m in sets if m.id == set_id), None) if set_id is not None else sets[-1]
    if shown is None:
        raise NotFound()
    sees_nonpublic = can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)
    # Loads the agenda into the relationship, so the quorum and the entries reuse that load.
    governance = item_governance(meeting, with_seats=True)
    roster = attendance.roster(meeting)
    report = attendance.quorum_report(meeting, roster)
    agenda = numbered_agenda(meeting.items, include_nonpublic=sees_nonpublic)
    comments = (
        list(
            db.session.scalars(
                select(MinutesComment)
                .where(MinutesComment.minutes_id == shown.id)
                .options(joinedload(MinutesComment.author))
                .order_by(MinutesComment.created_at, MinutesComment.id)
            )
        )
        if with_comments and sees_nonpublic
        else []
    )
    return MinutesPage(
        meeting=meeting,
        minutes=shown,
        sets=sets,
        entries=_entry_views(meeting, shown, agenda, report),
        attendance=attendance.attendance_lines(meeting, roster),
        presence_recorded=report.recorded,
        quorum=report.at_start if report.recorded and meeting.body.quorum_rule != "none" else None,
        comments=comments,
        sees_nonpublic=sees_nonpublic,
        may_manage=may_manage,
        may_comment=shown is sets[-1] and can(actor, Action.MINUTES_COMMENT, shown),
        may_approve=shown.status == MinutesStatus.CIRCULATED
        and can(actor, Action.MINUTES_APPROVE, shown),
        governance=governance,
        statistics=links_to(TargetKind.MINUTES, [shown.id]).get(shown.id, []),
    )
