"""The decision register (Beschlussregister) and the follow-up of decisions.

A decision is made when a ballot on a proposal closes (or is entered for a decision taken
without a proposal). It is numbered per body and year (``LG 2026/07``) and never edited: a
correction is a new decision that ``supersedes`` the old one. Follow-up actions (Maßnahmen) carry
dated progress notes; their status is the last note's. Files attached to a decision (a
presentation, an annex of the resolution) are as visible as the decision and may be replaced by a
new version; the decision itself stays as it was.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.ballots import Ballot
from meetings.models.meeting import Meeting
from meetings.models.proposals import Proposal
from meetings.proposal_flow import Outcome
from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import Body, Organisation, StoredFile, User


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("body_id", "year", "number", name="uq_decisions_body_id_year_number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[intpk]
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    #: Where it was decided: a meeting, or a written procedure (the ballot has no meeting).
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id"), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    #: The resolution as decided, with the adopted amendments worked in.
    resolution_text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, 30))
    votes_yes: Mapped[int | None] = mapped_column(Integer)
    votes_no: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    #: The decision this one corrects.
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), unique=True)
    #: Wiedervorlage: the secretariat is reminded on this day.
    review_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: When the secretariat was reminded of the review date (once per date).
    review_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: A public decision of a public body is shown to everyone; it is public when what it
    #: decides on was (the proposal, or the agenda item).
    is_public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    ballot: Mapped[Ballot | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    supersedes: Mapped[Decision | None] = relationship(remote_side="Decision.id")
    actions: Mapped[list[FollowUpAction]] = relationship(
        back_populates="decision", order_by="FollowUpAction.id"
    )


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class FollowUpAction(Base):
    """A measure to carry out a decision (Maßnahme)."""

    __tablename__ = "follow_up_actions"

    id: Mapped[intpk]
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, 20), default=ActionStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="actions")
    organisation: Mapped[Organisation | None] = relationship()
    responsible: Mapped[User | None] = relationship()
    notes: Mapped[list[ActionNote]] = relationship(
        back_populates="action", order_by="ActionNote.id"
    )


class ActionNote(Base):
    """A dated progress note on an action; it may move the action's status."""

    __tablename__ = "action_notes"

    id: Mapped[intpk]
    action_id: Mapped[int] = mapped_column(
        ForeignKey("follow_up_actions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    status_after: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, 20))

    action: Mapped[FollowUpAction] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()


class DecisionAttachment(Base):
    """A file attached to a decision (Anlage zum Beschluss); as visible as the decision."""

    __tablename__ = "decision_attachments"

    id: Mapped[intpk]
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    #: The title shown with the decision, e.g. "Anlage 1: Finanzierungsplan".
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    decision: Mapped[Decision] = relationship()
    file: Mapped[StoredFile] = relationship()
