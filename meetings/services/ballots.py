"""Ballots and votes: open, vote, declare, object, record, close, cancel.

The public services of the ballots area, each one transaction. Opening, casting and closing live
in their own modules (``ballot_opening``, ``ballot_casting``, ``ballot_closing``) and are
re-exported here, so callers import every ballot service from one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, insert, select

from meetings.models import (
    Attendance,
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotStatus,
    BallotTurnout,
    Vote,
    VoteChoice,
)
from meetings.services.ballot_casting import CastVote, cast_vote, parse_choice, refuse_unless_open
from meetings.services.ballot_closing import (
    close_due_ballots,
    close_if_due,
    counted_votes,
    end_if_open,
    finish,
    send_back,
    send_ballot_reminders,
    voting_seats,
)
from meetings.services.ballot_deputies import send_deputy, sendable_deputies
from meetings.services.ballot_opening import open_ballot
from meetings.services.ballot_seats import (
    EXCLUSIVE,
    candidates,
    choose,
    load_locked,
    outsider_message,
)
from meetings.tally import OBJECTED, Counts
from meetings.tally import Outcome as Tally
from portal import audit
from portal.db import in_effect_on, utcnow
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import Membership, MembershipRole, User
from portal.permissions import Action, can, require
from portal.timeutil import today_local

__all__ = [
    "CastVote",
    "cancel_ballot",
    "cast_vote",
    "close_ballot",
    "close_due_ballots",
    "close_if_due",
    "declare_conflict",
    "object_to_procedure",
    "open_ballot",
    "record_counts",
    "record_named_votes",
    "send_ballot_reminders",
    "send_deputy",
    "sendable_deputies",
]

MAX_REASON = 2000


def _reason(reason: str, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput([("reason", missing)])
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            [
                (
                    "reason",
                    _("Die Begründung darf höchstens %(max)d Zeichen lang sein.", max=MAX_REASON),
                )
            ]
        )
    return reason


def _already_ended() -> Conflict:
    return Conflict(_("Die Abstimmung ist bereits beendet."))


def _acting_seat(
    actor: User, ballot: Ballot, seat_id: int | None, now: datetime, *, lock: str | None
):
    """Load the ballot and return it with the seat the actor declares for, and who voted."""
    ballot, voted_by = load_locked(ballot.id, lock=lock)
    refuse_unless_open(ballot, now)
    if not can(actor, Action.BALLOT_VOTE, ballot):
        raise PermissionDenied(outsider_message(actor, ballot))
    found = candidates(actor, ballot, voted_by, ignore_votes=True)
    return ballot, choose(found, ballot, seat_id).seat, voted_by


def declare_conflict(
    actor: User, ballot: Ballot, *, seat_id: int | None = None, now: datetime | None = None
) -> None:
    """Declare a conflict of interest (Befangenheit): the seat takes no part in this ballot."""
    now = now or utcnow()
    # Exclusive: votes in flight finish first, and the seat's turnout is then read afresh.
    ballot, seat, _voted_by = _acting_seat(actor, ballot, seat_id, now, lock=EXCLUSIVE)
    voted = db.session.scalar(select(exists().where(BallotTurnout.seat_id == seat.id)))
    if voted:
        raise Conflict(
            _(
                "Für diesen Sitz wurde bereits abgestimmt. Befangenheit ist vor der "
                "Stimmabgabe zu erklären."
            )
        )
    seat.is_excluded = True
    audit.record(
        actor, "ballot.conflict_of_interest", ballot, label=ballot.title, after={"seat": seat.id}
    )
    db.session.commit()


def object_to_procedure(
    actor: User,
    ballot: Ballot,
    reason: str,
    *,
    seat_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Object to a written procedure for a seat: it ends, and its item goes to a meeting."""
    now = now or utcnow()
    if ballot.kind != BallotKind.WRITTEN:
        raise InvalidInput([("reason", _("Nur einem Umlaufverfahren kann widersprochen werden."))])
    reason = _reason(reason, _("Bitte begründen Sie Ihren Widerspruch."))
    # No share lock: this transaction updates the ballot row itself, as closing does.
    ballot, seat, voted_by = _acting_seat(actor, ballot, seat_id, now, lock=None)
    if seat.id in voted_by:
        raise Conflict(
            _(
                "Für diesen Sitz wurde bereits abgestimmt. Widersprechen kann ein Sitz nur vor "
                "seiner Stimmabgabe."
            )
        )
    if not end_if_open(ballot.id, BallotStatus.CANCELLED, now):
        db.session.rollback()
        raise _already_ended()
    seat.has_objected = True
    ballot.status = BallotStatus.CANCELLED
    ballot.closed_at = now
    ballot.closed_by_id = actor.id
    ballot.result = OBJECTED
    ballot.cancel_reason = reason
    audit.record(
        actor,
        "ballot.object",
        ballot,
        label=ballot.title,
        after={"seat": seat.id, "reason": reason},
    )
    send_back(actor, ballot, OBJECTED)
    db.session.commit()


