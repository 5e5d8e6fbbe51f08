"""The suggestions part of the meeting page: what its viewer may do and see, in one query.

The secretariat sees every suggestion (pending ones to decide, decided ones with their reason);
a member sees their own and what became of them; anyone else sees nothing and costs no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.models import AgendaSuggestion, Meeting, MeetingStatus, SuggestionStatus
from meetings.services.numbered import NumberedItem
from portal.db import utcnow
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, can


def accepts_suggestions(meeting: Meeting, now: datetime | None = None) -> bool:
    """Tell whether the meeting still takes suggestions: planned or invited, and still ahead."""
    return meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED) and (
        meeting.starts_at > (now or utcnow())
    )


@dataclass(frozen=True)
class SuggestionRow:
    """A suggestion with the number of the agenda item it became (accepted ones only)."""

    suggestion: AgendaSuggestion
    number: str | None = None


@dataclass(frozen=True)
class SuggestionPanel:
    """The suggestions a viewer of the meeting page sees, and whether they may add or decide."""

    may_suggest: bool = False
    may_decide: bool = False
    #: The agenda is still open, so a pending suggestion can be accepted.
    may_accept: bool = False
    pending: list[SuggestionRow] = field(default_factory=list)
    decided: list[SuggestionRow] = field(default_factory=list)

    @property
    def is_shown(self) -> bool:
        return bool(self.may_suggest or self.may_decide or self.pending or self.decided)


def suggestion_panel(
    actor: User | None, meeting: Meeting, agenda: Iterable[NumberedItem]
) -> SuggestionPanel:
    """Return the suggestions part of the meeting page for this viewer (at most one query)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return SuggestionPanel()
    may_decide = can(actor, Action.MEETING_MANAGE, meeting)
    query = (
        select(AgendaSuggestion)
        .where(AgendaSuggestion.meeting_id == meeting.id)
        .options(joinedload(AgendaSuggestion.proposer), joinedload(AgendaSuggestion.decided_by))
        .order_by(AgendaSuggestion.created_at, AgendaSuggestion.id)
    )
    if not may_decide:
        query = query.where(AgendaSuggestion.proposer_id == actor.id)
    numbers = {entry.item.id: entry.number for entry in agenda}
    rows = [
        SuggestionRow(suggestion, numbers.get(suggestion.agenda_item_id))
        for suggestion in db.session.scalars(query)
    ]
    return SuggestionPanel(
        # Those who decide add items directly; the link would only be a detour for them.
        may_suggest=not may_decide
        and can(actor, Action.AGENDA_SUGGEST, meeting)
        and accepts_suggestions(meeting),
        may_decide=may_decide,
        may_accept=may_decide and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED),
        pending=[row for row in rows if row.suggestion.status == SuggestionStatus.PENDING],
        decided=[row for row in rows if row.suggestion.status != SuggestionStatus.PENDING],
    )
