"""Documents: creating them, their settings and editors, finding and listing them."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from documents.models import (
    Document,
    DocumentEditor,
    DocumentVersion,
    ReviewRound,
    review_round_bodies,
)
from documents.versioning import VersionStatus
from meetings.models import Decision, Proposal
from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, require, visible_documents
from portal.services.accounts import user_choices

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TITLE = 200
MAX_SLUG = 80
MAX_DESCRIPTION = 5000
_AUDITED = ("title", "slug", "description", "owner_body_id", "is_public")


def _clean(title: str, slug: str, description: str) -> tuple[str, str, str]:
    return (
        " ".join((title or "").split()),
        (slug or "").strip().lower(),
        (description or "").strip(),
    )


def _validate(title: str, slug: str, description: str, document_id: int | None) -> None:
    errors = []
    if not title:
        errors.append(("title", _("Bitte geben Sie einen Titel an.")))
    elif len(title) > MAX_TITLE:
        errors.append(("title", _("Höchstens %(max)d Zeichen.", max=MAX_TITLE)))
    if not slug:
        errors.append(("slug", _("Bitte geben Sie eine Kurzbezeichnung für die Adresse an.")))
    elif len(slug) > MAX_SLUG or not SLUG_PATTERN.match(slug):
        message = _(
            "Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, höchstens %(max)d "
            "Zeichen.",
            max=MAX_SLUG,
        )
        errors.append(("slug", message))
    else:
        clash = select(Document.id).where(Document.slug == slug)
        if document_id is not None:
            clash = clash.where(Document.id != document_id)
        if db.session.scalar(clash) is not None:
            errors.append(("slug", _("Diese Kurzbezeichnung wird schon verwendet.")))
    if len(description) > MAX_DESCRIPTION:
        errors.append(("description", _("Höchstens %(max)d Zeichen.", max=MAX_DESCRIPTION)))
    if errors:
        raise InvalidInput(errors)


def create_document(
    actor: User,
    body: Body,
    *,
    title: str,
    slug: str,
    description: str = "",
    is_public: bool = False,
) -> Document:
    """Create a document owned by the body; its first version is started separately."""
    require(actor, Action.DOCUMENT_CREATE, body)
    title, slug, description = _clean(title, slug, description)
    _validate(title, slug, description, None)
    document = Document(
        title=title,
        slug=slug,
        description=description,
        owner_body=body,
        is_public=bool(is_public),
        created_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        actor,
        "document.create",
        document,
        label=document.title,
        after=audit.snapshot(document, _AUDITED),
    )
    db.session.commit()
    return document


def update_document(
    actor: User,
    document: Document,
    *,
    title: str,
    slug: str,
    description: str = "",
    is_public: bool = False,
) -> Document:
    """Change a document's title, address, description or publicity (not its text)."""
    require(actor, Action.DOCUMENT_MANAGE, document)
    title, slug, description = _clean(title, slug, description)
    _validate(title, slug, description, document.id)
    before = audit.snapshot(document, _AUDITED)
    document.title, document.slug, document.description = title, slug, description
    document.is_public = bool(is_public)
    after = audit.snapshot(document, _AUDITED)
    if before != after:
        audit.record(actor, "document.update", document, label=title, before=before, after=after)
    db.session.commit()
    return document


def get_document(actor: User | None, slug: str) -> Document:
    """Return the document with its versions, or NotFound if hidden or missing (two queries).

    Editors and review rounds load only when a permission check needs them: for the owner
    body's members and the public they never do.
    """
    document = db.session.scalar(
        select(Document)
        .where(Document.slug == slug)
        .options(
            joinedload(Document.owner_body),
            selectinload(Document.versions).options(
                joinedload(DocumentVersion.decision).joinedload(Decision.body),
                joinedload(DocumentVersion.proposal).joinedload(Proposal.body),
            ),
        )
    )
    if document is None:
        raise NotFound()
    require(actor, Action.DOCUMENT_VIEW, document)
    return document


def list_documents(actor: User | None) -> list[Document]:
    """Return the documents the actor may see, by title, with what the list shows of them."""
    condition = visible_documents(
        actor,
        document=Document,
        editor=DocumentEditor,
        version=DocumentVersion,
        review_round=ReviewRound,
        round_bodies=review_round_bodies,
    )
    query = (
        select(Document)
        .where(condition)
        .options(
            selectinload(Document.owner_body),
            selectinload(Document.editors),
            selectinload(Document.versions)
            .selectinload(DocumentVersion.review_rounds)
            .selectinload(ReviewRound.bodies),
        )
        .order_by(Document.title)
    )
    return list(db.session.scalars(query))


def documents_in_force(
    actor: User | None, *, limit: int = 3
) -> list[tuple[Document, DocumentVersion]]:
    """Return visible documents with their version in force, by title, in one statement."""
    condition = visible_documents(
        actor,
        document=Document,
        editor=DocumentEditor,
        version=DocumentVersion,
        review_round=ReviewRound,
        round_bodies=review_round_bodies,
    )
    rows = db.session.execute(
        select(Document, DocumentVersion)
        .join(
            DocumentVersion,
            (DocumentVersion.document_id == Document.id)
            & (DocumentVersion.status == VersionStatus.ADOPTED),
        )
        .where(condition)
        .order_by(Document.title)
        .limit(limit)
    )
    return [(document, version) for document, version in rows]


def editor_candidates(document: Document) -> list[tuple[int, str]]:
    """Return (id, label) of the active people who could be named, not yet editing it."""
    taken = {editor.user_id for editor in document.editors}
    return [(user_id, label) for user_id, label in user_choices() if user_id not in taken]


def name_editor(actor: User, document: Document, user_id: int | None) -> DocumentEditor:
    """Name someone who may edit the document's drafts besides the secretariat."""
    require(actor, Action.DOCUMENT_MANAGE, document)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        raise InvalidInput([("user", _("Bitte wählen Sie eine Person aus der Liste."))])
    if not user.is_active:
        raise InvalidInput([("user", _("Dieses Konto ist deaktiviert."))])
    if any(editor.user_id == user.id for editor in document.editors):
        raise InvalidInput([("user", _("Diese Person bearbeitet das Dokument bereits mit."))])
    editor = DocumentEditor(document=document, user=user, named_by_id=actor.id)
    db.session.add(editor)
    db.session.flush()
    audit.record(
        actor,
        "document.editor_add",
        document,
        label=document.title,
        after={"editor": user.name, "editor_id": user.id},
    )
    db.session.commit()
    return editor


def remove_editor(actor: User, document: Document, editor_id: int) -> User:
    """Take back someone's right to edit the drafts; return who it was."""
    require(actor, Action.DOCUMENT_MANAGE, document)
    editor = next((e for e in document.editors if e.id == editor_id), None)
    if editor is None:
        raise NotFound()
    removed = editor.user
    audit.record(
        actor,
        "document.editor_remove",
        document,
        label=document.title,
        before={"editor": removed.name, "editor_id": removed.id},
    )
    document.editors.remove(editor)
    db.session.commit()
    return removed


def version_in_force(document: Document) -> DocumentVersion | None:
    """Return the adopted version (at most one is in force), from the loaded versions."""
    return next((v for v in document.versions if v.status == "adopted"), None)


def open_draft(document: Document) -> DocumentVersion | None:
    """Return the version being worked on (draft or in review), if there is one."""
    return next((v for v in document.versions if v.is_open), None)
