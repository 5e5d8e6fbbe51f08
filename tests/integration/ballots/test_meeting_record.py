"""The meeting page and the minutes show each item's proposal, ballots and register decisions.

Nobody copies results by hand: a ballot closed under an item appears under it in the minutes
with its counts and who cast each seat's vote (holder or deputy); for a secret ballot only who
took part. The decision the register holds for the item is linked.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from sqlalchemy import select

from meetings.models import Decision
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services import ballots, decisions, proposals
from portal.extensions import db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def scheduled(create_proposal, item):
    """A proposal on the meeting's decision item."""
    proposal = create_proposal(ProposalStatus.SCHEDULED, title="Sprachkurse für Neuzugewanderte")
    item.proposal_id = proposal.id
    db.session.commit()
    return proposal


def test_the_minutes_name_who_cast_each_seat_and_the_result_of_a_named_ballot(
    client, auth, people, meeting, present, open_ballot, create_minutes
):
    present("chair", "m2", "m3", "m4", "d1", absent=(), sent={"m1": "d1"})
    ballot = open_ballot()
    for name, choice in (("chair", "yes"), ("d1", "yes"), ("m2", "no"), ("m3", "abstain")):
        ballots.cast_vote(people[name], ballot, choice)
    ballots.close_ballot(people["ki"], ballot)
    create_minutes(people["ki"], meeting, status="circulated")
    auth.login_as(people["m4"])

    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))

    assert "Abstimmung: Sprachkursprogramm 2027" in page
    assert "Ergebnis: Ja: 2, Nein: 1, Enthaltungen: 1" in page
    assert "Dora Deputy in Vertretung für Mitglied 1 – Ja" in page
    assert "Mitglied 2 – Nein" in page


def test_the_minutes_of_a_secret_ballot_name_who_took_part_never_how(
    client, auth, people, meeting, present, open_ballot, create_minutes
):
    present("chair", "m1", "m2", "m3", "m4")
    ballot = open_ballot(secrecy="secret")
    for name, choice in (("chair", "yes"), ("m1", "no"), ("m2", "yes")):
        ballots.cast_vote(people[name], ballot, choice)
    ballots.close_ballot(people["ki"], ballot)
    create_minutes(people["ki"], meeting, status="circulated")
    auth.login_as(people["m4"])

    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))

    assert "Ergebnis: Ja: 2, Nein: 1, Enthaltungen: 0" in page
    assert "Teilgenommen haben" in page
    assert "Mitglied 1" in page
    assert "Mitglied 1 – Nein" not in page and "– Ja" not in page


def test_the_decision_on_a_proposal_is_linked_under_its_item(
    client, auth, people, meeting, present, open_ballot, scheduled, create_minutes
):
    present("chair", "m1", "m2", "m3", "m4")
    ballot = open_ballot(proposal=scheduled, agenda_item=meeting.items[0])
    for name in ("chair", "m1", "m2"):
        ballots.cast_vote(people[name], ballot, "yes")
    ballots.close_ballot(people["ki"], ballot)
    create_minutes(people["ki"], meeting, status="circulated")
    auth.login_as(people["m4"])

    minutes = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    agenda = _text(client.get(f"/meetings/{meeting.id}"))

    decision = db.session.scalar(select(Decision).where(Decision.ballot_id == ballot.id))
    reference = decisions.decision_reference(decision)
    assert f"Eingetragen im Beschlussregister: {reference}" in minutes
    assert f"Beschluss: {reference}" in agenda
    assert f"Beschlussvorlage: {proposals.proposal_reference(scheduled)}" in agenda


def test_a_decision_taken_without_a_ballot_stands_under_the_proposals_item(
    client, auth, people, meeting, scheduled
):
    decision = proposals.decide_proposal(people["ki"], scheduled, Outcome.DEFERRED, meeting=meeting)
    auth.login_as(people["m1"])

    agenda = _text(client.get(f"/meetings/{meeting.id}"))

    assert f"Beschluss: {decisions.decision_reference(decision)} (vertagt)" in agenda


def test_the_secretariat_can_open_a_ballot_from_a_decision_item_members_cannot(
    client, auth, people, meeting, item
):
    link = f'href="/ballots/new?item={item.id}"'

    auth.login_as(people["ki"])
    assert link in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    auth.login_as(people["m1"])
    assert link not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_the_public_sees_no_ballot_of_a_public_meeting(
    client, body, people, meeting, present, open_ballot
):
    body.is_public = True
    meeting.is_public = True
    db.session.commit()
    present("chair", "m1", "m2")
    open_ballot(title="Interne Abstimmung")

    page = client.get(f"/meetings/{meeting.id}")

    assert page.status_code == 200
    assert "Interne Abstimmung" not in page.get_data(as_text=True)


def test_the_start_page_lists_the_written_procedure_waiting_for_my_vote_until_i_voted(
    client, auth, people, open_ballot
):
    ballot = open_ballot(kind="written", title="Umlauf: Dolmetscherpool")
    auth.login_as(people["m1"])

    before = client.get("/").get_data(as_text=True)
    ballots.cast_vote(people["m1"], ballot, "yes")
    after = client.get("/").get_data(as_text=True)

    assert "Warten auf meine Stimme" in before and "Umlauf: Dolmetscherpool" in before
    assert "Umlauf: Dolmetscherpool" not in after


def test_the_minutes_docx_records_the_ballot_and_the_registers_number(
    client, auth, people, meeting, present, open_ballot, scheduled, create_minutes
):
    present("chair", "m2", "m3", "m4", "d1", sent={"m1": "d1"})
    ballot = open_ballot(proposal=scheduled, agenda_item=meeting.items[0])
    for name in ("chair", "d1", "m2"):
        ballots.cast_vote(people[name], ballot, "yes")
    ballots.close_ballot(people["ki"], ballot)
    decision = db.session.scalar(select(Decision).where(Decision.ballot_id == ballot.id))
    create_minutes(people["ki"], meeting, status="circulated")
    auth.login_as(people["m4"])

    response = client.get(f"/meetings/{meeting.id}/minutes.docx")

    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"Beschluss {decisions.decision_reference(decision)}:" in text
    assert "Abstimmung: Sprachkursprogramm 2027:" in text
    assert "Dora Deputy in Vertretung für Mitglied 1 – Ja" in text
