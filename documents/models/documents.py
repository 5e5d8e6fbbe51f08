"""Documents, their versions and sections.

A section's identity (:class:`DocumentSection`) is one row per section of a document, shared by
every version; each version holds its own text of the section (:class:`VersionSection`). So a
renamed or moved section is still the same section, and the comparison matches sections by
identity, not by heading. Adopted and superseded versions are immutable: ``documents.guard``
refuses any flush that would change them. Files attached to the document as a whole
(:class:`DocumentAttachment`: a map, a table of figures) are as visible as the document.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.versioning import FROZEN_STATUSES, OPEN_STATUSES, VersionNumber, VersionStatus
from meetings.models import Decision, Proposal
from portal.db import Base, UTCDateTime, intpk, str200, str_enum, utcnow
from portal.models import Body, StoredFile, User

if TYPE_CHECKING:
    from documents.models.review import ReviewRound


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str200]
    description: Mapped[str] = mapped_column(Text, default="")
    #: The body whose document it is; its secretariat writes the drafts, its members read them.
    owner_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    #: Public documents show their adopted versions to everyone; drafts never are public.
    is_public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner_body: Mapped[Body] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        order_by="(DocumentVersion.major, DocumentVersion.minor)",
        cascade="all, delete-orphan",
    )
    editors: Mapped[list[DocumentEditor]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Document {self.slug}>"


class DocumentVersion(Base):
    __tablename__ = "document_versions"
    __table_args__ = (
        UniqueConstraint("document_id", "major", "minor", name="uq_document_versions_number"),
        CheckConstraint("major >= 0 AND minor >= 0", name="number_positive"),
        # At most one version of a document is in force.
        Index(
            "uq_document_versions_in_force",
            "document_id",
            unique=True,
            sqlite_where=text("status = 'adopted'"),
            postgresql_where=text("status = 'adopted'"),
        ),
    )

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    major: Mapped[int] = mapped_column(Integer)
    minor: Mapped[int] = mapped_column(Integer)
    status: Mapped[VersionStatus] = mapped_column(
        str_enum(VersionStatus, 20), default=VersionStatus.DRAFT
    )
    #: What changed against the version it was copied from (Änderungsvermerk).
    change_note: Mapped[str] = mapped_column(Text, default="")
    #: The "Stand" date: the day of the adopting decision (drafts: none).
    stand: Mapped[date | None] = mapped_column(Date)
    #: SHA-256 of the text, fixed when the version is adopted (see ``versioning.content_hash``).
    content_hash: Mapped[str | None] = mapped_column(String(64))
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    #: The proposal that puts the version before the steering group, while one does.
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    #: The decision that adopted the version (``LG 2026/07``).
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    #: What a Word import could not carry over ("where: what" lines), shown on the draft.
    import_report: Mapped[list[str] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    document: Mapped[Document] = relationship(back_populates="versions")
    sections: Mapped[list[VersionSection]] = relationship(
        back_populates="version",
        order_by="VersionSection.position",
        cascade="all, delete-orphan",
    )
    review_rounds: Mapped[list[ReviewRound]] = relationship(
        back_populates="version", order_by="ReviewRound.opened_at", cascade="all, delete-orphan"
    )
    based_on: Mapped[DocumentVersion | None] = relationship(remote_side="DocumentVersion.id")
    proposal: Mapped[Proposal | None] = relationship()
    decision: Mapped[Decision | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def version_number(self) -> VersionNumber:
        return VersionNumber(self.major, self.minor)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<DocumentVersion {self.document_id} {self.number} {self.status}>"


class DocumentSection(Base):
    """The identity of a section, the same in every version of its document."""

    __tablename__ = "document_sections"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class VersionSection(Base):
    """A section's heading and text in one version."""

    __tablename__ = "version_sections"
    __table_args__ = (
        UniqueConstraint("version_id", "section_id", name="uq_version_sections_section"),
        CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),
        Index("ix_version_sections_version_id_position", "version_id", "position"),
    )

    id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("document_sections.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer, default=1)
    heading: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Raised on every save: a save that started from an older revision is refused.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[DocumentVersion] = relationship(back_populates="sections")
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": revision}


class DocumentEditor(Base):
    """Someone the secretariat named to edit the document's drafts with it."""

    __tablename__ = "document_editors"
    __table_args__ = (UniqueConstraint("document_id", "user_id", name="uq_document_editors_user"),)

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="editors")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class DocumentAttachment(Base):
    """A file attached to the document as a whole (Anlage); as visible as the document."""

    __tablename__ = "document_attachments"

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"), index=True)
    #: The title shown with the document, e.g. "Anlage 2: Karte der Beratungsstellen".
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[Document] = relationship()
    file: Mapped[StoredFile] = relationship()
