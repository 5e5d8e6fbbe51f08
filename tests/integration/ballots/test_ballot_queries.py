"""What the dashboard and the minutes learn about ballots: my waiting votes, who cast each seat."""

from __future__ import annotations

from benchmarks.sqlcount import StatementCounter
from meetings.services import ballots
from meetings.services.ballot_queries import ballots_awaiting_vote
from meetings.services.minutes_governance import item_governance
from portal.extensions import db


def _titles(user) -> list[str]:
    db.session.expire_all()
    return [ballot.title for ballot in ballots_awaiting_vote(user)]


def test_waiting_for_my_vote_lists_open_ballots_i_may_vote_in_now(
    people, meeting, present, open_ballot, create_agenda_item, soon
):
    present("m1", "d3", absent=("m2",))
    open_ballot(title="In der Sitzung")
    open_ballot(
        "written",
        title="Umlauf bald",
        closes_at=soon(days=2),
        agenda_item=create_agenda_item(meeting, title="Zweiter Punkt"),
    )
    open_ballot(
        "written",
        title="Umlauf später",
        closes_at=soon(days=9),
        agenda_item=create_agenda_item(meeting, title="Dritter Punkt"),
    )

    assert _titles(people["m1"]) == ["Umlauf bald", "Umlauf später", "In der Sitzung"]
    assert _titles(people["m4"]) == ["Umlauf bald", "Umlauf später"]  # not present
    assert _titles(people["d3"]) == ["In der Sitzung"]  # present for the absent Mitglied 2
    assert _titles(people["d1"]) == []  # Mitglied 1 is present
    assert _titles(people["guest"]) == _titles(people["outsider"]) == []


def test_a_seat_that_voted_or_declared_a_conflict_waits_no_more(people, open_ballot):
    ballot = open_ballot("written")
    ballots.cast_vote(people["m1"], ballot, "yes")
    ballots.declare_conflict(people["m2"], ballot)

    assert _titles(people["m1"]) == _titles(people["m2"]) == []
    assert _titles(people["m3"]) == ["Sprachkursprogramm 2027"]


def test_waiting_for_my_vote_costs_few_statements_however_many_ballots(
    people, meeting, present, open_ballot, create_agenda_item
):
    present("m1")
    for number in range(6):
        open_ballot(agenda_item=create_agenda_item(meeting, title=f"Punkt {number}"))
    db.session.expire_all()
    voter = db.session.get(type(people["m1"]), people["m1"].id)

    with StatementCounter(db.engine) as counter:
        assert len(ballots_awaiting_vote(voter)) == 6

    assert len(counter.statements) <= 3, "\n".join(counter.statements)


def test_the_minutes_learn_who_cast_each_seats_vote(people, present, item, open_ballot):
    present("chair", "d1", "m2", absent=("m1",))
    ballot = open_ballot()
    ballots.cast_vote(people["d1"], ballot, "yes")
    ballots.cast_vote(people["m2"], ballot, "no")
    ballots.declare_conflict(people["chair"], ballot)
    ballots.close_ballot(people["ki"], ballot)

    (summary,) = item_governance(item.meeting, with_seats=True)[item.id].summaries

    assert (summary.result, summary.voting_seats) == ("rejected", 4)
    assert (summary.counts.yes, summary.counts.no) == (1, 1)
    seats = {seat.holder: seat for seat in summary.seats}
    assert (seats["Mitglied 1"].cast_by, seats["Mitglied 1"].by_deputy) == ("Dora Deputy", True)
    assert (seats["Mitglied 2"].cast_by, seats["Mitglied 2"].choice) == ("Mitglied 2", "no")
    assert seats["Vera Vorsitz"].is_excluded and not seats["Mitglied 3"].voted


def test_the_minutes_of_a_secret_ballot_say_who_took_part_never_how(
    people, present, item, open_ballot
):
    present("m1", "m2")
    ballot = open_ballot(secrecy="secret")
    ballots.cast_vote(people["m1"], ballot, "yes")
    ballots.cast_vote(people["m2"], ballot, "yes")
    ballots.close_ballot(people["ki"], ballot)

    (summary,) = item_governance(item.meeting, with_seats=True)[item.id].summaries

    assert summary.counts.yes == 2
    assert {seat.holder for seat in summary.seats if seat.voted} == {"Mitglied 1", "Mitglied 2"}
    assert {seat.choice for seat in summary.seats} == {None}


def test_a_named_ballot_still_open_shows_the_minutes_no_choices(people, present, item, open_ballot):
    present("m1")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "yes")

    (summary,) = item_governance(item.meeting, with_seats=True)[item.id].summaries

    assert summary.counts is None and summary.result is None
    assert [seat.choice for seat in summary.seats if seat.voted] == [None]
