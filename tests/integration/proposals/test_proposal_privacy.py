"""Who sees a proposal: drafts only their submitter and whoever runs the working group;
non-public proposals only the bodies' members (404 for outsiders, absent from every list);
public proposals of a public steering group everyone. The lists' SQL says the same as
``proposal.view`` says for one proposal."""

from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import delete, select

from meetings.models import Proposal
from meetings.services import proposal_lists, proposals
from portal.extensions import db
from portal.permissions import Action, can, visible_proposals
from tests.fixtures.meetings import PDF_BYTES

#: Who sees a draft of the working group.
DRAFT_READERS = {"submitter", "lead", "ki"}
#: Who sees a non-public proposal once it left the draft: both bodies' members, KI, admins.
MEMBERS = {
    "submitter",
    "lead",
    "ki",
    "ag_member",
    "lg_member",
    "lg_deputy",
    "lg_chair",
    "lg_guest",
    "admin",
}
EVERYONE = MEMBERS | {"anonymous", "outsider"}


def _text(response) -> str:
    return response.get_data(as_text=True)


def _login(auth, people, who) -> None:
    if people[who] is None:
        auth.logout()
    else:
        auth.login_as(people[who])


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_a_draft_is_seen_by_its_submitter_and_the_groups_lead_only(
    client, auth, people, create_proposal, who
):
    draft = create_proposal(title="Geheimer Entwurf")
    _login(auth, people, who)

    page = client.get(f"/proposals/{draft.id}")
    listing = _text(client.get("/proposals/"))

    if who in DRAFT_READERS:
        assert page.status_code == 200
        assert "Geheimer Entwurf" in listing
    else:
        assert page.status_code == 404
        assert "Geheimer Entwurf" not in _text(page) and "Geheimer Entwurf" not in listing


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_a_non_public_proposal_is_seen_by_the_bodies_members_only(
    client, auth, people, create_proposal, who
):
    proposal = create_proposal(title="Interne Vorlage", status="forwarded")
    _login(auth, people, who)

    page = client.get(f"/proposals/{proposal.id}")
    listing = _text(client.get("/proposals/?view=all"))

    if who in MEMBERS:
        assert page.status_code == 200 and "Interne Vorlage" in listing
    else:
        assert page.status_code == 404
        assert "Interne Vorlage" not in listing


def test_a_public_proposal_of_a_public_steering_group_is_seen_by_everyone(
    client, body, create_proposal
):
    body.is_public = True
    public = create_proposal(title="Öffentliche Vorlage", status="accepted", is_public=True)
    internal = create_proposal(title="Nichtöffentliche Vorlage", status="accepted")
    draft = create_proposal(title="Öffentlicher Entwurf", is_public=True)

    listing = _text(client.get("/proposals/"))

    assert client.get(f"/proposals/{public.id}").status_code == 200
    assert client.get(f"/proposals/{internal.id}").status_code == 404
    assert client.get(f"/proposals/{draft.id}").status_code == 404
    assert "Öffentliche Vorlage" in listing
    assert "Nichtöffentliche Vorlage" not in listing and "Öffentlicher Entwurf" not in listing


def test_a_public_proposal_of_a_non_public_steering_group_stays_inside(client, create_proposal):
    proposal = create_proposal(status="accepted", is_public=True)
    assert client.get(f"/proposals/{proposal.id}").status_code == 404


def test_outsiders_of_a_public_proposal_see_no_non_public_meeting_in_its_path(
    client, auth, people, body, create_proposal, advance, ag_meeting
):
    """The working group met in private: its meeting is not named to the public."""
    body.is_public = True
    proposal = create_proposal(is_public=True)
    proposals.put_on_group_agenda(people["lead"], proposal, ag_meeting)
    advance(proposal, "accepted")

    public = _text(client.get(f"/proposals/{proposal.id}"))
    auth.login_as(people["ag_member"])
    inside = _text(client.get(f"/proposals/{proposal.id}"))

    assert "Sitzung der AG Verfahrensebene" not in public
    assert f'href="/meetings/{ag_meeting.id}"' not in public
    assert "AG Verfahrensebene" in public  # the body's step itself is part of the path
    assert f'href="/meetings/{ag_meeting.id}"' in inside


def test_attachments_are_as_visible_as_their_proposal(client, auth, people, create_proposal):
    proposal = create_proposal()
    auth.login_as(people["submitter"])
    client.post(
        f"/proposals/{proposal.id}/attachments",
        data={"file": (BytesIO(PDF_BYTES), "Anlage.pdf"), "title": ""},
        content_type="multipart/form-data",
    )
    db.session.expire_all()
    (attachment,) = proposal.attachments
    url = f"/proposals/{proposal.id}/attachments/{attachment.id}/Anlage.pdf"

    assert client.get(url).status_code == 200
    for who in ("ag_member", "lg_member", "outsider"):
        auth.login_as(people[who])
        assert client.get(url).status_code == 404
    auth.logout()
    assert client.get(url).status_code == 404


def test_mails_go_only_to_the_submitter(people, create_proposal, advance):
    from portal.models import OutboxMessage

    advance(create_proposal(), "scheduled")

    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    # The steering group's agenda was changed before any invitation: nobody else is told.
    assert recipients == {people["submitter"].email}


# --- the lists' SQL agrees with proposal.view --------------------------------------------------

CASES = [
    ("draft", False, False),
    ("draft", True, True),
    ("in_deliberation", False, False),
    ("forwarded", True, False),
    ("forwarded", True, True),
    ("scheduled", False, True),
    ("decided", True, True),
    ("withdrawn", False, False),
]


@pytest.fixture
def matrix(body, ag, people, create_proposal, create_body, create_membership):
    """Proposals of the working group and of the steering group in every visibility case,
    plus one of a working group without a parent (it decides itself)."""
    lonely = create_body("working_group", name="AG Sprache", slug="ag-sprache", is_public=True)
    create_membership(people["outsider"], lonely)
    return [(origin, *case) for origin in (ag, body, lonely) for case in CASES]


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_the_sql_clause_lets_through_exactly_what_proposal_view_allows(
    people, body, ag, create_proposal, matrix, who
):
    user = people[who]
    checked = 0
    for origin, status, is_public, body_public in matrix:
        body.is_public = body_public
        db.session.execute(delete(Proposal))
        proposal = create_proposal(origin, status=status, is_public=is_public)
        other = create_proposal(
            origin, status=status, is_public=is_public, submitter=people["lead"]
        )
        for candidate in (proposal, other):
            allowed = can(user, Action.PROPOSAL_VIEW, candidate)
            found = db.session.scalar(
                select(Proposal.id).where(
                    Proposal.id == candidate.id, visible_proposals(user, Proposal)
                )
            )
            assert (found is not None) == allowed, (who, origin.slug, status, is_public)
            checked += 1
    assert checked == 2 * len(matrix)


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_the_new_proposal_button_offers_the_bodies_proposal_create_allows(
    people, body, ag, create_body, who
):
    other = create_body(name="AG Arbeit", slug="ag-arbeit")
    offered = {b.slug for b in proposal_lists.creatable_bodies(people[who])}

    allowed = {b.slug for b in (body, ag, other) if can(people[who], Action.PROPOSAL_CREATE, b)}
    assert offered - {"ag-fallebene"} == allowed
