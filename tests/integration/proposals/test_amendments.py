"""Amendments: tabled by members of the deciding body, withdrawn by their author, shown as a
word-level difference to the proposal's text that reads without colour."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meetings.models import Amendment, AmendmentStatus
from meetings.services import amendments
from meetings.textdiff import DELETE, EQUAL, INSERT
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from tests.integration.proposals.conftest import AMENDED_TEXT, ORIGINAL_TEXT


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Amendment))


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["lg_member", "lg_deputy", "lg_chair", "ki"])
@pytest.mark.parametrize("status", ["accepted", "scheduled"])
def test_members_of_the_deciding_body_table_amendments(people, create_proposal, who, status):
    proposal = create_proposal(status=status)

    amendment = amendments.table_amendment(
        people[who], proposal, f"  {AMENDED_TEXT}  ", "Eine Stelle reicht nicht."
    )

    assert amendment.status == AmendmentStatus.TABLED
    assert amendment.resolution_text == AMENDED_TEXT
    assert amendment.author_id == people[who].id


@pytest.mark.parametrize("who", ["ag_member", "lead", "lg_guest", "admin"])
def test_people_without_a_seat_in_the_deciding_body_may_not(people, create_proposal, who):
    proposal = create_proposal(status="scheduled")

    with pytest.raises(PermissionDenied):
        amendments.table_amendment(people[who], proposal, AMENDED_TEXT)

    assert _count() == 0


def test_outsiders_do_not_learn_the_proposal_exists(people, create_proposal):
    proposal = create_proposal(status="scheduled")
    with pytest.raises(NotFound):
        amendments.table_amendment(people["outsider"], proposal, AMENDED_TEXT)


@pytest.mark.parametrize("status", ["in_deliberation", "forwarded", "decided", "withdrawn"])
def test_amendments_are_tabled_only_while_the_proposal_waits_for_its_decision(
    people, create_proposal, status
):
    proposal = create_proposal(status=status)
    with pytest.raises(PermissionDenied):
        amendments.table_amendment(people["lg_member"], proposal, AMENDED_TEXT)


@pytest.mark.parametrize(
    ("text", "rationale", "field", "message"),
    [
        ("", "", "resolution_text", "Bitte geben Sie den geänderten Beschlusstext an."),
        (" \n ", "", "resolution_text", "Bitte geben Sie den geänderten Beschlusstext an."),
        (ORIGINAL_TEXT, "", "resolution_text", "Der Text ist derselbe wie im Beschlussvorschlag."),
        ("x" * 20_001, "", "resolution_text", "Höchstens 20000 Zeichen."),
        (AMENDED_TEXT, "x" * 5_001, "rationale", "Höchstens 5000 Zeichen."),
    ],
    ids=["empty", "blank", "unchanged", "huge", "huge-rationale"],
)
def test_bad_amendments_are_refused_in_german(
    people, create_proposal, text, rationale, field, message
):
    proposal = create_proposal(status="scheduled")

    with pytest.raises(InvalidInput) as refused:
        amendments.table_amendment(people["lg_member"], proposal, text, rationale)

    assert refused.value.errors[0][0] == field and message in refused.value.errors[0][1]
    assert _count() == 0


def test_the_author_withdraws_a_tabled_amendment_once(people, create_proposal, create_amendment):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])

    amendments.withdraw_amendment(people["lg_member"], amendment)

    assert amendment.status == AmendmentStatus.WITHDRAWN
    with pytest.raises(Conflict, match="bereits zurückgezogen"):
        amendments.withdraw_amendment(people["lg_member"], amendment)


@pytest.mark.parametrize("who", ["lg_chair", "ki", "submitter"])
def test_nobody_else_withdraws_an_amendment(people, create_proposal, create_amendment, who):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])

    with pytest.raises(PermissionDenied, match="Nur wer den Änderungsantrag eingebracht hat"):
        amendments.withdraw_amendment(people[who], amendment)

    assert amendment.status == AmendmentStatus.TABLED


def test_a_voted_amendment_cannot_be_withdrawn(people, create_proposal, create_amendment):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"], status="rejected")

    with pytest.raises(Conflict, match="bereits abgestimmt"):
        amendments.withdraw_amendment(people["lg_member"], amendment)


def test_the_difference_is_word_by_word(people, create_proposal, create_amendment):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])

    segments = amendments.amendment_diff(proposal, amendment)

    assert [(s.kind, s.text) for s in segments] == [
        (EQUAL, "Die Lenkungsgruppe beschließt die Einführung "),
        (DELETE, "einer Lotsenstelle."),
        (INSERT, "zweier Lotsenstellen."),
    ]


# --- on the pages -----------------------------------------------------------------------------


def test_the_page_shows_the_difference_readable_without_colour(
    client, auth, people, create_proposal, create_amendment
):
    proposal = create_proposal(status="scheduled")
    create_amendment(proposal, people["lg_member"])
    auth.login_as(people["lg_chair"])

    page = _text(client.get(f"/proposals/{proposal.id}"))

    assert "<del>" in page and "<ins>" in page
    assert 'aria-hidden="true">−</span><span class="kern-sr-only">entfernt: </span>einer' in page
    assert 'aria-hidden="true">+</span><span class="kern-sr-only">eingefügt: </span>zweier' in page
    assert "Änderungsantrag 1 von Lars Lenkung" in page
    assert "durchgestrichen" in page  # the legend says how changes are marked


def test_a_member_tables_an_amendment_through_the_form(client, auth, people, create_proposal):
    proposal = create_proposal(status="accepted")
    auth.login_as(people["lg_member"])
    form = client.get(f"/proposals/{proposal.id}/amendments/new")
    assert form.status_code == 200 and ORIGINAL_TEXT in _text(form)

    response = client.post(
        f"/proposals/{proposal.id}/amendments/new",
        data={"resolution_text": AMENDED_TEXT, "rationale": "<script>alert(1)</script>"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}#amendments")
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Änderungsantrag zurückziehen" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Bitte geben Sie den geänderten Beschlusstext an."),
        ("ä" * 20_001, "Höchstens 20000 Zeichen."),
        (ORIGINAL_TEXT, "Der Text ist derselbe wie im Beschlussvorschlag."),
    ],
    ids=["empty", "huge", "unchanged"],
)
def test_bad_amendments_get_the_message_next_to_the_field(
    client, auth, people, create_proposal, text, message
):
    proposal = create_proposal(status="accepted")
    auth.login_as(people["lg_member"])

    response = client.post(
        f"/proposals/{proposal.id}/amendments/new", data={"resolution_text": text}
    )

    assert response.status_code == 422
    assert 'id="resolution_text-error-1"' in _text(response) and message in _text(response)
    assert _count() == 0


def test_the_form_refuses_people_without_a_seat_with_a_reason(
    client, auth, people, create_proposal
):
    proposal = create_proposal(status="accepted")
    auth.login_as(people["ag_member"])

    response = client.get(f"/proposals/{proposal.id}/amendments/new")

    assert response.status_code == 403
    assert "Änderungsanträge stellen Mitglieder des beschließenden Gremiums" in _text(response)


def test_the_author_withdraws_from_the_page(
    client, auth, people, create_proposal, create_amendment
):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])
    auth.login_as(people["lg_member"])
    url = f"/proposals/{proposal.id}/amendments/{amendment.id}/withdraw"

    assert client.post(url).status_code == 302
    again = client.post(url)

    assert again.status_code == 409 and "bereits zurückgezogen" in _text(again)
    db.session.expire_all()
    assert amendment.status == AmendmentStatus.WITHDRAWN


def test_another_member_cannot_withdraw_it(client, auth, people, create_proposal, create_amendment):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])
    auth.login_as(people["lg_chair"])

    response = client.post(f"/proposals/{proposal.id}/amendments/{amendment.id}/withdraw")

    assert response.status_code == 403
    assert "Nur wer den Änderungsantrag eingebracht hat" in _text(response)