def cancel_ballot(actor: User, ballot: Ballot, reason: str, *, now: datetime | None = None) -> None:
    """Call off a ballot nobody has voted in yet, with a reason."""
    require(actor, Action.BALLOT_MANAGE, ballot)
    now = now or utcnow()
    reason = _reason(reason, _("Bitte geben Sie an, warum die Abstimmung abgebrochen wird."))
    if not end_if_open(ballot.id, BallotStatus.CANCELLED, now):
        db.session.rollback()
        raise _already_ended()
    voted = db.session.scalar(
        select(
            exists().where(
                BallotTurnout.seat_id == BallotSeat.id, BallotSeat.ballot_id == ballot.id
            )
        )
    )
    if voted:
        db.session.rollback()
        raise Conflict(
            _(
                "In dieser Abstimmung wurde bereits abgestimmt. Sie kann nicht mehr abgebrochen, "
                "nur geschlossen werden."
            )
        )
    ballot.status = BallotStatus.CANCELLED
    ballot.closed_at = now
    ballot.closed_by_id = actor.id
    ballot.cancel_reason = reason
    audit.record(actor, "ballot.cancel", ballot, label=ballot.title, after={"reason": reason})
    if ballot.kind == BallotKind.WRITTEN:
        send_back(actor, ballot, "cancelled")
    db.session.commit()


def close_ballot(actor: User, ballot: Ballot, *, now: datetime | None = None) -> Tally:
    """Close a ballot: count, compute the result, store both for good, and act on it."""
    require(actor, Action.BALLOT_MANAGE, ballot)
    if ballot.kind == BallotKind.RECORDED:
        raise InvalidInput(
            [
                (
                    "",
                    _(
                        "Bei einer in der Sitzung erfassten Abstimmung tragen Sie das Ergebnis "
                        "ein; damit ist sie geschlossen."
                    ),
                )
            ]
        )
    now = now or utcnow()
    if not end_if_open(ballot.id, BallotStatus.CLOSED, now):
        db.session.rollback()
        raise _already_ended()
    outcome = finish(ballot, counted_votes(ballot), closer=actor, acting=actor, now=now)
    db.session.commit()
    return outcome


def _recorded_ballot(actor: User, ballot: Ballot) -> None:
    require(actor, Action.BALLOT_MANAGE, ballot)
    if ballot.kind != BallotKind.RECORDED:
        raise InvalidInput(
            [
                (
                    "",
                    _(
                        "Nur bei einer in der Sitzung erfassten Abstimmung wird das Ergebnis "
                        "eingetragen."
                    ),
                )
            ]
        )
    if ballot.status != BallotStatus.OPEN:
        raise _already_ended()


def _count_errors(counts: dict[str, object], seats: int) -> list[tuple[str, str]]:
    errors = []
    for field, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.append((field, _("Bitte geben Sie eine ganze Zahl ab 0 an.")))
    if errors:
        return errors
    cast = sum(counts.values())
    if cast == 0:
        return [("yes", _("Bitte tragen Sie das Ergebnis ein: Es wurde keine Stimme gezählt."))]
    if cast > seats:
        return [
            (
                "yes",
                _(
                    "Es sind %(cast)d Stimmen eingetragen, aber nur %(seats)d Sitze stimmen ab.",
                    cast=cast,
                    seats=seats,
                ),
            )
        ]
    return []


