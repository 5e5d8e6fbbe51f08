"""The seats of a ballot a user may act for, read with few queries and judged by the electorate.

Shared by casting a vote (the hot path: it must stay within a handful of statements), the ballot
page, the dashboard's "waiting for my vote" and the declarations a seat can make (conflict of
interest, objection). The rules themselves are the pure :mod:`meetings.electorate`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from meetings import electorate
from meetings.electorate import Deputy, SeatState, Verdict
from meetings.models import (
    Attendance,
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotTurnout,
)
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PortalError
from portal.extensions import db
from portal.models import Membership, MembershipRole, User
from portal.timeutil import today_local

#: Refusals that mean "this seat has voted": a conflict with what happened, not a lack of right.
_ALREADY_VOTED = frozenset(
    {
        electorate.Refusal.VOTED_BY_DEPUTY,
        electorate.Refusal.VOTED_BY_HOLDER,
        electorate.Refusal.VOTED_BY_OTHER_DEPUTY,
        electorate.Refusal.FINAL,
    }
)


@dataclass(frozen=True)
class Candidate:
    """A seat of the ballot the user holds or deputises for, and whether they may vote for it."""

    seat: BallotSeat
    state: SeatState
    verdict: Verdict


def current_memberships(user: User, body_id: int) -> list[Membership]:
    """Return the user's memberships of the body in effect today (``user.memberships``)."""
    day = today_local()
    return [m for m in user.memberships if m.body_id == body_id and m.is_current(day)]


def changes_allowed(ballot: Ballot) -> bool:
    """Tell whether a voter may change their vote: named ballots that allow it (secret: final)."""
    return ballot.secrecy == BallotSecrecy.NAMED and ballot.allows_changes


#: How :func:`load_locked` locks the ballot row on PostgreSQL (SQLite queues writers anyway).
SHARE = "share"
EXCLUSIVE = "exclusive"


def load_locked(ballot_id: int, *, lock: str | None = SHARE) -> tuple[Ballot, dict[int, int]]:
    """Read the ballot afresh with its seats, their holders and who voted, in one statement.

    Returns the ballot and, per seat that voted, the user who cast its vote. On PostgreSQL the
    ballot row stays locked until the transaction ends. Votes take a ``SHARE`` lock: they run
    side by side, while closing, cancelling or a declaration of conflict (which lock the row
    exclusively) wait for them to finish, and votes arriving meanwhile wait for those. A
    transaction that will update the row itself takes no share lock (two such transactions
    would wait for each other). After waiting for a lock, the ballot's own row is read afresh,
    but the joined seats and turnout are as they were when the statement began: read again
    whatever must be current.
    """
    query = (
        select(Ballot, BallotTurnout.seat_id, BallotTurnout.cast_by_id)
        .outerjoin(Ballot.seats)
        .outerjoin(Membership, Membership.id == BallotSeat.membership_id)
        .outerjoin(BallotTurnout, BallotTurnout.seat_id == BallotSeat.id)
        .options(contains_eager(Ballot.seats).contains_eager(BallotSeat.membership))
        .where(Ballot.id == ballot_id)
        .order_by(BallotSeat.id)
        .execution_options(populate_existing=True)
    )
    if lock is not None:
        query = query.with_for_update(read=lock == SHARE, of=Ballot)
    rows = db.session.execute(query).unique().all()
    if not rows:
        raise NotFound()
    return rows[0][0], {seat_id: cast_by for _, seat_id, cast_by in rows if seat_id is not None}


def _attendance(ballot: Ballot, membership_ids: Collection[int]) -> dict[int, Attendance]:
    if ballot.meeting_id is None or not membership_ids:
        return {}
    rows = db.session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == ballot.meeting_id,
            Attendance.membership_id.in_(sorted(membership_ids)),
        )
    )
    return {row.membership_id: row for row in rows}


