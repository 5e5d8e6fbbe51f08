"""Comparison of two versions and the Word files of a version and of a comparison.

Views call these; the pure builders (``documents.compare``, ``documents.docx_version``,
``documents.docx_comparison``) get plain data, so they can be tested and benchmarked alone.
"""

from __future__ import annotations

from flask_babel import gettext as _

from documents.compare import Comparison, SectionText, compare_versions
from documents.docx_data import (
    ComparedSection,
    ComparisonExport,
    ExportSection,
    HistoryEntry,
    VersionExport,
)
from documents.labels import CHANGE_LABELS, STATUS_LABELS
from documents.models import Document, DocumentVersion
from documents.services.versions import get_version, load_sections
from meetings.services.decisions import decision_reference
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.models import User
from portal.permissions import Action, can


def section_texts(version: DocumentVersion) -> list[SectionText]:
    return [
        SectionText(key=s.section_id, level=s.level, heading=s.heading, body=s.body)
        for s in load_sections(version)
    ]


def comparable_versions(actor: User | None, document: Document) -> list[DocumentVersion]:
    """Return the document's versions the actor may see, oldest first."""
    return [v for v in document.versions if can(actor, Action.VERSION_VIEW, v)]


def choose_pair(
    actor: User | None, document: Document, from_number: str | None, to_number: str | None
) -> tuple[DocumentVersion, DocumentVersion]:
    """Return the two versions to compare; without numbers, the last two the actor may see."""
    visible = comparable_versions(actor, document)
    if not from_number and not to_number:
        if len(visible) < 2:
            raise InvalidInput([("from", _("Es gibt noch keine zwei Versionen zum Vergleichen."))])
        return visible[-2], visible[-1]
    errors = []
    for field, number in (("from", from_number), ("to", to_number)):
        if not number:
            errors.append((field, _("Bitte wählen Sie eine Version.")))
    if errors:
        raise InvalidInput(errors)
    return get_version(actor, document, from_number), get_version(actor, document, to_number)


def compare(old: DocumentVersion, new: DocumentVersion) -> Comparison:
    return compare_versions(section_texts(old), section_texts(new))


def summary_rows(comparison: Comparison) -> tuple[tuple[str, int], ...]:
    summary = comparison.summary
    return (
        (str(CHANGE_LABELS["added"]), len(summary.added)),
        (str(CHANGE_LABELS["removed"]), len(summary.removed)),
        (str(CHANGE_LABELS["moved"]), len(summary.moved)),
        (str(CHANGE_LABELS["renamed"]), len(summary.renamed)),
        (str(CHANGE_LABELS["changed"]), len(summary.changed)),
    )


def _decision_text(version: DocumentVersion) -> str:
    return decision_reference(version.decision) if version.decision is not None else ""


def history(actor: User | None, document: Document) -> tuple[HistoryEntry, ...]:
    return tuple(
        HistoryEntry(
            number=v.number,
            status=str(STATUS_LABELS[v.status]),
            stand=v.stand,
            change_note=v.change_note,
            decision=_decision_text(v),
        )
        for v in comparable_versions(actor, document)
    )


def version_export(actor: User | None, version: DocumentVersion) -> VersionExport:
    document = version.document
    return VersionExport(
        title=document.title,
        body_name=document.owner_body.name,
        number=version.number,
        status=str(STATUS_LABELS[version.status]),
        stand=version.stand,
        decision=_decision_text(version),
        content_hash=version.content_hash or "",
        change_note=version.change_note,
        sections=tuple(
            ExportSection(level=s.level, heading=s.heading, body=s.body)
            for s in load_sections(version)
        ),
        history=history(actor, document),
        generated_at=utcnow(),
    )


def _notes(change) -> tuple[str, ...]:
    notes = []
    if change.moved:
        notes.append(str(CHANGE_LABELS["moved"]))
    if change.renamed and change.old is not None:
        notes.append(_("umbenannt, vorher: „%(heading)s“", heading=change.old.heading))
    if change.level_changed and change.old is not None:
        notes.append(_("Gliederungsebene vorher %(level)d", level=change.old.level))
    return tuple(notes)


def comparison_export(
    old: DocumentVersion, new: DocumentVersion, comparison: Comparison
) -> ComparisonExport:
    document = new.document
    sections = []
    for change in comparison.sections:
        shown = change.new or change.old
        sections.append(
            ComparedSection(
                heading=shown.heading,
                level=shown.level,
                state=change.state,
                notes=_notes(change),
                heading_segments=tuple((s.kind, s.text) for s in change.heading_segments),
                body_segments=tuple((s.kind, s.text) for s in change.body_segments),
            )
        )
    return ComparisonExport(
        title=document.title,
        body_name=document.owner_body.name,
        from_number=old.number,
        to_number=new.number,
        summary=summary_rows(comparison),
        sections=tuple(sections),
        generated_at=utcnow(),
    )
