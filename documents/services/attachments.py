"""Files attached to a document as a whole (a map, a table of figures).

As visible as the document (``document.view``), every older version too; the secretariat that
keeps the document (``document.manage``) adds, replaces and removes them. They belong to the
document, not to one of its versions. Used with ``portal.services.attachment_lists``.
"""

from __future__ import annotations

from documents.models import Document, DocumentAttachment
from portal.permissions import Action
from portal.services.attachment_lists import AttachmentSpec


def _label(document: Document) -> str:
    return document.title


DOCUMENT_ATTACHMENTS = AttachmentSpec(
    model=DocumentAttachment,
    owner_key="document_id",
    view=Action.DOCUMENT_VIEW,
    edit=Action.DOCUMENT_MANAGE,
    audit_prefix="document_attachment",
    label=_label,
)
