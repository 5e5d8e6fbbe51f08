"""Adopting a version: the secretariat puts it before the steering group, the text is fixed until
the decision, and the decision adopts it, together with superseding the old version, in one
transaction. A rejection or a referral back gives the draft back; adopted text never changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from documents.models import DocumentVersion, FrozenVersionError, VersionStatus
from documents.services import adoption, review
from documents.versioning import content_hash
from meetings.models import Decision, Proposal
from meetings.proposal_flow import Outcome, ProposalStatus, Step
from meetings.services import decisions, proposals
from portal.db import utcnow
from portal.extensions import db
from portal.timeutil import to_local
from tests.fixtures.meetings import in_days
from tests.integration.test_bad_input import snapshot

ORIGINAL = "Teilhabe und Integration **verbessern**."


def _text(response) -> str:
    return response.get_data(as_text=True)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def ki(personas):
    return personas["secretariat"]


@pytest.fixture
def adopted(body, create_document, create_version):
    document = create_document(body, title="Handlungskonzept KIM", slug="hk")
    return create_version(document, "1.0", status=VersionStatus.ADOPTED)


@pytest.fixture
def draft(adopted, create_version):
    """Version 1.1, a draft copied from 1.0 (same sections), with one change."""
    version = create_version(adopted.document, "1.1", based_on=adopted, change_note="Ziele neu")
    version.sections[0].body = "Teilhabe **stärken**."
    db.session.commit()
    return version


@pytest.fixture
def meeting(body, create_meeting):
    """The steering group's meeting yesterday, where it decided."""
    return create_meeting(body, starts_at=in_days(-1))


def _base(version) -> str:
    return f"/documents/{version.document.slug}/versions/{version.number}"


def _edit_url(version) -> str:
    return f"{_base(version)}/sections/{version.sections[0].section_id}/edit"


def _edit(client, version, body="Geändert."):
    section = version.sections[0]
    return client.post(
        _edit_url(version),
        data={
            "heading": section.heading,
            "level": str(section.level),
            "body": body,
            "revision": str(section.revision),
        },
    )


def _submit(client, auth, ki, draft, **data):
    auth.login_as(ki)
    response = client.post(f"{_base(draft)}/decision", data={"proposal": "", **data})
    assert response.status_code == 302, _text(response)
    return db.session.get(Proposal, draft.proposal_id)


def _schedule(ki, proposal: Proposal, meeting) -> None:
    """Take the proposal through deliberation, forwarding and acceptance onto the agenda."""
    proposals.take_step(ki, proposal, Step.SUBMIT_FOR_DELIBERATION)
    proposals.take_step(
        ki,
        proposal,
        Step.FORWARD,
        recommendation="Annehmen",
        votes_yes=5,
        votes_no=0,
        votes_abstain=0,
    )
    proposals.take_step(ki, proposal, Step.ACCEPT)
    proposals.schedule_proposal(ki, proposal, meeting)


def _decide(ki, proposal: Proposal, meeting, outcome: Outcome, mandate: str = "") -> Decision:
    _schedule(ki, proposal, meeting)
    return proposals.decide_proposal(ki, proposal, outcome, meeting=meeting, mandate=mandate)


# --- putting a version before the steering group -----------------------------------------------


def test_submitting_writes_a_proposal_that_names_the_version_and_its_hash(
    client, auth, ki, draft, body
):
    digest = adoption.version_hash(draft)

    auth.login_as(ki)
    response = client.post(f"{_base(draft)}/decision", data={"proposal": ""})

    proposal = db.session.scalar(select(Proposal))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert draft.proposal_id == proposal.id
    assert proposal.body_id == body.id and proposal.deciding_body.id == body.id
    assert "Version 1.1" in proposal.resolution_text and digest in proposal.resolution_text
    assert "Ziele neu" in proposal.rationale
    assert proposal.status == ProposalStatus.DRAFT
    assert draft.status == VersionStatus.DRAFT


def test_a_submitted_version_is_locked_until_the_decision(client, auth, ki, draft):
    _submit(client, auth, ki, draft)

    response = _edit(client, draft)
    page = _text(client.get(f"{_base(draft)}/decision"))

    assert response.status_code == 409
    assert "liegt der Lenkungsgruppe zur Entscheidung vor" in _text(response)
    db.session.expire_all()
    assert draft.sections[0].body == "Teilhabe **stärken**."
    assert "liegt bereits zur Entscheidung vor" in page
    assert client.post(f"{_base(draft)}/decision", data={"proposal": ""}).status_code == 409
    assert _count(Proposal) == 1


