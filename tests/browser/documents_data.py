"""Documents for the browser tour, made through the documents services on top of the demo data.

Three documents of the steering group, beside the demo Handlungskonzept (their own slugs, so
the tour does not depend on how the demo document changes):

* ``sprachfoerderung`` (not public): version 1.0 adopted, version 1.1 a copy of it with every kind
  of change (words inserted and deleted, a section renamed, one moved, one removed, one added),
  in review for the steering group with an open comment (with proposed text) and an answered one;
* ``geschaeftsordnung-lg`` (not public): no version in force, version 1.0 a plain draft with an
  editor named besides the secretariat;
* ``leitbild-integration`` (public): version 1.0 adopted, no draft, so its page offers a new draft.

Adopted versions are stored as the factories in ``tests/fixtures/documents.py`` do (adoption
through a decision of the steering group is the adoption tests' business); every other step goes
through the services, as the secretariat and the members would take it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from documents.models import (
    Document,
    DocumentSection,
    DocumentVersion,
    VersionSection,
    VersionStatus,
)
from documents.services import documents, review, sections, versions
from documents.versioning import content_hash
from portal.db import utcnow
from portal.extensions import db
from portal.models import Body, User
from tests.browser.helpers import AG_LEAD, MEMBER, SECRETARIAT

#: A member of the steering group who comments in the tests (nobody else's comments interfere).
COMMENTER = "dezernat.kaarst@demo.example"

#: Version 1.0 of the concept: (level, heading, body).
CONCEPT_1_0 = (
    (1, "Ausgangslage", "Im Rhein-Kreis Neuss leben Menschen aus über 150 Ländern."),
    (
        1,
        "Ziele",
        "Teilhabe und Integration **verbessern**. Die acht Kommunen arbeiten eng zusammen.",
    ),
    (2, "Zielgruppen", "- Stufe 1: 18–35 Jahre\n- Stufe 2: Geduldete 18–27 Jahre"),
    (1, "Case-Management", "Sechs Stellen für die Kommunen des Kreises."),
    (1, "Finanzierung", "Das Land fördert die Stellen bis 2027."),
)

LEITBILD_1_0 = (
    (1, "Präambel", "Vielfalt ist eine Stärke des Rhein-Kreises Neuss."),
    (1, "Grundsätze", "| Grundsatz | Bedeutung |\n| --- | --- |\n| Teilhabe | für alle |"),
)


def _person(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _adopted_version(document: Document, rows, stand: date) -> DocumentVersion:
    """Store version 1.0 as adopted (frozen last: the guard refuses sections of adopted text)."""
    version = DocumentVersion(document=document, major=1, minor=0, status=VersionStatus.DRAFT)
    db.session.add(version)
    for position, (level, heading, body) in enumerate(rows):
        identity = DocumentSection(document_id=document.id)
        db.session.add(identity)
        db.session.flush()
        version.sections.append(
            VersionSection(
                section_id=identity.id, position=position, level=level, heading=heading, body=body
            )
        )
    version.status = VersionStatus.ADOPTED
    version.stand = stand
    version.adopted_at = utcnow()
    version.content_hash = content_hash(rows)
    db.session.commit()
    return version


def _section(version: DocumentVersion, heading: str) -> VersionSection:
    return next(s for s in versions.load_sections(version) if s.heading == heading)


def _edit(actor: User, section: VersionSection, *, heading=None, body=None) -> None:
    sections.save_section(
        actor,
        section,
        heading=heading or section.heading,
        level=section.level,
        body=section.body if body is None else body,
        revision=section.revision,
    )


def _concept(secretariat: User, steering: Body) -> dict[str, int]:
    document = documents.create_document(
        secretariat,
        steering,
        title="Konzept Sprachförderung",
        slug="sprachfoerderung",
        description="Sprachförderung im **Kommunalen Integrationsmanagement**.",
    )
    _adopted_version(document, CONCEPT_1_0, date(2026, 3, 1))
    draft = versions.start_draft(
        secretariat, document, change_note="Zielgruppen und Finanzierung nach der Evaluation"
    )
    _edit(
        secretariat,
        _section(draft, "Ziele"),
        body="Teilhabe und Integration **deutlich verbessern**. Die Kommunen arbeiten zusammen.",
    )
    _edit(
        secretariat,
        _section(draft, "Case-Management"),
        heading="Case-Management in den Kommunen",
        body="Acht Stellen für die Kommunen des Kreises.",
    )
    sections.move_section(secretariat, _section(draft, "Finanzierung"), "up")
    sections.delete_section(secretariat, _section(draft, "Ausgangslage"))
    sections.add_section(
        secretariat,
        draft,
        heading="Evaluation",
        level=1,
        body="Die Koordinierende Stelle berichtet jährlich.",
    )
    review.start_review(
        secretariat,
        draft,
        [steering],
        utcnow() + timedelta(days=21),
        note="Bitte merken Sie **bis zur Frist** an.",
    )
    member = _person(MEMBER)
    open_comment = review.add_comment(
        member,
        draft,
        _section(draft, "Ziele"),
        text="Bitte die Zusammenarbeit genauer fassen.",
        proposed_text="Teilhabe und Integration verbessern. Die acht Kommunen arbeiten eng "
        "und verbindlich zusammen.",
    )
    answered = review.add_comment(
        _person(COMMENTER),
        draft,
        _section(draft, "Evaluation"),
        text="Wer liest den Bericht?",
    )
    review.handle_comment(
        secretariat, draft, answered, decision="answered", response="Die Lenkungsgruppe."
    )
    return {
        "concept_section": _section(draft, "Zielgruppen").section_id,
        "concept_comment": open_comment.id,
        "concept_answered": answered.id,
    }


def _rules(secretariat: User, steering: Body) -> dict[str, int]:
    document = documents.create_document(
        secretariat,
        steering,
        title="Geschäftsordnung der Lenkungsgruppe",
        slug="geschaeftsordnung-lg",
    )
    draft = versions.start_draft(secretariat, document, change_note="Erste Fassung")
    for heading, body in (
        ("Aufgaben", "Die Lenkungsgruppe steuert das Kommunale Integrationsmanagement."),
        ("Sitzungen", "Sie tagt mindestens viermal im Jahr."),
        ("Beschlüsse", "Beschlüsse werden mit einfacher Mehrheit gefasst."),
    ):
        sections.add_section(secretariat, draft, heading=heading, level=1, body=body)
    documents.name_editor(secretariat, document, _person(AG_LEAD).id)
    return {"rules_section": _section(draft, "Sitzungen").section_id}


def _mission(secretariat: User, steering: Body) -> None:
    document = documents.create_document(
        secretariat,
        steering,
        title="Leitbild Integration",
        slug="leitbild-integration",
        is_public=True,
    )
    _adopted_version(document, LEITBILD_1_0, date(2025, 11, 20))


def seed_documents() -> dict[str, int]:
    """Create the tour's documents; return the ids their URLs need."""
    secretariat = _person(SECRETARIAT)
    steering = db.session.scalar(select(Body).where(Body.slug == "lenkungsgruppe"))
    ids = _concept(secretariat, steering)
    ids.update(_rules(secretariat, steering))
    _mission(secretariat, steering)
    return ids
