"""The database itself holds the rules of voting: one vote per seat, unique reference numbers,
and no row that links a secret choice to a person."""

from datetime import date

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from meetings.models import (
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotTurnout,
    Decision,
    Proposal,
    SecretTally,
    Vote,
    VoteChoice,
)
from meetings.proposal_flow import Outcome
from portal.extensions import db
from portal.models import MajorityRule, QuorumRule


@pytest.fixture
def seat(app, body, create_user, create_membership):
    """A written procedure of the steering group with one voting seat."""
    holder = create_user(name="Sitzinhaberin")
    membership = create_membership(holder, body)
    proposal = Proposal(body=body, year=2026, number=1, title="Vorlage", submitter=holder)
    ballot = Ballot(
        body=body,
        proposal=proposal,
        title="Umlaufverfahren",
        kind=BallotKind.WRITTEN,
        secrecy=BallotSecrecy.NAMED,
        rule=MajorityRule.UNANIMITY_OF_SEATS,
        quorum_rule=QuorumRule.MAJORITY_OF_SEATS,
        opened_by_id=holder.id,
    )
    seat = BallotSeat(ballot=ballot, membership=membership)
    db.session.add_all([proposal, ballot, seat])
    db.session.commit()
    return seat


def test_a_seat_takes_part_only_once(seat, create_user):
    deputy = create_user(name="Vertreter")
    holder_id = seat.membership.user_id
    db.session.add(BallotTurnout(seat=seat, cast_by_id=holder_id))
    db.session.commit()

    db.session.add(BallotTurnout(seat=seat, cast_by=deputy))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_seat_holds_one_named_vote(seat):
    holder_id = seat.membership.user_id
    db.session.add(Vote(seat=seat, choice=VoteChoice.YES, cast_by_id=holder_id))
    db.session.commit()

    db.session.add(Vote(seat=seat, choice=VoteChoice.NO, cast_by_id=holder_id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_reference_numbers_are_unique_per_body_and_year(body, seat):
    submitter = seat.membership.user
    db.session.add(Proposal(body=body, year=2026, number=1, title="Doppelt", submitter=submitter))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

    next_year = Proposal(body=body, year=2027, number=1, title="Neues Jahr", submitter=submitter)
    db.session.add(next_year)
    db.session.commit()


def test_decision_numbers_are_unique_per_body_and_year(body, seat):
    fields = {
        "body": body,
        "year": 2026,
        "number": 7,
        "resolution_text": "Die Lenkungsgruppe beschließt …",
        "outcome": Outcome.ADOPTED,
        "created_by_id": seat.membership.user_id,
    }
    db.session.add(Decision(decided_on=date(2026, 11, 24), **fields))
    db.session.commit()
    db.session.add(Decision(decided_on=date(2026, 11, 25), **fields))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_nothing_stored_for_a_secret_choice_can_lead_to_a_person(app):
    """The secret tally is three counters keyed by the ballot, and the turnout holds no choice."""
    tally = inspect(db.engine).get_columns(SecretTally.__tablename__)
    keys = inspect(db.engine).get_foreign_keys(SecretTally.__tablename__)
    turnout = {column["name"] for column in inspect(db.engine).get_columns("ballot_turnout")}

    assert {column["name"] for column in tally} == {"ballot_id", "yes", "no", "abstain"}
    assert [key["referred_table"] for key in keys] == ["ballots"]
    assert not {"choice", "cast_at", "created_at"} & turnout
