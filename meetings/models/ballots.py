"""Ballots, their electorate, and the votes: named votes as rows, secret votes as bare counters.

The electorate is fixed when a ballot opens: one :class:`BallotSeat` per voting seat of the body
(the seat holder's membership). Whoever casts the seat's vote, holder or deputy, the seat votes
once, and the database holds that rule, not only the code:

- ``ballot_seats`` has one row per (ballot, seat);
- a named vote is a :class:`Vote` row, unique per seat; changing it (while the ballot allows
  changes) updates that row;
- for every ballot, :class:`BallotTurnout` records *that* a seat took part and who cast it,
  unique per seat. For a secret ballot this row has no choice, no time, and the choice goes
  into :class:`SecretTally` as a counter increment: no row exists that holds a choice, so no
  key, timestamp or insertion order can lead from a person to their choice.

A closed ballot keeps its counts and result in its own columns and never changes again.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.meeting import AgendaItem, Meeting
from meetings.models.proposals import Amendment, Proposal
from portal.db import Base, UTCDateTime, intpk, str200, str_enum, utcnow
from portal.models import Body, MajorityRule, Membership, QuorumRule, User


class BallotKind(StrEnum):
    #: The secretariat enters the counts (or names) of a show of hands in the meeting.
    RECORDED = "recorded"
    #: Each present seat votes on its own device while the ballot is open.
    ELECTRONIC = "electronic"
    #: Written procedure (Umlaufverfahren): all voting seats vote until a deadline.
    WRITTEN = "written"


class BallotSecrecy(StrEnum):
    NAMED = "named"
    SECRET = "secret"


class BallotStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    #: A written procedure a seat objected to (the item goes to the next meeting), or a ballot
    #: the secretariat called off before anyone voted.
    CANCELLED = "cancelled"


class VoteChoice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Ballot(Base):
    __tablename__ = "ballots"
    __table_args__ = (
        CheckConstraint(
            "agenda_item_id IS NOT NULL OR proposal_id IS NOT NULL OR amendment_id IS NOT NULL",
            name="has_subject",
        ),
    )

    id: Mapped[intpk]
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    #: The meeting of a ballot in a meeting; None for a written procedure.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id"), index=True)
    title: Mapped[str200]
    kind: Mapped[BallotKind] = mapped_column(str_enum(BallotKind, 20))
    secrecy: Mapped[BallotSecrecy] = mapped_column(
        str_enum(BallotSecrecy, 20), default=BallotSecrecy.NAMED
    )
    #: The majority rule and, for a written procedure, the participation quorum, as they were
    #: when the ballot opened (a later change of the body's rules does not touch it).
    rule: Mapped[MajorityRule] = mapped_column(str_enum(MajorityRule))
    quorum_rule: Mapped[QuorumRule] = mapped_column(str_enum(QuorumRule))
    #: Named votes may be changed while the ballot is open (the last counts).
    allows_changes: Mapped[bool] = mapped_column(default=True)
    #: Interim results of a named ballot are shown while it is open.
    shows_live_results: Mapped[bool] = mapped_column(default=False)
    status: Mapped[BallotStatus] = mapped_column(
        str_enum(BallotStatus, 20), default=BallotStatus.OPEN, index=True
    )
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: A written procedure closes at this time (``kim-portal close-due-ballots``, or on access).
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the reminder 48 hours before a written procedure closes went out (once).
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Why a ballot was cancelled (the objecting seat's reason, or the secretariat's).
    cancel_reason: Mapped[str] = mapped_column(String(2000), default="")
    #: Filled when the ballot closes, never changed afterwards.
    voting_seats: Mapped[int | None] = mapped_column(Integer)
    votes_yes: Mapped[int | None] = mapped_column(Integer)
    votes_no: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    #: The tally's status (``meetings.tally``): adopted, rejected, not_quorate, objected.
    result: Mapped[str | None] = mapped_column(String(20))

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    amendment: Mapped[Amendment | None] = relationship()
    seats: Mapped[list[BallotSeat]] = relationship(
        back_populates="ballot", order_by="BallotSeat.id", cascade="all, delete-orphan"
    )


class BallotSeat(Base):
    """A voting seat of a ballot's electorate, fixed when the ballot opened."""

    __tablename__ = "ballot_seats"
    __table_args__ = (
        UniqueConstraint("ballot_id", "membership_id", name="uq_ballot_seats_ballot_membership"),
    )

    id: Mapped[intpk]
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"))
    #: The seat holder's membership.
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    #: The holder (or the deputy) declared a conflict of interest (Befangenheit): the seat
    #: takes no part in this ballot.
    is_excluded: Mapped[bool] = mapped_column(default=False)
    #: The seat objected to the written procedure itself.
    has_objected: Mapped[bool] = mapped_column(default=False)
    #: In a written procedure: the deputy the holder sent to vote for the seat (there is no
    #: meeting whose attendance could say so).
    deputy_membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"))

    ballot: Mapped[Ballot] = relationship(back_populates="seats")
    membership: Mapped[Membership] = relationship(foreign_keys=[membership_id])


class BallotTurnout(Base):
    """That a seat took part, and who cast its vote (holder or deputy); never how."""

    __tablename__ = "ballot_turnout"
    __table_args__ = (UniqueConstraint("seat_id", name="uq_ballot_turnout_seat_id"),)

    id: Mapped[intpk]
    #: The seat says which ballot (a ballot's turnout and votes are reached through its seats).
    seat_id: Mapped[int] = mapped_column(ForeignKey("ballot_seats.id", ondelete="CASCADE"))
    cast_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    seat: Mapped[BallotSeat] = relationship()
    cast_by: Mapped[User] = relationship()


class Vote(Base):
    """A named vote: the seat's choice, as last cast."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("seat_id", name="uq_votes_seat_id"),)

    id: Mapped[intpk]
    #: The seat says which ballot (a ballot's turnout and votes are reached through its seats).
    seat_id: Mapped[int] = mapped_column(ForeignKey("ballot_seats.id", ondelete="CASCADE"))
    choice: Mapped[VoteChoice] = mapped_column(str_enum(VoteChoice, 10))
    cast_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    seat: Mapped[BallotSeat] = relationship()
    cast_by: Mapped[User] = relationship()


class SecretTally(Base):
    """The choices of a secret ballot, as three counters and nothing else."""

    __tablename__ = "secret_tallies"
    __table_args__ = (
        CheckConstraint("yes >= 0 AND no >= 0 AND abstain >= 0", name="counts_not_negative"),
    )

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
