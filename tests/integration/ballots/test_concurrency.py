"""Many seats voting at the same moment through the web app, on a real database file.

Fifty threads, each a logged-in member with its own client, wait at a barrier and then post
their vote together. The database (a SQLite file, or PostgreSQL with ``TEST_DATABASE_URL``) must
end with exactly one vote per seat and the right result; a seat voting twice at once is counted
once; and a vote after the close gets a clear answer.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from meetings.models import Attendance, AttendanceAnswer, Ballot, BallotTurnout, SecretTally, Vote
from meetings.services import ballots
from portal.extensions import db
from portal.models import MembershipRole
from tests.conftest import ON_POSTGRES

SEATS = 50
#: 30 yes, 15 no, 5 abstain.
CHOICES = ["yes"] * 30 + ["no"] * 15 + ["abstain"] * 5


@pytest.fixture
def app_config(tmp_path):
    """A database file, not memory: every thread gets a connection of its own."""
    if ON_POSTGRES:
        return {}
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ballots.db'}"}


@pytest.fixture
def crowd(app, create_user, create_body, create_membership, create_meeting, create_agenda_item):
    """A body of 50 voting seats in a meeting, all present, and its secretariat."""
    body = create_body(name="Große Lenkungsgruppe", slug="grosse-lg")
    ki = create_user("secretariat", name="KI")
    create_membership(ki, body, MembershipRole.SECRETARIAT)
    meeting = create_meeting(body, starts_at=datetime.now(UTC))
    item = create_agenda_item(meeting, title="Haushalt 2027")
    voters, seats = [], []
    for number in range(SEATS):
        voter = create_user(name=f"Mitglied {number:02d}")
        voters.append(voter)
        seats.append(create_membership(voter, body))
    db.session.add_all(
        Attendance(
            meeting_id=meeting.id,
            membership_id=seat.id,
            answer=AttendanceAnswer.ATTEND,
            present=True,
        )
        for seat in seats
    )
    db.session.commit()
    return {"body": body, "ki": ki, "item": item, "voters": voters, "seats": seats}


def _client(app, user) -> FlaskClient:
    """A plain client for a worker thread: each request pushes its own app context there."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    now = datetime.now(UTC).timestamp()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["created_at"] = now
        session["seen_at"] = now
    return client


def _together(app, users, choices, ballot_id) -> list[int]:
    """Post the votes from one thread each, released at the same moment; return the statuses."""
    clients = [_client(app, user) for user in users]
    db.session.commit()
    barrier = threading.Barrier(len(clients))
    statuses: list[int | None] = [None] * len(clients)

    def vote(index: int) -> None:
        barrier.wait()
        response = clients[index].post(
            f"/ballots/{ballot_id}/vote", data={"choice": choices[index]}
        )
        statuses[index] = response.status_code

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _open(crowd, secrecy: str = "named", **fields) -> Ballot:
    return ballots.open_ballot(
        crowd["ki"],
        body=crowd["body"],
        agenda_item=crowd["item"],
        kind="electronic",
        secrecy=secrecy,
        title="Haushalt 2027",
        **fields,
    )


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_fifty_seats_voting_at_once_give_fifty_votes_and_the_right_result(app, crowd, secrecy):
    ballot = _open(crowd, secrecy)
    ballot_id = ballot.id

    statuses = _together(app, crowd["voters"], CHOICES, ballot_id)

    assert statuses == [302] * SEATS
    assert _count(BallotTurnout) == SEATS
    if secrecy == "named":
        by_choice = Counter(v.value for v in db.session.scalars(select(Vote.choice)))
        assert by_choice == Counter(CHOICES)
    else:
        tally = db.session.get(SecretTally, ballot_id)
        assert (tally.yes, tally.no, tally.abstain) == (30, 15, 5)
    outcome = ballots.close_ballot(crowd["ki"], db.session.get(Ballot, ballot_id))
    assert (outcome.counts.yes, outcome.counts.no, outcome.counts.abstain) == (30, 15, 5)
    assert outcome.status == "adopted"


@pytest.mark.parametrize(
    ("secrecy", "allows_changes"), [("named", True), ("named", False), ("secret", False)]
)
def test_a_seat_voting_ten_times_at_once_is_counted_once(app, crowd, secrecy, allows_changes):
    ballot = _open(crowd, secrecy, allows_changes=allows_changes)
    voter = crowd["voters"][0]

    statuses = _together(app, [voter] * 10, ["yes"] * 5 + ["no"] * 5, ballot.id)

    assert _count(BallotTurnout) == 1
    if secrecy == "secret":
        tally = db.session.get(SecretTally, ballot.id)
        assert tally.yes + tally.no + tally.abstain == 1
    else:
        assert _count(Vote) == 1
    if allows_changes:
        # Every try is taken: the first as the vote, the rest as changes of it.
        assert statuses == [302] * 10
    else:
        assert sorted(statuses) == [302] + [409] * 9


def test_a_conflict_declared_while_the_seat_votes_never_leaves_both(app, crowd):
    ballot_id = _open(crowd).id
    voters = crowd["voters"][:10]
    clients = [_client(app, user) for user in voters for _ in range(2)]
    db.session.commit()
    barrier = threading.Barrier(len(clients))

    def act(index: int) -> None:
        barrier.wait()
        action = "vote" if index % 2 == 0 else "conflict"
        clients[index].post(f"/ballots/{ballot_id}/{action}", data={"choice": "yes"})

    threads = [threading.Thread(target=act, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    db.session.expire_all()
    voted = set(db.session.scalars(select(BallotTurnout.seat_id)))
    excluded = {seat.id for seat in db.session.get(Ballot, ballot_id).seats if seat.is_excluded}
    assert len(voted | excluded) == 10
    assert voted & excluded == set()


def test_voting_after_the_close_gets_a_clear_answer(app, crowd, client, auth):
    ballot = _open(crowd)
    ballots.close_ballot(crowd["ki"], ballot)
    auth.login_as(crowd["voters"][1])

    response = client.post(f"/ballots/{ballot.id}/vote", data={"choice": "yes"})

    assert response.status_code == 409
    assert "Die Abstimmung ist beendet. Es können keine Stimmen mehr abgegeben werden." in (
        response.get_data(as_text=True)
    )
    assert _count(BallotTurnout) == 0
