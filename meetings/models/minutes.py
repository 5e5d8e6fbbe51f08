"""The minutes (Niederschrift) of a meeting, their entries per agenda item, comments, revisions.

Workflow: draft → circulated (members comment until a deadline) → approved (by the body in a
later meeting or by the chair) → locked (signed and filed). From approval on the text never
changes; a correction is a new set of minutes that ``amends`` the approved ones and goes through
the same workflow. Every save writes a :class:`MinutesRevision` with the whole text, so any two
saved states can be compared.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.meeting import AgendaItem, Meeting
from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import User


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"
    LOCKED = "locked"


class ApprovalMode(StrEnum):
    #: Approved by the body under an agenda item of a later meeting.
    BODY = "body"
    #: Approved by the chair (working groups, or when the rules of procedure allow it).
    CHAIR = "chair"


class DecisionOutcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"


class Minutes(Base):
    __tablename__ = "minutes"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: The approved minutes this set corrects (an amendment); None for the original minutes.
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("minutes.id"), index=True)
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MinutesStatus] = mapped_column(
        str_enum(MinutesStatus, 20), default=MinutesStatus.DRAFT
    )
    chair: Mapped[str] = mapped_column(String(200), default="")
    minute_taker: Mapped[str] = mapped_column(String(200), default="")
    #: The actual start and end of the meeting (the planned ones are on the meeting).
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Members may comment until this day while the minutes are circulated.
    comments_due_on: Mapped[date | None] = mapped_column(Date)
    circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approval_mode: Mapped[ApprovalMode | None] = mapped_column(str_enum(ApprovalMode, 20))
    #: The later meeting in which the body approved the minutes (approval mode ``body``).
    approved_in_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: Optimistic locking of the header: a save based on an older state is refused.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    amends: Mapped[Minutes | None] = relationship(remote_side="Minutes.id")
    approved_by: Mapped[User | None] = relationship()
    approved_in_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_in_meeting_id]
    )
    entries: Mapped[list[MinutesEntry]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan"
    )
    comments: Mapped[list[MinutesComment]] = relationship(
        back_populates="minutes",
        cascade="all, delete-orphan",
        order_by=lambda: [MinutesComment.created_at, MinutesComment.id],
    )
    revisions: Mapped[list[MinutesRevision]] = relationship(
        back_populates="minutes",
        cascade="all, delete-orphan",
        order_by=lambda: MinutesRevision.number,
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_final(self) -> bool:
        """Approved or locked minutes are immutable."""
        return self.status in (MinutesStatus.APPROVED, MinutesStatus.LOCKED)

    def __repr__(self) -> str:
        return f"<Minutes {self.id} of meeting {self.meeting_id} {self.status}>"


class MinutesEntry(Base):
    """What the minutes say under one agenda item."""

    __tablename__ = "minutes_entries"
    __table_args__ = (
        UniqueConstraint("minutes_id", "agenda_item_id"),
        CheckConstraint(
            "(votes_yes IS NULL OR votes_yes >= 0) AND (votes_no IS NULL OR votes_no >= 0)"
            " AND (votes_abstain IS NULL OR votes_abstain >= 0)",
            name="votes",
        ),
    )

    id: Mapped[intpk]
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    #: Markdown.
    discussion: Mapped[str] = mapped_column(Text, default="")
    #: The resolution as taken; only under decision items of a meeting with quorum.
    decision_text: Mapped[str] = mapped_column(Text, default="")
    votes_yes: Mapped[int | None] = mapped_column(Integer)
    votes_no: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[DecisionOutcome | None] = mapped_column(str_enum(DecisionOutcome, 20))
    #: Optimistic locking per entry, so two people can write different items at once.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    minutes: Mapped[Minutes] = relationship(back_populates="entries")
    agenda_item: Mapped[AgendaItem] = relationship()
    actions: Mapped[list[MinutesActionItem]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by=lambda: [MinutesActionItem.position, MinutesActionItem.id],
    )

    __mapper_args__ = {"version_id_col": lock_version}


class MinutesActionItem(Base):
    """A follow-up action agreed under an agenda item: what, who, by when."""

    __tablename__ = "minutes_action_items"

    id: Mapped[intpk]
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("minutes_entries.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)

    entry: Mapped[MinutesEntry] = relationship(back_populates="actions")


class MinutesComment(Base):
    """A member's comment on circulated minutes, optionally on one agenda item."""

    __tablename__ = "minutes_comments"

    id: Mapped[intpk]
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="comments")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    author: Mapped[User] = relationship()


class MinutesRevision(Base):
    """One saved state of the minutes: the whole text as it stood, kept for comparison."""

    __tablename__ = "minutes_revisions"
    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[intpk]
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    #: 1, 2, 3 … per minutes.
    number: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[MinutesStatus] = mapped_column(str_enum(MinutesStatus, 20))
    #: What the save was, e.g. "TOP 3 bearbeitet", "Zur Stellungnahme versandt".
    summary: Mapped[str] = mapped_column(String(200), default="")
    #: The text as it stood: header fields and, per agenda item, its number, title and entry.
    content: Mapped[dict] = mapped_column(JSON, default=dict)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    saved_by: Mapped[User | None] = relationship()
