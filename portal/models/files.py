"""Uploaded files (papers of agenda items, attachments of proposals, later of decisions and
documents) and their versions.

A row holds what the portal knows about one upload: its name, type, size and checksums. The
content lives on disk in the content-addressed blob store (``portal.blobstore``), found by
``sha256``: the database stays small, dumps and restores stay fast, and a download is streamed
from a file instead of being held in memory. The price: several portal hosts need one shared
folder (``FILE_STORAGE_PATH``), and a backup must copy that folder with the database dump. The
SHA-512 checksum is what OParl's ``File.sha512Checksum`` publishes.

A new version of a file is a new row, never a changed one: version 1 has no ``first_id``, every
later version points to version 1 and counts on. The owner (an attachment) points to the
version that is current; the older ones stay downloadable.
"""

from __future__ import annotations

from datetime import datetime
from operator import attrgetter

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, intpk, utcnow
from portal.models.accounts import User


class StoredFile(Base):
    __tablename__ = "stored_files"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size"),
        # One row per version of a lineage. Version 1 (first_id NULL) is unique by its id.
        Index("ix_stored_files_first_id_version", "first_id", "version", unique=True),
    )

    id: Mapped[intpk]
    #: The name the uploader's file had, cleaned of any path; offered again on download.
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    #: Hex digest of the content: its name in the blob store.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: Hex digest of the content, as OParl publishes it.
    sha512: Mapped[str] = mapped_column(String(128))
    #: Version 1 of this file; None for version 1 itself.
    first_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()
    #: Set through ``first_id``; read-only so that deleting a lineage never rewrites it.
    first: Mapped[StoredFile | None] = relationship(
        remote_side="StoredFile.id", back_populates="later_versions", viewonly=True
    )
    #: On version 1: versions 2, 3, ..., newest first.
    later_versions: Mapped[list[StoredFile]] = relationship(
        back_populates="first", viewonly=True, order_by="StoredFile.version.desc()"
    )

    @property
    def older_versions(self) -> list[StoredFile]:
        """The versions before this one, newest first (none for version 1).

        Loaded on first use; list services load them for many files at once
        (``portal.services.files.load_versions``).
        """
        first = self.first
        if first is None:
            return []
        older = [file for file in first.later_versions if file.version < self.version]
        return sorted([*older, first], key=attrgetter("version"), reverse=True)

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.filename!r} v{self.version}>"