def test_an_open_proposal_can_carry_the_version(client, auth, ki, personas, draft, body):
    chosen = proposals.create_proposal(personas["member"], body, title="HK", resolution_text="X")
    decided = proposals.create_proposal(personas["member"], body, title="Alt", resolution_text="X")
    decided.status = ProposalStatus.DECIDED
    db.session.commit()
    auth.login_as(ki)

    page = _text(client.get(f"{_base(draft)}/decision"))
    response = client.post(f"{_base(draft)}/decision", data={"proposal": str(chosen.id)})

    assert f'value="{chosen.id}"' in page and f'value="{decided.id}"' not in page
    assert response.headers["Location"].endswith(f"/proposals/{chosen.id}")
    assert draft.proposal_id == chosen.id
    assert _count(Proposal) == 2


def test_a_proposal_of_another_version_is_not_offered(
    client, auth, ki, personas, draft, body, create_document, create_version
):
    taken = proposals.create_proposal(personas["member"], body, title="HK", resolution_text="X")
    other = create_version(create_document(body), "1.0")
    other.proposal = taken
    db.session.commit()
    auth.login_as(ki)
    before = snapshot()

    page = _text(client.get(f"{_base(draft)}/decision"))
    response = client.post(f"{_base(draft)}/decision", data={"proposal": str(taken.id)})

    assert f'value="{taken.id}"' not in page
    assert response.status_code == 422
    assert "Bitte wählen Sie eine der angebotenen Vorlagen." in _text(response)
    assert snapshot() == before


@pytest.mark.parametrize("value", ["999999", "keine Zahl", "<script>alert(1)</script>"])
def test_a_proposal_that_was_not_offered_is_refused(client, auth, ki, draft, value):
    auth.login_as(ki)
    before = snapshot()

    response = client.post(f"{_base(draft)}/decision", data={"proposal": value})

    assert response.status_code == 422
    assert 'id="proposal-error-1"' in _text(response)
    assert "<script>alert(1)</script>" not in _text(response)
    assert snapshot() == before


def test_a_version_in_review_is_not_submitted(client, auth, ki, draft, body):
    review.start_review(ki, draft, [body], utcnow() + timedelta(days=3))
    auth.login_as(ki)
    before = snapshot()

    response = client.post(f"{_base(draft)}/decision", data={"proposal": ""})

    assert response.status_code == 422
    assert "Bitte beenden Sie zuerst die Abstimmung mit den Gremien" in _text(response)
    assert snapshot() == before


def test_a_version_with_open_comments_is_not_submitted_until_they_are_handled(
    client, auth, ki, personas, draft, body
):
    review.start_review(ki, draft, [body], utcnow() + timedelta(days=3))
    section = draft.sections[0]
    comment = review.add_comment(personas["member"], draft, section, text="Bitte ergänzen.")
    review.end_review(ki, draft)
    auth.login_as(ki)
    before = snapshot()

    refused = client.post(f"{_base(draft)}/decision", data={"proposal": ""})

    assert refused.status_code == 422
    assert "Eine Anmerkung aus der Abstimmung ist noch offen" in _text(refused)
    assert snapshot() == before
    review.handle_comment(ki, draft, comment, decision="answered", response="Ergänzt.")
    assert _submit(client, auth, ki, draft) is not None


def test_a_long_title_is_shortened_to_fit_the_proposal(client, auth, ki, draft):
    draft.document.title = "Ä" * 200
    db.session.commit()

    proposal = _submit(client, auth, ki, draft)

    assert len(proposal.title) == 200 and proposal.title.endswith("…: Version 1.1")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("guest", 403), ("other_member", 404), ("member", 403), ("chair", 403)],
)
def test_only_the_secretariat_submits(client, auth, personas, draft, persona, status):
    if personas[persona]:
        auth.login_as(personas[persona])

    assert client.get(f"{_base(draft)}/decision").status_code == status
    assert client.post(f"{_base(draft)}/decision", data={"proposal": ""}).status_code == status
    assert _count(Proposal) == 0


# --- the decision ----------------------------------------------------------------------------


def test_adopting_the_proposal_adopts_the_version_and_supersedes_the_old(
    client, auth, ki, draft, adopted, meeting
):
    proposal = _submit(client, auth, ki, draft)

    decision = _decide(ki, proposal, meeting, Outcome.ADOPTED)

    db.session.expire_all()
    expected = content_hash((s.level, s.heading, s.body) for s in draft.sections)
    assert draft.status == VersionStatus.ADOPTED
    assert draft.stand == to_local(meeting.starts_at).date() == decision.decided_on
    assert draft.decision_id == decision.id
    assert draft.content_hash == expected
    assert expected in proposal.resolution_text
    assert draft.adopted_at is not None
    assert adopted.status == VersionStatus.SUPERSEDED and adopted.superseded_at is not None
    assert proposal.status == ProposalStatus.DECIDED


