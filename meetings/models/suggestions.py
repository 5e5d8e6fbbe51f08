"""Agenda items that members suggest and the secretariat accepts or declines with a reason."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.meeting import AgendaItem, AgendaItemKind, Meeting
from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import User


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AgendaSuggestion(Base):
    __tablename__ = "agenda_suggestions"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300))
    #: Markdown: what the item is about and why it belongs on this agenda.
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[AgendaItemKind] = mapped_column(
        str_enum(AgendaItemKind, 20), default=AgendaItemKind.DISCUSSION
    )
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[SuggestionStatus] = mapped_column(
        str_enum(SuggestionStatus, 20), default=SuggestionStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Why the secretariat declined (required) or a remark on accepting (optional).
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    #: The agenda item made from an accepted suggestion.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship()
    proposer: Mapped[User] = relationship(foreign_keys=[proposer_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    agenda_item: Mapped[AgendaItem | None] = relationship()
