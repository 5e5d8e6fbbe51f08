"""Sections of document versions as places that statistics are linked from.

A target is one section in one version (:class:`VersionSection`): what the body read in version
1.0 stays linked there, whatever the next draft makes of the section. The provider answers with
one statement, whatever the number of ids, and asks ``portal.permissions`` the questions the
version page asks (``version.view``, ``version.edit``).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased, contains_eager

from documents.models import (
    Document,
    DocumentEditor,
    DocumentVersion,
    ReviewRound,
    VersionSection,
    review_round_bodies,
)
from documents.services.versions import version_label
from documents.versioning import OPEN_STATUSES
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, can, visible_documents
from portal.statistics.models import TargetKind
from portal.statistics.targets import Provider, TargetRef


def _sections_query(*conditions):
    """Select sections with their version, document, owner body, editors and review rounds.

    Everything a permission check on the version reads comes in the same statement.
    """
    version = contains_eager(VersionSection.version)
    return (
        select(VersionSection)
        .join(VersionSection.version)
        .join(DocumentVersion.document)
        .where(*conditions)
        .options(
            version.contains_eager(DocumentVersion.document).joinedload(Document.owner_body),
            version.contains_eager(DocumentVersion.document).joinedload(Document.editors),
            version.joinedload(DocumentVersion.review_rounds),
        )
        .order_by(Document.title, DocumentVersion.major, DocumentVersion.minor)
        .order_by(VersionSection.position)
    )


def _ref(section: VersionSection) -> TargetRef:
    version = section.version
    document = version.document
    return TargetRef(
        kind=TargetKind.DOCUMENT_SECTION,
        id=section.id,
        label=_(
            "%(document)s %(number)s, Abschnitt: %(heading)s",
            document=document.title,
            number=version.number,
            heading=section.heading,
        ),
        url=url_for(
            "documents.version",
            slug=document.slug,
            number=version.number,
            _anchor=f"section-{section.section_id}",
        ),
        group=version_label(version),
    )


def _may_view(actor: User | None, version: DocumentVersion) -> bool:
    # A frozen version is exactly as visible as its document, which the query filtered already.
    return version.is_frozen or can(actor, Action.VERSION_VIEW, version)


def resolve_sections(actor: User | None, ids: Sequence[int]) -> dict[int, TargetRef]:
    """Return the sections among ids whose version the actor may read (``version.view``)."""
    readable = visible_documents(
        actor,
        document=Document,
        editor=DocumentEditor,
        # An alias, so the subquery does not correlate with the version of the outer query.
        version=aliased(DocumentVersion),
        review_round=ReviewRound,
        round_bodies=review_round_bodies,
    )
    sections = db.session.scalars(_sections_query(VersionSection.id.in_(ids), readable)).unique()
    return {section.id: _ref(section) for section in sections if _may_view(actor, section.version)}


def section_choices(actor: User) -> list[TargetRef]:
    """Offer the sections of the open drafts the actor may edit (``version.edit``)."""
    sections = db.session.scalars(
        _sections_query(DocumentVersion.status.in_(OPEN_STATUSES))
    ).unique()
    return [
        _ref(section) for section in sections if can(actor, Action.VERSION_EDIT, section.version)
    ]


PROVIDERS = {TargetKind.DOCUMENT_SECTION: Provider(resolve_sections, section_choices)}
