"""Ending ballots: the result computed once and stored with the counts, and what follows from it.

Closing (or cancelling) starts with ``UPDATE ballots ... WHERE status = 'open'``, so of two people
closing at once one wins and the other is told; on PostgreSQL that update also waits for every
vote in flight (a vote holds a share lock on the ballot row, see ``ballot_seats.load_locked``),
so the counts read after it include every vote that was accepted. On SQLite writers queue on
the database lock anyway.

The consequences of a result are the proposals area's (the contract in ``meetings.services.
proposals``): a ballot on a proposal records its outcome (the decision enters the register); a
ballot on an amendment records the amendment's result; a written procedure that came to no
decision (objected to, or too few seats took part) sends the proposal back to be scheduled for
the next meeting.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from meetings.models import (
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotStatus,
    BallotTurnout,
    SecretTally,
    Vote,
    VoteChoice,
)
from meetings.proposal_flow import Capacity, Outcome, ProposalStatus, Step
from meetings.services import proposal_steps, proposals
from meetings.tally import ADOPTED, NOT_QUORATE, OBJECTED, REJECTED, Counts, tally
from meetings.tally import Outcome as Tally
from portal import audit, notifications
from portal.db import utcnow
from portal.errors import PortalError
from portal.extensions import db
from portal.i18n import N_, de_datetime
from portal.labels import MAJORITY_RULE_LABELS
from portal.models import Membership, NotificationKind, User

logger = logging.getLogger(__name__)

#: A written procedure's seats that have not voted are reminded this long before it closes.
REMINDER_BEFORE = timedelta(hours=48)
#: What the consultation path says when a written procedure sends its proposal back.
SENT_BACK_NOTES = {
    OBJECTED: N_("Widerspruch gegen das Umlaufverfahren: Der Punkt geht in die nächste Sitzung."),
    NOT_QUORATE: N_(
        "Umlaufverfahren ohne Ergebnis, zu wenige Sitze haben teilgenommen: Der Punkt geht in "
        "die nächste Sitzung."
    ),
    "cancelled": N_("Umlaufverfahren abgebrochen: Der Punkt geht in die nächste Sitzung."),
}
_REMINDER_SUBJECT = N_("Erinnerung: Umlaufverfahren „%(title)s“ endet am %(closes)s")


def ballot_link(ballot_id: int) -> str:
    """Return the ballot page's public address (for mail)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/ballots/{ballot_id}"


def mail_context(ballot: Ballot) -> dict:
    """Return what the ballot mails show (the subject's ``title`` and ``closes`` included)."""
    return {
        "ballot": ballot,
        "title": ballot.title,
        "body_name": ballot.body.name,
        "closes": de_datetime(ballot.closes_at) if ballot.closes_at else "",
        "rule": MAJORITY_RULE_LABELS[ballot.rule],
        "link": ballot_link(ballot.id),
    }


