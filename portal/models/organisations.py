"""Organisations that people represent in bodies (municipalities, agencies, associations)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    DISTRICT_AUTHORITY = "district_authority"
    AGENCY = "agency"
    ASSOCIATION = "association"
    BUSINESS = "business"
    COORDINATION_OFFICE = "coordination_office"


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"