def candidates(
    actor: User,
    ballot: Ballot,
    voted_by: Mapping[int, int],
    *,
    ignore_votes: bool = False,
    attendance: Mapping[int, Attendance] | None = None,
) -> list[Candidate]:
    """Return the seats of the ballot the actor holds or deputises for, each with its verdict.

    ``ballot.seats`` and their memberships must be loaded; ``voted_by`` maps a seat's id to the
    user who cast its vote. Reads the meeting's attendance once (ballots in a meeting only). A
    ballot recorded by the secretariat is judged as one in the meeting, so a seat can still
    declare a conflict of interest there. ``ignore_votes`` judges the seat as if it had not
    voted (for declarations, which say themselves what a vote already cast means).
    """
    mine = current_memberships(actor, ballot.body_id)
    own = {m.id for m in mine if m.role != MembershipRole.DEPUTY}
    deputising = {
        m.deputy_of_id: m for m in mine if m.role == MembershipRole.DEPUTY and m.deputy_of_id
    }
    seats = [s for s in ballot.seats if s.membership_id in own or s.membership_id in deputising]
    if not seats:
        return []
    kind = ballot.kind.value
    if kind == BallotKind.RECORDED:
        kind = electorate.ELECTRONIC
    present = kind == electorate.ELECTRONIC
    relevant = {s.membership_id for s in seats} | {m.id for m in deputising.values()}
    if not present:
        attendance = {}
    elif attendance is None:
        attendance = _attendance(ballot, relevant)
    result = []
    for seat in seats:
        holder = attendance.get(seat.membership_id)
        deputy = deputising.get(seat.membership_id)
        deputies = ()
        if deputy is not None:
            row = attendance.get(deputy.id)
            deputies = (Deputy(deputy.id, actor.id, present=bool(row and row.present)),)
        if seat.deputy_membership_id is not None:
            # Sent for this written procedure by the holder (there is no meeting to say so).
            status, sent = electorate.HolderStatus.SENT_DEPUTY, seat.deputy_membership_id
        else:
            status = electorate.holder_status(
                holder.answer.value if holder else None,
                bool(holder and holder.present),
                presence_taken=present,
            )
            sent = holder.deputy_membership_id if holder else None
        state = SeatState(
            holder_user_id=seat.membership.user_id,
            holder=status,
            sent_deputy=sent,
            deputies=deputies,
            is_excluded=seat.is_excluded,
            voted_by=None if ignore_votes else voted_by.get(seat.id),
        )
        verdict = electorate.may_cast(
            kind, state, actor.id, changes_allowed=changes_allowed(ballot)
        )
        result.append(Candidate(seat, state, verdict))
    return result


def outsider_message(actor: User, ballot: Ballot) -> str:
    """Say, in German, why the actor holds no seat of the ballot and deputises for none."""
    day = today_local()
    current = [m for m in actor.memberships if m.is_current(day)]
    roles = [m.role.value for m in current if m.body_id == ballot.body_id]
    others = sorted({m.body.name for m in current if m.body_id != ballot.body_id})
    message = electorate.outsider_message(roles, others)
    return _(message, body=ballot.body.name, other=others[0] if others else "")


def refusal_error(candidate: Candidate, ballot: Ballot) -> PortalError:
    """Return the error that says why the candidate's verdict refuses (409 if already voted)."""
    message = _(candidate.verdict.message, body=ballot.body.name)
    if candidate.verdict.refusal in _ALREADY_VOTED:
        return Conflict(message)
    return PermissionDenied(message)


def choose(found: list[Candidate], ballot: Ballot, seat_id: int | None) -> Candidate:
    """Return the candidate to act for: the named seat, or the only one the actor may use.

    Refuses with the reason of the most telling seat (their own before one they deputise for).
    """
    if seat_id is not None:
        chosen = next((c for c in found if c.seat.id == seat_id), None)
        if chosen is None:
            raise InvalidInput([("seat_id", _("Für diesen Sitz können Sie nicht abstimmen."))])
        if not chosen.verdict.allowed:
            raise refusal_error(chosen, ballot)
        return chosen
    allowed = [c for c in found if c.verdict.allowed]
    if len(allowed) == 1:
        return allowed[0]
    if len(allowed) > 1:
        raise InvalidInput(
            [("seat_id", _("Sie können für mehrere Sitze abstimmen. Bitte wählen Sie den Sitz."))]
        )
    raise refusal_error(min(found, key=lambda c: c.verdict.as_deputy), ballot)
