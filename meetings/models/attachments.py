"""Files attached to agenda items (papers) and to meetings as a whole.

A paper is as public as its agenda item: the papers of a non-public item are shown and served
only to the people who may see the item. A file attached to the meeting itself (the invitation
letter, a presentation) is as visible as the meeting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.models.meeting import AgendaItem, Meeting
from portal.db import Base, UTCDateTime, intpk, utcnow
from portal.models import StoredFile


class AgendaItemAttachment(Base):
    __tablename__ = "agenda_item_attachments"
    __table_args__ = (
        Index("ix_agenda_item_attachments_agenda_item_id_position", "agenda_item_id", "position"),
    )

    id: Mapped[intpk]
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    #: The title shown in the agenda, e.g. "Anlage 1: Sachstandsbericht"; defaults to the file name.
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agenda_item: Mapped[AgendaItem] = relationship()
    file: Mapped[StoredFile] = relationship()


class MeetingAttachment(Base):
    """A file attached to a meeting as a whole (Einladungsschreiben, Präsentation)."""

    __tablename__ = "meeting_attachments"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    #: The title shown with the meeting, e.g. "Einladungsschreiben"; defaults to the file name.
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    file: Mapped[StoredFile] = relationship()
