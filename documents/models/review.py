"""Review rounds of a draft: which bodies comment, until when, and their comments.

A comment belongs to a section's identity, so it stays attached to the section when the draft
moves or renames it. The secretariat handles each comment once: accepts it (a proposed text is
applied to the draft), declines it with a reason, or answers it; the review report lists them all.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.models.documents import DocumentSection, DocumentVersion
from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import Body, User


class CommentStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ANSWERED = "answered"


review_round_bodies = Table(
    "review_round_bodies",
    Base.metadata,
    Column("round_id", ForeignKey("review_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("bodies.id"), primary_key=True),
)


class ReviewRound(Base):
    __tablename__ = "review_rounds"

    id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    #: Comments are taken until this moment.
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    #: What the secretariat asks the bodies to look at.
    note: Mapped[str] = mapped_column(Text, default="")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Set when the secretariat ends the review (the draft goes back to "draft").
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    version: Mapped[DocumentVersion] = relationship(back_populates="review_rounds")
    #: Joined: every place that loads a round shows or checks its bodies.
    bodies: Mapped[list[Body]] = relationship(
        secondary=review_round_bodies, order_by=Body.name, lazy="joined"
    )
    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="round", order_by="ReviewComment.id", cascade="all, delete-orphan"
    )


class ReviewComment(Base):
    __tablename__ = "review_comments"

    id: Mapped[intpk]
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(ForeignKey("document_sections.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The body the author speaks for (one of the round's bodies).
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    text: Mapped[str] = mapped_column(Text)
    #: A replacement for the section's whole text, if the author proposes one.
    proposed_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(
        str_enum(CommentStatus, 20), default=CommentStatus.OPEN
    )
    #: The secretariat's answer, or its reason for declining.
    response: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[ReviewRound] = relationship(back_populates="comments")
    section: Mapped[DocumentSection] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    body: Mapped[Body] = relationship()
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])
