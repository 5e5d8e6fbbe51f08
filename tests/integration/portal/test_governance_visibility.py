"""Lists of proposals and decisions filter in SQL by the same rule the pages apply per object.

For every kind of visitor and every kind of proposal or decision (draft, internal, public, in a
public or non-public body, of a working group or of the steering group), ``visible_proposals``
and ``visible_decisions`` select exactly the rows that ``proposal.view`` / ``decision.view``
allow: a list never shows what the page would refuse, and never hides what it would show.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from meetings.models import Decision, Proposal
from meetings.proposal_flow import Outcome, ProposalStatus
from portal.extensions import db
from portal.models import BodyKind, GlobalRole, MembershipRole
from portal.permissions import (
    Action,
    can,
    proposal_capacities,
    visible_decisions,
    visible_proposals,
)

_numbers = iter(range(1, 10_000))


@pytest.fixture
def world(personas, body, create_body, create_user, create_membership):
    """The persona bodies plus a public steering group with a working group, and authors."""
    public_steering = create_body(name="Öffentliche LG", slug="oeffentliche-lg", is_public=True)
    group = create_body(BodyKind.WORKING_GROUP, name="AG Verfahren", slug="ag-v", parent=body)
    public_group = create_body(
        BodyKind.WORKING_GROUP, name="AG Öffentlich", slug="ag-o", parent=public_steering
    )
    author = create_user(name="Einreicherin")
    create_membership(author, group)
    create_membership(author, public_group)
    lead = create_user(name="AG-Leitung")
    create_membership(lead, group, MembershipRole.CHAIR)
    people = {**personas, "author": author, "lead": lead}
    return {"people": people, "bodies": [body, group, public_steering, public_group]}


def _proposals(world) -> list[Proposal]:
    author = world["people"]["author"]
    rows = []
    for origin in world["bodies"]:
        for status in (ProposalStatus.DRAFT, ProposalStatus.FORWARDED, ProposalStatus.DECIDED):
            for is_public in (False, True):
                rows.append(
                    Proposal(
                        body=origin,
                        year=2026,
                        number=next(_numbers),
                        title=f"{origin.slug} {status} {is_public}",
                        submitter=author,
                        status=status,
                        is_public=is_public,
                    )
                )
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _decisions(world) -> list[Decision]:
    author = world["people"]["author"]
    rows = [
        Decision(
            body=body,
            year=2026,
            number=next(_numbers),
            decided_on=date(2026, 11, 1),
            resolution_text="Beschluss",
            outcome=Outcome.ADOPTED,
            is_public=is_public,
            created_by_id=author.id,
        )
        for body in world["bodies"]
        for is_public in (False, True)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _visitor(user):
    return user if user is not None else AnonymousUserMixin()


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "guest",
        "other_member",
        "member",
        "chair",
        "secretariat",
        "admin",
        "author",
        "lead",
    ],
)
def test_the_proposal_list_shows_exactly_what_the_proposal_page_shows(world, who):
    proposals = _proposals(world)
    user = _visitor(world["people"][who])

    listed = set(db.session.scalars(select(Proposal.id).where(visible_proposals(user, Proposal))))

    allowed = {p.id for p in proposals if can(user, Action.PROPOSAL_VIEW, p)}
    assert listed == allowed


@pytest.mark.parametrize(
    "who", ["anonymous", "guest", "other_member", "member", "chair", "secretariat", "admin"]
)
def test_the_register_shows_exactly_what_the_decision_page_shows(world, who):
    decisions = _decisions(world)
    user = _visitor(world["people"][who])

    listed = set(db.session.scalars(select(Decision.id).where(visible_decisions(user, Decision))))

    allowed = {d.id for d in decisions if can(user, Action.DECISION_VIEW, d)}
    assert listed == allowed


def test_the_public_sees_public_proposals_of_public_bodies_once_they_leave_the_draft(world):
    proposals = _proposals(world)
    anonymous = AnonymousUserMixin()

    titles = {p.title for p in proposals if can(anonymous, Action.PROPOSAL_VIEW, p)}

    assert titles == {
        "oeffentliche-lg forwarded True",
        "oeffentliche-lg decided True",
        "ag-o forwarded True",
        "ag-o decided True",
    }


def test_a_draft_is_seen_by_its_author_and_whoever_runs_the_group_not_by_its_members(
    world, create_user, create_membership
):
    draft = next(p for p in _proposals(world) if p.title == "ag-v draft False")
    group_member = create_user(name="AG-Mitglied")
    create_membership(group_member, draft.body)
    people = world["people"]

    assert can(people["author"], Action.PROPOSAL_VIEW, draft)
    assert can(people["lead"], Action.PROPOSAL_VIEW, draft)
    assert not can(group_member, Action.PROPOSAL_VIEW, draft)
    assert not can(people["chair"], Action.PROPOSAL_VIEW, draft)


def test_capacities_name_the_roles_the_lifecycle_asks_for(world, create_user, create_membership):
    proposal = next(p for p in _proposals(world) if p.title == "ag-v forwarded False")
    people = world["people"]
    ki = create_user(GlobalRole.SECRETARIAT, name="KI der LG")
    create_membership(ki, proposal.deciding_body, MembershipRole.SECRETARIAT)

    assert proposal_capacities(people["author"], proposal) == {"submitter", "origin_member"}
    assert proposal_capacities(people["lead"], proposal) == {"origin_member", "origin_chair"}
    assert proposal_capacities(people["chair"], proposal) == {"deciding_chair"}
    assert proposal_capacities(ki, proposal) == {"secretariat"}
    assert proposal_capacities(people["member"], proposal) == set()
    assert proposal_capacities(None, proposal) == set()
