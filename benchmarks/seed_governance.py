"""Bulk rows of the governance cycle: proposals and the decision register over ten years.

The register is the page that grows without end (every decision the steering group ever took),
so the benchmark fills it to ``Scale.decisions`` rows, a quarter of them with follow-up actions,
and the proposal list to ``Scale.proposals``. Bench rows are numbered from 1000 per year, far
above the demo district's own numbers, so both live side by side.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from meetings.models import ActionStatus, Decision, FollowUpAction, Proposal
from meetings.proposal_flow import Outcome, ProposalStatus
from portal.extensions import db
from portal.models import Body, Organisation, User

FIRST_YEAR, YEARS = 2016, 10
FIRST_NUMBER = 1000
#: Every n-th decision gets two follow-up actions.
ACTIONS_EVERY = 4

_TOPICS = (
    "Sprachkurse für junge Geflüchtete",
    "Übergang Schule – Ausbildung",
    "Wohnraum für Familien mit Duldung",
    "Einbürgerungsberatung in den Kommunen",
    "Zusammenarbeit mit der Ausländerbehörde",
    "Anerkennung ausländischer Berufsabschlüsse",
    "Case Management: Personalausstattung",
    "Datenschutz im Fallmanagement",
)
_RESOLUTION = (
    "Die Lenkungsgruppe beschließt, die Maßnahme „{topic}“ im Rahmen des kreisweiten "
    "Handlungskonzepts umzusetzen. Die Koordinierende Stelle wird beauftragt, bis zum Ende des "
    "Quartals einen Umsetzungsplan mit den beteiligten Kommunen, dem Jobcenter und der Agentur "
    "für Arbeit abzustimmen und der Lenkungsgruppe zu berichten."
)
_OUTCOMES = (Outcome.ADOPTED,) * 6 + (
    Outcome.ADOPTED_WITH_CHANGES,
    Outcome.REJECTED,
    Outcome.DEFERRED,
    Outcome.REFERRED_BACK,
)
_STATUSES = tuple(ProposalStatus)


def _year_and_number(index: int) -> tuple[int, int]:
    return FIRST_YEAR + index % YEARS, FIRST_NUMBER + index // YEARS


def proposal_row(
    rng: random.Random, index: int, body_ids: list[int], user_ids: list[int]
) -> dict[str, Any]:
    year, number = _year_and_number(index)
    topic = rng.choice(_TOPICS)
    status = _STATUSES[index % len(_STATUSES)]
    return {
        "body_id": body_ids[index % len(body_ids)],
        "year": year,
        "number": number,
        "title": f"{topic} ({year})",
        "submitter_id": rng.choice(user_ids),
        "status": status,
        "rationale": f"Die Arbeitsgruppe hat festgestellt: **{topic}** braucht eine Regelung.",
        "resolution_text": _RESOLUTION.format(topic=topic),
        "is_public": index % 3 != 0,
        "lock_version": 1,
        "created_at": datetime(year, 1 + index % 12, 1 + index % 28, 9, tzinfo=UTC),
    }


def decision_row(
    rng: random.Random, index: int, body_id: int, secretariat_id: int
) -> dict[str, Any]:
    year, number = _year_and_number(index)
    yes = rng.randint(6, 14)
    return {
        "body_id": body_id,
        "year": year,
        "number": number,
        "decided_on": date(year, 1 + index % 12, 1 + index % 28),
        "resolution_text": _RESOLUTION.format(topic=rng.choice(_TOPICS)),
        "outcome": _OUTCOMES[index % len(_OUTCOMES)],
        "votes_yes": yes,
        "votes_no": rng.randint(0, 3),
        "votes_abstain": rng.randint(0, 2),
        "is_public": index % 5 != 0,
        "created_by_id": secretariat_id,
        "created_at": datetime(year, 1 + index % 12, 1 + index % 28, 18, tzinfo=UTC),
    }


def action_rows(
    decision_id: int, decided_on: date, organisation_ids: list[int], user_ids: list[int], n: int
) -> list[dict[str, Any]]:
    return [
        {
            "decision_id": decision_id,
            "description": f"Umsetzungsschritt {step + 1}: Abstimmung mit den Kommunen",
            "organisation_id": organisation_ids[(decision_id + step) % len(organisation_ids)],
            "responsible_id": user_ids[(decision_id + step) % len(user_ids)],
            "due_on": decided_on.replace(day=28),
            "status": tuple(ActionStatus)[(decision_id + step) % len(ActionStatus)],
            "created_at": datetime(decided_on.year, decided_on.month, decided_on.day, tzinfo=UTC),
        }
        for step in range(n)
    ]


def _bench_rows_of(model) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.number >= FIRST_NUMBER)
    )


def grow_proposals(rng: random.Random, target: int, insert) -> None:
    """Insert bench proposals until the table holds ``target`` rows."""
    start = db.session.scalar(select(func.count()).select_from(Proposal))
    bench = _bench_rows_of(Proposal)
    body_ids = list(db.session.scalars(select(Body.id).order_by(Body.id)))
    user_ids = list(db.session.scalars(select(User.id).order_by(User.id).limit(200)))
    rows = [
        proposal_row(rng, bench + offset, body_ids, user_ids)
        for offset in range(max(target - start, 0))
    ]
    for chunk in range(0, len(rows), 5000):
        insert(Proposal, rows[chunk : chunk + 5000])


def grow_decisions(rng: random.Random, target: int, steering_id: int, insert) -> None:
    """Insert bench decisions of the steering group, with actions, until there are ``target``."""
    start = db.session.scalar(select(func.count()).select_from(Decision))
    bench = _bench_rows_of(Decision)
    secretariat_id = db.session.scalar(
        select(User.id).where(User.email == "sekretariat@demo.example")
    )
    organisation_ids = list(db.session.scalars(select(Organisation.id).order_by(Organisation.id)))
    user_ids = list(db.session.scalars(select(User.id).order_by(User.id).limit(200)))
    rows = [
        decision_row(rng, bench + offset, steering_id, secretariat_id)
        for offset in range(max(target - start, 0))
    ]
    for chunk in range(0, len(rows), 5000):
        part = rows[chunk : chunk + 5000]
        ids = insert(Decision, part, ids=True)
        actions = [
            action
            for decision_id, row in zip(ids, part, strict=True)
            if decision_id % ACTIONS_EVERY == 0
            for action in action_rows(decision_id, row["decided_on"], organisation_ids, user_ids, 2)
        ]
        insert(FollowUpAction, actions)
