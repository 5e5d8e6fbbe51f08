"""Snapshots: a frozen view of the statistics page that a body saw, with its "Stand".

A snapshot stores the shown tables and chart series themselves (suppressed cells as null), not
a query: a later correction or republication never changes what a body was shown.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, require
from portal.statistics.models import (
    StaffingCalculation,
    StatisticsLink,
    StatisticsSnapshot,
    TargetKind,
)
from portal.statistics.services.reading import Selection, Series, statistics_view
from portal.statistics.shown import ShownRow, ShownTable

MAX_TITLE = 200


def _table_data(table: ShownTable) -> dict[str, Any]:
    data = asdict(table)
    data["rows"] = [asdict(row) for row in table.rows]
    return data


def table_from_data(data: dict[str, Any]) -> ShownTable:
    """Rebuild a shown table from a snapshot's stored content."""
    return ShownTable(
        title=data["title"],
        row_header=data["row_header"],
        columns=tuple(data["columns"]),
        rows=tuple(
            ShownRow(row["label"], tuple(row["values"]), row["is_total"]) for row in data["rows"]
        ),
        stand=data["stand"],
        legend=tuple(tuple(pair) for pair in data["legend"]),
    )


def series_from_data(data: dict[str, Any] | None) -> Series | None:
    if data is None:
        return None
    return Series(
        title=data["title"],
        periods=tuple(data["periods"]),
        lines=tuple((label, tuple(values)) for label, values in data["lines"]),
    )


def freeze_view(actor: User, selection: Selection, *, title: str) -> StatisticsSnapshot:
    """Store what the page shows for the selection as a snapshot (secretariat)."""
    require(actor, Action.STATISTICS_MANAGE)
    title = " ".join((title or "").split())
    if not title:
        raise InvalidInput([("title", _("Bitte geben Sie dem Stand einen Titel."))])
    if len(title) > MAX_TITLE:
        raise InvalidInput([("title", _("Höchstens %(max)d Zeichen.", max=MAX_TITLE))])
    view = statistics_view(actor, selection)
    if view is None or not view.tables or view.stand_at is None:
        raise InvalidInput([("title", _("Für diese Auswahl sind keine Zahlen veröffentlicht."))])
    series = view.series
    snapshot = StatisticsSnapshot(
        title=title,
        filters=selection.as_args(),
        content={
            "tables": [_table_data(table) for table in view.tables],
            "series": None
            if series is None
            else {"title": series.title, "periods": series.periods, "lines": series.lines},
            "bar_column": view.bar_column,
        },
        stand_at=view.stand_at,
        created_by_id=actor.id,
    )
    db.session.add(snapshot)
    db.session.flush()
    audit.record(actor, "statistics.snapshot_created", snapshot, label=title)
    db.session.commit()
    return snapshot


def get_snapshot(actor: User, snapshot_id: int) -> StatisticsSnapshot:
    require(actor, Action.STATISTICS_VIEW)
    snapshot = db.session.get(StatisticsSnapshot, snapshot_id)
    if snapshot is None:
        raise NotFound()
    return snapshot


def list_snapshots(actor: User, *, limit: int = 50) -> list[StatisticsSnapshot]:
    """Return the latest snapshots, newest first."""
    require(actor, Action.STATISTICS_VIEW)
    return list(
        db.session.scalars(
            select(StatisticsSnapshot)
            .options(joinedload(StatisticsSnapshot.created_by))
            .order_by(StatisticsSnapshot.created_at.desc(), StatisticsSnapshot.id.desc())
            .limit(limit)
        )
    )


def links_to(kind: TargetKind, target_ids: list[int]) -> dict[int, list[StatisticsLink]]:
    """Return the snapshots and staffing calculations linked to each target, in one query.

    The caller has already decided that the reader may see the targets.
    """
    if not target_ids:
        return {}
    links = db.session.scalars(
        select(StatisticsLink)
        .where(StatisticsLink.target_kind == kind, StatisticsLink.target_id.in_(target_ids))
        .options(
            # The pages show title and "Stand" only, not the frozen tables.
            joinedload(StatisticsLink.snapshot).load_only(
                StatisticsSnapshot.title, StatisticsSnapshot.stand_at
            ),
            joinedload(StatisticsLink.staffing).load_only(
                StaffingCalculation.title, StaffingCalculation.created_at
            ),
        )
        .order_by(StatisticsLink.created_at, StatisticsLink.id)
    )
    found: dict[int, list[StatisticsLink]] = {}
    for link in links:
        found.setdefault(link.target_id, []).append(link)
    return found
