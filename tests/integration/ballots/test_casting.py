"""Casting a vote: who may cast a seat's vote, the refusals and their reasons, one vote per seat."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from benchmarks.sqlcount import StatementCounter
from meetings.models import (
    Attendance,
    BallotStatus,
    BallotTurnout,
    SecretTally,
    Vote,
    VoteChoice,
)
from meetings.services import ballots
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db

#: The issue's target for casting a vote.
MAX_STATEMENTS = 6


def _votes(ballot) -> dict[str, tuple[str, str]]:
    """Return the named votes: seat holder's name -> (choice, name of who cast it)."""
    rows = db.session.scalars(select(Vote)).all()
    return {
        vote.seat.membership.user.name: (vote.choice.value, vote.cast_by.name)
        for vote in rows
        if vote.seat.ballot_id == ballot.id
    }


def test_a_present_holder_votes_and_the_vote_is_stored_with_who_cast_it(
    people, present, open_ballot
):
    present("m1", "chair")
    ballot = open_ballot()

    cast = ballots.cast_vote(people["m1"], ballot, "yes")

    assert not cast.is_change and not cast.as_deputy
    assert _votes(ballot) == {"Mitglied 1": ("yes", "Mitglied 1")}


def test_a_present_deputy_votes_for_the_absent_holder(people, present, open_ballot):
    present("d1", absent=("m1",))
    ballot = open_ballot()

    cast = ballots.cast_vote(people["d1"], ballot, "no")

    assert cast.as_deputy
    assert _votes(ballot) == {"Mitglied 1": ("no", "Dora Deputy")}


def test_the_deputy_the_holder_sent_votes_and_no_other(people, present, open_ballot):
    present("d2", "d1", sent={"m1": "d2"})
    ballot = open_ballot()

    with pytest.raises(PermissionDenied, match="andere Stellvertretung entsandt"):
        ballots.cast_vote(people["d1"], ballot, "yes")
    ballots.cast_vote(people["d2"], ballot, "yes")

    assert _votes(ballot) == {"Mitglied 1": ("yes", "Dirk Deputy")}


def test_a_deputy_does_not_vote_while_the_holder_is_present(people, present, open_ballot):
    present("m1", "d1")
    ballot = open_ballot()

    with pytest.raises(PermissionDenied, match="anwesend und stimmt selbst ab"):
        ballots.cast_vote(people["d1"], ballot, "yes")


def test_in_the_meeting_only_present_seats_vote(people, present, open_ballot):
    present("chair")
    ballot = open_ballot()

    with pytest.raises(PermissionDenied, match="nur anwesende Sitze"):
        ballots.cast_vote(people["m4"], ballot, "yes")


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("outsider", "nicht Mitglied des Gremiums „Lenkungsgruppe KIM Testkreis“"),
        ("advisory", "Als beratendes Mitglied haben Sie in „Lenkungsgruppe KIM Testkreis“ kein"),
        ("guest", "Als Gast haben Sie in „Lenkungsgruppe KIM Testkreis“ kein Stimmrecht"),
        ("ag_member", "Sie sind Mitglied von „AG Verfahrensebene“, nicht von „Lenkungsgruppe"),
        ("ki", "Die Geschäftsstelle hat in „Lenkungsgruppe KIM Testkreis“ kein Stimmrecht"),
    ],
)
def test_people_without_a_seat_are_refused_with_the_reason(
    people, present, open_ballot, who, message
):
    present("m1")
    ballot = open_ballot("written")
    voter = people["advisor" if who == "advisory" else who]

    with pytest.raises(PermissionDenied, match=message):
        ballots.cast_vote(voter, ballot, "yes")

    assert db.session.scalar(select(func.count()).select_from(BallotTurnout)) == 0


def test_a_seat_whose_deputy_already_voted_takes_no_second_vote(people, present, open_ballot):
    present("d1", absent=("m1",))
    ballot = open_ballot()
    ballots.cast_vote(people["d1"], ballot, "no")
    # The holder arrives late and is recorded present.
    db.session.execute(
        update(Attendance)
        .where(Attendance.membership_id == people["m1_seat"].id)
        .values(present=True, answer="attend")
    )
    db.session.commit()

    with pytest.raises(Conflict, match="bereits die Stellvertretung abgestimmt"):
        ballots.cast_vote(people["m1"], ballot, "yes")

    assert _votes(ballot) == {"Mitglied 1": ("no", "Dora Deputy")}


