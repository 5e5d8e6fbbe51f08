"""The record of what changed in a meeting after it was announced."""

from __future__ import annotations

from meetings.models import Meeting, MeetingChange, MeetingChangeKind
from portal.extensions import db
from portal.models import User


def record_change(
    actor: User | None, meeting: Meeting, kind: MeetingChangeKind, before: dict, after: dict
) -> MeetingChange:
    """Keep what changed in a meeting (shown on its page); the caller commits."""
    change = MeetingChange(
        meeting=meeting,
        actor_id=getattr(actor, "id", None),
        kind=kind,
        before=before,
        after=after,
    )
    db.session.add(change)
    return change
