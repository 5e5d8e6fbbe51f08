"""The secretariat records who is present, from which agenda item to which, and at what time.

One save covers the whole list (the form is one table), so the change is one transaction and one
audit entry. Presence can be recorded from the meeting's day on, and no longer once the minutes
are approved (the attendance list is part of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.models import Attendance, Meeting, MeetingStatus
from meetings.services.attendance import meeting_day, roster
from meetings.services.numbered import numbered_agenda
from portal import audit
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, require
from portal.timeutil import NonexistentLocalTime, from_local, today_local


@dataclass(frozen=True)
class PresenceRecord:
    """One line of the presence form, as the secretariat filled it in."""

    membership_id: int
    present: bool
    #: Berlin clock times on the meeting's day; empty when it does not matter.
    arrived: time | None = None
    left: time | None = None
    #: Present from this agenda item on / until this one; None for the start / the end.
    from_item_id: int | None = None
    until_item_id: int | None = None


def may_record_presence(meeting: Meeting) -> str | None:
    """Say why presence cannot be recorded for the meeting now, or return None."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("Die Sitzung ist abgesagt.")
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        return _("Die Niederschrift ist genehmigt; die Anwesenheit ist Teil davon.")
    if today_local() < meeting_day(meeting):
        return _("Die Anwesenheit kann ab dem Sitzungstag erfasst werden.")
    return None


def record_presence(actor: User, meeting: Meeting, records: list[PresenceRecord]) -> Meeting:
    """Save the presence list; errors name the line (``rows-<n>-<field>``) they belong to."""
    require(actor, Action.MEETING_MANAGE, meeting)
    refusal = may_record_presence(meeting)
    if refusal:
        raise InvalidInput([("", refusal)])
    entries = {entry.membership_id: entry for entry in roster(meeting)}
    rows = {
        row.membership_id: row
        for row in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    order = {entry.item.id: index for index, entry in enumerate(numbered_agenda(meeting.items))}
    day = meeting_day(meeting)
    errors: list[tuple[str, str]] = []
    changes: list[tuple[Attendance | None, int, dict]] = []
    for line, record in enumerate(records):
        field = f"rows-{line}-"
        if record.membership_id not in entries:
            errors.append(("", _("Die Liste ist veraltet; bitte laden Sie die Seite neu.")))
            continue
        values = {"present": record.present}
        if record.present:
            for name, item_id in (
                ("from_item", record.from_item_id),
                ("until_item", record.until_item_id),
            ):
                if item_id is not None and item_id not in order:
                    errors.append((field + name, _("Diesen Tagesordnungspunkt gibt es nicht.")))
            first, last = order.get(record.from_item_id), order.get(record.until_item_id)
            if first is not None and last is not None and first > last:
                errors.append((field + "until_item", _("„bis TOP“ muss nach „ab TOP“ liegen.")))
            times = {}
            for name, clock in (("arrived", record.arrived), ("left", record.left)):
                try:
                    times[name] = from_local(day, clock) if clock else None
                except NonexistentLocalTime:
                    errors.append((field + name, _("Diese Uhrzeit gibt es an diesem Tag nicht.")))
                    times[name] = None
            if times["arrived"] and times["left"] and times["left"] <= times["arrived"]:
                errors.append((field + "left", _("Das Gehen muss nach dem Kommen liegen.")))
            values.update(
                arrived_at=times["arrived"],
                left_at=times["left"],
                from_item_id=record.from_item_id,
                until_item_id=record.until_item_id,
            )
        else:
            values.update(arrived_at=None, left_at=None, from_item_id=None, until_item_id=None)
        changes.append((rows.get(record.membership_id), record.membership_id, values))
    if errors:
        raise InvalidInput(errors)
    before, after = {}, {}
    for row, membership_id, values in changes:
        if row is None and not values["present"]:
            continue
        if row is None:
            row = Attendance(meeting=meeting, membership_id=membership_id)
            db.session.add(row)
        old = {key: _plain(getattr(row, key)) for key in values}
        new = {key: _plain(value) for key, value in values.items()}
        if old != new:
            name = entries[membership_id].name
            before[name], after[name] = old, new
            for key, value in values.items():
                setattr(row, key, value)
            row.recorded_by_id = actor.id
    if (
        meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED)
        and meeting.starts_at <= utcnow()
    ):
        meeting.status = MeetingStatus.HELD
    if after:
        audit.record(
            actor, "attendance.record", meeting, label=meeting.title, before=before, after=after
        )
    db.session.commit()
    return meeting


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
