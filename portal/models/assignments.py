"""Which municipalities each case manager serves (the six posts are split across the district)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, intpk
from portal.models.accounts import User
from portal.models.organisations import Organisation


class CaseManagerAssignment(Base):
    """A case manager's responsibility for one municipality over a period."""

    __tablename__ = "case_manager_assignments"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()

    def is_current(self, on: date) -> bool:
        """Tell whether the assignment holds on the given day."""
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)
