"""The ballot pages as voters and the secretariat use them: vote, see, open, record, close."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select, update

from benchmarks.sqlcount import StatementCounter
from meetings.models import (
    Attendance,
    Ballot,
    BallotSeat,
    BallotStatus,
    BallotTurnout,
    Proposal,
    Vote,
)
from meetings.proposal_flow import ProposalStatus
from meetings.services import ballots
from portal.extensions import db

#: The issue's target for a page.
MAX_STATEMENTS = 10


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def running(present, open_ballot):
    """An electronic named ballot with the chair, Mitglied 1 and Mitglied 2 present."""
    present("chair", "m1", "m2", "d3", absent=("m3",))
    return open_ballot()


# --- the ballot page and voting ------------------------------------------------------------


def test_a_present_member_votes_without_javascript_and_sees_the_confirmation(
    client, auth, people, running
):
    auth.login_as(people["m1"])

    page = _text(client.get(f"/ballots/{running.id}"))
    assert '<legend class="kern-label" id="choice">Ihre Stimme</legend>' in page
    assert 'type="radio"' in page and "0 von 5 stimmberechtigten Sitzen" in page

    response = client.post(f"/ballots/{running.id}/vote", data={"choice": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ballots/{running.id}#my-vote")
    page = _text(client.get(f"/ballots/{running.id}"))
    assert "Ihre Stimme wurde gespeichert: Ja." in page
    assert "Sie haben für diesen Sitz abgestimmt: Ja." in page
    assert "1 von 5 stimmberechtigten Sitzen" in page


def test_the_page_shows_the_current_turnout_to_everyone_entitled(client, auth, people, running):
    auth.login_as(people["guest"])
    assert "0 von 5" in _text(client.get(f"/ballots/{running.id}"))

    ballots.cast_vote(people["m2"], running, "no")

    page = _text(client.get(f"/ballots/{running.id}"))
    assert "1 von 5" in page
    assert "Ihre Stimme" not in page and "Zwischenstand" not in page and "Nein</td>" not in page


def test_live_results_show_only_if_the_body_allows_them_for_a_named_ballot(
    client, auth, people, body, present, open_ballot
):
    body.shows_live_results = True
    db.session.commit()
    present("m1")
    ballot = open_ballot()
    ballots.cast_vote(people["m1"], ballot, "no")
    auth.login_as(people["m2"])

    page = _text(client.get(f"/ballots/{ballot.id}"))

    assert "Zwischenstand" in page and "Nein</td>" in page


def test_a_secret_ballot_shows_only_totals_after_close_and_says_who_could_link_votes(
    client, auth, people, present, open_ballot
):
    present("m1", "m2")
    ballot = open_ballot(secrecy="secret")
    ballots.cast_vote(people["m1"], ballot, "no")
    auth.login_as(people["m1"])

    page = _text(client.get(f"/ballots/{ballot.id}"))
    assert "Ihre Stimme ist gezählt; wie Sie abgestimmt haben, speichert das Portal nicht" in page
    assert 'id="result"' not in page and "Enthaltungen</dt>" not in page
    assert "Wer könnte Stimmen dennoch Personen zuordnen?" in page
    assert "Änderungsjournal" in page

    ballots.close_ballot(people["ki"], ballot)
    page = _text(client.get(f"/ballots/{ballot.id}"))
    assert "Ergebnis: abgelehnt" in page and 'id="result"' in page
    assert ">Stimme</th>" not in page


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [
        ("guest", 403, "Als Gast haben Sie in „Lenkungsgruppe KIM Testkreis“ kein Stimmrecht."),
        ("advisor", 403, "Als beratendes Mitglied haben Sie"),
        ("m4", 403, "nur anwesende Sitze"),
    ],
)
def test_a_refused_vote_is_answered_with_the_reason(
    client, auth, people, running, who, status, message
):
    auth.login_as(people[who])

    response = client.post(f"/ballots/{running.id}/vote", data={"choice": "yes"})

    assert response.status_code == status
    assert message in _text(response)
    assert _count(BallotTurnout) == 0


def test_the_holder_is_told_that_the_deputy_already_voted(
    client, auth, people, present, open_ballot
):
    present("d1", absent=("m1",))
    ballot = open_ballot()
    ballots.cast_vote(people["d1"], ballot, "no")
    # The holder arrives late and is recorded present.
    db.session.execute(
        update(Attendance)
        .where(Attendance.membership_id == people["m1_seat"].id)
        .values(present=True)
    )
    db.session.commit()
    auth.login_as(people["m1"])

    response = client.post(f"/ballots/{ballot.id}/vote", data={"choice": "yes"})

    assert response.status_code == 409
    assert "Für diesen Sitz hat bereits die Stellvertretung abgestimmt." in _text(response)


def test_outsiders_and_working_group_members_do_not_find_the_ballot(client, auth, people, running):
    for who in ("outsider", "ag_member"):
        auth.login_as(people[who])
        assert client.get(f"/ballots/{running.id}").status_code == 404
        assert client.post(f"/ballots/{running.id}/vote", data={"choice": "yes"}).status_code == 404
    auth.logout()
    assert client.get(f"/ballots/{running.id}").status_code == 302
    assert client.get("/ballots/99999").status_code == 302


@pytest.mark.parametrize("choice", ["", "vielleicht", "<script>alert(1)</script>", "🗳️"])
def test_a_vote_that_is_no_choice_is_refused_next_to_the_field(
    client, auth, people, running, choice
):
    auth.login_as(people["m1"])

    response = client.post(f"/ballots/{running.id}/vote", data={"choice": choice})

    assert response.status_code == 422
    assert "Bitte wählen Sie Ja, Nein oder Enthaltung." in _text(response)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert _count(BallotTurnout) == 0


def test_voting_without_the_csrf_token_is_refused(app, client, auth, people, running):
    app.config["WTF_CSRF_ENABLED"] = True
    auth.login_as(people["m1"])

    response = client.post(f"/ballots/{running.id}/vote", data={"choice": "yes"})

    assert response.status_code == 400
    assert _count(Vote) == 0


def test_a_conflict_of_interest_is_declared_from_the_page(client, auth, people, running):
    auth.login_as(people["m2"])

    response = client.post(f"/ballots/{running.id}/conflict", data={})

    assert response.status_code == 302
    seat = db.session.scalar(
        select(BallotSeat).where(BallotSeat.membership_id == people["m2_seat"].id)
    )
    assert seat.is_excluded
    assert "befangen, nimmt nicht teil" in _text(client.get(f"/ballots/{running.id}"))


def _page_statements(client, path: str) -> list[str]:
    """Return the statements of one request of the page, rendered afresh (not kept)."""
    client.get(path)
    client.application.extensions["kim_page_cache"].clear()
    with StatementCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    return counter.statements


def test_the_ballot_page_costs_the_same_few_statements_with_5_and_50_seats(
    client,
    auth,
    people,
    body,
    meeting,
    create_agenda_item,
    create_user,
    create_membership,
    present,
    open_ballot,
):
    present("m1", "m2")
    small = open_ballot()
    ballots.cast_vote(people["m2"], small, "yes")
    for number in range(45):
        create_membership(create_user(name=f"Weiteres Mitglied {number}"), body)
    large = open_ballot(agenda_item=create_agenda_item(meeting, title="Großer Punkt"))
    ballots.cast_vote(people["m2"], large, "yes")
    assert len(large.seats) == 50
    paths = (f"/ballots/{small.id}", f"/ballots/{large.id}")
    auth.login_as(people["m1"])

    few, many = (_page_statements(client, path) for path in paths)

    assert len(few) == len(many), "\n".join(many)
    assert len(many) <= MAX_STATEMENTS, "\n".join(many)


# --- running a ballot ----------------------------------------------------------------------


def test_the_secretariat_opens_a_ballot_on_an_agenda_item(client, auth, people, item):
    auth.login_as(people["ki"])

    form = _text(client.get(f"/ballots/new?item={item.id}"))
    assert 'value="Sprachkursprogramm 2027"' in form and "Umlaufverfahren" in form
    response = client.post(
        f"/ballots/new?item={item.id}",
        data={
            "title": "Abstimmung über das Programm",
            "kind": "electronic",
            "secrecy": "named",
            "rule": "",
            "allows_changes": "y",
        },
    )

    assert response.status_code == 302
    ballot = db.session.scalar(select(Ballot))
    assert response.headers["Location"].endswith(f"/ballots/{ballot.id}")
    assert (ballot.kind, ballot.agenda_item_id) == ("electronic", item.id)


def test_a_written_procedure_on_a_proposal_is_opened_with_a_deadline(
    client, auth, people, create_proposal
):
    proposal = create_proposal(status=ProposalStatus.ACCEPTED)
    auth.login_as(people["ki"])

    form = _text(client.get(f"/ballots/new?proposal={proposal.id}"))
    assert "elektronische Abstimmung" not in form
    missing_time = client.post(
        f"/ballots/new?proposal={proposal.id}",
        data={"title": "Umlauf", "kind": "written", "secrecy": "named", "closes_at": "2099-01-05"},
    )
    assert missing_time.status_code == 422
    assert "Bitte geben Sie Datum und Uhrzeit der Frist an." in _text(missing_time)
    response = client.post(
        f"/ballots/new?proposal={proposal.id}",
        data={
            "title": "Umlauf",
            "kind": "written",
            "secrecy": "named",
            "closes_at": "2099-01-05",
            "closes_time": "12:00",
        },
    )

    assert response.status_code == 302
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.SCHEDULED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 201}, "Höchstens 200 Zeichen."),
        ({"kind": ""}, "Bitte wählen Sie eine Art der Abstimmung."),
        ({"kind": "written"}, "Bitte geben Sie an, bis wann abgestimmt werden kann."),
        ({"closes_at": "31.02.2027", "closes_time": "12:00"}, "gültiges Datum"),
    ],
)
def test_bad_input_when_opening_is_answered_next_to_the_field(
    client, auth, people, item, data, message
):
    auth.login_as(people["ki"])
    values = {"title": "Abstimmung", "kind": "electronic", "secrecy": "named", **data}

    response = client.post(f"/ballots/new?item={item.id}", data=values)

    assert response.status_code == 422
    assert message in _text(response)
    assert _count(Ballot) == 0


def test_the_title_keeps_any_script_as_text(client, auth, people, item):
    auth.login_as(people["ki"])
    title = "<script>alert(1)</script> Ölförderung ✓ שלום"

    client.post(
        f"/ballots/new?item={item.id}",
        data={"title": title, "kind": "electronic", "secrecy": "named"},
    )
    page = client.get(f"/ballots/{db.session.scalar(select(Ballot.id))}").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ölförderung ✓ שלום" in page


@pytest.mark.parametrize("query", ["item=abc", "item=99999", "proposal=99999", ""])
def test_opening_on_no_subject_is_not_found(client, auth, people, query):
    auth.login_as(people["ki"])

    assert client.get(f"/ballots/new?{query}").status_code == 404


@pytest.mark.parametrize("who", ["m1", "guest"])
def test_members_may_not_open_ballots(client, auth, people, item, who):
    auth.login_as(people[who])

    assert client.get(f"/ballots/new?item={item.id}").status_code == 403


def test_the_secretariat_enters_the_counts_of_a_show_of_hands(client, auth, people, open_ballot):
    ballot = open_ballot("recorded")
    auth.login_as(people["ki"])

    assert "Ja-Stimmen" in _text(client.get(f"/ballots/{ballot.id}/counts"))
    too_many = client.post(
        f"/ballots/{ballot.id}/counts",
        data={"mode": "counts", "yes": "9", "no": "0", "abstain": "0"},
    )
    assert too_many.status_code == 422
    assert "9 Stimmen eingetragen, aber nur 5 Sitze" in _text(too_many)
    negative = client.post(
        f"/ballots/{ballot.id}/counts",
        data={"mode": "counts", "yes": "-1", "no": "x", "abstain": ""},
    )
    assert negative.status_code == 422
    assert "Bitte geben Sie eine ganze Zahl ab 0 an." in _text(negative)
    response = client.post(
        f"/ballots/{ballot.id}/counts",
        data={"mode": "counts", "yes": "4", "no": "1", "abstain": "0"},
    )

    assert response.status_code == 302
    assert "Ergebnis: angenommen" in _text(client.get(f"/ballots/{ballot.id}"))


def test_the_secretariat_enters_named_votes(client, auth, people, present, open_ballot):
    present("m1", "m2")
    ballot = open_ballot("recorded")
    seats = {s.membership.user.name: s.id for s in ballot.seats}
    auth.login_as(people["ki"])

    bad = client.post(
        f"/ballots/{ballot.id}/counts",
        data={"mode": "names", f"seat_{seats['Mitglied 1']}": "vielleicht"},
    )
    assert bad.status_code == 422
    assert "Bitte wählen Sie Ja, Nein oder Enthaltung." in _text(bad)
    response = client.post(
        f"/ballots/{ballot.id}/counts",
        data={
            "mode": "names",
            f"seat_{seats['Mitglied 1']}": "yes",
            f"seat_{seats['Mitglied 2']}": "no",
        },
    )

    assert response.status_code == 302
    assert _count(Vote) == 2


def test_closing_from_the_page_and_a_second_close_is_a_conflict(client, auth, people, running):
    ballots.cast_vote(people["m1"], running, "yes")
    auth.login_as(people["ki"])

    assert client.post(f"/ballots/{running.id}/close").status_code == 302
    again = client.post(f"/ballots/{running.id}/close")

    assert again.status_code == 409
    assert "Die Abstimmung ist bereits beendet." in _text(again)
    assert db.session.get(Ballot, running.id).result == "adopted"


def test_members_may_not_close(client, auth, people, running):
    auth.login_as(people["m1"])

    assert client.post(f"/ballots/{running.id}/close").status_code == 403
    assert db.session.get(Ballot, running.id).status == BallotStatus.OPEN


def test_cancelling_needs_a_reason(client, auth, people, running):
    auth.login_as(people["ki"])

    assert client.get(f"/ballots/{running.id}/cancel").status_code == 200
    empty = client.post(f"/ballots/{running.id}/cancel", data={"reason": ""})
    assert empty.status_code == 422
    assert "warum die Abstimmung abgebrochen wird" in _text(empty)
    assert (
        client.post(f"/ballots/{running.id}/cancel", data={"reason": "Falscher TOP"}).status_code
        == 302
    )
    assert db.session.get(Ballot, running.id).status == BallotStatus.CANCELLED


def test_a_seat_objects_to_a_written_procedure_from_its_page(
    client, auth, people, open_ballot, create_proposal
):
    proposal = create_proposal(status=ProposalStatus.ACCEPTED)
    ballot = open_ballot("written", proposal=proposal)
    auth.login_as(people["m3"])

    assert "Dem Umlaufverfahren widersprechen" in _text(client.get(f"/ballots/{ballot.id}"))
    assert client.get(f"/ballots/{ballot.id}/object").status_code == 200
    empty = client.post(f"/ballots/{ballot.id}/object", data={"reason": " "})
    assert empty.status_code == 422
    response = client.post(
        f"/ballots/{ballot.id}/object", data={"reason": "Bitte in der Sitzung beraten."}
    )

    assert response.status_code == 302
    assert db.session.get(Ballot, ballot.id).result == "objected"
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.ACCEPTED
    assert "Widerspruch gegen das Umlaufverfahren" in _text(client.get(f"/ballots/{ballot.id}"))


def test_the_ballot_page_closes_a_procedure_past_its_deadline(
    client, auth, people, open_ballot, soon
):
    ballot = open_ballot("written")
    db.session.execute(
        update(Ballot).where(Ballot.id == ballot.id).values(closes_at=soon(minutes=-5))
    )
    db.session.commit()
    auth.login_as(people["m1"])

    page = _text(client.get(f"/ballots/{ballot.id}"))

    assert "Die Frist war abgelaufen." in page
    assert db.session.get(Ballot, ballot.id).status == BallotStatus.CLOSED


def test_someone_holding_a_seat_and_deputising_chooses_the_seat_on_the_page(
    client, auth, people, body, create_membership, present, open_ballot
):
    deputy_seat = create_membership(people["m4"], body, "deputy", deputy_of_id=people["m3_seat"].id)
    present("m4", absent=("m3",))
    db.session.add(
        Attendance(
            meeting_id=open_ballot().meeting_id,
            membership_id=deputy_seat.id,
            answer="attend",
            present=True,
        )
    )
    db.session.commit()
    ballot = db.session.scalar(select(Ballot))
    auth.login_as(people["m4"])

    page = _text(client.get(f"/ballots/{ballot.id}"))
    assert "Für welchen Sitz?" in page and "Sitz von Mitglied 3 (als Stellvertretung)" in page
    unchosen = client.post(f"/ballots/{ballot.id}/vote", data={"choice": "yes"})
    assert unchosen.status_code == 422
    assert "Sie können für mehrere Sitze abstimmen. Bitte wählen Sie den Sitz." in _text(unchosen)
    seat = db.session.scalar(
        select(BallotSeat).where(BallotSeat.membership_id == people["m3_seat"].id)
    )
    response = client.post(
        f"/ballots/{ballot.id}/vote", data={"choice": "no", "seat_id": str(seat.id)}
    )

    assert response.status_code == 302
    assert db.session.scalar(select(Vote.seat_id)) == seat.id


def test_a_ballot_on_an_amendment_is_opened_from_its_item(
    client, auth, people, item, create_proposal
):
    from meetings.models import Amendment

    proposal = create_proposal()
    amendment = Amendment(proposal=proposal, author=people["m1"], resolution_text="Anders.")
    db.session.add(amendment)
    item.proposal_id = proposal.id
    db.session.commit()
    auth.login_as(people["ki"])
    url = f"/ballots/new?item={item.id}&amendment={amendment.id}"

    assert "Änderungsantrag zu" in _text(client.get(url))
    response = client.post(
        url, data={"title": "Änderungsantrag 1", "kind": "electronic", "secrecy": "named"}
    )

    assert response.status_code == 302
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.amendment_id, ballot.proposal_id) == (amendment.id, proposal.id)


def test_the_pages_forms_carry_their_csrf_tokens(app, client, auth, people, running):
    app.config["WTF_CSRF_ENABLED"] = True
    auth.login_as(people["m2"])
    page = client.get(f"/ballots/{running.id}").get_data(as_text=True)
    tokens = dict(
        re.findall(r'name="((?:declare-)?csrf_token)" type="hidden" value="([^"]+)"', page)
    )
    assert set(tokens) == {"csrf_token", "declare-csrf_token"}

    declared = client.post(
        f"/ballots/{running.id}/conflict", data={"declare-csrf_token": tokens["declare-csrf_token"]}
    )

    assert declared.status_code == 302
