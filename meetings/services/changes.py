"""The record of what changed in a meeting after it was announced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


_MISSING = object()


@dataclass(frozen=True)
class ChangedField:
    """One field of a recorded change: its old value, its new one, either possibly absent."""

    key: str
    before: Any = _MISSING
    after: Any = _MISSING

    @property
    def has_before(self) -> bool:
        return self.before is not _MISSING

    @property
    def has_after(self) -> bool:
        return self.after is not _MISSING


def changed_fields(change: MeetingChange) -> list[ChangedField]:
    """Return the fields of a change in the order the page lists them.

    The new values' fields first, in the order they were recorded; then fields that only had an
    old value (an item taken off the agenda).
    """
    keys = list(change.after) + [key for key in change.before if key not in change.after]
    return [
        ChangedField(
            key,
            change.before.get(key, _MISSING),
            change.after.get(key, _MISSING),
        )
        for key in keys
    ]
