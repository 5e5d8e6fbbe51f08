"""Publishing a quarter: disclosure control over all its figures, stored once and reused.

A publication fixes which cells of the quarter are suppressed and what the others show. Pages,
charts, exports and snapshots read publications only, so every role sees the same protected
figures. A correction after publication does not change what is shown until the secretariat
publishes again; the new revision starts from the old pattern, so a cell once hidden stays
hidden and comparing two revisions reveals nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, require
from portal.statistics import linked
from portal.statistics.models import CaseFigureReport, StatisticsPublication
from portal.statistics.periods import Period
from portal.statistics.services.figures import period_label


def min_cases() -> int:
    """Return k: every published value must rest on at least this many cases."""
    return int(current_app.config["STATISTICS_MIN_CASES"])


def _reports(period: Period) -> list[CaseFigureReport]:
    return list(
        db.session.scalars(
            select(CaseFigureReport)
            .where(
                CaseFigureReport.year == period.year,
                CaseFigureReport.quarter == period.quarter,
                CaseFigureReport.superseded_at.is_(None),
            )
            .options(joinedload(CaseFigureReport.organisation))
        )
    )


def source_hash(reports: list[CaseFigureReport]) -> str:
    """Fingerprint the raw figures of a quarter, to tell whether they changed since publication."""
    content = {str(r.organisation_id): r.counts for r in reports}
    data = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()


def current_publication(period: Period) -> StatisticsPublication | None:
    return db.session.scalar(
        select(StatisticsPublication).where(
            StatisticsPublication.year == period.year,
            StatisticsPublication.quarter == period.quarter,
            StatisticsPublication.superseded_at.is_(None),
        )
    )


def publish_period(actor: User, period: Period) -> StatisticsPublication:
    """Publish a quarter's figures under disclosure control (a new revision after corrections)."""
    require(actor, Action.STATISTICS_MANAGE)
    reports = _reports(period)
    if not reports:
        raise InvalidInput([("period", _("Für dieses Quartal liegen keine Zahlen vor."))])
    fingerprint = source_hash(reports)
    previous = current_publication(period)
    if previous is not None and previous.source_hash == fingerprint:
        raise InvalidInput(
            [("period", _("Dieses Quartal ist mit diesen Zahlen schon veröffentlicht."))]
        )
    k = previous.k if previous is not None else min_cases()
    keep = [tuple(cell) for cell in previous.suppressed] if previous is not None else []
    figures = {str(r.organisation_id): r.counts for r in reports}
    protection = linked.protect_period(figures, k=k, keep=keep)
    values: dict[str, dict[str, int]] = defaultdict(dict)
    cells, _lines = linked.build_cells(figures)
    for (area, item), value in cells.items():
        if (area, item) not in protection.suppressed:
            values[area][item] = value
    now = utcnow()
    if previous is not None:
        previous.superseded_at = now
        db.session.flush()
    publication = StatisticsPublication(
        year=period.year,
        quarter=period.quarter,
        revision=previous.revision + 1 if previous is not None else 1,
        k=k,
        values=dict(values),
        suppressed=sorted([list(cell) for cell in protection.suppressed]),
        areas={str(r.organisation_id): r.organisation.name for r in reports},
        source_hash=fingerprint,
        published_by_id=actor.id,
        published_at=now,
    )
    db.session.add(publication)
    db.session.flush()
    audit.record(
        actor,
        "statistics.published",
        publication,
        label=period_label(period),
        after={
            "revision": publication.revision,
            "municipalities": len(reports),
            "suppressed": len(publication.suppressed),
        },
    )
    db.session.commit()
    return publication


@dataclass(frozen=True)
class PeriodStatus:
    """What the secretariat needs to decide whether to publish a quarter."""

    period: Period
    reported: int
    publication: StatisticsPublication | None
    changed_since: bool
    last_report_at: datetime


def publication_overview(actor: User) -> list[PeriodStatus]:
    """Return every quarter with figures, newest first, and its publication state."""
    require(actor, Action.STATISTICS_MANAGE)
    reports = db.session.scalars(
        select(CaseFigureReport).where(CaseFigureReport.superseded_at.is_(None))
    ).all()
    by_period: dict[Period, list[CaseFigureReport]] = defaultdict(list)
    for report in reports:
        by_period[Period(report.year, report.quarter)].append(report)
    publications = {
        Period(p.year, p.quarter): p
        for p in db.session.scalars(
            select(StatisticsPublication).where(StatisticsPublication.superseded_at.is_(None))
        )
    }
    overview = []
    for period in sorted(by_period, reverse=True):
        group = by_period[period]
        publication = publications.get(period)
        overview.append(
            PeriodStatus(
                period=period,
                reported=len(group),
                publication=publication,
                changed_since=publication is not None
                and publication.source_hash != source_hash(group),
                last_report_at=max(r.reported_at for r in group),
            )
        )
    return overview