def test_the_adoption_is_stored_with_the_decision_or_not_at_all(
    client, auth, ki, draft, adopted, meeting, monkeypatch
):
    proposal = _submit(client, auth, ki, draft)
    _schedule(ki, proposal, meeting)
    ran = []

    def fail_after_the_adoption(_actor, decision):
        ran.append(db.session.get(DocumentVersion, draft.id).status)
        raise RuntimeError("the register broke after the adoption")

    listeners = [*decisions._DECISION_LISTENERS, fail_after_the_adoption]
    monkeypatch.setattr(decisions, "_DECISION_LISTENERS", listeners)

    with pytest.raises(RuntimeError):
        proposals.decide_proposal(ki, proposal, Outcome.ADOPTED, meeting=meeting)
    db.session.rollback()

    assert ran == [VersionStatus.ADOPTED]
    assert _count(Decision) == 0
    assert (draft.status, draft.content_hash, draft.decision_id) == (
        VersionStatus.DRAFT,
        None,
        None,
    )
    assert adopted.status == VersionStatus.ADOPTED and adopted.superseded_at is None
    assert proposal.status == ProposalStatus.SCHEDULED


def test_a_rejected_version_stays_a_draft_and_can_be_edited_again(
    client, auth, ki, draft, adopted, meeting
):
    proposal = _submit(client, auth, ki, draft)

    _decide(ki, proposal, meeting, Outcome.REJECTED)
    response = _edit(client, draft, body="Nach der Ablehnung überarbeitet.")

    db.session.expire_all()
    assert draft.status == VersionStatus.DRAFT and draft.content_hash is None
    assert adopted.status == VersionStatus.ADOPTED
    assert response.status_code == 302
    assert draft.sections[0].body == "Nach der Ablehnung überarbeitet."


def test_a_version_referred_back_is_released_for_rework(client, auth, ki, draft, meeting):
    proposal = _submit(client, auth, ki, draft)

    _decide(ki, proposal, meeting, Outcome.REFERRED_BACK, mandate="Zielgruppen ergänzen")

    db.session.expire_all()
    assert draft.proposal_id is None and draft.status == VersionStatus.DRAFT
    assert proposal.status == ProposalStatus.IN_DELIBERATION
    assert _edit(client, draft).status_code == 302


def test_a_deferred_version_stays_locked(client, auth, ki, draft, meeting):
    proposal = _submit(client, auth, ki, draft)

    _decide(ki, proposal, meeting, Outcome.DEFERRED)

    assert draft.status == VersionStatus.DRAFT and draft.proposal_id == proposal.id
    assert _edit(client, draft).status_code == 409


# --- immutability ----------------------------------------------------------------------------


def test_the_database_refuses_to_change_an_adopted_section(adopted):
    adopted.sections[0].body = "Heimlich geändert."

    with pytest.raises(FrozenVersionError):
        db.session.commit()
    db.session.rollback()
    assert adopted.sections[0].body == ORIGINAL


def test_the_database_refuses_to_change_an_adopted_versions_hash(adopted):
    adopted.content_hash = "0" * 64

    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()


def test_the_pages_refuse_to_change_an_adopted_version(client, auth, ki, adopted, body):
    auth.login_as(ki)
    before = snapshot()

    assert _edit(client, adopted).status_code == 403
    assert client.post(f"{_base(adopted)}/decision", data={"proposal": ""}).status_code == 403
    assert client.get(f"{_base(adopted)}/review").status_code == 403
    assert snapshot() == before


def test_comments_on_an_adopted_version_can_no_longer_be_handled(
    client, auth, ki, personas, draft, body, meeting
):
    review.start_review(ki, draft, [body], utcnow() + timedelta(days=3))
    comment = review.add_comment(personas["member"], draft, draft.sections[1], text="Zu spät")
    review.end_review(ki, draft)
    review.handle_comment(ki, draft, comment, decision="answered", response="Vorgemerkt.")
    proposal = _submit(client, auth, ki, draft)
    _decide(ki, proposal, meeting, Outcome.ADOPTED)

    response = client.post(
        f"{_base(draft)}/comments/{comment.id}", data={"decision": "declined", "response": "Nein"}
    )

    assert response.status_code == 409
    assert "Diese Version ist beschlossen" in _text(response)
    assert (comment.status, comment.response) == ("answered", "Vorgemerkt.")
