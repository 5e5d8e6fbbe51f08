"""Attachments (Anlagen) of a proposal: uploading, replacing, removing, listing and serving them.

An attachment is exactly as visible as its proposal (``proposal.view``), and so is every older
version of it; it is part of the proposal's text: whoever may edit the text (``proposal.edit``)
adds, replaces and removes attachments. Files are checked and stored as the agenda items'
papers are (``portal.services.files``).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from meetings.models import Proposal, ProposalAttachment
from meetings.services.proposal_steps import proposal_reference
from portal import audit
from portal.errors import NotFound
from portal.extensions import db
from portal.models import StoredFile, User
from portal.permissions import Action, require
from portal.services.files import (
    MAX_ATTACHMENT_TITLE,
    Upload,
    attachment_title,
    delete_versions,
    file_facts,
    file_version,
    load_versions,
    store_file,
    store_new_version,
)

_AUDITED = ("title", "proposal_id", "file_id", "position")


def attach_file(
    actor: User, proposal: Proposal, upload: Upload | None, *, title: str = ""
) -> ProposalAttachment:
    """Attach an uploaded file to the proposal, after its other attachments."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    require(actor, Action.PROPOSAL_EDIT, proposal)
    title = attachment_title(title)
    stored = store_file(actor, upload, field="file")
    last = db.session.scalar(
        select(func.max(ProposalAttachment.position)).where(
            ProposalAttachment.proposal_id == proposal.id
        )
    )
    attachment = ProposalAttachment(
        proposal_id=proposal.id,
        file=stored,
        title=title or stored.filename[:MAX_ATTACHMENT_TITLE],
        position=0 if last is None else last + 1,
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        actor,
        "proposal_attachment.create",
        attachment,
        label=f"{proposal_reference(proposal)}: {attachment.title}",
        after={**audit.snapshot(attachment, _AUDITED), **file_facts(attachment.file)},
    )
    db.session.commit()
    return attachment


def replace_attachment(
    actor: User, proposal: Proposal, attachment: ProposalAttachment, upload: Upload | None
) -> ProposalAttachment:
    """Upload a new version of an attachment; the older versions stay downloadable."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    require(actor, Action.PROPOSAL_EDIT, proposal)
    if attachment.proposal_id != proposal.id:
        raise NotFound()
    before = {"file_id": attachment.file_id, **file_facts(attachment.file)}
    stored = store_new_version(actor, attachment.file, upload, field="file")
    attachment.file = stored
    db.session.flush()
    audit.record(
        actor,
        "proposal_attachment.new_version",
        attachment,
        label=f"{proposal_reference(proposal)}: {attachment.title}",
        before=before,
        after={"file_id": stored.id, **file_facts(stored)},
    )
    db.session.commit()
    return attachment


def remove_attachment(actor: User, proposal: Proposal, attachment: ProposalAttachment) -> None:
    """Take an attachment off the proposal and delete its stored file, every version of it."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    require(actor, Action.PROPOSAL_EDIT, proposal)
    audit.record(
        actor,
        "proposal_attachment.delete",
        attachment,
        label=f"{proposal_reference(proposal)}: {attachment.title}",
        before={**audit.snapshot(attachment, _AUDITED), **file_facts(attachment.file)},
    )
    # The versions belong to this attachment alone; the content may be shared (files-gc).
    stored = attachment.file
    db.session.delete(attachment)
    delete_versions(stored)
    db.session.commit()
    db.session.expire(proposal, ["attachments"])


def _attachments_of(proposal: Proposal):
    return (
        select(ProposalAttachment)
        .join(ProposalAttachment.file)
        .options(contains_eager(ProposalAttachment.file))
        .where(ProposalAttachment.proposal_id == proposal.id)
        .order_by(ProposalAttachment.position, ProposalAttachment.id)
    )


def list_attachments(actor: User | None, proposal: Proposal) -> list[ProposalAttachment]:
    """Return the proposal's attachments in their order, with their files and older versions."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    attachments = list(db.session.scalars(_attachments_of(proposal)))
    load_versions(attachment.file for attachment in attachments)
    return attachments


def get_attachment(
    actor: User | None, proposal: Proposal, attachment_id: int
) -> ProposalAttachment:
    """Return an attachment of the proposal the actor may see.

    Raises NotFound for an attachment that does not exist, belongs to another proposal, or
    whose proposal is hidden from the actor.
    """
    require(actor, Action.PROPOSAL_VIEW, proposal)
    query = _attachments_of(proposal).where(ProposalAttachment.id == attachment_id)
    attachment = db.session.scalar(query)
    if attachment is None:
        raise NotFound()
    return attachment


def get_attachment_version(
    actor: User | None, proposal: Proposal, attachment_id: int, version: int
) -> StoredFile:
    """Return a version of an attachment the actor may see, by the rule of the attachment."""
    return file_version(get_attachment(actor, proposal, attachment_id).file, version)