def test_a_named_vote_can_be_changed_and_the_last_one_counts(people, present, open_ballot):
    present("m2")
    ballot = open_ballot()
    ballots.cast_vote(people["m2"], ballot, "yes")

    cast = ballots.cast_vote(people["m2"], ballot, "abstain")

    assert cast.is_change
    assert _votes(ballot) == {"Mitglied 2": ("abstain", "Mitglied 2")}
    assert db.session.scalar(select(func.count()).select_from(BallotTurnout)) == 1


def test_a_named_ballot_may_forbid_changes(people, present, open_ballot):
    present("m2")
    ballot = open_ballot(allows_changes=False)
    ballots.cast_vote(people["m2"], ballot, "yes")

    with pytest.raises(Conflict, match="endgültig"):
        ballots.cast_vote(people["m2"], ballot, "no")


def test_a_secret_vote_is_counted_and_final(people, present, open_ballot):
    present("m2", "m3")
    ballot = open_ballot(secrecy="secret")
    ballots.cast_vote(people["m2"], ballot, "no")
    ballots.cast_vote(people["m3"], ballot, "yes")

    with pytest.raises(Conflict, match="endgültig"):
        ballots.cast_vote(people["m2"], ballot, "yes")

    tally = db.session.get(SecretTally, ballot.id)
    assert (tally.yes, tally.no, tally.abstain) == (1, 1, 0)
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0


def test_an_excluded_seat_does_not_vote(people, present, open_ballot):
    present("m3")
    ballot = open_ballot()
    ballots.declare_conflict(people["m3"], ballot)

    with pytest.raises(PermissionDenied, match="Befangenheit erklärt"):
        ballots.cast_vote(people["m3"], ballot, "yes")


def test_a_closed_ballot_takes_no_votes(people, present, open_ballot):
    present("m1", "m2")
    ballot = open_ballot()
    ballots.close_ballot(people["ki"], ballot)

    with pytest.raises(Conflict, match="Die Abstimmung ist beendet"):
        ballots.cast_vote(people["m1"], ballot, "yes")


def test_a_vote_after_the_deadline_closes_the_ballot_and_is_refused(people, open_ballot, soon):
    ballot = open_ballot("written", closes_at=soon(hours=1))
    ballot_id = ballot.id

    with pytest.raises(Conflict, match="Frist dieser Abstimmung ist abgelaufen"):
        ballots.cast_vote(people["m1"], ballot, "yes", now=soon(hours=2))

    closed = db.session.get(type(ballot), ballot_id)
    assert closed.status == BallotStatus.CLOSED
    assert closed.closed_by_id is None


def test_in_a_written_procedure_a_deputy_votes_only_if_the_absence_is_recorded(people, open_ballot):
    ballot = open_ballot("written")

    with pytest.raises(PermissionDenied, match="Im Umlaufverfahren stimmt die Sitzinhaberin"):
        ballots.cast_vote(people["d1"], ballot, "yes")
    ballots.cast_vote(people["m1"], ballot, "yes")


def test_someone_with_two_seats_chooses_which_one(people, body, create_membership, open_ballot):
    # Mitglied 4 is also the deputy of Mitglied 3's seat; Mitglied 3 is absent in writing.
    create_membership(people["m4"], body, "deputy", deputy_of_id=people["m3_seat"].id)
    ballot = open_ballot("written")

    with pytest.raises(InvalidInput) as refused:
        ballots.cast_vote(people["m4"], ballot, "yes", seat_id=10_000)
    assert refused.value.errors[0][0] == "seat_id"
    cast = ballots.cast_vote(people["m4"], ballot, "yes")

    assert not cast.as_deputy


@pytest.mark.parametrize("choice", ["", "maybe", "<script>alert(1)</script>", "ja", None])
def test_anything_but_yes_no_abstain_is_refused(people, present, open_ballot, choice):
    present("m1")
    ballot = open_ballot()

    with pytest.raises(InvalidInput) as refused:
        ballots.cast_vote(people["m1"], ballot, choice)

    assert refused.value.errors == [("choice", "Bitte wählen Sie Ja, Nein oder Enthaltung.")]


@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_casting_a_vote_costs_at_most_six_statements(people, present, open_ballot, secrecy):
    present("m1", "d3", absent=("m2",))
    ballot = open_ballot(secrecy=secrecy)
    for name in ("m1", "d3"):
        voter = people[name]
        db.session.expire_all()
        # As in a request: the ballot as the page loaded it, the voter's memberships not yet.
        ballot = db.session.get(type(ballot), ballot.id)
        voter = db.session.get(type(voter), voter.id)

        with StatementCounter(db.engine) as counter:
            ballots.cast_vote(voter, ballot, VoteChoice.YES)

        assert len(counter.statements) <= MAX_STATEMENTS, "\n".join(counter.statements)
