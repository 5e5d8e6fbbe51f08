"""Calendar subscriptions: the personal feed's secret address, and what each feed last served.

A personal feed is reached through a random token that only its owner knows; the database keeps
its SHA-256 digest, so a leaked database does not open anybody's calendar. Rotating the token
replaces the row, and the old address answers 404 at once.

Calendar clients poll every few minutes, mostly for nothing new. :class:`CalendarFeedState`
remembers per feed a fingerprint of everything the feed is made of, the ``ETag`` and
``Last-Modified`` it was served with, and the bytes themselves. A poll compares a fresh
fingerprint (one aggregate query) with the stored one: equal means the stored validators and
bytes are still right, so a conditional request is answered 304 and an unconditional one with
the stored bytes, neither building the feed again. ``Last-Modified`` is moved only when the bytes
change, and never backwards, which a value computed from the rows could not promise: a deleted
meeting takes its timestamp with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, intpk, utcnow
from portal.models.accounts import User


class CalendarToken(Base):
    """The secret part of a person's personal feed address (one per person)."""

    __tablename__ = "calendar_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: SHA-256 of the token, hex; the token itself is shown once and never stored.
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class CalendarFeedState(Base):
    """What one feed was last served as: fingerprint of its sources, validators and bytes.

    ``feed`` names the kind (``personal``, ``body``, ``meeting``), ``ref_id`` the token, body or
    meeting, ``variant`` whatever else changes the bytes (audience and language).
    """

    __tablename__ = "calendar_feed_states"

    feed: Mapped[str] = mapped_column(String(20), primary_key=True)
    ref_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    variant: Mapped[str] = mapped_column(String(40), primary_key=True, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    #: A hash of the bytes, quoted as the strong ``ETag``.
    etag: Mapped[str] = mapped_column(String(64))
    #: Whole seconds (HTTP dates have no fractions); moves only forward.
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
