"""Meetings of a body, their agenda items, the body's agenda template and recorded changes.

Times are stored in UTC and shown in Europe/Berlin. A meeting's agenda is an ordered tree of two
levels (TOP 3 and TOP 3.1); the numbers are not stored but computed from the order
(``meetings.numbering``), so moving an item can never leave a gap or a duplicate.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import Body, User

if TYPE_CHECKING:
    from meetings.models.attachments import MeetingAttachment


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    INVITED = "invited"
    HELD = "held"
    MINUTES_APPROVED = "minutes_approved"
    CANCELLED = "cancelled"


class AgendaItemKind(StrEnum):
    INFORMATION = "information"
    DISCUSSION = "discussion"
    DECISION = "decision"


class MeetingChangeKind(StrEnum):
    RESCHEDULED = "rescheduled"
    UPDATED = "updated"
    CANCELLED = "cancelled"
    AGENDA = "agenda"


class Meeting(Base):
    """One meeting (Sitzung) of a body."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="period"),
        Index("ix_meetings_body_id_starts_at", "body_id", "starts_at"),
    )

    id: Mapped[intpk]
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    #: A public meeting of a public body is shown to everyone (its public part only).
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, 20), default=MeetingStatus.PLANNED
    )
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    #: When it was called off; calendar feeds keep a cancelled meeting for 30 days after.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The start announced before the latest move, shown as "verlegt auf …"; None if never moved.
    rescheduled_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the invitation went out; changes after it are recorded and announced.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The invitation went out later than the notice period allows, and the sender confirmed it.
    invited_late: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Increased on every change of time, place or status (calendar clients compare it).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: Optimistic locking: a save based on an older state is refused.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    body: Mapped[Body] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        order_by=lambda: [AgendaItem.position, AgendaItem.id],
        cascade="all, delete-orphan",
    )
    changes: Mapped[list[MeetingChange]] = relationship(
        back_populates="meeting",
        order_by=lambda: [MeetingChange.changed_at, MeetingChange.id],
        cascade="all, delete-orphan",
    )
    #: Files of the meeting as a whole, in their order; read-only: they are changed through
    #: ``portal.services.attachment_lists``, and the database removes them with the meeting.
    attachments: Mapped[list[MeetingAttachment]] = relationship(
        order_by="[MeetingAttachment.position, MeetingAttachment.id]", viewonly=True
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title!r}>"


class AgendaItem(Base):
    """One item (TOP) of a meeting's agenda; an item with a parent is a sub-item (TOP 3.1)."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration"),
        Index("ix_agenda_items_meeting_id_position", "meeting_id", "position"),
    )

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    #: Order among the items with the same parent (0, 1, 2 …; gaps allowed).
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[AgendaItemKind] = mapped_column(
        str_enum(AgendaItemKind, 20), default=AgendaItemKind.INFORMATION
    )
    presenter: Mapped[str] = mapped_column(String(200), default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Added after the invitation went out (Nachtrag).
    is_supplement: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The proposal (Beschlussvorlage) this item deals with, if any.
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Calendar feeds list the agenda titles, so an edited item changes their validators.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    parent: Mapped[AgendaItem | None] = relationship(
        remote_side="AgendaItem.id", back_populates="children"
    )
    children: Mapped[list[AgendaItem]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} of meeting {self.meeting_id}>"


class AgendaTemplateItem(Base):
    """One item of the agenda a body's new meetings start from."""

    __tablename__ = "agenda_template_items"
    __table_args__ = (Index("ix_agenda_template_items_body_id_position", "body_id", "position"),)

    id: Mapped[intpk]
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[AgendaItemKind] = mapped_column(
        str_enum(AgendaItemKind, 20), default=AgendaItemKind.INFORMATION
    )
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)


class MeetingChange(Base):
    """A change made to a meeting after its invitation went out: what changed, when, by whom.

    ``before`` and ``after`` hold the changed fields only (JSON), so the meeting page can say
    "Beginn: 14:00 Uhr → 15:00 Uhr" and a moved meeting keeps its old date visible.
    """

    __tablename__ = "meeting_changes"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[MeetingChangeKind] = mapped_column(str_enum(MeetingChangeKind, 20))
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)

    meeting: Mapped[Meeting] = relationship(back_populates="changes")
    actor: Mapped[User | None] = relationship()
