"""The document pages in the benchmark: a Handlungskonzept of 3 sections and one of 200.

The issue's target: the version page needs at most 8 SQL statements *whatever the number of
sections* (a count that grows with the sections is an N+1 query); the document page and the
comparison are held to the same rule here. Each document is made through the services, as the
KI secretariat makes it: a first version of ``n`` sections (as a Word import creates it), put
before the steering group with a new proposal that is forwarded, accepted, scheduled and adopted
(so version 1.0 is in force with its decision), then draft 1.1 copied from it, in which a tenth
of the sections are edited one by one, one is renamed, one moved, one added and one removed.

The large document's sections are those of ``benchmarks.document_compare`` (about 500 words
each: paragraphs, a Markdown list, a table in every tenth), so it has about 100,000 words.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from benchmarks.document_compare import build_document
from benchmarks.pages import MEMBER, SECRETARIAT, Page
from benchmarks.seed import STEERING_SLUG
from documents.models import Document, DocumentVersion
from documents.services import adoption, documents, sections, versions
from meetings.models import Meeting, MeetingStatus, Proposal
from meetings.proposal_flow import Outcome, Step
from meetings.services import proposals
from portal.db import write_intent
from portal.extensions import db
from portal.models import Body, User

MAX_SQL = 8
SMALL_SECTIONS, LARGE_SECTIONS = 3, 200


@dataclass(frozen=True)
class MeasuredDocument:
    """A measured document: its address, size, the version in force and the draft."""

    slug: str
    sections: int
    adopted: str
    draft: str


@dataclass(frozen=True)
class DocumentIds:
    """The two measured documents."""

    small: MeasuredDocument
    large: MeasuredDocument


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _adopt(ki: User, version: DocumentVersion, meeting: Meeting) -> None:
    """Put the version before the steering group and have it adopted (no ballot in the portal)."""
    proposal: Proposal = adoption.submit_for_decision(ki, version)
    proposals.take_step(ki, proposal, Step.SUBMIT_FOR_DELIBERATION)
    proposals.take_step(
        ki,
        proposal,
        Step.FORWARD,
        recommendation="Die Koordinierende Stelle empfiehlt die Annahme.",
        votes_yes=6,
        votes_no=0,
        votes_abstain=1,
    )
    proposals.take_step(ki, proposal, Step.ACCEPT)
    proposals.schedule_proposal(ki, proposal, meeting)
    proposals.decide_proposal(ki, proposal, Outcome.ADOPTED)


def _revise(ki: User, draft: DocumentVersion) -> None:
    """Edit a tenth of the sections (at least one), rename, move, add and remove one each."""
    texts = list(draft.sections)
    size = len(texts)
    for section in texts[1::10] if size >= 10 else texts[:1]:
        words = section.body.split(" ")
        words[len(words) // 2] = "überarbeitet"
        del words[len(words) // 3]
        sections.save_section(
            ki,
            section,
            heading=section.heading,
            level=section.level,
            body=" ".join(words) + "\n\nDie Kommunen berichten jährlich über den Stand.",
            revision=section.revision,
        )
    renamed = texts[size // 3]
    sections.save_section(
        ki,
        renamed,
        heading=renamed.heading + " (neu gefasst)",
        level=renamed.level,
        body=renamed.body,
        revision=renamed.revision,
    )
    sections.move_section(ki, texts[size // 2], "down")
    sections.add_section(
        ki,
        draft,
        heading="Neues Handlungsfeld: Gesundheit",
        level=2,
        body="Die Gesundheitsämter beraten Zugewanderte in ihrer Sprache.\n\n- Dolmetschpool",
        after_section_id=texts[size // 4].section_id,
    )
    if size > 1:
        sections.delete_section(ki, texts[-1])


def seed_document(ki: User, steering: Body, meeting: Meeting, size: int) -> MeasuredDocument:
    """Make a document of ``size`` sections with version 1.0 in force and draft 1.1."""
    document = documents.create_document(
        ki,
        steering,
        title=f"Kreisweites Handlungskonzept Integration ({size} Abschnitte)",
        slug=f"handlungskonzept-{size}",
        description="Das Handlungskonzept des Kommunalen Integrationsmanagements.",
    )
    first = versions.create_draft_from_sections(
        ki,
        document,
        ((s.level, s.heading, s.body) for s in build_document(size)),
        change_note="Erstfassung",
    )
    db.session.commit()
    _adopt(ki, first, meeting)
    document = db.session.get(Document, document.id)
    draft = versions.start_draft(ki, document, change_note="Fortschreibung")
    _revise(ki, draft)
    return MeasuredDocument(
        slug=document.slug, sections=size, adopted=first.number, draft=draft.number
    )


def seed_documents() -> DocumentIds:
    """Make the two measured documents of the steering group; return their addresses."""
    write_intent.set(True)
    # The proposal's rationale links to the version: url_for needs a request.
    with current_app.test_request_context(base_url=current_app.config["PORTAL_BASE_URL"]):
        return _seed_both()


def _seed_both() -> DocumentIds:
    ki = _user(SECRETARIAT)
    steering = db.session.scalar(select(Body).where(Body.slug == STEERING_SLUG))
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.body_id == steering.id, Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    small = seed_document(ki, steering, meeting, SMALL_SECTIONS)
    large = seed_document(ki, steering, meeting, LARGE_SECTIONS)
    return DocumentIds(small=small, large=large)


def _views(document: MeasuredDocument) -> tuple[tuple[str, str, str], ...]:
    """Return (what, path, user) of the measured pages of one document."""
    base = f"/documents/{document.slug}"
    pair = f"from={document.adopted}&to={document.draft}"
    return (
        ("/ (member)", f"{base}/", MEMBER),
        (f"/versions/{document.adopted} (member)", f"{base}/versions/{document.adopted}", MEMBER),
        (
            f"/versions/{document.draft} (secretariat)",
            f"{base}/versions/{document.draft}",
            SECRETARIAT,
        ),
        (f"/compare?{pair} (member)", f"{base}/compare?{pair}", MEMBER),
    )


def _label(document: MeasuredDocument, what: str) -> str:
    return f"/documents/<{document.sections} sections>{what}"


def pages(ids: DocumentIds) -> tuple[Page, ...]:
    """Return the measured document pages: document, version in force, draft, comparison."""
    return tuple(
        Page(_label(document, what), path, user, max_sql=MAX_SQL)
        for document in (ids.small, ids.large)
        for what, path, user in _views(document)
    )


def _pairs(rows, ids: DocumentIds):
    """Yield (what, row with few sections, row with many) for each measured view."""
    by_label = {row.label: row for row in rows}
    for (what, _path, _user), (large_what, _large_path, _large_user) in zip(
        _views(ids.small), _views(ids.large), strict=True
    ):
        yield what, by_label[_label(ids.small, what)], by_label[_label(ids.large, large_what)]


def summary(rows, ids: DocumentIds) -> str:
    """Return the lines the harness prints: each view's SQL count at both document sizes."""
    lines = [
        f"Document pages, SQL statements at small data (at 10× in brackets) and in-process time "
        f"(target ≤ {MAX_SQL} statements, the same with {ids.small.sections} and with "
        f"{ids.large.sections} sections):"
    ]
    for what, small, large in _pairs(rows, ids):
        lines.append(
            f"  {what:<36} {ids.small.sections} sections: {small.sql_small} ({small.sql_large}), "
            f"{small.best_ms_small:.0f} ms; {ids.large.sections} sections: {large.sql_small} "
            f"({large.sql_large}), {large.best_ms_small:.0f} ms"
        )
    return "\n".join(lines)


def unequal_counts(rows, ids: DocumentIds) -> list[str]:
    """Return a line for each document page that costs more SQL with 200 sections than with 3.

    ``rows`` are the report's rows (``benchmarks.report.PageRow``) of all measured pages; the
    SQL target per page and the share of trivial the report judges per page.
    """
    problems = []
    for what, small, large in _pairs(rows, ids):
        for size, label in (("small", "small"), ("large", "10×")):
            counts = (getattr(small, f"sql_{size}"), getattr(large, f"sql_{size}"))
            if counts[0] != counts[1]:
                problems.append(
                    f"document page {what} ({label} data): {counts[0]} SQL statements with "
                    f"{ids.small.sections} sections, {counts[1]} with {ids.large.sections}"
                )
    return problems
