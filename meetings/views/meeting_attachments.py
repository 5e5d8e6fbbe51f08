"""Files attached to a meeting as a whole (invitation letter, presentation): the management
page, new versions, removing, downloads.

=====================================================================  ==========================
``GET|POST /meetings/<id>/attachments``                                list them; upload another
``POST /meetings/<id>/attachments/<att>/versions``                     upload a new version
``GET|POST /meetings/<id>/attachments/<att>/delete``                   ask, then remove one
``GET /meetings/<id>/attachments/<att>/<filename>``                    download the current one
``GET /meetings/<id>/attachments/<att>/versions/<n>/<filename>``       download a version
=====================================================================  ==========================
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.services import queries
from meetings.services.meeting_attachments import MEETING_ATTACHMENTS
from meetings.views import attachment_pages, bp
from meetings.views.attachment_pages import AttachmentPages


def _refused() -> str:
    return _(
        "Anlagen zur Sitzung ändert, wer die Sitzungen des Gremiums vorbereitet: die "
        "Geschäftsführung, in Arbeitsgruppen auch die AG-Leitung."
    )


PAGES = AttachmentPages(
    spec=MEETING_ATTACHMENTS,
    blueprint="meetings",
    owner_args=lambda meeting: {"meeting_id": meeting.id},
    template="meetings/attachments.html",
    delete_template="meetings/attachment_delete.html",
    refused=_refused,
    context=lambda meeting: {"meeting": meeting},
)


def _meeting(meeting_id: int):
    return queries.get_meeting(current_user, meeting_id)


@bp.route("/<int:meeting_id>/attachments", methods=["GET", "POST"])
@login_required
def attachments(meeting_id: int):
    """List the meeting's own files and upload another (a plain multipart form, no JS)."""
    return attachment_pages.manage(PAGES, _meeting(meeting_id))


@bp.route("/<int:meeting_id>/attachments/<int:attachment_id>/versions", methods=["POST"])
@login_required
def new_attachment_version(meeting_id: int, attachment_id: int):
    """Upload a new version of a file, from the form beside it on the management page."""
    return attachment_pages.new_version(PAGES, _meeting(meeting_id), attachment_id)


@bp.route("/<int:meeting_id>/attachments/<int:attachment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_attachment(meeting_id: int, attachment_id: int):
    """Ask, then remove a file from the meeting with every version of it."""
    return attachment_pages.delete(PAGES, _meeting(meeting_id), attachment_id)


@bp.route("/<int:meeting_id>/attachments/<int:attachment_id>/<filename>")
def download_attachment(meeting_id: int, attachment_id: int, filename: str):
    """Send a file's current version to whoever may see the meeting (404 for anyone else)."""
    return attachment_pages.download(PAGES, _meeting(meeting_id), attachment_id)


@bp.route("/<int:meeting_id>/attachments/<int:attachment_id>/versions/<int:version>/<filename>")
def download_attachment_version(meeting_id: int, attachment_id: int, version: int, filename: str):
    """Send one version of a file, to exactly those who may download the file itself."""
    return attachment_pages.download_version(PAGES, _meeting(meeting_id), attachment_id, version)
