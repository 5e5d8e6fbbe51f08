"""Amendments and attachments of a proposal: tabling and withdrawing, uploading (also new
versions) and serving."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.attachments import new_version_form
from meetings.forms.proposals import AmendmentForm, AttachmentForm
from meetings.services import amendments, proposal_attachments, proposal_queries, proposals
from meetings.views.proposals import bp
from portal.errors import Conflict, PermissionDenied
from portal.forms import PortalForm
from portal.permissions import Action, can
from portal.services.files import allowed_types_text, file_response, max_size_text
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


def _attachments_page(proposal, form, status: int, failed=None):
    """Render the attachments page; ``failed`` is a new-version form to show with its errors."""
    listed = proposal_attachments.list_attachments(current_user, proposal)
    version_forms = {item.id: new_version_form(item.id, item.title) for item in listed}
    if failed is not None:
        version_forms[failed[0]] = failed[1]
    return render_template(
        "proposals/attachments.html",
        form=form,
        version_forms=version_forms,
        delete_form=PortalForm(),
        proposal=proposal,
        reference=proposals.proposal_reference(proposal),
        attachments=listed,
        allowed_types=allowed_types_text(),
        max_size=max_size_text(),
    ), status


def _attachments_url(proposal, anchor: str | None = None) -> str:
    return url_for("proposals.attachments", proposal_id=proposal.id, _anchor=anchor)


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
        return redirect(_attachments_url(proposal))
    return _attachments_page(proposal, form, status)


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/versions", methods=["POST"])
@login_required
def new_attachment_version(proposal_id: int, attachment_id: int):
    """Upload a new version of an attachment, from the form beside it on the attachments page."""
    proposal = _editable(proposal_id)
    attachment = proposal_attachments.get_attachment(current_user, proposal, attachment_id)
    form = new_version_form(attachment.id, attachment.title)
    actor = current_user._get_current_object()
    status = submit_form(
        form,
        lambda: proposal_attachments.replace_attachment(
            actor, proposal, attachment, form.file.data
        ),
    )
    if status is None:
        flash(
            _("Die neue Version von „%(title)s“ wurde hochgeladen.", title=attachment.title),
            "success",
        )
        return redirect(_attachments_url(proposal, f"attachment-{attachment.id}"))
    failed = (attachment.id, form)
    return _attachments_page(proposal, AttachmentForm(formdata=None), status, failed)


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(proposal_id: int, attachment_id: int):
    """Remove an attachment from the proposal."""
    proposal = _editable(proposal_id)
    attachment = proposal_attachments.get_attachment(current_user, proposal, attachment_id)
    proposal_attachments.remove_attachment(current_user, proposal, attachment)
    flash(_("Die Anlage wurde entfernt."), "success")
    return redirect(_attachments_url(proposal))


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/<filename>")
def download_attachment(proposal_id: int, attachment_id: int, filename: str):
    """Send an attachment's current version to whoever may see the proposal (404 for others)."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    return file_response(
        proposal_attachments.get_attachment(current_user, proposal, attachment_id).file
    )


@bp.route("/<int:proposal_id>/attachments/<int:attachment_id>/versions/<int:version>/<filename>")
def download_attachment_version(proposal_id: int, attachment_id: int, version: int, filename: str):
    """Send one version of an attachment, to exactly those who may download the attachment."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    return file_response(
        proposal_attachments.get_attachment_version(current_user, proposal, attachment_id, version)
    )
