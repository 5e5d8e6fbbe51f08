"""The demo Handlungskonzept: 1.0 adopted by a steering group decision, 1.1 in review.

The demo data is loaded as ``kim-portal demo-data`` loads it, through the services; the tests
check that what the demo shows is really there and that its pages render.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from documents.models import CommentStatus, Document, DocumentVersion, VersionStatus
from documents.services import adoption, review, versions
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services.decisions import decision_reference
from portal.db import utcnow
from portal.demo_data import load_demo_data
from portal.extensions import db
from portal.models import AuditEvent, User
from portal.permissions import current_memberships

BASE = "/documents/handlungskonzept"


@pytest.fixture
def counts(app):
    return load_demo_data()


@pytest.fixture
def document(counts) -> Document:
    return db.session.scalar(select(Document).where(Document.slug == "handlungskonzept"))


def _version(document: Document, number: str) -> DocumentVersion:
    return next(v for v in document.versions if v.number == number)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _headings(version: DocumentVersion) -> list[str]:
    return [section.heading for section in versions.load_sections(version)]


def test_the_demo_adds_one_public_document_of_the_steering_group(counts, document):
    assert counts["documents"] == 1
    assert db.session.scalars(select(Document)).all() == [document]
    assert document.title == "Kreisweites Handlungskonzept KIM Rhein-Kreis Neuss"
    assert document.owner_body.slug == "lenkungsgruppe"
    assert document.is_public
    assert [v.number for v in document.versions] == ["1.0", "1.1"]


def test_version_1_0_is_adopted_by_a_decision_of_the_steering_group(document):
    adopted = _version(document, "1.0")
    decision = adopted.decision

    assert adopted.status == VersionStatus.ADOPTED
    assert adopted.content_hash == adoption.version_hash(adopted)
    assert decision.outcome == Outcome.ADOPTED and decision.body.slug == "lenkungsgruppe"
    assert decision_reference(decision).startswith(f"LG {decision.year}/")
    assert adopted.stand == decision.decided_on
    assert decision.proposal.status == ProposalStatus.DECIDED
    assert adopted.content_hash in decision.resolution_text
    adopt_entry = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "document_version.adopt", AuditEvent.object_id == adopted.id
        )
    )
    assert adopt_entry.actor.email == "sekretariat@demo.example"


def test_the_adopted_text_covers_the_concept_of_the_seed(document):
    adopted = _version(document, "1.0")
    sections = versions.load_sections(adopted)
    headings = _headings(adopted)
    bodies = {section.heading: section.body for section in sections}

    assert 12 <= len(sections) <= 20
    assert {section.level for section in sections} == {1, 2, 3}
    for expected in (
        "Ziele",
        "Bausteine",
        "Zielgruppen in drei Stufen",
        "Organisationsstruktur",
        "Koordinierende Stelle (KI)",
        "Lenkungsgruppe",
        "Arbeitsgruppe Verfahrensebene",
        "Arbeitsgruppe Fallebene",
        "Case-Management",
        "Rechtskreisübergreifende Zusammenarbeit",
        "Controlling und Fortschreibung",
    ):
        assert expected in headings
    assert [h for h in headings if h.startswith("Stufe ")] == [
        "Stufe 1: Junge Zugewanderte von 18 bis 35 Jahren",
        "Stufe 2: Erweiterung um junge Geduldete und Gestattete",
        "Stufe 3: Weitere Alters- und Zielgruppen",
    ]
    assert [h for h in headings if h.startswith("Baustein ")] == [
        "Baustein 1: Strategischer Overhead",
        "Baustein 2: Rechtskreisübergreifendes Case-Management",
        "Baustein 3: Förderung der Einbürgerung",
    ]
    assert "|---|" in bodies["Zielgruppen in drei Stufen"]
    assert "31.12.2022" in bodies["Zielgruppen in drei Stufen"]
    assert "6 Personalstellen" in bodies["Case-Management"]


def test_draft_1_1_changes_three_sections_and_has_a_change_note(document):
    adopted, draft = _version(document, "1.0"), _version(document, "1.1")
    old = {s.section_id: s for s in versions.load_sections(adopted)}
    new = {s.section_id: s for s in versions.load_sections(draft)}

    assert draft.based_on_id == adopted.id and draft.change_note
    added = [new[key].heading for key in new.keys() - old.keys()]
    changed = [
        new[key].heading for key in new.keys() & old.keys() if new[key].body != old[key].body
    ]
    assert added == ["Einbürgerungsberatung"] and not old.keys() - new.keys()
    assert sorted(changed) == [
        "Case-Management",
        "Stufe 2: Erweiterung um junge Geduldete und Gestattete",
    ]
    headings = _headings(draft)
    assert headings.index("Einbürgerungsberatung") == (
        headings.index("Baustein 3: Förderung der Einbürgerung") + 1
    )


def test_draft_1_1_is_in_review_with_both_working_groups_and_their_comments(document):
    draft = _version(document, "1.1")
    round_ = review.current_round(draft)
    comments = review.version_comments(draft)
    handled = [c for c in comments if c.status != CommentStatus.OPEN]

    assert draft.status == VersionStatus.IN_REVIEW
    assert {body.slug for body in round_.bodies} == {"ag-verfahrensebene", "ag-fallebene"}
    assert timedelta(days=14) < round_.deadline - utcnow() < timedelta(days=42)
    assert len(comments) >= 3
    assert {c.body.slug for c in comments} == {"ag-verfahrensebene", "ag-fallebene"}
    for comment in comments:
        roles = {m.role for m in current_memberships(comment.author, comment.body)}
        assert roles and "guest" not in roles and "secretariat" not in roles
    assert any(c.proposed_text and c.status == CommentStatus.OPEN for c in comments)
    assert handled and all(
        c.handled_by.email == "sekretariat@demo.example" and c.response for c in handled
    )
    accepted = next(c for c in handled if c.status == CommentStatus.ACCEPTED)
    section = next(s for s in draft.sections if s.section_id == accepted.section_id)
    assert section.body == accepted.proposed_text


def test_the_secretariat_sees_the_document_its_versions_and_the_comparison(client, auth, document):
    auth.login_as(_user("sekretariat@demo.example"))

    overview = client.get(f"{BASE}/")
    adopted = client.get(f"{BASE}/versions/1.0")
    draft = client.get(f"{BASE}/versions/1.1")
    comparison = client.get(f"{BASE}/compare?from=1.0&to=1.1")

    assert overview.status_code == 200
    assert adopted.status_code == 200
    reference = decision_reference(_version(document, "1.0").decision)
    assert reference in adopted.get_data(as_text=True)
    assert "<table" in adopted.get_data(as_text=True)
    assert draft.status_code == 200 and "Einbürgerungsberatung" in draft.get_data(as_text=True)
    assert comparison.status_code == 200
    assert "Einbürgerungsberatung" in comparison.get_data(as_text=True)


def test_visitors_read_the_adopted_version_but_not_the_draft(client, document):
    assert client.get(f"{BASE}/versions/1.0").status_code == 200
    assert client.get(f"{BASE}/versions/1.1").status_code == 404
