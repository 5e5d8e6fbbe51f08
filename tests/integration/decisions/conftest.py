"""Factories for decisions and their follow-up actions, as fixtures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meetings.models import ActionNote, ActionStatus, Decision, FollowUpAction
from meetings.proposal_flow import Outcome
from meetings.services.decisions import record_decision
from meetings.tally import Counts
from portal.extensions import db
from portal.timeutil import today_local


@pytest.fixture
def ki(personas):
    """The KI staff member who runs ``body`` (``decision.manage``)."""
    return personas["secretariat"]


@pytest.fixture
def create_decision(app, ki):
    """Return a factory: ``create_decision(body, resolution_text=..., **fields)`` (committed).

    Goes through ``record_decision`` so numbers are given as in production.
    """

    def factory(body, **fields) -> Decision:
        counts = fields.pop("counts", Counts(7, 1, 1))
        decision = record_decision(
            fields.pop("actor", ki),
            body=body,
            outcome=fields.pop("outcome", Outcome.ADOPTED),
            resolution_text=fields.pop(
                "resolution_text", "Die Lenkungsgruppe beschließt das Sprachkursprogramm."
            ),
            decided_on=fields.pop("decided_on", date(2026, 3, 12)),
            counts=counts,
            **fields,
        )
        db.session.commit()
        return decision

    return factory


@pytest.fixture
def create_action(app):
    """Return a factory: ``create_action(decision, due_on=in 30 days, status="open", **fields)``."""

    def factory(decision: Decision, **fields) -> FollowUpAction:
        action = FollowUpAction(
            decision=decision,
            description=fields.pop("description", "Konzept für Sprachkurse vorlegen"),
            due_on=fields.pop("due_on", today_local() + timedelta(days=30)),
            status=ActionStatus(fields.pop("status", ActionStatus.OPEN)),
            **fields,
        )
        db.session.add(action)
        db.session.commit()
        return action

    return factory


@pytest.fixture
def create_note(app):
    """Return a factory: ``create_note(action, author, text=..., status_after=...)``."""

    def factory(action: FollowUpAction, author, **fields) -> ActionNote:
        note = ActionNote(
            action=action,
            author_id=author.id,
            text=fields.pop("text", "Gespräche laufen."),
            status_after=ActionStatus(fields.pop("status_after", action.status)),
            **fields,
        )
        db.session.add(note)
        db.session.commit()
        return note

    return factory


@pytest.fixture
def public_body(create_body, create_membership, ki):
    """A public steering group the KI also runs."""
    from portal.models import MembershipRole

    group = create_body(name="Lenkungsgruppe Öffentlich", slug="lg-oeffentlich", is_public=True)
    group.reference_prefix = "LGO"
    create_membership(ki, group, MembershipRole.SECRETARIAT)
    return group
