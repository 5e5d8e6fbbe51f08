"""Mark a body's calendar as changed whenever anything its feeds show changes.

Calendar programs poll every few minutes; answering "nothing new" must not read the 500
meetings a feed may hold. So every write that could change a feed stamps the body it belongs
to (``Body.calendar_changed_at``), in the same flush: a meeting, an agenda item, an attendance
row (a deputy sent or released) or a membership that is added, changed or deleted, and the body
itself. A feed's fingerprint then needs only the stamps of the owner's bodies, their current
memberships and the date (the window moves by days; see ``calendar_feeds``).

A session event rather than a call in every service: a service added later cannot forget it.
Writes that bypass the ORM (bulk ``update()``, SQL by hand) are not seen; the services use none
on these tables.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event
from sqlalchemy.orm import Session

from meetings.models import AgendaItem, Attendance, Meeting
from portal.db import utcnow
from portal.extensions import db
from portal.models import Body, Membership


def _body_of(session: Session, obj) -> Body | None:
    if isinstance(obj, Body):
        return obj
    if isinstance(obj, Membership):
        return obj.body or session.get(Body, obj.body_id)
    if isinstance(obj, AgendaItem | Attendance):
        obj = obj.meeting or session.get(Meeting, obj.meeting_id)
    if isinstance(obj, Meeting):
        return obj.body or session.get(Body, obj.body_id)
    return None


_WATCHED = (Body, Membership, Meeting, AgendaItem, Attendance)


def _stamp(session: Session, _flush_context, _instances) -> None:
    changed = chain(
        session.new,
        (obj for obj in session.dirty if session.is_modified(obj, include_collections=False)),
        session.deleted,
    )
    bodies: set[Body] = set()
    with session.no_autoflush:
        for obj in changed:
            if isinstance(obj, _WATCHED):
                body = _body_of(session, obj)
                if body is not None and body not in session.deleted:
                    bodies.add(body)
    if bodies:
        now = utcnow()
        for body in bodies:
            body.calendar_changed_at = now


def init() -> None:
    """Listen on the portal's session (once per process: ``db.session`` is one object)."""
    if not event.contains(db.session, "before_flush", _stamp):
        event.listen(db.session, "before_flush", _stamp)
