"""The meetings area's cards on the start page: the next meetings, and votes and tasks waiting.

Registered on the app with the meetings blueprint (``portal.dashboard``). Each card asks the
database once per list it shows; the page cache keeps the rendered start page until something
changes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from meetings.models import Attendance, Meeting
from portal.dashboard import Card
from portal.db import utcnow
from portal.extensions import db
from portal.models import User
from portal.permissions import subscribed_meetings

#: Meetings shown on the start page; the meeting list has the rest.
NEXT_MEETINGS = 5


def next_meetings_card(user: User) -> Card:
    """The user's next meetings: those of their bodies, and those they are sent to as deputy."""
    meetings = db.session.scalars(
        select(Meeting)
        .join(Meeting.body)
        .where(
            subscribed_meetings(user, Meeting, Attendance),
            Meeting.ends_at >= utcnow(),
        )
        .options(contains_eager(Meeting.body))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(NEXT_MEETINGS)
    ).all()
    return Card("next-meetings", "meetings/_dashboard_meetings.html", 10, {"meetings": meetings})