def record_counts(
    actor: User, ballot: Ballot, *, yes: int, no: int, abstain: int, now: datetime | None = None
) -> Tally:
    """Enter the yes, no and abstain counts of a show of hands; this closes the ballot."""
    _recorded_ballot(actor, ballot)
    counts = {"yes": yes, "no": no, "abstain": abstain}
    errors = _count_errors(counts, voting_seats(ballot.id))
    if errors:
        raise InvalidInput(errors)
    now = now or utcnow()
    if not end_if_open(ballot.id, BallotStatus.CLOSED, now):
        db.session.rollback()
        raise _already_ended()
    outcome = finish(ballot, Counts(yes, no, abstain), closer=actor, acting=actor, now=now)
    db.session.commit()
    return outcome


def _sitting(ballot: Ballot, seats: list[BallotSeat]) -> dict[int, int]:
    """Return, per seat, who sat in it at the meeting: the holder, or the one deputy present."""
    holder_of = {seat.membership_id: seat for seat in seats}
    deputies = db.session.scalars(
        select(Membership).where(
            Membership.deputy_of_id.in_(list(holder_of)),
            Membership.role == MembershipRole.DEPUTY,
            in_effect_on(Membership, today_local()),
        )
    ).all()
    present = set(
        db.session.scalars(
            select(Attendance.membership_id).where(
                Attendance.meeting_id == ballot.meeting_id, Attendance.present.is_(True)
            )
        )
    )
    sitting = {}
    for seat in seats:
        here = [
            d.user_id for d in deputies if d.deputy_of_id == seat.membership_id and d.id in present
        ]
        holder_here = seat.membership_id in present
        sitting[seat.id] = (
            here[0] if not holder_here and len(here) == 1 else seat.membership.user_id
        )
    return sitting


def record_named_votes(
    actor: User, ballot: Ballot, votes: Mapping[int, str], *, now: datetime | None = None
) -> Tally:
    """Enter how each seat voted in a named show of hands; this closes the ballot.

    ``votes`` maps seat ids to choices; seats left out did not vote. Each vote is recorded as
    cast by whoever sat in the seat (the holder, or the deputy present in their place).
    """
    _recorded_ballot(actor, ballot)
    if ballot.secrecy != BallotSecrecy.NAMED:
        raise InvalidInput(
            [("", _("Bei einer geheimen Abstimmung werden nur die Zahlen eingetragen."))]
        )
    seats = {seat.id: seat for seat in ballot.seats if not seat.is_excluded}
    errors, chosen = [], {}
    for seat_id, value in votes.items():
        if seat_id not in seats:
            errors.append(("", _("Dieser Sitz stimmt in dieser Abstimmung nicht ab.")))
            continue
        try:
            chosen[seat_id] = parse_choice(value)
        except InvalidInput:
            errors.append((f"seat_{seat_id}", _("Bitte wählen Sie Ja, Nein oder Enthaltung.")))
    if not errors and not chosen:
        errors.append(("", _("Bitte tragen Sie das Ergebnis ein: Es wurde keine Stimme gezählt.")))
    if errors:
        raise InvalidInput(errors)
    now = now or utcnow()
    sitting = _sitting(ballot, [seats[seat_id] for seat_id in chosen])
    if not end_if_open(ballot.id, BallotStatus.CLOSED, now):
        db.session.rollback()
        raise _already_ended()
    for seat_id, choice in chosen.items():
        cast_by = sitting[seat_id]
        db.session.execute(insert(BallotTurnout).values(seat_id=seat_id, cast_by_id=cast_by))
        db.session.execute(
            insert(Vote).values(seat_id=seat_id, choice=choice, cast_by_id=cast_by, cast_at=now)
        )
    choices = list(chosen.values())
    counts = Counts(
        choices.count(VoteChoice.YES),
        choices.count(VoteChoice.NO),
        choices.count(VoteChoice.ABSTAIN),
    )
    audit.record(
        actor,
        "ballot.record_votes",
        ballot,
        label=ballot.title,
        after={str(seat_id): choice.value for seat_id, choice in chosen.items()},
    )
    outcome = finish(ballot, counts, closer=actor, acting=actor, now=now)
    db.session.commit()
    return outcome
