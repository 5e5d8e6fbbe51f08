"""Amendments and attachments of a proposal: tabling and withdrawing, uploading and serving."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.proposals import AmendmentForm, AttachmentForm
from meetings.services import amendments, proposal_attachments, proposal_queries, proposals
from meetings.views.proposals import bp
from portal.errors import Conflict, PermissionDenied
from portal.filetypes import content_disposition
from portal.forms import PortalForm
from portal.permissions import Action, can
from portal.services.files import allowed_types_text, max_size_text
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


def _editable(proposal_id: int):
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    if not can(current_user, Action.PROPOSAL_EDIT, proposal):
        raise PermissionDenied(
            _(
                "Anlagen ändert, wer den Text der Vorlage bearbeiten darf: im Entwurf die "
                "Einreicherin oder der Einreicher, in der Beratung die AG-Leitung."
            )
        )
    return proposal


@bp.route("/<int:proposal_id>/attachments", methods=["GET", "POST"])
@login_required
def attachments(proposal_id: int):
    """List a proposal's attachments and upload another (a plain multipart form, no JS)."""
    proposal = _editable(proposal_id)
    form = AttachmentForm()
    actor = current_user._get_current_object()
    status = submit_form(
        form,
        lambda: proposal_attachments.attach_file(
            actor, proposal, form.file.data, title=form.title.data or ""
        ),
    )
    if status is None:
        flash(_("Die Anlage wurde hochgeladen."), "success")
        return redirect(url_for("proposals.attachments", proposal_id=proposal.id))
    return render_template(
        "proposals/attachments.html",
        form=form,
        delete_form=PortalForm(),
        proposal=proposal,
        reference=proposals.proposal_reference(proposal),
        attachments=proposal_attachments.list_attachments(current_user, proposal),
        allowed_types=allowed_types_text(),
        max_size=max_size_text(),
    ), status


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(proposal_id: int, attachment_id: int):
    """Remove an attachment from the proposal."""
    proposal = _editable(proposal_id)
    attachment = proposal_attachments.get_attachment(
        current_user, proposal, attachment_id, with_content=False
    )
    proposal_attachments.remove_attachment(current_user, proposal, attachment)
    flash(_("Die Anlage wurde entfernt."), "success")
    return redirect(url_for("proposals.attachments", proposal_id=proposal.id))


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/<filename>")
def download_attachment(proposal_id: int, attachment_id: int, filename: str):
    """Send an attachment to whoever may see the proposal (404 for anyone else)."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    stored = proposal_attachments.get_attachment(current_user, proposal, attachment_id).file
    response = Response(stored.data, content_type=stored.content_type)
    response.headers["Content-Disposition"] = content_disposition(stored.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Should a browser show it after all, it runs no script and loads nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.set_etag(stored.sha512)
    return response.make_conditional(request)
