"""Demo statistics: eight quarters of plausible figures, a snapshot, a staffing split, observations.

The figures are drawn from a seeded random generator around each municipality's size, so small
cells (a few "divers", one Duldung in Rommerskirchen) occur and the disclosure control has work.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.models import CaseManagerAssignment, Organisation, User
from portal.permissions import SYSTEM
from portal.statistics import allocation, catalogue
from portal.statistics.models import (
    Assessment,
    CaseFigureReport,
    InterfaceObservation,
    ObservationStatus,
    ReportSource,
    StaffingCalculation,
    StatisticsLink,
    TargetKind,
)
from portal.statistics.observation_catalogue import normalised_authorities
from portal.statistics.periods import Period, recent
from portal.statistics.services import publishing, snapshots
from portal.statistics.services.reading import Selection
from portal.timeutil import today_local

#: Open cases around which each municipality's figures vary (roughly its size).
OPEN_CASES = {
    "Stadt Neuss": 118,
    "Stadt Dormagen": 54,
    "Stadt Grevenbroich": 49,
    "Stadt Meerbusch": 31,
    "Stadt Kaarst": 27,
    "Stadt Korschenbroich": 19,
    "Stadt Jüchen": 16,
    "Gemeinde Rommerskirchen": 8,
}
#: Refugees per municipality (demo numbers) for the staffing split.
REFUGEES = {
    "Stadt Neuss": 3480,
    "Stadt Dormagen": 1410,
    "Stadt Grevenbroich": 1290,
    "Stadt Meerbusch": 820,
    "Stadt Kaarst": 760,
    "Stadt Korschenbroich": 520,
    "Stadt Jüchen": 470,
    "Gemeinde Rommerskirchen": 260,
}
#: Relative weights of each breakdown's categories (same order as the catalogue).
SHARES = {
    "closed_reason": (5, 2, 2, 1),
    "stage": (6, 3, 1),
    "age": (1, 6, 4, 1),
    "gender": (4, 6, 0.15, 0.3),
    "residence": (2, 1.2, 5, 1.5, 0.3),
    "legal": (5, 1.5, 1.2, 0.6, 0.2, 0.5),
}
QUARTERS = 8


def _split(rng: random.Random, total: int, weights) -> list[int]:
    """Split a total into counts drawn with the given weights (they add up to the total)."""
    counts = [0] * len(weights)
    for index in rng.choices(range(len(weights)), weights=weights, k=total):
        counts[index] += 1
    return counts


def _figures(rng: random.Random, size: int) -> dict[str, int]:
    open_cases = max(1, round(size * rng.uniform(0.85, 1.15)))
    new = max(0, round(open_cases * rng.uniform(0.12, 0.3)))
    closed = max(0, round(open_cases * rng.uniform(0.08, 0.22)))
    counts = {
        "open": open_cases,
        "new": new,
        "closed": closed,
        "naturalisation": round(open_cases * rng.uniform(0.02, 0.1)),
    }
    for dimension in catalogue.DIMENSIONS:
        if dimension.key in SHARES:
            total = counts[dimension.total]
            values = _split(rng, total, SHARES[dimension.key])
        elif dimension.bound:
            values = [round(open_cases * rng.uniform(0.05, 0.7)) for _ in dimension.categories]
        else:
            values = [round(open_cases * rng.uniform(0.0, 0.25)) for _ in dimension.categories]
        counts.update(zip(dimension.items, values, strict=True))
    return counts


def _reporters() -> dict[int, int]:
    """Map each municipality to the first case manager assigned to it."""
    reporters: dict[int, int] = {}
    for assignment in db.session.scalars(
        select(CaseManagerAssignment).order_by(CaseManagerAssignment.id)
    ):
        reporters.setdefault(assignment.organisation_id, assignment.user_id)
    return reporters


def _report_figures(towns: list[Organisation], periods: list[Period]) -> None:
    rng = random.Random(2026)
    reporters = _reporters()
    now = utcnow()
    for age, period in enumerate(reversed(periods)):
        for town in towns:
            db.session.add(
                CaseFigureReport(
                    organisation_id=town.id,
                    year=period.year,
                    quarter=period.quarter,
                    counts=_figures(rng, OPEN_CASES.get(town.name, 20)),
                    source=ReportSource.DEMO,
                    reported_by_id=reporters.get(town.id),
                    reported_at=now - timedelta(days=91 * age + 20),
                )
            )
    db.session.flush()


def _staffing(towns: list[Organisation]) -> StaffingCalculation:
    weights = {town.name: REFUGEES.get(town.name, 300) for town in towns}
    total, step = Decimal("6.0"), Decimal("0.25")
    result = allocation.allocate(
        total, step, weights, method=allocation.Method.LARGEST_REMAINDER, minimum=Decimal("0.25")
    )
    calculation = StaffingCalculation(
        title="Verteilung der sechs Case-Management-Stellen 2027",
        total=total,
        step=step,
        minimum=Decimal("0.25"),
        method=allocation.Method.LARGEST_REMAINDER.value,
        basis="Geflüchtete laut Zuweisungsstatistik, Stand 30.06.2026 (Demo-Zahlen)",
        weights=weights,
        result={
            name: {"share": str(result.shares[name]), "quota": str(result.quotas[name])}
            for name in weights
        },
    )
    db.session.add(calculation)
    return calculation


OBSERVATIONS = [
    (
        ["auslaenderbehoerde", "jobcenter"],
        "aufenthalt",
        Assessment.BAD,
        ObservationStatus.TAKEN_UP,
        "Nach Erteilung der Aufenthaltserlaubnis dauert der Wechsel ins SGB II oft mehrere Wochen, "
        "weil die Unterlagen zwischen den Stellen per Post laufen.",
    ),
    (
        ["jobcenter", "agentur"],
        "ausbildung_arbeit",
        Assessment.GOOD,
        ObservationStatus.NOTED,
        "Die gemeinsame Sprechstunde der Berufsberatung im Jobcenter Neuss wird gut angenommen.",
    ),
    (
        ["bamf", "jmd"],
        "sprache",
        Assessment.BAD,
        ObservationStatus.IN_REVIEW,
        "Wartezeiten auf Integrationskurse mit Kinderbetreuung liegen bei über sechs Monaten.",
    ),
    (
        ["sozialamt", "auslaenderbehoerde"],
        "leistungen",
        Assessment.BAD,
        ObservationStatus.NEW,
        "Bei Umzug zwischen Kommunen fehlen Ansprechpersonen für die Übergabe der Leistungsakte.",
    ),
    (
        ["schule", "jugendamt"],
        "ausbildung_arbeit",
        Assessment.GOOD,
        ObservationStatus.NEW,
        "Das Berufskolleg meldet freie Plätze in Internationalen Förderklassen jetzt monatlich.",
    ),
    (
        ["auslaenderbehoerde"],
        "erreichbarkeit",
        Assessment.BAD,
        ObservationStatus.CLOSED,
        "Telefonische Erreichbarkeit der Ausländerbehörde am Freitag eingeschränkt.",
    ),
    (
        ["kammer", "agentur"],
        "anerkennung",
        Assessment.BAD,
        ObservationStatus.NEW,
        "Anerkennungsverfahren für Pflegeberufe: Nachforderungen kommen einzeln statt gesammelt.",
    ),
]


def _observations(towns: list[Organisation], proposal_id: int | None) -> int:
    reporter = db.session.scalar(select(User).where(User.email == "cm@demo.example"))
    now = utcnow()
    for number, (authorities, topic, assessment, status, text) in enumerate(OBSERVATIONS):
        taken_up = status == ObservationStatus.TAKEN_UP and proposal_id is not None
        if status == ObservationStatus.TAKEN_UP and not taken_up:
            status = ObservationStatus.IN_REVIEW
        db.session.add(
            InterfaceObservation(
                authorities=normalised_authorities(authorities),
                topic=topic,
                assessment=assessment,
                description=text,
                organisation_id=towns[number % len(towns)].id,
                has_no_personal_data=True,
                status=status,
                proposal_id=proposal_id if taken_up else None,
                status_reason="Wird in der AG Verfahrensebene nicht weiter verfolgt."
                if status == ObservationStatus.CLOSED
                else "",
                reported_by_id=reporter.id if reporter else None,
                reported_at=now - timedelta(days=30 * number + 3),
                triaged_at=None if status == ObservationStatus.NEW else now - timedelta(days=2),
            )
        )
    return len(OBSERVATIONS)


def load_statistics(
    *, agenda_item_id: int | None, proposal_id: int | None, staffing_proposal_id: int | None
) -> dict[str, int]:
    """Add the demo statistics and link the snapshot to the agenda item.

    Publishing and freezing commit as they go (they are services), so this commits the rest too.
    """
    towns = [
        town
        for town in db.session.scalars(select(Organisation).order_by(Organisation.name))
        if town.name in OPEN_CASES
    ]
    last = Period.containing(today_local()).shifted(-1)
    periods = recent(last, QUARTERS)
    _report_figures(towns, periods)
    for period in periods:
        publishing.publish_period(SYSTEM, period)
    snapshot = snapshots.freeze_view(
        SYSTEM,
        Selection(first=periods[-4], last=periods[-1]),
        title="Fallzahlen des Case-Managements für die 5. Sitzung der Lenkungsgruppe",
    )
    if agenda_item_id is not None:
        db.session.add(
            StatisticsLink(
                snapshot_id=snapshot.id,
                target_kind=TargetKind.AGENDA_ITEM,
                target_id=agenda_item_id,
            )
        )
    calculation = _staffing(towns)
    if staffing_proposal_id is not None:
        db.session.flush()
        db.session.add(
            StatisticsLink(
                staffing_id=calculation.id,
                target_kind=TargetKind.PROPOSAL,
                target_id=staffing_proposal_id,
            )
        )
    observations = _observations(towns, proposal_id)
    db.session.commit()
    return {"quarters": len(periods), "observations": observations}
