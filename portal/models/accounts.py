"""User accounts and the records that protect them (login attempts, reset tokens)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow

if TYPE_CHECKING:
    from portal.models.assignments import CaseManagerAssignment
    from portal.models.bodies import Membership


class GlobalRole(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    CASE_MANAGER = "case_manager"
    MEMBER = "member"


class User(Base):
    """A person who logs in. E-mail addresses are stored lower-case, so they are unique
    regardless of case."""

    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(5), default="de")
    role: Mapped[GlobalRole] = mapped_column(str_enum(GlobalRole, 20), default=GlobalRole.MEMBER)
    #: Bumped on logout, password change and deactivation: every session carries the
    #: generation it was issued under, and an older one is refused on the next request.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id"
    )
    #: The municipalities a case manager serves, with their periods (read by the permissions).
    case_assignments: Mapped[list[CaseManagerAssignment]] = relationship(viewonly=True)

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    # Flask-Login's user protocol, written out so the session token can rotate.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class LoginAttempt(Base):
    """One try to log in; the throttle counts recent failures per account and per address."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_attempted_at", "email", "attempted_at"),
        Index("ix_login_attempts_address_attempted_at", "address", "attempted_at"),
    )

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(45))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class PasswordResetToken(Base):
    """A password-reset link; only its SHA-256 digest is stored, and it works once."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
