"""The implementation report (Umsetzungsstand): decisions with actions and their traffic lights.

One query for the decisions the reader may see that have actions (of one body, or all), one for
their actions with organisation and person, one for the actions' notes; the lights come from
:mod:`meetings.implementation`. Who is responsible and what the progress notes say is shown only
to the body's inner circle; others see what is to be done, by which organisation and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from meetings.implementation import SEVERITY, Light, action_light, count_lights, decision_light
from meetings.models import ActionNote, Decision, FollowUpAction
from meetings.services.decisions import decision_reference
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, can, meeting_bodies, visible_decisions
from portal.timeutil import today_local


@dataclass(frozen=True)
class ActionRow:
    action: FollowUpAction
    light: Light
    #: The newest progress note, for readers of the inner circle.
    last_note: ActionNote | None


@dataclass(frozen=True)
class ReportRow:
    decision: Decision
    reference: str
    light: Light
    actions: tuple[ActionRow, ...]
    #: May the reader see who is responsible and the progress notes?
    shows_people: bool


@dataclass(frozen=True)
class ImplementationReport:
    rows: tuple[ReportRow, ...]
    #: Decisions per light, and actions per light (worst first).
    decision_counts: dict[Light | None, int]
    action_counts: dict[Light | None, int]


def _row(actor: User | None, decision: Decision, today: date) -> ReportRow:
    shows_people = can(actor, Action.MEETING_VIEW_NONPUBLIC, decision.body)
    actions = tuple(
        ActionRow(
            action,
            action_light(action.status, action.due_on, today),
            action.notes[-1] if shows_people and action.notes else None,
        )
        for action in decision.actions
    )
    return ReportRow(
        decision=decision,
        reference=decision_reference(decision),
        light=decision_light(row.light for row in actions),
        actions=actions,
        shows_people=shows_people,
    )


def implementation_report(
    actor: User | None, *, body: Body | None = None, today: date | None = None
) -> ImplementationReport:
    """Return the decisions with actions the actor may see, worst light first."""
    today = today or today_local()
    query = (
        select(Decision)
        .join(Decision.body)
        .where(
            visible_decisions(actor, Decision),
            exists().where(FollowUpAction.decision_id == Decision.id),
        )
        .options(
            contains_eager(Decision.body),
            joinedload(Decision.meeting),
            selectinload(Decision.actions).options(
                joinedload(FollowUpAction.organisation),
                joinedload(FollowUpAction.responsible),
                selectinload(FollowUpAction.notes),
            ),
        )
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
    )
    if body is not None:
        query = query.where(Decision.body_id == body.id)
    rows = [_row(actor, decision, today) for decision in db.session.scalars(query)]
    rows.sort(key=lambda row: SEVERITY.index(row.light))  # stable: newest first within a light
    return ImplementationReport(
        rows=tuple(rows),
        decision_counts=count_lights(row.light for row in rows),
        action_counts=count_lights(action.light for row in rows for action in row.actions),
    )


def report_bodies(actor: User | None) -> list[Body]:
    """Return the bodies whose agenda the actor may put the overdue-actions report on."""
    if actor is None or not actor.is_authenticated:
        return []
    return list(db.session.scalars(select(Body).where(meeting_bodies(actor)).order_by(Body.name)))
