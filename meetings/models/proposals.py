"""Proposals (Beschlussvorlagen), their history, amendments and links to other areas.

A proposal starts in a working group and travels to the steering group; the statuses and who may
move it are in :mod:`meetings.proposal_flow`. Every step writes a :class:`ProposalEvent`, so the
consultation path (Beratungsfolge) and the who/when of each step are rows, not log lines.
The reference number (``AG-V 2026/004``) is the originating body's prefix, the year and a number
unique per body and year; the database enforces the uniqueness.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meetings.proposal_flow import Outcome, ProposalStatus, Step
from portal.db import Base, UTCDateTime, intpk, str200, str_enum, utcnow
from portal.models import Body, StoredFile, User


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("body_id", "year", "number", name="uq_proposals_body_id_year_number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[intpk]
    #: The originating body (a working group, or the steering group itself).
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str200]
    submitter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus, 20), default=ProposalStatus.DRAFT, index=True
    )
    #: Begründung (Markdown).
    rationale: Mapped[str] = mapped_column(Text, default="")
    #: Beschlussvorschlag: the text the deciding body is asked to adopt.
    resolution_text: Mapped[str] = mapped_column(Text, default="")
    #: Expected effects: costs, and the organisations the decision affects.
    costs: Mapped[str] = mapped_column(Text, default="")
    affected_organisations: Mapped[str] = mapped_column(Text, default="")
    #: The working group's recommendation and its vote, given when it forwards the proposal.
    recommendation: Mapped[str] = mapped_column(Text, default="")
    group_votes_yes: Mapped[int | None] = mapped_column(Integer)
    group_votes_no: Mapped[int | None] = mapped_column(Integer)
    group_votes_abstain: Mapped[int | None] = mapped_column(Integer)
    #: When the proposal last began waiting for the steering group (forwarded, or deferred):
    #: the start of the "overdue" count.
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, 30))
    #: Public proposals of a public deciding body are shown to everyone (and published through
    #: OParl as papers) once they leave the draft; the others only to the bodies' members.
    is_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    body: Mapped[Body] = relationship()
    submitter: Mapped[User] = relationship()
    events: Mapped[list[ProposalEvent]] = relationship(
        back_populates="proposal",
        order_by="ProposalEvent.id",
        cascade="all, delete-orphan",
    )
    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="proposal",
        order_by="Amendment.id",
        cascade="all, delete-orphan",
    )
    links: Mapped[list[ProposalLink]] = relationship(cascade="all, delete-orphan")
    attachments: Mapped[list[ProposalAttachment]] = relationship(
        order_by="ProposalAttachment.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def deciding_body(self) -> Body:
        """The body that decides: a working group's parent (the steering group), else itself."""
        return self.body.parent or self.body


class ProposalEvent(Base):
    """One step in a proposal's life: who took it, when, in which body, with what result."""

    __tablename__ = "proposal_events"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[Step] = mapped_column(str_enum(Step, 30))
    status_after: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus, 20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The body that dealt with the proposal in this step (for the consultation path).
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    #: The meeting in which it was dealt with, if any.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    #: The result or reason as shown in the consultation path (recommendation, return reason,
    #: outcome, mandate).
    note: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    body: Mapped[Body] = relationship()


class AmendmentStatus(StrEnum):
    TABLED = "tabled"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Amendment(Base):
    """A changed resolution text tabled by a member of the deciding body (Änderungsantrag)."""

    __tablename__ = "amendments"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The whole resolution text as the amendment would have it (shown as a word-level
    #: difference to the proposal's text).
    resolution_text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AmendmentStatus] = mapped_column(
        str_enum(AmendmentStatus, 20), default=AmendmentStatus.TABLED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="amendments")
    author: Mapped[User] = relationship()


class ProposalAttachment(Base):
    """A file attached to a proposal (Anlage); as visible as the proposal itself."""

    __tablename__ = "proposal_attachments"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    #: The title shown with the proposal, e.g. "Anlage 1: Kostenschätzung".
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    file: Mapped[StoredFile] = relationship()


class ProposalLink(Base):
    """A proposal's link to a statistics snapshot or a document section.

    The hook for the statistics and document areas, which arrive with their issues: a kind and
    the id of the row in that area's table, resolved by that area.
    """

    __tablename__ = "proposal_links"
    __table_args__ = (
        UniqueConstraint("proposal_id", "kind", "target_id", name="uq_proposal_links_target"),
    )

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    #: ``statistics_snapshot`` or ``document_section``.
    kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str200] = mapped_column(default="")
