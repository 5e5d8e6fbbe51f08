"""Attachments (Anlagen) of a proposal: uploading, replacing, removing, listing and serving them.

An attachment is exactly as visible as its proposal (``proposal.view``), and so is every older
version of it; it is part of the proposal's text: whoever may edit the text (``proposal.edit``)
adds, replaces and removes attachments. The work is done by the generic lists of attached files
(``portal.services.attachment_lists``); this module names the proposal's list and keeps the
functions its callers know.
"""

from __future__ import annotations

from meetings.models import Proposal, ProposalAttachment
from meetings.services.proposal_steps import proposal_reference
from portal.models import StoredFile, User
from portal.permissions import Action
from portal.services import attachment_lists
from portal.services.attachment_lists import AttachmentSpec
from portal.services.files import Upload

PROPOSAL_ATTACHMENTS = AttachmentSpec(
    model=ProposalAttachment,
    owner_key="proposal_id",
    view=Action.PROPOSAL_VIEW,
    edit=Action.PROPOSAL_EDIT,
    audit_prefix="proposal_attachment",
    label=proposal_reference,
    collection="attachments",
)


def attach_file(
    actor: User, proposal: Proposal, upload: Upload | None, *, title: str = ""
) -> ProposalAttachment:
    """Attach an uploaded file to the proposal, after its other attachments."""
    return attachment_lists.attach_file(actor, PROPOSAL_ATTACHMENTS, proposal, upload, title=title)


def replace_attachment(
    actor: User, proposal: Proposal, attachment: ProposalAttachment, upload: Upload | None
) -> ProposalAttachment:
    """Upload a new version of an attachment; the older versions stay downloadable."""
    return attachment_lists.replace_file(actor, PROPOSAL_ATTACHMENTS, proposal, attachment, upload)


def remove_attachment(actor: User, proposal: Proposal, attachment: ProposalAttachment) -> None:
    """Take an attachment off the proposal and delete its stored file, every version of it."""
    attachment_lists.remove_file(actor, PROPOSAL_ATTACHMENTS, proposal, attachment)


def list_attachments(actor: User | None, proposal: Proposal) -> list[ProposalAttachment]:
    """Return the proposal's attachments in their order, with their files and older versions."""
    return attachment_lists.list_files(actor, PROPOSAL_ATTACHMENTS, proposal)


def get_attachment(
    actor: User | None, proposal: Proposal, attachment_id: int
) -> ProposalAttachment:
    """Return an attachment of the proposal the actor may see (NotFound otherwise)."""
    return attachment_lists.get_file(actor, PROPOSAL_ATTACHMENTS, proposal, attachment_id)


def get_attachment_version(
    actor: User | None, proposal: Proposal, attachment_id: int, version: int
) -> StoredFile:
    """Return a version of an attachment the actor may see, by the rule of the attachment."""
    return attachment_lists.get_file_version(
        actor, PROPOSAL_ATTACHMENTS, proposal, attachment_id, version
    )
