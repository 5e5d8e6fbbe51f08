"""Uploaded files (papers of agenda items, later of proposals and documents).

The bytes live in the database, not on a disk next to one process: several portal processes
serve one PostgreSQL database, and a nightly ``pg_dump`` then backs up the papers with the data
that refers to them. The SHA-512 checksum is what OParl's ``File.sha512Checksum`` publishes and
lets a download be checked against the upload.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from portal.db import Base, UTCDateTime, intpk, utcnow
from portal.models.accounts import User


class StoredFile(Base):
    __tablename__ = "stored_files"
    __table_args__ = (CheckConstraint("size >= 0", name="size"),)

    id: Mapped[intpk]
    #: The name the uploader's file had, cleaned of any path; offered again on download.
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    #: Hex digest of the content.
    sha512: Mapped[str] = mapped_column(String(128))
    #: Loaded only when the file is downloaded, never with a list of files.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    uploaded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.filename!r}>"
