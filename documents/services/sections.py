"""Editing a draft section by section: text, heading and level, adding, moving, removing.

Each section is saved on its own, with optimistic locking: the form carries the section's
revision, and a save that started from an older one is refused with the author's text kept, so
two people editing different sections never get in each other's way and two editing the same
section never overwrite each other silently.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from documents.models import DocumentSection, DocumentVersion, VersionSection
from documents.services.versions import refuse_unless_editable, version_label
from documents.versioning import LEVELS
from portal import audit
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.models import User

MAX_HEADING = 300
MAX_BODY = 200_000
_AUDITED = ("heading", "level", "body", "position")


def _clean(heading: str, level, body: str) -> tuple[str, int, str]:
    heading = " ".join((heading or "").split())
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    errors = []
    if not heading:
        errors.append(("heading", _("Bitte geben Sie eine Überschrift an.")))
    elif len(heading) > MAX_HEADING:
        errors.append(("heading", _("Höchstens %(max)d Zeichen.", max=MAX_HEADING)))
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in LEVELS:
        errors.append(("level", _("Bitte wählen Sie die Gliederungsebene 1, 2 oder 3.")))
    if len(body) > MAX_BODY:
        errors.append(("body", _("Höchstens %(max)d Zeichen.", max=MAX_BODY)))
    if errors:
        raise InvalidInput(errors)
    return heading, level, body


def get_section(version: DocumentVersion, section_id: int) -> VersionSection:
    """Return the version's text of the section ``section_id`` (its identity), or NotFound."""
    section = db.session.scalar(
        select(VersionSection).where(
            VersionSection.version_id == version.id, VersionSection.section_id == section_id
        )
    )
    if section is None:
        raise NotFound()
    return section


def stale_message(section: VersionSection) -> str:
    return _(
        "Der Abschnitt „%(heading)s“ wurde inzwischen von %(name)s gespeichert. Ihr Text ist "
        "unten erhalten, der gespeicherte Stand steht daneben. Bitte übernehmen Sie, was bleiben "
        "soll, und speichern Sie erneut.",
        heading=section.heading,
        name=section.updated_by.name if section.updated_by else _("jemand anderem"),
    )


def _commit_or_conflict(section: VersionSection) -> None:
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise Conflict(stale_message(section)) from None


def save_section(
    actor: User,
    section: VersionSection,
    *,
    heading: str,
    level,
    body: str,
    revision: int | None,
) -> VersionSection:
    """Save a section's heading, level and text, if nobody saved it since ``revision``."""
    version = section.version
    refuse_unless_editable(actor, version)
    heading, level, body = _clean(heading, level, body)
    if revision != section.revision:
        raise Conflict(stale_message(section))
    before = audit.snapshot(section, _AUDITED)
    if (section.heading, section.level, section.body) == (heading, level, body):
        return section
    section.heading, section.level, section.body = heading, level, body
    section.updated_by_id, section.updated_at = actor.id, utcnow()
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(stale_message(section)) from None
    audit.record(
        actor,
        "document_section.update",
        version,
        label=f"{version_label(version)}: {heading}",
        before=before,
        after=audit.snapshot(section, _AUDITED),
    )
    _commit_or_conflict(section)
    return section


def add_section(
    actor: User,
    version: DocumentVersion,
    *,
    heading: str,
    level,
    body: str = "",
    after_section_id: int | None = None,
) -> VersionSection:
    """Add a new section after the section ``after_section_id`` (0: first; None: last)."""
    refuse_unless_editable(actor, version)
    heading, level, body = _clean(heading, level, body)
    sections = list(version.sections)
    if after_section_id is None:
        index = len(sections)
    elif after_section_id == 0:
        index = 0
    else:
        index = next(
            (i + 1 for i, s in enumerate(sections) if s.section_id == after_section_id), None
        )
        if index is None:
            raise InvalidInput([("after", _("Diesen Abschnitt gibt es in der Version nicht."))])
    identity = DocumentSection(document_id=version.document_id)
    db.session.add(identity)
    db.session.flush()
    section = VersionSection(
        section_id=identity.id,
        level=level,
        heading=heading,
        body=body,
        position=index,
        updated_by_id=actor.id,
    )
    sections.insert(index, section)
    version.sections.append(section)
    _renumber(sections)
    db.session.flush()
    audit.record(
        actor,
        "document_section.create",
        version,
        label=f"{version_label(version)}: {heading}",
        after=audit.snapshot(section, _AUDITED),
    )
    db.session.commit()
    return section


def _renumber(sections: list[VersionSection]) -> None:
    for position, section in enumerate(sections):
        if section.position != position:
            section.position = position


def move_section(actor: User, section: VersionSection, direction: str) -> VersionSection:
    """Move a section one place up or down."""
    version = section.version
    refuse_unless_editable(actor, version)
    if direction not in ("up", "down"):
        raise InvalidInput([("direction", _("Bitte wählen Sie „nach oben“ oder „nach unten“."))])
    sections = list(version.sections)
    index = sections.index(section)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(sections):
        return section
    sections[index], sections[target] = sections[target], sections[index]
    _renumber(sections)
    audit.record(
        actor,
        "document_section.move",
        version,
        label=f"{version_label(version)}: {section.heading}",
        before={"position": index},
        after={"position": target},
    )
    _commit_or_conflict(section)
    return section


def delete_section(actor: User, section: VersionSection) -> DocumentVersion:
    """Remove a section from the draft (it stays in the versions that had it)."""
    version = section.version
    refuse_unless_editable(actor, version)
    audit.record(
        actor,
        "document_section.delete",
        version,
        label=f"{version_label(version)}: {section.heading}",
        before=audit.snapshot(section, _AUDITED),
    )
    sections = [s for s in version.sections if s is not section]
    version.sections.remove(section)
    _renumber(sections)
    db.session.commit()
    return version


def section_count(version: DocumentVersion) -> int:
    return db.session.scalar(
        select(func.count(VersionSection.id)).where(VersionSection.version_id == version.id)
    )
