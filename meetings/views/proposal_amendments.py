"""Amendments and attachments of a proposal: tabling and withdrawing, uploading (also new
versions) and serving."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.proposals import AmendmentForm
from meetings.services import amendments, proposal_queries, proposals
from meetings.services.proposal_attachments import PROPOSAL_ATTACHMENTS
from meetings.views import attachment_pages
from meetings.views.attachment_pages import AttachmentPages
from meetings.views.proposals import bp
from portal.errors import Conflict, PermissionDenied
from portal.permissions import Action, can
from portal.views.helpers import submit_form


def _show(proposal, anchor: str = "") -> str:
    return url_for("proposals.show", proposal_id=proposal.id, _anchor=anchor or None)


@bp.route("/<int:proposal_id>/amendments/new", methods=["GET", "POST"])
@login_required
def create_amendment(proposal_id: int):
    """Table an amendment: the resolution text as it should be adopted."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    if not can(current_user, Action.AMENDMENT_TABLE, proposal):
        raise PermissionDenied(
            _(
                "Änderungsanträge stellen Mitglieder des beschließenden Gremiums, solange die "
                "Vorlage angenommen oder terminiert und noch nicht entschieden ist."
            )
        )
    form = AmendmentForm()
    if request.method == "GET":
        form.resolution_text.data = proposal.resolution_text
    actor = current_user._get_current_object()
    status = submit_form(
        form,
        lambda: amendments.table_amendment(
            actor, proposal, form.resolution_text.data or "", form.rationale.data or ""
        ),
    )
    if status is None:
        flash(_("Der Änderungsantrag wurde eingebracht."), "success")
        return redirect(_show(proposal, "amendments"))
    return render_template(
        "proposals/amendment_form.html",
        form=form,
        proposal=proposal,
        reference=proposals.proposal_reference(proposal),
    ), status


@bp.route("/<int:proposal_id>/amendments/<int:amendment_id>/withdraw", methods=["POST"])
@login_required
def withdraw_amendment(proposal_id: int, amendment_id: int):
    """Withdraw one's own amendment before the vote."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    amendment = amendments.get_amendment(proposal, amendment_id)
    try:
        amendments.withdraw_amendment(current_user, amendment)
    except Conflict as error:
        return _refused(proposal, str(error), 409)
    flash(_("Der Änderungsantrag wurde zurückgezogen."), "success")
    return redirect(_show(proposal, "amendments"))


def _refused(proposal, message: str, status: int):
    """Show the proposal page with the reason an action was refused."""
    flash(message, "error")
    page = proposal_queries.proposal_page(current_user, proposal.id)
    return render_template("proposals/show.html", page=page, proposal=page.proposal), status


def _attachments_refused() -> str:
    return _(
        "Anlagen ändert, wer den Text der Vorlage bearbeiten darf: im Entwurf die "
        "Einreicherin oder der Einreicher, in der Beratung die AG-Leitung."
    )


def _context(proposal) -> dict:
    return {"proposal": proposal, "reference": proposals.proposal_reference(proposal)}


ATTACHMENT_PAGES = AttachmentPages(
    spec=PROPOSAL_ATTACHMENTS,
    blueprint="proposals",
    owner_args=lambda proposal: {"proposal_id": proposal.id},
    template="proposals/attachments.html",
    delete_template="proposals/attachment_delete.html",
    refused=_attachments_refused,
    context=_context,
)


def _proposal(proposal_id: int):
    return proposal_queries.get_proposal(current_user, proposal_id)


@bp.route("/<int:proposal_id>/attachments", methods=["GET", "POST"])
@login_required
def attachments(proposal_id: int):
    """List a proposal's attachments and upload another (a plain multipart form, no JS)."""
    return attachment_pages.manage(ATTACHMENT_PAGES, _proposal(proposal_id))


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/versions", methods=["POST"])
@login_required
def new_attachment_version(proposal_id: int, attachment_id: int):
    """Upload a new version of an attachment, from the form beside it on the attachments page."""
    return attachment_pages.new_version(ATTACHMENT_PAGES, _proposal(proposal_id), attachment_id)


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_attachment(proposal_id: int, attachment_id: int):
    """Ask, then remove an attachment from the proposal."""
    return attachment_pages.delete(ATTACHMENT_PAGES, _proposal(proposal_id), attachment_id)


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/<filename>")
def download_attachment(proposal_id: int, attachment_id: int, filename: str):
    """Send an attachment's current version to whoever may see the proposal (404 for others)."""
    return attachment_pages.download(ATTACHMENT_PAGES, _proposal(proposal_id), attachment_id)


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/versions/<int:version>/<filename>")
def download_attachment_version(proposal_id: int, attachment_id: int, version: int, filename: str):
    """Send one version of an attachment, to exactly those who may download the attachment."""
    return attachment_pages.download_version(
        ATTACHMENT_PAGES, _proposal(proposal_id), attachment_id, version
    )
