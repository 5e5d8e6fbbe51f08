"""The written procedure (Umlaufverfahren): unanimity, participation, objection, deadline, mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from meetings.models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    Ballot,
    BallotStatus,
    Decision,
    Proposal,
)
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services import ballots
from meetings.services.ballot_cli import close_due_ballots_command
from portal.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import MajorityRule, NotificationKind, OutboxMessage, QuorumRule
from tests.fixtures.mail import body_text
from tests.fixtures.meetings import in_days

SEATS = ("chair", "m1", "m2", "m3", "m4")


@pytest.fixture
def accepted(create_proposal):
    """A proposal the secretariat accepted, waiting for the steering group."""
    return create_proposal(status=ProposalStatus.ACCEPTED)


@pytest.fixture
def procedure(open_ballot, accepted):
    """A named written procedure on the accepted proposal, closing in three days."""
    return open_ballot("written", proposal=accepted)


@pytest.fixture
def cli(app):
    """The command-line runner with ``close-due-ballots`` (the lead registers it in the app)."""
    app.cli.add_command(close_due_ballots_command)
    return app.test_cli_runner()


def _mails(kind: NotificationKind) -> list[str]:
    return sorted(
        db.session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.kind == kind))
    )


def _vote(people, ballot, choices: dict[str, str]) -> None:
    for name, choice in choices.items():
        ballots.cast_vote(people[name], ballot, choice)


def _status(proposal) -> ProposalStatus:
    return db.session.get(Proposal, proposal.id).status


def test_opening_schedules_the_proposal_and_mails_every_seat(people, procedure, accepted):
    assert _status(accepted) == ProposalStatus.SCHEDULED
    assert procedure.meeting_id is None
    assert _mails(NotificationKind.BALLOT_OPENED) == sorted(people[name].email for name in SEATS)


def test_by_default_every_seat_must_vote_yes(people, procedure, accepted):
    _vote(people, procedure, dict.fromkeys(SEATS[:4], "yes"))

    outcome = ballots.close_ballot(people["ki"], procedure)

    assert outcome.status == "rejected"  # the fifth seat did not vote
    assert _status(accepted) == ProposalStatus.DECIDED
    assert db.session.scalar(select(Decision.outcome)) == Outcome.REJECTED


def test_unanimity_of_all_seats_adopts(people, procedure, accepted):
    _vote(people, procedure, dict.fromkeys(SEATS, "yes"))

    assert ballots.close_ballot(people["ki"], procedure).status == "adopted"
    decision = db.session.scalar(select(Decision))
    assert (decision.outcome, decision.meeting_id, decision.votes_yes) == (
        Outcome.ADOPTED,
        None,
        5,
    )


def test_too_little_participation_decides_nothing_and_sends_the_proposal_back(
    people, body, open_ballot, accepted
):
    body.written_procedure_rule = MajorityRule.SIMPLE
    body.quorum_rule = QuorumRule.MAJORITY_OF_SEATS
    db.session.commit()
    ballot = open_ballot("written", proposal=accepted)
    _vote(people, ballot, {"m1": "yes", "m2": "yes"})

    outcome = ballots.close_ballot(people["ki"], ballot)

    assert (outcome.status, outcome.required_participation) == ("not_quorate", 3)
    assert _status(accepted) == ProposalStatus.ACCEPTED
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0


def test_enough_participation_decides_by_the_bodys_rule(people, body, open_ballot, accepted):
    body.written_procedure_rule = MajorityRule.SIMPLE
    db.session.commit()
    ballot = open_ballot("written", proposal=accepted)
    _vote(people, ballot, {"m1": "yes", "m2": "yes", "m3": "no"})

    assert ballots.close_ballot(people["ki"], ballot).status == "adopted"


def test_one_objection_ends_the_procedure_and_the_item_waits_for_a_meeting(
    people, procedure, accepted
):
    _vote(people, procedure, {"m1": "yes"})

    ballots.object_to_procedure(people["m2"], procedure, "Das gehört in die Sitzung.")

    stored = db.session.get(Ballot, procedure.id)
    assert (stored.status, stored.result) == (BallotStatus.CANCELLED, "objected")
    assert stored.cancel_reason == "Das gehört in die Sitzung."
    assert [s.has_objected for s in stored.seats].count(True) == 1
    assert _status(accepted) == ProposalStatus.ACCEPTED
    with pytest.raises(Conflict, match="abgebrochen"):
        ballots.cast_vote(people["m3"], stored, "yes")


def test_an_objection_puts_the_proposal_on_the_agenda_of_the_next_meeting(
    people, body, procedure, accepted, create_meeting
):
    create_meeting(body, starts_at=in_days(40), title="Übernächste Sitzung")
    upcoming = create_meeting(body, starts_at=in_days(12), title="Nächste Sitzung")

    ballots.object_to_procedure(people["m2"], procedure, "Das gehört in die Sitzung.")

    item = db.session.scalar(select(AgendaItem).where(AgendaItem.proposal_id == accepted.id))
    assert item is not None and item.meeting_id == upcoming.id
    assert item.kind == "decision"
    assert _status(accepted) == ProposalStatus.SCHEDULED


def test_an_objection_needs_a_reason_and_a_seat_that_has_not_voted(people, procedure):
    _vote(people, procedure, {"m1": "yes"})

    with pytest.raises(InvalidInput, match="begründen"):
        ballots.object_to_procedure(people["m2"], procedure, " ")
    with pytest.raises(Conflict, match="vor seiner Stimmabgabe"):
        ballots.object_to_procedure(people["m1"], procedure, "Doch nicht.")
    assert db.session.get(Ballot, procedure.id).status == BallotStatus.OPEN


def test_only_a_written_procedure_can_be_objected_to(people, present, open_ballot):
    present("m1")
    ballot = open_ballot()

    with pytest.raises(InvalidInput, match="Nur einem Umlaufverfahren"):
        ballots.object_to_procedure(people["m1"], ballot, "Nein.")


def test_the_deadline_closes_the_procedure_from_the_command_line(people, cli, procedure, accepted):
    _vote(people, procedure, dict.fromkeys(SEATS, "yes"))
    db.session.execute(
        update(Ballot)
        .where(Ballot.id == procedure.id)
        .values(closes_at=procedure.closes_at - timedelta(days=4))
    )
    db.session.commit()

    result = cli.invoke(args=["close-due-ballots"])

    assert result.exit_code == 0, result.output
    assert "Ballots closed: 1." in result.output
    stored = db.session.get(Ballot, procedure.id)
    assert (stored.status, stored.result, stored.closed_by_id) == ("closed", "adopted", None)
    decision = db.session.scalar(select(Decision))
    assert decision.created_by_id == people["ki"].id  # who opened the procedure
    assert _status(accepted) == ProposalStatus.DECIDED
    assert "Ballots closed: 0." in cli.invoke(args=["close-due-ballots"]).output


def test_a_reminder_goes_48_hours_before_the_deadline_once_to_seats_that_have_not_voted(
    people, open_ballot, soon
):
    ballot = open_ballot("written", closes_at=soon(days=5))
    _vote(people, ballot, {"m1": "yes", "m2": "no"})
    closes = ballot.closes_at

    assert ballots.send_ballot_reminders(now=closes - timedelta(hours=49)) == 0
    assert ballots.send_ballot_reminders(now=closes - timedelta(hours=47)) == 1
    assert ballots.send_ballot_reminders(now=closes - timedelta(hours=46)) == 0

    assert _mails(NotificationKind.BALLOT_REMINDER) == sorted(
        people[name].email for name in ("chair", "m3", "m4")
    )
    assert db.session.get(Ballot, ballot.id).reminder_sent_at is not None


def test_a_short_procedure_gets_no_reminder(open_ballot, soon):
    ballot = open_ballot("written", closes_at=soon(hours=30))

    assert ballots.send_ballot_reminders(now=ballot.closes_at - timedelta(hours=10)) == 0


class TestTheMailReachesTheSeats:
    """Opening and reminder mail go through the real SMTP server, with the ballot's link."""

    @pytest.fixture
    def app_config(self, mail_config):
        return mail_config

    def test_the_reminder_reaches_a_seat_that_has_not_voted(
        self, smtp_server, people, cli, open_ballot, soon
    ):
        ballot = open_ballot("written", closes_at=soon(hours=60), title="Sprachkurse 2027 🎓")
        opened = smtp_server.wait_for(5)
        assert {m["To"] for m in opened} == {people[name].email for name in SEATS}
        _vote(people, ballot, dict.fromkeys(("chair", "m1", "m2", "m3"), "yes"))
        # Two and a half days later: 47 hours to go.
        db.session.execute(
            update(Ballot)
            .where(Ballot.id == ballot.id)
            .values(opened_at=soon(hours=-13), closes_at=soon(hours=47))
        )
        db.session.commit()

        assert "Reminders sent for 1" in cli.invoke(args=["close-due-ballots"]).output

        messages = smtp_server.wait_for(6)
        reminder = messages[5]
        assert reminder["To"] == people["m4"].email
        assert reminder["Subject"].startswith("Erinnerung: Umlaufverfahren „Sprachkurse 2027 🎓“")
        text = body_text(reminder)
        assert f"http://localhost/ballots/{ballot.id}" in text
        assert "nicht per Antwort auf diese E-Mail" in text


def test_an_objection_to_a_procedure_on_an_amendment_leaves_the_proposal_on_its_agenda(
    people, item, create_proposal, open_ballot
):
    proposal = create_proposal()
    amendment = Amendment(proposal=proposal, author=people["m1"], resolution_text="Anders.")
    db.session.add(amendment)
    item.proposal_id = proposal.id
    db.session.commit()
    ballot = open_ballot("written", amendment=amendment, agenda_item=item, title="Antrag")

    ballots.object_to_procedure(people["m2"], ballot, "In der Sitzung, bitte.")

    assert _status(proposal) == ProposalStatus.SCHEDULED
    assert db.session.get(Amendment, amendment.id).status == AmendmentStatus.TABLED
