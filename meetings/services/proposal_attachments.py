"""Attachments (Anlagen) of a proposal: uploading, removing, listing and serving them.

An attachment is exactly as visible as its proposal (``proposal.view``), and it is part of the
proposal's text: whoever may edit the text (``proposal.edit``) adds and removes attachments.
Files are checked and stored as the agenda items' papers are (``portal.services.files``).
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
    file_facts,
    store_file,
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


def remove_attachment(actor: User, proposal: Proposal, attachment: ProposalAttachment) -> None:
    """Take an attachment off the proposal and delete its stored file."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    require(actor, Action.PROPOSAL_EDIT, proposal)
    audit.record(
        actor,
        "proposal_attachment.delete",
        attachment,
        label=f"{proposal_reference(proposal)}: {attachment.title}",
        before={**audit.snapshot(attachment, _AUDITED), **file_facts(attachment.file)},
    )
    # The file belongs to this attachment alone; keeping it would keep bytes nobody can reach.
    db.session.delete(attachment)
    db.session.delete(attachment.file)
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
    """Return the proposal's attachments in their order, with their files but not the bytes."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    return list(db.session.scalars(_attachments_of(proposal)))


def get_attachment(
    actor: User | None, proposal: Proposal, attachment_id: int, *, with_content: bool = True
) -> ProposalAttachment:
    """Return an attachment of the proposal the actor may see (with the file's bytes).

    Raises NotFound for an attachment that does not exist, belongs to another proposal, or
    whose proposal is hidden from the actor.
    """
    require(actor, Action.PROPOSAL_VIEW, proposal)
    query = _attachments_of(proposal).where(ProposalAttachment.id == attachment_id)
    if with_content:
        query = query.options(contains_eager(ProposalAttachment.file).undefer(StoredFile.data))
    attachment = db.session.scalar(query)
    if attachment is None:
        raise NotFound()
    return attachment
