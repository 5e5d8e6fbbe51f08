"""Opening, closing, recording and cancelling ballots, and what their results set in motion."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meetings.models import (
    Amendment,
    AmendmentStatus,
    Ballot,
    BallotSeat,
    BallotStatus,
    BallotTurnout,
    Decision,
    SecretTally,
)
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services import ballots
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, MajorityRule, MembershipRole, QuorumRule


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _seat_holders(ballot) -> set[str]:
    seats = db.session.scalars(select(BallotSeat).where(BallotSeat.ballot_id == ballot.id))
    return {seat.membership.user.name for seat in seats}


def test_the_electorate_is_the_bodys_voting_seats_when_the_ballot_opens(
    people, body, create_user, create_membership, open_ballot
):
    ballot = open_ballot()
    late = create_user(name="Später dazugekommen")
    create_membership(late, body)

    assert _seat_holders(ballot) == {"Vera Vorsitz", *(f"Mitglied {n}" for n in range(1, 5))}
    with pytest.raises(PermissionDenied, match="bei Eröffnung"):
        ballots.cast_vote(late, ballot, "yes")


def test_members_without_a_voting_right_hold_no_seat(
    people, body, create_user, create_membership, open_ballot
):
    voteless = create_user(name="Ohne Stimmrecht")
    create_membership(voteless, body, MembershipRole.MEMBER, has_voting_right=False)
    flagged = create_user(name="Beratend mit Häkchen")
    create_membership(flagged, body, MembershipRole.ADVISORY, has_voting_right=True)

    holders = _seat_holders(open_ballot())

    assert not {"Ohne Stimmrecht", "Beratend mit Häkchen", "Dora Deputy", "Gast"} & holders
    assert len(holders) == 5


def test_the_rule_is_the_ballots_or_the_bodys_default_copied_at_opening(
    people, body, meeting, create_agenda_item, open_ballot
):
    body.default_majority_rule = MajorityRule.TWO_THIRDS
    body.written_procedure_rule = MajorityRule.CONSENSUS
    body.quorum_rule = QuorumRule.THIRD_OF_SEATS
    db.session.commit()

    in_meeting = open_ballot(title="In der Sitzung")
    other = create_agenda_item(meeting, title="Anderer Punkt")
    named_rule = open_ballot("written", title="Eigene Regel", rule="simple", agenda_item=other)
    body.default_majority_rule = MajorityRule.SIMPLE
    db.session.commit()

    assert in_meeting.rule == MajorityRule.TWO_THIRDS
    assert named_rule.rule == MajorityRule.SIMPLE
    assert in_meeting.quorum_rule == QuorumRule.THIRD_OF_SEATS


def test_a_written_procedure_uses_the_bodys_written_procedure_rule(people, body, open_ballot):
    ballot = open_ballot("written")

    assert ballot.rule == MajorityRule.UNANIMITY_OF_SEATS
    assert ballot.meeting_id is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 201}, "title", "Höchstens 200 Zeichen."),
        ({"kind": "show_of_hands"}, "kind", "Bitte wählen Sie eine Art der Abstimmung."),
        ({"secrecy": "half"}, "secrecy", "Bitte wählen Sie namentlich oder geheim."),
        ({"rule": "most_votes"}, "rule", "Bitte wählen Sie eine Mehrheitsregel aus der Liste."),
        ({"kind": "written", "closes_at": None}, "closes_at", "bis wann abgestimmt"),
        ({"kind": "recorded", "closes_at": "soon"}, "closes_at", "hat keine Frist"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_opens(
    people, body, item, soon, fields, field, message
):
    if fields.get("closes_at") == "soon":
        fields["closes_at"] = soon(hours=1)
    values = {"kind": "electronic", "secrecy": "named", "title": "Abstimmung", **fields}

    with pytest.raises(InvalidInput) as refused:
        ballots.open_ballot(people["ki"], body=body, agenda_item=item, **values)

    assert any(f == field and message in m for f, m in refused.value.errors)
    assert _count(Ballot) == 0


def test_a_deadline_in_the_past_is_refused(people, body, item, soon):
    with pytest.raises(InvalidInput, match="in der Zukunft"):
        ballots.open_ballot(
            people["ki"],
            body=body,
            agenda_item=item,
            kind="written",
            secrecy="named",
            title="Zu spät",
            closes_at=soon(minutes=-1),
        )


def test_a_ballot_in_the_meeting_needs_an_agenda_item(people, body, create_proposal):
    proposal = create_proposal(status=ProposalStatus.ACCEPTED)

    with pytest.raises(InvalidInput, match="Tagesordnungspunkt"):
        ballots.open_ballot(
            people["ki"],
            body=body,
            proposal=proposal,
            kind="electronic",
            secrecy="named",
            title="Ohne Sitzung",
        )


@pytest.mark.parametrize("who", ["m1", "guest", "advisor", "ag_member"])
def test_only_the_secretariat_and_the_chair_open_ballots(people, open_ballot, who):
    with pytest.raises(PermissionDenied):
        open_ballot(actor=people[who])


def test_the_chair_opens_a_ballot(people, open_ballot):
    assert open_ballot(actor=people["chair"]).status == BallotStatus.OPEN


def test_a_secret_ballot_gets_its_three_counters_and_never_allows_changes(open_ballot):
    ballot = open_ballot(secrecy="secret", allows_changes=True)

    tally = db.session.get(SecretTally, ballot.id)
    assert (tally.yes, tally.no, tally.abstain) == (0, 0, 0)
    assert ballot.allows_changes is False
    assert ballot.shows_live_results is False


def test_only_one_ballot_on_a_subject_runs_at_a_time(open_ballot):
    open_ballot()

    with pytest.raises(InvalidInput, match="läuft bereits"):
        open_ballot()


def test_closing_counts_stores_the_result_and_never_changes_it(people, present, open_ballot):
    present("chair", "m1", "m2", "m3")
    ballot = open_ballot()
    for name, choice in (("chair", "yes"), ("m1", "yes"), ("m2", "no"), ("m3", "abstain")):
        ballots.cast_vote(people[name], ballot, choice)

    outcome = ballots.close_ballot(people["ki"], ballot)

    assert outcome.status == "adopted"
    stored = db.session.get(Ballot, ballot.id)
    assert (stored.votes_yes, stored.votes_no, stored.votes_abstain) == (2, 1, 1)
    assert (stored.voting_seats, stored.result, stored.status) == (5, "adopted", "closed")
    assert stored.closed_by_id == people["ki"].id
    with pytest.raises(Conflict, match="bereits beendet"):
        ballots.close_ballot(people["chair"], stored)
    assert db.session.get(Ballot, ballot.id).closed_by_id == people["ki"].id


def test_a_tie_fails(people, present, open_ballot):
    present("m1", "m2")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "yes")
    ballots.cast_vote(people["m2"], ballot, "no")

    assert ballots.close_ballot(people["ki"], ballot).status == "rejected"


def test_an_excluded_seat_leaves_the_electorate(people, present, open_ballot):
    present("m1", "m2")
    ballot = open_ballot(rule="absolute_of_seats")
    ballots.declare_conflict(people["m2"], ballot)
    ballots.cast_vote(people["m1"], ballot, "yes")

    outcome = ballots.close_ballot(people["ki"], ballot)

    assert outcome.voting_seats == 4
    assert outcome.status == "rejected"  # one yes of four seats is no absolute majority


def test_a_conflict_is_declared_before_voting_only(people, present, open_ballot):
    present("m1")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "yes")

    with pytest.raises(Conflict, match="vor der Stimmabgabe"):
        ballots.declare_conflict(people["m1"], ballot)


@pytest.mark.parametrize("who", ["m1", "guest", "advisor"])
def test_members_do_not_close_or_cancel(people, open_ballot, who):
    ballot = open_ballot()

    with pytest.raises(PermissionDenied):
        ballots.close_ballot(people[who], ballot)
    with pytest.raises(PermissionDenied):
        ballots.cancel_ballot(people[who], ballot, "Versehen")


def test_a_ballot_without_votes_can_be_cancelled_with_a_reason(people, open_ballot):
    ballot = open_ballot()

    with pytest.raises(InvalidInput, match="warum die Abstimmung abgebrochen"):
        ballots.cancel_ballot(people["ki"], ballot, "   ")
    ballots.cancel_ballot(people["ki"], ballot, "Falscher Tagesordnungspunkt")

    stored = db.session.get(Ballot, ballot.id)
    assert (stored.status, stored.cancel_reason) == ("cancelled", "Falscher Tagesordnungspunkt")


def test_a_ballot_with_votes_cannot_be_cancelled(people, present, open_ballot):
    present("m1")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "yes")

    with pytest.raises(Conflict, match="bereits abgestimmt"):
        ballots.cancel_ballot(people["ki"], ballot, "Doch nicht")

    assert db.session.get(Ballot, ballot.id).status == BallotStatus.OPEN


def test_recorded_counts_close_the_ballot(people, open_ballot):
    ballot = open_ballot("recorded")

    outcome = ballots.record_counts(people["ki"], ballot, yes=3, no=1, abstain=1)

    assert outcome.status == "adopted"
    assert db.session.get(Ballot, ballot.id).votes_yes == 3


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "field", "message"),
    [
        (-1, 0, 0, "yes", "ganze Zahl ab 0"),
        (0, 0, 0, "yes", "keine Stimme"),
        (4, 2, 0, "yes", "6 Stimmen eingetragen, aber nur 5 Sitze"),
        ("3", 0, 0, "yes", "ganze Zahl"),
    ],
)
def test_impossible_counts_are_refused(people, open_ballot, yes, no, abstain, field, message):
    ballot = open_ballot("recorded")

    with pytest.raises(InvalidInput) as refused:
        ballots.record_counts(people["ki"], ballot, yes=yes, no=no, abstain=abstain)

    assert refused.value.errors[0][0] == field and message in refused.value.errors[0][1]
    assert db.session.get(Ballot, ballot.id).status == BallotStatus.OPEN


def test_named_votes_are_recorded_as_cast_by_whoever_sat_in_the_seat(people, present, open_ballot):
    present("d1", "m2", absent=("m1",))
    ballot = open_ballot("recorded")
    seats = {s.membership.user.name: s.id for s in ballot.seats}

    outcome = ballots.record_named_votes(
        people["ki"], ballot, {seats["Mitglied 1"]: "yes", seats["Mitglied 2"]: "no"}
    )

    assert outcome.counts.yes == 1 and outcome.counts.no == 1
    casters = {
        t.seat.membership.user.name: t.cast_by.name
        for t in db.session.scalars(select(BallotTurnout))
    }
    assert casters == {"Mitglied 1": "Dora Deputy", "Mitglied 2": "Mitglied 2"}


def test_only_recorded_ballots_take_entered_results(
    people, meeting, create_agenda_item, open_ballot
):
    ballot = open_ballot()
    recorded = open_ballot("recorded", agenda_item=create_agenda_item(meeting, title="B"))

    with pytest.raises(InvalidInput, match="erfassten Abstimmung"):
        ballots.record_counts(people["ki"], ballot, yes=1, no=0, abstain=0)
    with pytest.raises(InvalidInput, match="tragen Sie das Ergebnis"):
        ballots.close_ballot(people["ki"], recorded)


def test_the_audit_log_records_opening_voting_and_closing(people, present, open_ballot):
    present("m1")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "yes")
    ballots.close_ballot(people["ki"], ballot)

    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["ballot.open", "ballot.vote", "ballot.close"]


# --- consequences: proposals and amendments ----------------------------------------------------


def test_an_adopted_proposal_is_decided_and_enters_the_register(
    people, present, item, create_proposal, open_ballot
):
    proposal = create_proposal()
    item.proposal_id = proposal.id
    db.session.commit()
    present("chair", "m1", "m2")
    ballot = open_ballot()
    assert ballot.proposal_id == proposal.id
    for name in ("chair", "m1", "m2"):
        ballots.cast_vote(people[name], ballot, "yes")

    ballots.close_ballot(people["ki"], ballot)

    decision = db.session.scalar(select(Decision))
    assert (decision.outcome, decision.ballot_id, decision.votes_yes) == (
        Outcome.ADOPTED,
        ballot.id,
        3,
    )
    assert db.session.get(type(proposal), proposal.id).status == ProposalStatus.DECIDED


def test_a_rejected_proposal_is_decided_as_rejected(
    people, present, item, create_proposal, open_ballot
):
    proposal = create_proposal()
    item.proposal_id = proposal.id
    db.session.commit()
    present("m1")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "no")

    ballots.close_ballot(people["ki"], ballot)

    assert db.session.scalar(select(Decision.outcome)) == Outcome.REJECTED


def test_amendments_are_voted_before_their_proposal(
    people, present, item, create_proposal, open_ballot
):
    proposal = create_proposal()
    amendment = Amendment(
        proposal=proposal, author=people["m1"], resolution_text="Die Lenkungsgruppe beschließt X."
    )
    db.session.add(amendment)
    item.proposal_id = proposal.id
    db.session.commit()

    with pytest.raises(InvalidInput, match="Änderungsanträge werden vor der Vorlage abgestimmt"):
        open_ballot()
    present("m1", "m2")
    on_amendment = open_ballot(amendment=amendment, agenda_item=item, title="Änderungsantrag")
    ballots.cast_vote(people["m1"], on_amendment, "yes")
    ballots.cast_vote(people["m2"], on_amendment, "yes")
    ballots.close_ballot(people["ki"], on_amendment)

    assert db.session.get(Amendment, amendment.id).status == AmendmentStatus.ADOPTED
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0
    on_proposal = open_ballot()
    ballots.cast_vote(people["m1"], on_proposal, "yes")
    ballots.close_ballot(people["ki"], on_proposal)
    decision = db.session.scalar(select(Decision))
    assert decision.outcome == Outcome.ADOPTED_WITH_CHANGES
    assert decision.resolution_text == "Die Lenkungsgruppe beschließt X."


def test_a_rejected_amendment_is_recorded_as_rejected(
    people, present, item, create_proposal, open_ballot
):
    proposal = create_proposal()
    amendment = Amendment(proposal=proposal, author=people["m1"], resolution_text="Anders.")
    db.session.add(amendment)
    db.session.commit()
    present("m1")
    ballot = open_ballot(amendment=amendment, agenda_item=item, title="Änderungsantrag")
    ballots.cast_vote(people["m1"], ballot, "no")

    ballots.close_ballot(people["ki"], ballot)

    assert db.session.get(Amendment, amendment.id).status == AmendmentStatus.REJECTED


def test_a_proposal_not_on_the_agenda_cannot_be_voted_in_the_meeting(
    item, create_proposal, open_ballot
):
    proposal = create_proposal(status=ProposalStatus.ACCEPTED)
    item.proposal_id = proposal.id
    db.session.commit()

    with pytest.raises(InvalidInput, match="auf der Tagesordnung steht"):
        open_ballot()


def test_a_ballot_is_not_found_by_those_who_may_not_see_it(people, open_ballot):
    from meetings.services.ballot_queries import get_ballot

    ballot = open_ballot()

    with pytest.raises(NotFound):
        get_ballot(people["outsider"], ballot.id)
    with pytest.raises(NotFound):
        get_ballot(people["ag_member"], ballot.id)
    assert get_ballot(people["guest"], ballot.id).id == ballot.id
