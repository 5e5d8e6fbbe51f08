"""Demo Handlungskonzept: version 1.0 adopted by the steering group, draft 1.1 in review.

Everything goes through the documents and proposals services, as the demo secretariat would do
it on the pages, so the demo passes the same rules and leaves the same audit trail. The text is
in :mod:`documents.demo_texts`. Dates follow the other demo data: 1.0 is adopted in the steering
group's last meeting (its "Stand" is that day), and the review of 1.1 ends a few weeks from now.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from documents import demo_texts as texts
from documents.models import Document, DocumentVersion, VersionSection
from documents.services import adoption, documents, review, sections, versions
from meetings.models import Meeting, MeetingStatus
from meetings.proposal_flow import Outcome, Step
from meetings.services import proposals
from portal.db import utcnow
from portal.extensions import db
from portal.models import Body, User
from portal.timeutil import from_local, today_local

SECRETARIAT = "sekretariat@demo.example"
#: The review of the draft runs until the end of this day, counted from today.
REVIEW_DAYS = 21


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _section(version: DocumentVersion, heading: str) -> VersionSection:
    return next(s for s in versions.load_sections(version) if s.heading == heading)


def _last_meeting(steering: Body) -> Meeting | None:
    """Return the steering group's most recent meeting with approved minutes."""
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.body_id == steering.id,
            Meeting.status == MeetingStatus.MINUTES_APPROVED,
            Meeting.starts_at < utcnow(),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def _write_first_version(ki: User, document: Document) -> DocumentVersion:
    version = versions.start_draft(
        ki, document, change_note="Erste Fassung auf Grundlage der Konzeption vom 27.01.2021."
    )
    for level, heading, body in texts.SECTIONS:
        sections.add_section(ki, version, heading=heading, level=level, body=body)
    return version


def _adopt(ki: User, version: DocumentVersion, steering: Body) -> None:
    """Put the version before the steering group and enter its adopting decision."""
    proposal = adoption.submit_for_decision(ki, version)
    # The proposal is the steering group's own; the flow still asks for a deliberation and a
    # recommendation before the steering group takes it up.
    proposals.take_step(ki, proposal, Step.SUBMIT_FOR_DELIBERATION)
    proposals.take_step(
        ki,
        proposal,
        Step.FORWARD,
        recommendation=(
            "Die Koordinierende Stelle hat den Entwurf mit den Arbeitsgruppen Verfahrensebene "
            "und Fallebene abgestimmt und empfiehlt der Lenkungsgruppe die Annahme."
        ),
        votes_yes=5,
        votes_no=0,
        votes_abstain=0,
    )
    proposals.take_step(ki, proposal, Step.ACCEPT)
    meeting = _last_meeting(steering)
    proposals.mark_scheduled(ki, proposal, meeting=meeting)
    db.session.commit()
    # The decision register calls the documents area, which adopts the version with it.
    proposals.decide_proposal(ki, proposal, Outcome.ADOPTED, meeting=meeting)


def _write_next_draft(ki: User, document: Document) -> DocumentVersion:
    draft = versions.start_draft(ki, document, change_note=texts.CHANGE_NOTE)
    for heading, body in (
        (texts.STAGE_2_HEADING, texts.STAGE_2_NEW),
        (texts.CASE_MANAGEMENT_HEADING, texts.CASE_MANAGEMENT_NEW),
    ):
        section = _section(draft, heading)
        sections.save_section(
            ki,
            section,
            heading=section.heading,
            level=section.level,
            body=body,
            revision=section.revision,
        )
    level, heading, body = texts.NATURALISATION
    sections.add_section(
        ki,
        draft,
        heading=heading,
        level=level,
        body=body,
        after_section_id=_section(draft, texts.NATURALISATION_AFTER).section_id,
    )
    return draft


def _review(ki: User, draft: DocumentVersion, bodies: list[Body]) -> None:
    """Open the review for the working groups; their members comment, the KI handles two."""
    deadline = from_local(today_local() + timedelta(days=REVIEW_DAYS), time(23, 59))
    review.start_review(ki, draft, bodies, deadline, note=texts.REVIEW_NOTE)
    by_slug = {body.slug: body for body in bodies}
    for email, slug, heading, text, proposed, handling in texts.COMMENTS:
        comment = review.add_comment(
            _user(email),
            draft,
            _section(draft, heading),
            text=text,
            proposed_text=proposed,
            body=by_slug[slug],
        )
        if handling is not None:
            decision, response = handling
            review.handle_comment(ki, draft, comment, decision=decision, response=response)


def load_documents(steering: Body, procedure: Body, case_level: Body) -> int:
    """Add the Handlungskonzept: 1.0 adopted, 1.1 in review; return how many documents."""
    ki = _user(SECRETARIAT)
    # Public: visitors read the version in force; drafts and comments stay with the bodies.
    document = documents.create_document(
        ki,
        steering,
        title=texts.TITLE,
        slug=texts.SLUG,
        description=texts.DESCRIPTION,
        is_public=True,
    )
    first = _write_first_version(ki, document)
    _adopt(ki, first, steering)
    draft = _write_next_draft(ki, document)
    _review(ki, draft, [procedure, case_level])
    return 1
