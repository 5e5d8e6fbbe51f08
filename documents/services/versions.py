"""Versions of a document: finding them, starting a draft, its change note, discarding it.

A new draft starts as a copy of the version in force (or empty, for a document without one); the
copy shares the sections' identities, so the comparison and the review comments follow a
section through renames and moves. Only one draft (or version in review) exists at a time: the
secretariat works on one next version, and readers always know which one that is.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from documents.models import (
    Document,
    DocumentSection,
    DocumentVersion,
    VersionSection,
    VersionStatus,
)
from documents.services.documents import open_draft, version_in_force
from documents.versioning import next_number as _next_number
from documents.versioning import parse_number
from meetings.proposal_flow import ProposalStatus
from portal import audit
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, require
from portal.statistics.models import TargetKind
from portal.statistics.services.links import copy_links
from portal.timeutil import date_text

MAX_CHANGE_NOTE = 5000
_AUDITED = ("major", "minor", "status", "change_note", "based_on_id")


def version_label(version: DocumentVersion) -> str:
    return _("%(title)s, Version %(number)s", title=version.document.title, number=version.number)


def get_version(actor: User | None, document: Document, number: str) -> DocumentVersion:
    """Return the document's version by its number (``1.0``), or NotFound if hidden or missing."""
    parsed = parse_number(number)
    version = next(
        (v for v in document.versions if parsed and v.version_number == parsed),
        None,
    )
    if version is None:
        raise NotFound()
    require(actor, Action.VERSION_VIEW, version)
    return version


def load_sections(version: DocumentVersion) -> list[VersionSection]:
    """Load the version's sections in their order (one query)."""
    return list(
        db.session.scalars(
            select(VersionSection)
            .where(VersionSection.version_id == version.id)
            .order_by(VersionSection.position)
        )
    )


def is_locked(version: DocumentVersion) -> bool:
    """Tell whether the version waits for the steering group's decision (its text is fixed)."""
    proposal = version.proposal
    return proposal is not None and proposal.status not in (
        ProposalStatus.DECIDED,
        ProposalStatus.WITHDRAWN,
    )


def refuse_unless_editable(actor: User, version: DocumentVersion) -> None:
    """Raise unless the actor may change the version's text now."""
    require(actor, Action.VERSION_EDIT, version)
    if is_locked(version):
        message = _(
            "Die Version liegt der Lenkungsgruppe zur Entscheidung vor und kann bis dahin nicht "
            "geändert werden."
        )
        raise Conflict(message)


def _refuse_second_draft(document: Document) -> None:
    current = open_draft(document)
    if current is not None:
        message = _(
            "Version %(number)s ist noch in Arbeit. Es gibt immer nur einen Entwurf; bitte "
            "arbeiten Sie in ihm weiter oder verwerfen Sie ihn.",
            number=current.number,
        )
        raise InvalidInput([("", message)])


def _change_note(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_CHANGE_NOTE:
        raise InvalidInput([("change_note", _("Höchstens %(max)d Zeichen.", max=MAX_CHANGE_NOTE))])
    return text


def _new_version(
    actor: User, document: Document, based_on: DocumentVersion | None, major: bool, note: str
) -> DocumentVersion:
    number = _next_number(
        (v.version_number for v in document.versions),
        (based_on.version_number if based_on else None),
        major=major,
    )
    version = DocumentVersion(
        document=document,
        major=number.major,
        minor=number.minor,
        status=VersionStatus.DRAFT,
        change_note=note,
        based_on=based_on,
        created_by_id=actor.id,
    )
    db.session.add(version)
    return version


def start_draft(
    actor: User, document: Document, *, major: bool = False, change_note: str = ""
) -> DocumentVersion:
    """Start the next version as a copy of the version in force (empty if none is)."""
    require(actor, Action.DOCUMENT_MANAGE, document)
    _refuse_second_draft(document)
    note = _change_note(change_note)
    in_force = version_in_force(document)
    version = _new_version(actor, document, in_force, major, note)
    copies = []
    for section in load_sections(in_force) if in_force else ():
        copy = VersionSection(
            section_id=section.section_id,
            position=section.position,
            level=section.level,
            heading=section.heading,
            body=section.body,
            updated_by_id=section.updated_by_id,
            updated_at=section.updated_at,
        )
        version.sections.append(copy)
        copies.append((section, copy))
    db.session.flush()
    # The draft's sections still cite the statistics the version in force cites.
    copy_links(TargetKind.DOCUMENT_SECTION, {old.id: new.id for old, new in copies})
    audit.record(
        actor,
        "document_version.create",
        version,
        label=version_label(version),
        after=audit.snapshot(version, _AUDITED),
    )
    db.session.commit()
    return version


def create_draft_from_sections(
    actor: User,
    document: Document,
    sections: Iterable[tuple[int, str, str]],
    *,
    change_note: str = "",
    audit_action: str = "document_version.import",
    facts: dict | None = None,
) -> DocumentVersion:
    """Start the next version with new sections (an imported Word file); no commit.

    The sections are new identities: a Word file carries none, so the comparison with the
    version in force shows the imported text as new sections.
    """
    require(actor, Action.DOCUMENT_MANAGE, document)
    _refuse_second_draft(document)
    note = _change_note(change_note)
    version = _new_version(actor, document, version_in_force(document), False, note)
    for position, (level, heading, body) in enumerate(sections):
        identity = DocumentSection(document_id=document.id)
        db.session.add(identity)
        db.session.flush()
        version.sections.append(
            VersionSection(
                section_id=identity.id,
                position=position,
                level=level,
                heading=heading,
                body=body,
                updated_by_id=actor.id,
            )
        )
    db.session.flush()
    audit.record(
        actor,
        audit_action,
        version,
        label=version_label(version),
        after={**audit.snapshot(version, _AUDITED), **(facts or {})},
    )
    return version


def update_change_note(actor: User, version: DocumentVersion, change_note: str) -> None:
    """Change what the draft says it changes."""
    refuse_unless_editable(actor, version)
    note = _change_note(change_note)
    if note == version.change_note:
        return
    before = {"change_note": version.change_note}
    version.change_note = note
    audit.record(
        actor,
        "document_version.update",
        version,
        label=version_label(version),
        before=before,
        after={"change_note": note},
    )
    db.session.commit()


def discard_draft(actor: User, version: DocumentVersion) -> Document:
    """Delete a draft that will not be adopted (its number is not given again)."""
    require(actor, Action.DOCUMENT_MANAGE, version.document)
    refuse_unless_editable(actor, version)
    document = version.document
    audit.record(
        actor,
        "document_version.delete",
        version,
        label=version_label(version),
        before=audit.snapshot(version, _AUDITED),
    )
    db.session.delete(version)
    db.session.commit()
    db.session.expire(document, ["versions"])
    return document


def stand_text(version: DocumentVersion) -> str:
    """Return the "Stand" of a version: its adoption day, or that it is a draft."""
    if version.stand is not None:
        return date_text(version.stand)
    return _("Entwurf")
