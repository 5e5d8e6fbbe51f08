"""A seat holder sends a deputy to vote in a written procedure, or takes the vote back.

In a meeting, the holder's answer to the invitation says whom they send; a written procedure has
no meeting, so the holder names the deputy on the ballot itself. The deputy is then the one who
may cast the seat's vote (``meetings.electorate``: ``SENT_DEPUTY``), and hears of it by mail.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, select

from meetings.models import Ballot, BallotKind, BallotTurnout
from meetings.services.ballot_casting import refuse_unless_open
from meetings.services.ballot_closing import mail_context
from meetings.services.ballot_seats import EXCLUSIVE, load_locked
from portal import audit, notifications
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db
from portal.i18n import N_
from portal.models import Membership, MembershipRole, NotificationKind, User
from portal.timeutil import today_local

_SENT_SUBJECT = N_("Stimmabgabe in Vertretung: %(title)s bis %(closes)s")
_RELEASED_SUBJECT = N_("Vertretung nicht mehr nötig: %(title)s")


def sendable_deputies(actor: User, ballot: Ballot) -> list[Membership]:
    """Return the deputies the actor could send for their seat in this written procedure."""
    if ballot.kind != BallotKind.WRITTEN or not getattr(actor, "is_authenticated", False):
        return []
    day = today_local()
    seats = {seat.membership_id for seat in ballot.seats}
    own = [
        m.id
        for m in actor.memberships
        if m.body_id == ballot.body_id and m.is_current(day) and m.id in seats
    ]
    if not own:
        return []
    return [
        deputy
        for deputy in db.session.scalars(
            select(Membership).where(
                Membership.deputy_of_id.in_(own), Membership.role == MembershipRole.DEPUTY
            )
        )
        if deputy.is_current(day)
    ]


def send_deputy(
    actor: User, ballot: Ballot, deputy_id: int | None, *, now: datetime | None = None
) -> None:
    """Send one of the seat's deputies to vote in the written procedure (None: vote oneself)."""
    now = now or utcnow()
    ballot, _voted_by = load_locked(ballot.id, lock=EXCLUSIVE)
    refuse_unless_open(ballot, now)
    if ballot.kind != BallotKind.WRITTEN:
        raise Conflict(_("Eine Stellvertretung wird nur im Umlaufverfahren hier entsandt."))
    deputies = {deputy.id: deputy for deputy in sendable_deputies(actor, ballot)}
    seat = next(
        (
            s
            for s in ballot.seats
            if s.membership.user_id == actor.id and s.membership.is_current(today_local())
        ),
        None,
    )
    if seat is None:
        raise PermissionDenied(
            _("Nur die Sitzinhaberin oder der Sitzinhaber kann eine Stellvertretung entsenden.")
        )
    if deputy_id is not None and deputy_id not in deputies:
        raise InvalidInput(
            [("deputy_id", _("Bitte wählen Sie eine Stellvertretung Ihres Sitzes."))]
        )
    if db.session.scalar(select(exists().where(BallotTurnout.seat_id == seat.id))):
        raise Conflict(_("Für diesen Sitz wurde bereits abgestimmt."))
    released = deputies.get(seat.deputy_membership_id) if seat.deputy_membership_id else None
    before = {"deputy": seat.deputy_membership_id}
    seat.deputy_membership_id = deputy_id
    audit.record(
        actor,
        "ballot.send_deputy",
        ballot,
        label=ballot.title,
        before=before,
        after={"deputy": deputy_id},
    )
    context = mail_context(ballot)
    if deputy_id is not None:
        notifications.queue_mail(
            deputies[deputy_id].user,
            _SENT_SUBJECT,
            "ballot_deputy",
            kind=NotificationKind.DEPUTY_SENT,
            holder=actor,
            sent=True,
            **context,
        )
    if released is not None and released.id != deputy_id:
        notifications.queue_mail(
            released.user,
            _RELEASED_SUBJECT,
            "ballot_deputy",
            kind=NotificationKind.DEPUTY_SENT,
            holder=actor,
            sent=False,
            **context,
        )
    db.session.commit()
