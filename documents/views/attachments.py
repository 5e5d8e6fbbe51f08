"""Files attached to a document as a whole (map, table of figures): the management page, new
versions, removing, downloads.

========================================================================  =======================
``GET|POST /documents/<slug>/attachments``                                list; upload another
``POST /documents/<slug>/attachments/<att>/versions``                     upload a new version
``GET|POST /documents/<slug>/attachments/<att>/delete``                   ask, then remove one
``GET /documents/<slug>/attachments/<att>/<filename>``                    download the current
``GET /documents/<slug>/attachments/<att>/versions/<n>/<filename>``       download a version
========================================================================  =======================
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user, login_required

from documents.services import documents
from documents.services.attachments import DOCUMENT_ATTACHMENTS
from documents.views import bp
from meetings.views import attachment_pages
from meetings.views.attachment_pages import AttachmentPages


def _refused() -> str:
    return _("Anlagen zum Dokument ändert die Geschäftsführung, die das Dokument führt.")


PAGES = AttachmentPages(
    spec=DOCUMENT_ATTACHMENTS,
    blueprint="documents",
    owner_args=lambda document: {"slug": document.slug},
    template="documents/attachments.html",
    delete_template="documents/attachment_delete.html",
    refused=_refused,
    context=lambda document: {"document": document},
)


def _document(slug: str):
    return documents.get_document(current_user, slug)


@bp.route("/<slug>/attachments", methods=["GET", "POST"])
@login_required
def attachments(slug: str):
    """List the document's files and upload another (a plain multipart form, no JS)."""
    return attachment_pages.manage(PAGES, _document(slug))


@bp.route("/<slug>/attachments/<int:attachment_id>/versions", methods=["POST"])
@login_required
def new_attachment_version(slug: str, attachment_id: int):
    """Upload a new version of a file, from the form beside it on the management page."""
    return attachment_pages.new_version(PAGES, _document(slug), attachment_id)


@bp.route("/<slug>/attachments/<int:attachment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_attachment(slug: str, attachment_id: int):
    """Ask, then remove a file from the document with every version of it."""
    return attachment_pages.delete(PAGES, _document(slug), attachment_id)


@bp.route("/<slug>/attachments/<int:attachment_id>/<filename>")
def download_attachment(slug: str, attachment_id: int, filename: str):
    """Send a file's current version to whoever may see the document (404 for anyone else)."""
    return attachment_pages.download(PAGES, _document(slug), attachment_id)


@bp.route("/<slug>/attachments/<int:attachment_id>/versions/<int:version>/<filename>")
def download_attachment_version(slug: str, attachment_id: int, version: int, filename: str):
    """Send one version of a file, to exactly those who may download the file itself."""
    return attachment_pages.download_version(PAGES, _document(slug), attachment_id, version)