def end_if_open(ballot_id: int, status: BallotStatus, now: datetime, *conditions) -> bool:
    """Move an open ballot to ``status`` unless someone else ended it first; no commit."""
    result = db.session.execute(
        update(Ballot)
        .where(Ballot.id == ballot_id, Ballot.status == BallotStatus.OPEN, *conditions)
        .values(status=status, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def counted_votes(ballot: Ballot) -> Counts:
    """Return the votes cast in a ballot: the secret counters, or the named votes by choice."""
    if ballot.secrecy == BallotSecrecy.SECRET:
        row = db.session.execute(
            select(SecretTally.yes, SecretTally.no, SecretTally.abstain).where(
                SecretTally.ballot_id == ballot.id
            )
        ).one()
        return Counts(*row)
    by_choice = dict(
        db.session.execute(
            select(Vote.choice, func.count())
            .join(BallotSeat, BallotSeat.id == Vote.seat_id)
            .where(BallotSeat.ballot_id == ballot.id)
            .group_by(Vote.choice)
        ).all()
    )
    return Counts(
        by_choice.get(VoteChoice.YES, 0),
        by_choice.get(VoteChoice.NO, 0),
        by_choice.get(VoteChoice.ABSTAIN, 0),
    )


def voting_seats(ballot_id: int) -> int:
    """Return the seats that take part: the electorate less the seats excluded for a conflict."""
    return db.session.scalar(
        select(func.count())
        .select_from(BallotSeat)
        .where(BallotSeat.ballot_id == ballot_id, BallotSeat.is_excluded.is_(False))
    )


def finish(
    ballot: Ballot, counts: Counts, *, closer: User | None, acting: User, now: datetime
) -> Tally:
    """Compute and store the result of a ballot just ended by :func:`end_if_open`; no commit.

    ``closer`` is who closed it (None: its deadline did); ``acting`` takes the consequences'
    steps (the closer, or for a deadline the person who opened the ballot).
    """
    seats = voting_seats(ballot.id)
    outcome = tally(
        ballot.kind.value, ballot.rule.value, counts, seats, quorum_rule=ballot.quorum_rule.value
    )
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = now
    ballot.closed_by_id = closer.id if closer is not None else None
    ballot.voting_seats = seats
    ballot.votes_yes, ballot.votes_no, ballot.votes_abstain = counts.yes, counts.no, counts.abstain
    ballot.result = outcome.status
    audit.record(
        closer,
        "ballot.close",
        ballot,
        label=ballot.title,
        after={
            "voting_seats": seats,
            "votes_yes": counts.yes,
            "votes_no": counts.no,
            "votes_abstain": counts.abstain,
            "result": outcome.status,
            "by_deadline": closer is None,
        },
    )
    logger.info("ballot %s closed: %s", ballot.id, outcome.status)
    _consequences(acting, ballot, outcome)
    return outcome


def _consequences(actor: User, ballot: Ballot, outcome: Tally) -> None:
    if ballot.amendment_id is not None:
        if outcome.status in (ADOPTED, REJECTED):
            proposals.set_amendment_result(ballot.amendment, outcome.is_adopted)
        return
    proposal = ballot.proposal
    if proposal is None:
        return
    if proposal.status != ProposalStatus.SCHEDULED:
        # Withdrawn while the ballot ran, say: the result stands on the ballot, nothing follows.
        logger.warning(
            "ballot %s closed on proposal %s in status %s", ballot.id, proposal.id, proposal.status
        )
        return
    if outcome.status in (ADOPTED, REJECTED):
        proposals.record_outcome(
            actor,
            proposal,
            Outcome.ADOPTED if outcome.is_adopted else Outcome.REJECTED,
            ballot=ballot,
            meeting=ballot.meeting,
            counts=outcome.counts,
            checked=True,
        )
    elif ballot.kind == BallotKind.WRITTEN:
        send_back(actor, ballot, outcome.status)


def send_back(actor: User, ballot: Ballot, why: str) -> None:
    """Take a written procedure's proposal off it and on to the next meeting; no commit.

    The UNSCHEDULE step, as the secretariat (the caller checked ``ballot.manage``, or a seat's
    objection is the right the procedure gives every seat). Only for a procedure that put the
    proposal there itself: one opened on an agenda item, or on an amendment, leaves the
    proposal where its agenda has it.
    """
    proposal = ballot.proposal
    if ballot.agenda_item_id is not None or ballot.amendment_id is not None:
        return
    if proposal is None or proposal.status != ProposalStatus.SCHEDULED:
        return
    target = proposal_steps.check_step(
        actor, proposal, Step.UNSCHEDULE, capacities={Capacity.SECRETARIAT}
    )
    note = proposal_steps.stored_text(SENT_BACK_NOTES[why])
    proposal_steps.apply_step(actor, proposal, Step.UNSCHEDULE, target, note=note)
    proposals.place_on_next_meeting(proposal)


def close_if_due(ballot_id: int, now: datetime | None = None) -> bool:
    """Close the ballot if its deadline has passed and it is still open; commits.

    Starts a transaction of its own with the guarded update (call it with none open). A
    consequence that fails (a proposal that changed meanwhile) leaves the ballot open and is
    logged; the next run tries again, and nobody can vote past the deadline meanwhile.
    """
    now = now or utcnow()
    if not end_if_open(ballot_id, BallotStatus.CLOSED, now, Ballot.closes_at <= now):
        db.session.rollback()
        return False
    ballot = db.session.get(Ballot, ballot_id)
    counts = counted_votes(ballot)
    try:
        opener = db.session.get(User, ballot.opened_by_id)
        finish(ballot, counts, closer=None, acting=opener, now=now)
    except PortalError:
        db.session.rollback()
        logger.exception("closing ballot %s at its deadline failed", ballot_id)
        return False
    db.session.commit()
    return True


def close_due_ballots(now: datetime | None = None) -> int:
    """Close every open ballot whose deadline has passed; return how many closed."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Ballot.id)
        .where(Ballot.status == BallotStatus.OPEN, Ballot.closes_at <= now)
        .order_by(Ballot.closes_at, Ballot.id)
    ).all()
    db.session.rollback()
    return sum(close_if_due(ballot_id, now) for ballot_id in due)


def _not_voted(ballot_id: int) -> list[User]:
    """Return the holders of the ballot's seats that have neither voted nor been excluded."""
    voted = select(BallotTurnout.seat_id)
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .join(BallotSeat, BallotSeat.membership_id == Membership.id)
            .where(
                BallotSeat.ballot_id == ballot_id,
                BallotSeat.is_excluded.is_(False),
                BallotSeat.id.not_in(voted),
            )
            .order_by(User.name)
        )
    )


def send_ballot_reminders(now: datetime | None = None) -> int:
    """Remind the seats that have not voted, 48 hours before a written procedure closes; once.

    A procedure that ran for less than those 48 hours gets none: its opening mail is as recent.
    Returns the number of ballots reminded about.
    """
    now = now or utcnow()
    rows = db.session.execute(
        select(Ballot.id, Ballot.opened_at, Ballot.closes_at).where(
            Ballot.status == BallotStatus.OPEN,
            Ballot.kind == BallotKind.WRITTEN,
            Ballot.reminder_sent_at.is_(None),
            Ballot.closes_at > now,
            Ballot.closes_at <= now + REMINDER_BEFORE,
        )
    ).all()
    db.session.rollback()
    sent = 0
    for ballot_id, opened_at, closes_at in rows:
        if closes_at - opened_at <= REMINDER_BEFORE:
            continue
        claimed = db.session.execute(
            update(Ballot)
            .where(Ballot.id == ballot_id, Ballot.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        ballot = db.session.get(Ballot, ballot_id)
        notifications.queue_mails(
            _not_voted(ballot_id),
            _REMINDER_SUBJECT,
            "ballot_reminder",
            kind=NotificationKind.BALLOT_REMINDER,
            **mail_context(ballot),
        )
        db.session.commit()
        sent += 1
    return sent
