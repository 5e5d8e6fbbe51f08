"""Casting a vote: the hot path of a ballot, at most six SQL statements.

1. the ballot afresh, with its seats, their holders and the turnout (share-locked on PostgreSQL,
   so a closer waits for this vote); 2. the voter's memberships, unless loaded already; 3. the
   meeting's attendance of the seats concerned (electronic ballots only); 4. the turnout row;
   5. the named vote, or the secret counter; 6. the audit entry.

The turnout row is unique per seat in the database. Two votes for one seat at the same moment
both pass the checks, but only one turnout row can be inserted: the other fails on the constraint
and is answered "already voted" (or, for the same voter in a named ballot that allows changes,
replaces the vote), so a seat is never counted twice.

A secret vote leaves no trace of its choice but the counter: the statement that raises it looks
the same for every choice (the choice is in its parameters), and neither the audit entry nor any
log line names the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from meetings import electorate
from meetings.models import (
    Ballot,
    BallotSeat,
    BallotSecrecy,
    BallotStatus,
    BallotTurnout,
    SecretTally,
    Vote,
    VoteChoice,
)
from meetings.services import ballot_closing
from meetings.services.ballot_seats import (
    Candidate,
    candidates,
    changes_allowed,
    choose,
    load_locked,
    outsider_message,
)
from portal import audit
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, can


@dataclass(frozen=True)
class CastVote:
    """What happened: for which seat, whether an earlier vote was replaced, as deputy or not."""

    seat_id: int
    is_change: bool
    as_deputy: bool
    is_secret: bool


def parse_choice(value: str | VoteChoice | None) -> VoteChoice:
    """Return the choice, or refuse anything but yes, no and abstain."""
    try:
        return VoteChoice(value)
    except ValueError:
        raise InvalidInput([("choice", _("Bitte wählen Sie Ja, Nein oder Enthaltung."))]) from None


def refuse_unless_open(ballot: Ballot, now: datetime) -> None:
    """Refuse a ballot that has ended; one past its deadline is closed on the way (commits)."""
    if ballot.status == BallotStatus.CLOSED:
        raise Conflict(
            _("Die Abstimmung ist beendet. Es können keine Stimmen mehr abgegeben werden.")
        )
    if ballot.status == BallotStatus.CANCELLED:
        raise Conflict(
            _("Die Abstimmung wurde abgebrochen. Es können keine Stimmen mehr abgegeben werden.")
        )
    if ballot.closes_at is not None and ballot.closes_at <= now:
        ballot_id = ballot.id
        db.session.rollback()
        ballot_closing.close_if_due(ballot_id, now)
        raise Conflict(
            _(
                "Die Frist dieser Abstimmung ist abgelaufen; sie ist beendet. Es können keine "
                "Stimmen mehr abgegeben werden."
            )
        )


def _take_part(actor: User, chosen: Candidate, ballot: Ballot) -> bool:
    """Insert the seat's turnout row; return True if the seat had voted meanwhile (a change).

    The unique constraint decides a race: the loser changes its own named vote where allowed,
    and is refused otherwise. The row is inserted only while the seat is not excluded, read
    afresh by this statement: a conflict of interest declared at the same moment (it waits for
    this vote, or this vote waits for it) either sees the vote or keeps it out.
    """
    if chosen.verdict.is_change:
        return True
    seat_id = chosen.seat.id
    try:
        with db.session.begin_nested():
            inserted = db.session.execute(
                insert(BallotTurnout)
                .from_select(
                    ["seat_id", "cast_by_id"],
                    select(BallotSeat.id, literal(actor.id)).where(
                        BallotSeat.id == seat_id, BallotSeat.is_excluded.is_(False)
                    ),
                )
                # An INSERT reports how many rows it wrote only when asked to.
                .execution_options(preserve_rowcount=True)
            ).rowcount
    except IntegrityError:
        cast_by = db.session.scalar(
            select(BallotTurnout.cast_by_id).where(BallotTurnout.seat_id == seat_id)
        )
        if cast_by == actor.id and changes_allowed(ballot):
            return True
        raise Conflict(_("Für diesen Sitz wurde bereits abgestimmt.")) from None
    if inserted != 1:
        raise PermissionDenied(_(electorate.MESSAGES[electorate.Refusal.EXCLUDED]))
    return False


def _store_named(actor: User, seat_id: int, choice: VoteChoice, now: datetime, change: bool):
    values = {"choice": choice, "cast_by_id": actor.id, "cast_at": now}
    if change:
        statement = update(Vote).where(Vote.seat_id == seat_id).values(**values)
    else:
        statement = insert(Vote).values(seat_id=seat_id, **values)
    db.session.execute(statement.execution_options(synchronize_session=False))


def _count_secret(ballot_id: int, choice: VoteChoice) -> None:
    # One statement text for every choice: a statement log shows no choice in the SQL itself.
    db.session.execute(
        update(SecretTally)
        .where(SecretTally.ballot_id == ballot_id)
        .values(
            yes=SecretTally.yes + int(choice == VoteChoice.YES),
            no=SecretTally.no + int(choice == VoteChoice.NO),
            abstain=SecretTally.abstain + int(choice == VoteChoice.ABSTAIN),
        )
        .execution_options(synchronize_session=False)
    )


def cast_vote(
    actor: User,
    ballot: Ballot,
    choice: str | VoteChoice,
    *,
    seat_id: int | None = None,
    now: datetime | None = None,
) -> CastVote:
    """Cast the vote of a seat the actor may vote for now (or change their named vote).

    ``seat_id`` picks the seat when the actor may vote for several (their own and one they
    deputise for). Refusals say why, in German: 403 for no right to this seat, 409 for a seat
    that has voted, or a ballot that has ended.
    """
    choice = parse_choice(choice)
    now = now or utcnow()
    ballot, voted_by = load_locked(ballot.id)
    refuse_unless_open(ballot, now)
    if not can(actor, Action.BALLOT_VOTE, ballot):
        raise PermissionDenied(outsider_message(actor, ballot))
    found = candidates(actor, ballot, voted_by)
    if not found:
        raise PermissionDenied(outsider_message(actor, ballot))
    chosen = choose(found, ballot, seat_id)
    is_change = _take_part(actor, chosen, ballot)
    secret = ballot.secrecy == BallotSecrecy.SECRET
    if secret:
        _count_secret(ballot.id, choice)
    else:
        _store_named(actor, chosen.seat.id, choice, now, is_change)
    after = {"seat": chosen.seat.id, "as_deputy": chosen.verdict.as_deputy}
    if not secret:
        after.update(choice=choice.value, changed=is_change)
    # For a secret ballot the entry says only that the seat voted, like the turnout row.
    audit.record(actor, "ballot.vote", ballot, label=ballot.title, after=after)
    result = CastVote(chosen.seat.id, is_change, chosen.verdict.as_deputy, secret)
    db.session.commit()
    return result
