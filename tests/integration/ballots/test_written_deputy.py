"""In a written procedure the seat holder sends a deputy to vote for the seat, or takes it back.

There is no meeting whose attendance could say who sits in for whom, so the holder names the
deputy on the ballot; that deputy then votes for the seat, the seat's other deputies do not, and
the deputy hears of it by mail.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from meetings.models import BallotSeat
from meetings.services import ballots
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import NotificationKind, OutboxMessage


@pytest.fixture
def procedure(open_ballot):
    return open_ballot("written", title="Umlauf: Sprachkurse")


def _mails_to(user) -> list[str]:
    return list(
        db.session.scalars(
            select(OutboxMessage.subject).where(
                OutboxMessage.recipient == user.email,
                OutboxMessage.kind == NotificationKind.DEPUTY_SENT,
            )
        )
    )


def test_without_being_sent_a_deputy_may_not_vote_in_a_written_procedure(people, procedure):
    with pytest.raises(PermissionDenied):
        ballots.cast_vote(people["d1"], procedure, "yes")


def test_the_holder_sends_a_deputy_who_then_votes_for_the_seat(people, procedure):
    ballots.send_deputy(people["m1"], procedure, people["d1_seat"].id)

    cast = ballots.cast_vote(people["d1"], procedure, "yes")

    assert cast is not None
    seat = db.session.scalar(
        select(BallotSeat).where(
            BallotSeat.ballot_id == procedure.id,
            BallotSeat.membership_id == people["m1_seat"].id,
        )
    )
    assert seat.deputy_membership_id == people["d1_seat"].id
    assert _mails_to(people["d1"]) == [
        "Stimmabgabe in Vertretung: Umlauf: Sprachkurse bis "
        + (_mails_to(people["d1"])[0].split(" bis ")[1])
    ]


def test_the_seats_other_deputy_may_not_vote_and_the_seat_votes_once(people, procedure):
    ballots.send_deputy(people["m1"], procedure, people["d1_seat"].id)

    with pytest.raises(PermissionDenied):
        ballots.cast_vote(people["d2"], procedure, "yes")
    # The seat stays the holder's: if they vote after all, the deputy no longer can.
    ballots.cast_vote(people["m1"], procedure, "yes")
    with pytest.raises(Conflict):
        ballots.cast_vote(people["d1"], procedure, "no")


def test_taking_the_vote_back_releases_the_deputy_and_tells_them(people, procedure):
    ballots.send_deputy(people["m1"], procedure, people["d1_seat"].id)

    ballots.send_deputy(people["m1"], procedure, None)

    with pytest.raises(PermissionDenied):
        ballots.cast_vote(people["d1"], procedure, "yes")
    assert ballots.cast_vote(people["m1"], procedure, "no") is not None
    assert any(s.startswith("Vertretung nicht mehr nötig") for s in _mails_to(people["d1"]))


def test_only_the_holder_sends_and_only_a_deputy_of_the_seat(people, procedure):
    with pytest.raises(PermissionDenied):
        ballots.send_deputy(people["d1"], procedure, people["d1_seat"].id)
    with pytest.raises(InvalidInput):
        ballots.send_deputy(people["m1"], procedure, people["d3_seat"].id)


def test_after_the_seat_voted_no_deputy_can_be_sent(people, procedure):
    ballots.cast_vote(people["m1"], procedure, "yes")

    with pytest.raises(Conflict):
        ballots.send_deputy(people["m1"], procedure, people["d1_seat"].id)


def test_the_holder_sends_the_deputy_on_the_ballot_page(client, auth, people, procedure):
    auth.login_as(people["m1"])
    page = client.get(f"/ballots/{procedure.id}").get_data(as_text=True)
    assert "Wer stimmt für Ihren Sitz ab?" in page and "Dora Deputy" in page

    response = client.post(
        f"/ballots/{procedure.id}/deputy", data={"deputy-deputy_id": people["d1_seat"].id}
    )

    assert response.status_code == 302
    auth.login_as(people["d1"])
    assert "Warten auf meine Stimme" in client.get("/").get_data(as_text=True)
