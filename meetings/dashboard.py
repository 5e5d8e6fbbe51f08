"""The meetings area's cards on the start page: the next meetings, and votes and tasks waiting.

Registered on the app with the meetings blueprint (``portal.dashboard``). Each card asks the
database once per list it shows; the page cache keeps the rendered start page until something
changes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from meetings.models import Attendance, Meeting
from meetings.services import follow_up, proposal_lists
from meetings.services.ballot_queries import ballots_awaiting_vote
from portal.dashboard import Card
from portal.db import utcnow
from portal.extensions import db
from portal.models import Body, MembershipRole, User
from portal.permissions import meeting_bodies, subscribed_meetings
from portal.timeutil import today_local

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


#: Overdue proposals listed on the secretariat's start page; the list has the rest.
OVERDUE_PROPOSALS = 5


def tasks_card(user: User) -> Card:
    """What waits for the user: votes, overdue follow-up actions, due reviews, late proposals.

    A member sees the votes waiting for them and the actions they are responsible for; whoever
    runs a body also the body's overdue actions, its reviews (Wiedervorlagen) and the forwarded
    proposals waiting too long for an agenda.
    """
    # Only a chair or the secretariat can run a body: everyone else costs no statement here.
    runs_bodies = any(
        membership.role in (MembershipRole.CHAIR, MembershipRole.SECRETARIAT)
        and membership.is_current(today_local())
        for membership in user.memberships
    ) and (db.session.scalar(select(Body.id).where(meeting_bodies(user)).limit(1)) is not None)
    overdue = (
        proposal_lists.list_proposals(user, view=proposal_lists.OVERDUE, per_page=OVERDUE_PROPOSALS)
        if runs_bodies
        else None
    )
    return Card(
        "open-ballots",
        "meetings/_dashboard_tasks.html",
        20,
        {
            "ballots": ballots_awaiting_vote(user),
            "actions": follow_up.overdue_actions(user),
            "reviews": follow_up.reviews_due(user) if runs_bodies else [],
            "overdue_proposals": overdue,
        },
    )
