"""Files attached to a decision (presentation, annex of the resolution): the management page,
new versions, removing, downloads.

======================================================================  =========================
``GET|POST /decisions/<id>/attachments``                                list them; upload another
``POST /decisions/<id>/attachments/<att>/versions``                     upload a new version
``GET|POST /decisions/<id>/attachments/<att>/delete``                   ask, then remove one
``GET /decisions/<id>/attachments/<att>/<filename>``                    download the current one
``GET /decisions/<id>/attachments/<att>/versions/<n>/<filename>``       download a version
======================================================================  =========================
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.services import decisions
from meetings.services.decision_attachments import DECISION_ATTACHMENTS
from meetings.views import attachment_pages
from meetings.views.attachment_pages import AttachmentPages
from meetings.views.decisions import bp


def _refused() -> str:
    return _("Anlagen zu Beschlüssen ändert, wer das Beschlussregister des Gremiums führt.")


PAGES = AttachmentPages(
    spec=DECISION_ATTACHMENTS,
    blueprint="decisions",
    owner_args=lambda decision: {"decision_id": decision.id},
    template="decisions/attachments.html",
    delete_template="decisions/attachment_delete.html",
    refused=_refused,
    context=lambda decision: {
        "decision": decision,
        "reference": decisions.decision_reference(decision),
    },
)


def _decision(decision_id: int):
    return decisions.get_decision(current_user, decision_id)


@bp.route("/<int:decision_id>/attachments", methods=["GET", "POST"])
@login_required
def attachments(decision_id: int):
    """List the decision's files and upload another (a plain multipart form, no JS)."""
    return attachment_pages.manage(PAGES, _decision(decision_id))


@bp.route("/<int:decision_id>/attachments/<int:attachment_id>/versions", methods=["POST"])
@login_required
def new_attachment_version(decision_id: int, attachment_id: int):
    """Upload a new version of a file, from the form beside it on the management page."""
    return attachment_pages.new_version(PAGES, _decision(decision_id), attachment_id)


@bp.route("/<int:decision_id>/attachments/<int:attachment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_attachment(decision_id: int, attachment_id: int):
    """Ask, then remove a file from the decision with every version of it."""
    return attachment_pages.delete(PAGES, _decision(decision_id), attachment_id)


@bp.route("/<int:decision_id>/attachments/<int:attachment_id>/<filename>")
def download_attachment(decision_id: int, attachment_id: int, filename: str):
    """Send a file's current version to whoever may see the decision (404 for anyone else)."""
    return attachment_pages.download(PAGES, _decision(decision_id), attachment_id)


@bp.route("/<int:decision_id>/attachments/<int:attachment_id>/versions/<int:version>/<filename>")
def download_attachment_version(decision_id: int, attachment_id: int, version: int, filename: str):
    """Send one version of a file, to exactly those who may download the file itself."""
    return attachment_pages.download_version(PAGES, _decision(decision_id), attachment_id, version)
