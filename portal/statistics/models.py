"""Tables of the statistics area: reported figures, publications, snapshots, staffing, observations.

The portal holds aggregated counts only, never a record about a person. Raw counts live in
:class:`CaseFigureReport` and are read only by the secretariat and the reporting case managers;
everyone else reads a :class:`StatisticsPublication`, which stores the disclosure-controlled values
of one quarter (suppressed cells are absent, not hidden), so no page can leak a raw count by
mistake.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models import Organisation, User


class ReportSource(StrEnum):
    FORM = "form"
    UPLOAD = "upload"
    DEMO = "demo"


class CaseFigureReport(Base):
    """The figures of one municipality and quarter as a case manager reported them.

    A correction adds a new row and marks the old one superseded, so the history stays; at most
    one row per municipality and quarter is current (partial unique index).
    """

    __tablename__ = "case_figure_reports"
    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
        Index(
            "uq_case_figure_reports_current",
            "organisation_id",
            "year",
            "quarter",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
        Index("ix_case_figure_reports_period", "year", "quarter"),
    )

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    quarter: Mapped[int] = mapped_column(SmallInteger)
    #: Item key (see ``portal.statistics.catalogue``) → count.
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    source: Mapped[ReportSource] = mapped_column(str_enum(ReportSource))
    #: Why a correction replaced the previous figures (empty for the first report).
    note: Mapped[str] = mapped_column(String(500), default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
    reported_by: Mapped[User | None] = relationship()

    @property
    def period(self) -> tuple[int, int]:
        return (self.year, self.quarter)


class StatisticsPublication(Base):
    """The disclosure-controlled figures of one quarter as they were published.

    ``values`` maps an area ("total" or a municipality id) to item → count, with suppressed cells
    left out; ``suppressed`` lists them as ``[area, item]`` pairs. A republication after a
    correction starts from the previous pattern (``revision`` counts up), so a cell once hidden
    stays hidden and no difference between two publications reveals it.
    """

    __tablename__ = "statistics_publications"
    __table_args__ = (
        UniqueConstraint("year", "quarter", "revision", name="period_revision"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint("k >= 1", name="k"),
    )

    id: Mapped[intpk]
    year: Mapped[int] = mapped_column(SmallInteger)
    quarter: Mapped[int] = mapped_column(SmallInteger)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    k: Mapped[int] = mapped_column(SmallInteger)
    values: Mapped[dict[str, dict[str, int]]] = mapped_column(JSON)
    suppressed: Mapped[list[list[str]]] = mapped_column(JSON)
    #: Municipality id (as text) → name at publication, so renamed towns keep their old tables.
    areas: Mapped[dict[str, str]] = mapped_column(JSON)
    #: SHA-256 of the raw figures used, to tell whether a correction arrived since.
    source_hash: Mapped[str] = mapped_column(String(64))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    published_by: Mapped[User | None] = relationship()

    @property
    def period(self) -> tuple[int, int]:
        return (self.year, self.quarter)


class StatisticsSnapshot(Base):
    """A frozen view of the statistics page: the filter, the shown tables and their "Stand"."""

    __tablename__ = "statistics_snapshots"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    #: The filter of the page it was frozen from (periods, municipality, breakdown).
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The shown tables and chart series, suppressed cells as null: exactly what was displayed.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The latest publication time of the figures shown.
    stand_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by: Mapped[User | None] = relationship()


class TargetKind(StrEnum):
    """Where a snapshot or staffing calculation can be linked into the governance cycle."""

    AGENDA_ITEM = "agenda_item"
    PROPOSAL = "proposal"
    MINUTES = "minutes"
    DOCUMENT_SECTION = "document_section"


class StatisticsLink(Base):
    """A snapshot or a staffing calculation linked from an agenda item, proposal, minutes, section.

    The target lives in another area, so it is named by kind and id; that area resolves it
    (``portal.statistics.targets``) and checks who may see it.
    """

    __tablename__ = "statistics_links"
    __table_args__ = (
        CheckConstraint(
            "(snapshot_id IS NULL) <> (staffing_id IS NULL)", name="snapshot_or_staffing"
        ),
        # One of the two ids is always NULL, and NULLs never clash: one index per kind of object.
        Index(
            "uq_statistics_links_snapshot",
            "target_kind",
            "target_id",
            "snapshot_id",
            unique=True,
            sqlite_where=text("snapshot_id IS NOT NULL"),
            postgresql_where=text("snapshot_id IS NOT NULL"),
        ),
        Index(
            "uq_statistics_links_staffing",
            "target_kind",
            "target_id",
            "staffing_id",
            unique=True,
            sqlite_where=text("staffing_id IS NOT NULL"),
            postgresql_where=text("staffing_id IS NOT NULL"),
        ),
        Index("ix_statistics_links_target", "target_kind", "target_id"),
    )

    id: Mapped[intpk]
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("statistics_snapshots.id", ondelete="CASCADE"), index=True
    )
    staffing_id: Mapped[int | None] = mapped_column(
        ForeignKey("staffing_calculations.id", ondelete="CASCADE"), index=True
    )
    target_kind: Mapped[TargetKind] = mapped_column(str_enum(TargetKind))
    target_id: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    snapshot: Mapped[StatisticsSnapshot | None] = relationship()
    staffing: Mapped[StaffingCalculation | None] = relationship()


class StaffingCalculation(Base):
    """A saved split of the case-management posts across the municipalities."""

    __tablename__ = "staffing_calculations"
    __table_args__ = (
        CheckConstraint("total > 0", name="total"),
        CheckConstraint("step > 0", name="step"),
    )

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    step: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    minimum: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    method: Mapped[str] = mapped_column(String(30))
    #: Where the weights came from, e.g. "eingegeben" or "offene Fälle 2026 Q3".
    basis: Mapped[str] = mapped_column(String(200))
    #: Municipality name → refugee number used as weight.
    weights: Mapped[dict[str, int]] = mapped_column(JSON)
    #: Municipality name → {"share": "1.25", "quota": "1.2371"} (exact values as text).
    result: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by: Mapped[User | None] = relationship()


class ObservationStatus(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    TAKEN_UP = "taken_up"
    NOTED = "noted"
    CLOSED = "closed"


class Assessment(StrEnum):
    GOOD = "good"
    BAD = "bad"


class InterfaceObservation(Base):
    """A case manager's note on what works or fails between authorities (no personal data)."""

    __tablename__ = "interface_observations"
    __table_args__ = (Index("ix_interface_observations_status", "status"),)

    id: Mapped[intpk]
    #: Keys of ``portal.statistics.observation_catalogue.AUTHORITIES``, in catalogue order.
    authorities: Mapped[list[str]] = mapped_column(JSON)
    topic: Mapped[str] = mapped_column(String(40))
    assessment: Mapped[Assessment] = mapped_column(str_enum(Assessment))
    description: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    has_no_personal_data: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[ObservationStatus] = mapped_column(
        str_enum(ObservationStatus), default=ObservationStatus.NEW
    )
    #: The proposal that took it up (status ``taken_up``).
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    status_reason: Mapped[str] = mapped_column(String(2000), default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()
    reported_by: Mapped[User | None] = relationship(foreign_keys=[reported_by_id])
    triaged_by: Mapped[User | None] = relationship(foreign_keys=[triaged_by_id])
