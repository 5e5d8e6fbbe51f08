"""Factories of the proposal tests: a steering group with a working group, their people, and
proposals in any status (written directly, or moved there through the services)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from meetings.models import Amendment, AmendmentStatus, Proposal
from meetings.proposal_flow import Outcome, ProposalStatus, Step
from meetings.services import proposals
from portal.extensions import db
from portal.models import BodyKind, GlobalRole, MembershipRole, OutboxMessage
from tests.fixtures.meetings import in_days

_numbers = itertools.count(1)
ORIGINAL_TEXT = "Die Lenkungsgruppe beschließt die Einführung einer Lotsenstelle."
AMENDED_TEXT = "Die Lenkungsgruppe beschließt die Einführung zweier Lotsenstellen."

#: The step that leads on from each status towards a decision: who takes it, with what.
NEXT_STEP = {
    ProposalStatus.DRAFT: ("lead", Step.SUBMIT_FOR_DELIBERATION, {}),
    ProposalStatus.IN_DELIBERATION: (
        "lead",
        Step.FORWARD,
        {
            "recommendation": "Die AG empfiehlt die Annahme.",
            "votes_yes": 5,
            "votes_no": 0,
            "votes_abstain": 1,
        },
    ),
    ProposalStatus.FORWARDED: ("ki", Step.ACCEPT, {}),
    ProposalStatus.ACCEPTED: ("ki", Step.SCHEDULE, {}),
}


@pytest.fixture
def ag(body, create_body):
    """The working group "AG Verfahrensebene" below the (non-public) steering group."""
    return create_body(
        BodyKind.WORKING_GROUP, name="AG Verfahrensebene", slug="ag-verfahrensebene", parent=body
    )


@pytest.fixture
def people(body, ag, create_user, create_body, create_membership):
    """Everyone the lifecycle knows, by what they are towards a proposal of ``ag``."""
    other = create_body(BodyKind.WORKING_GROUP, name="AG Fallebene", slug="ag-fallebene")
    ki = create_user(GlobalRole.SECRETARIAT, name="Kira Koordinierung")
    create_membership(ki, body, MembershipRole.SECRETARIAT)
    create_membership(ki, ag, MembershipRole.SECRETARIAT)
    lead = create_user(name="Lea Leitung")
    create_membership(lead, ag, MembershipRole.CHAIR)
    submitter = create_user(name="Sami Schreiber")
    create_membership(submitter, ag)
    ag_member = create_user(name="Anna Arbeitsgruppe")
    create_membership(ag_member, ag)
    lg_member = create_user(name="Lars Lenkung")
    create_membership(lg_member, body)
    lg_deputy = create_user(name="Dana Vertretung")
    create_membership(lg_deputy, body, MembershipRole.DEPUTY)
    lg_chair = create_user(name="Kreisdirektor Vorsitz")
    create_membership(lg_chair, body, MembershipRole.CHAIR)
    lg_guest = create_user(name="Gustav Gast")
    create_membership(lg_guest, body, MembershipRole.GUEST)
    outsider = create_user(name="Olga Außen")
    create_membership(outsider, other)
    admin = create_user(GlobalRole.ADMIN, name="Adam Admin")
    return {
        "anonymous": None,
        "ki": ki,
        "lead": lead,
        "submitter": submitter,
        "ag_member": ag_member,
        "lg_member": lg_member,
        "lg_deputy": lg_deputy,
        "lg_chair": lg_chair,
        "lg_guest": lg_guest,
        "outsider": outsider,
        "admin": admin,
    }


@pytest.fixture
def create_proposal(app, ag, people):
    """Return a factory: ``create_proposal(body=ag, submitter=…, status="draft", **fields)``.

    Writes the row directly (no history): for lists, pages and permissions.
    """

    def factory(body=None, *, submitter=None, status=ProposalStatus.DRAFT, **fields) -> Proposal:
        body = body or ag
        year = fields.pop("year", 2026)
        highest = db.session.scalar(
            select(func.max(Proposal.number)).where(
                Proposal.body_id == body.id, Proposal.year == year
            )
        )
        proposal = Proposal(
            body=body,
            year=year,
            number=fields.pop("number", (highest or 0) + 1),
            title=fields.pop("title", f"Vorlage {next(_numbers)}"),
            submitter=submitter or people["submitter"],
            status=ProposalStatus(status),
            resolution_text=fields.pop("resolution_text", ORIGINAL_TEXT),
            rationale=fields.pop("rationale", "Weil es **nötig** ist."),
            **fields,
        )
        db.session.add(proposal)
        db.session.commit()
        return proposal

    return factory


@pytest.fixture
def lg_meeting(body, create_meeting):
    """A coming meeting of the steering group, its agenda still open."""
    return create_meeting(body, title="2. Sitzung der Lenkungsgruppe", starts_at=in_days(20))


@pytest.fixture
def ag_meeting(ag, create_meeting):
    """A coming meeting of the working group."""
    return create_meeting(ag, title="Sitzung der AG Verfahrensebene", starts_at=in_days(10))


@pytest.fixture
def advance(people, lg_meeting):
    """Return ``advance(proposal, status)``: take the lifecycle's steps up to that status."""

    def move(proposal: Proposal, status: str) -> Proposal:
        wanted = ProposalStatus(status)
        on_the_way = {
            ProposalStatus.DECIDED: ProposalStatus.SCHEDULED,
            ProposalStatus.RETURNED: ProposalStatus.FORWARDED,
            ProposalStatus.WITHDRAWN: proposal.status,
        }.get(wanted, wanted)
        while proposal.status != on_the_way:
            who, step, details = NEXT_STEP[proposal.status]
            if step == Step.SCHEDULE:
                proposals.schedule_proposal(people[who], proposal, lg_meeting)
            else:
                proposals.take_step(people[who], proposal, step, **details)
        if wanted == ProposalStatus.DECIDED:
            proposals.decide_proposal(people["ki"], proposal, Outcome.ADOPTED)
        elif wanted == ProposalStatus.RETURNED:
            proposals.take_step(people["ki"], proposal, Step.RETURN, reason="Kosten fehlen.")
        elif wanted == ProposalStatus.WITHDRAWN:
            proposals.take_step(proposal.submitter, proposal, Step.WITHDRAW)
        assert proposal.status == wanted
        return proposal

    return move


@pytest.fixture
def create_amendment(app):
    """Return a factory: ``create_amendment(proposal, author, resolution_text=…, status=…)``."""

    def factory(proposal: Proposal, author, **fields) -> Amendment:
        amendment = Amendment(
            proposal=proposal,
            author_id=author.id,
            resolution_text=fields.pop("resolution_text", AMENDED_TEXT),
            rationale=fields.pop("rationale", "Eine reicht nicht."),
            status=AmendmentStatus(fields.pop("status", AmendmentStatus.TABLED)),
            created_at=datetime.now(UTC),
            **fields,
        )
        db.session.add(amendment)
        db.session.commit()
        return amendment

    return factory


def mails_to(user) -> list[OutboxMessage]:
    """Return the mails queued for the user, oldest first."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == user.email)
            .order_by(OutboxMessage.id)
        )
    )
