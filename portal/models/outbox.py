"""E-mail waiting to be sent, and what kinds of mail each person wants.

A message is stored in the same transaction as the change it announces, so a mail server that is
down loses nothing: ``kim-portal send-mail`` retries it with growing pauses.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow


class NotificationKind(StrEnum):
    """The announcements a person can switch off; account mail (reset links) is always sent."""

    INVITATION = "invitation"
    AGENDA_CHANGED = "agenda_changed"
    MEETING_CANCELLED = "meeting_cancelled"
    MINUTES_CIRCULATED = "minutes_circulated"
    MINUTES_APPROVED = "minutes_approved"
    DEPUTY_SENT = "deputy_sent"
    SUGGESTION_DECIDED = "suggestion_decided"
    PROPOSAL_STEP = "proposal_step"
    BALLOT_OPENED = "ballot_opened"
    BALLOT_REMINDER = "ballot_reminder"
    DECISION_FOLLOW_UP = "decision_follow_up"


class OutboxMessage(Base):
    """One e-mail to one recipient, rendered when the change happened."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_sent_at_next_attempt_at", "sent_at", "next_attempt_at"),
    )

    id: Mapped[intpk]
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    #: The language it is written in (the HTML part's ``lang``).
    locale: Mapped[str] = mapped_column(String(5), default="de")
    #: An iCalendar object (iMIP, RFC 6047) sent along as ``text/calendar``; empty if none.
    calendar: Mapped[str] = mapped_column(Text, default="")
    #: Empty for account mail; otherwise the kind the recipient could have switched off.
    kind: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Given up after too many attempts; kept for the operators.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")


class NotificationPreference(Base):
    """A person's choice for one kind of mail; without a row the mail is sent."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="user_kind"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(str_enum(NotificationKind, 30))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
