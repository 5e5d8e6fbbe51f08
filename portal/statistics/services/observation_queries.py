"""Reading interface observations: the filtered list, one observation, counts, the start page.

:mod:`portal.statistics.services.observations` holds the permission rule, the choices and the
two services that change an observation (reporting and triage); this module holds everything
that only reads. It is kept apart so each module stays short enough to read in one go. It
imports its permission checks from there and is never imported by it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import joinedload

from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import User
from portal.statistics import targets
from portal.statistics.models import (
    Assessment,
    InterfaceObservation,
    ObservationStatus,
    TargetKind,
)
from portal.statistics.observation_catalogue import (
    AUTHORITIES,
    TOPICS,
    ObservationCounts,
    Quarter,
    last_quarters,
    pair_counts,
    quarter_of,
)
from portal.statistics.services.observations import may_report, may_view, require_reader
from portal.timeutil import from_local, to_local, today_local

PER_PAGE = 25
#: Quarters the count tables and the start page cover, the current one included.
COUNT_QUARTERS = 4
S = ObservationStatus
#: Still waiting for the working group (the start page counts them).
OPEN_STATUSES = (S.NEW, S.IN_REVIEW)


@dataclass(frozen=True)
class ObservationFilters:
    """What the list is narrowed to; None means any."""

    status: ObservationStatus | None = None
    assessment: Assessment | None = None
    authority: str | None = None
    topic: str | None = None

    def as_args(self) -> dict[str, str]:
        """Return the filters as query arguments (for the pages of the list)."""
        return {key: str(value) for key, value in vars(self).items() if value is not None}


@dataclass(frozen=True)
class Overview:
    """What the start page shows: open observations and the last quarters' counts."""

    new: int
    in_review: int
    counts: ObservationCounts
    may_report: bool


def parse_filters(args: Mapping[str, str | None]) -> ObservationFilters:
    """Read the list's filters from query arguments; unknown values are refused per field."""
    raw = {key: (args.get(key) or "").strip() for key in ("status", "assessment", "authority")}
    raw["topic"] = (args.get("topic") or "").strip()
    errors = []
    if raw["status"] and raw["status"] not in tuple(ObservationStatus):
        errors.append(("status", _("Bitte wählen Sie einen Stand aus der Liste.")))
    if raw["assessment"] and raw["assessment"] not in tuple(Assessment):
        errors.append(("assessment", _("Bitte wählen Sie „gut“ oder „schlecht“.")))
    if raw["authority"] and raw["authority"] not in AUTHORITIES:
        errors.append(("authority", _("Bitte wählen Sie eine Stelle aus der Liste.")))
    if raw["topic"] and raw["topic"] not in TOPICS:
        errors.append(("topic", _("Bitte wählen Sie ein Thema aus der Liste.")))
    if errors:
        raise InvalidInput(errors)
    return ObservationFilters(
        status=ObservationStatus(raw["status"]) if raw["status"] else None,
        assessment=Assessment(raw["assessment"]) if raw["assessment"] else None,
        authority=raw["authority"] or None,
        topic=raw["topic"] or None,
    )


def _filtered(query, filters: ObservationFilters):
    if filters.status is not None:
        query = query.where(InterfaceObservation.status == filters.status)
    if filters.assessment is not None:
        query = query.where(InterfaceObservation.assessment == filters.assessment)
    if filters.topic is not None:
        query = query.where(InterfaceObservation.topic == filters.topic)
    if filters.authority is not None:
        # The list is stored as JSON text on both databases; a quoted catalogue key matches
        # exactly one element, since no key contains a quote.
        stored = cast(InterfaceObservation.authorities, String)
        query = query.where(stored.like(f'%"{filters.authority}"%'))
    return query


def list_observations(actor: User, filters: ObservationFilters, page: int = 1):
    """Return one page of observations, newest first, with reporter, triager and municipality."""
    require_reader(actor)
    query = _filtered(
        select(InterfaceObservation).options(
            joinedload(InterfaceObservation.reported_by),
            joinedload(InterfaceObservation.triaged_by),
            joinedload(InterfaceObservation.organisation),
        ),
        filters,
    ).order_by(InterfaceObservation.reported_at.desc(), InterfaceObservation.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def get_observation(actor: User, observation_id: int) -> InterfaceObservation:
    """Return one observation (403 without access to the area, 404 if it does not exist)."""
    require_reader(actor)
    observation = db.session.scalar(
        select(InterfaceObservation)
        .where(InterfaceObservation.id == observation_id)
        .options(
            joinedload(InterfaceObservation.reported_by),
            joinedload(InterfaceObservation.triaged_by),
            joinedload(InterfaceObservation.organisation),
        )
    )
    if observation is None:
        raise NotFound()
    return observation


def linked_proposals(actor: User, observations) -> dict[int, targets.TargetRef]:
    """Return the proposals the observations were taken up by, as far as the actor sees them."""
    ids = [o.proposal_id for o in observations if o.proposal_id is not None]
    return targets.resolve(actor, TargetKind.PROPOSAL, ids)


def current_quarter() -> Quarter:
    """Return the (year, quarter) of today in Berlin."""
    day = today_local()
    return quarter_of(day.month, day.year)


def _window(count: int) -> tuple[tuple[Quarter, ...], datetime]:
    """Return the last ``count`` quarters and the UTC instant the first one began."""
    quarters = last_quarters(current_quarter(), count)
    year, quarter = quarters[0]
    return quarters, from_local(date(year, 3 * quarter - 2, 1), time(0))


def _quarter(reported_at: datetime) -> Quarter:
    local = to_local(reported_at)
    return quarter_of(local.month, local.year)


def observation_counts(
    actor: User,
    filters: ObservationFilters | None = None,
    *,
    quarters: int = COUNT_QUARTERS,
) -> ObservationCounts:
    """Count the last quarters' observations by authority pair and by topic (one query)."""
    require_reader(actor)
    columns, since = _window(quarters)
    query = select(
        InterfaceObservation.authorities,
        InterfaceObservation.topic,
        InterfaceObservation.reported_at,
    ).where(InterfaceObservation.reported_at >= since)
    rows = db.session.execute(_filtered(query, filters or ObservationFilters()))
    return pair_counts(
        ((row.authorities, row.topic, _quarter(row.reported_at)) for row in rows),
        quarters=columns,
    )


def overview(actor: User) -> Overview | None:
    """Return the start page's figures, or None for whoever may not see observations.

    One query fetches the few columns of the observations still open and of those of the last
    quarters; the triage body is looked up first only for people whose role does not decide.
    """
    if not may_view(actor):
        return None
    columns, since = _window(COUNT_QUARTERS)
    rows = db.session.execute(
        select(
            InterfaceObservation.status,
            InterfaceObservation.authorities,
            InterfaceObservation.topic,
            InterfaceObservation.reported_at,
        ).where(
            or_(
                InterfaceObservation.reported_at >= since,
                InterfaceObservation.status.in_(OPEN_STATUSES),
            )
        )
    ).all()
    statuses = Counter(ObservationStatus(row.status) for row in rows)
    counts = pair_counts(
        (
            (row.authorities, row.topic, _quarter(row.reported_at))
            for row in rows
            if row.reported_at >= since
        ),
        quarters=columns,
    )
    return Overview(
        new=statuses[S.NEW],
        in_review=statuses[S.IN_REVIEW],
        counts=counts,
        may_report=may_report(actor),
    )
