"""Who answered an invitation how, and who was present at the meeting.

One row per person invited (their membership of the body). A seat holder who sends a deputy
answers ``deputy`` and names the deputy's membership; the deputy's own presence is then recorded
on the deputy's row, so the quorum counts the seat once, whoever fills it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.meeting import AgendaItem, Meeting
from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import Membership, User


class AttendanceAnswer(StrEnum):
    PENDING = "pending"
    ATTEND = "attend"
    #: Cannot attend (excused).
    ABSENT = "absent"
    #: Cannot attend; a deputy of the seat attends instead.
    DEPUTY = "deputy"


class Attendance(Base):
    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "membership_id"),)

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    #: The person's seat or role in the body for which they were invited.
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), index=True)
    answer: Mapped[AttendanceAnswer] = mapped_column(
        str_enum(AttendanceAnswer, 20), default=AttendanceAnswer.PENDING
    )
    #: The deputy the seat holder sends (answer ``deputy``).
    deputy_membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: An optional remark with the answer ("komme später").
    note: Mapped[str] = mapped_column(String(300), default="")
    #: Recorded by the secretariat during the meeting.
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Present from this agenda item on; empty means from the start.
    from_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    #: Left after this agenda item; empty means until the end.
    until_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    membership: Mapped[Membership] = relationship(foreign_keys=[membership_id])
    deputy_membership: Mapped[Membership | None] = relationship(foreign_keys=[deputy_membership_id])
    from_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[from_item_id])
    until_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[until_item_id])
    recorded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Attendance {self.membership_id}@{self.meeting_id} {self.answer}>"
