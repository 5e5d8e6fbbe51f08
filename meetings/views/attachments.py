"""Papers of agenda items: the secretariat's upload page, new versions, removing, downloads."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms import PaperForm
from meetings.forms.attachments import new_version_form
from meetings.services import attachments, queries
from meetings.views import bp
from portal.errors import InvalidInput
from portal.forms import PortalForm
from portal.permissions import Action, require
from portal.services.files import allowed_types_text, file_response, max_size_text
from portal.views.helpers import populate_errors, submit_form


def _managed_item(meeting_id: int, item_id: int):
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    return meeting, queries.get_agenda_item(current_user, meeting, item_id)


def _number(meeting, item) -> str:
    """Return the item's TOP number as the agenda shows it."""
    return next(e.number for e in queries.numbered_agenda(meeting.items) if e.item.id == item.id)


def _papers_url(meeting, item, anchor: str | None = None) -> str:
    return url_for("meetings.papers", meeting_id=meeting.id, item_id=item.id, _anchor=anchor)


def _papers_page(meeting, item, form, status: int, failed=None):
    """Render the papers page; ``failed`` is a new-version form to show with its errors."""
    papers = attachments.papers_of_item(current_user, item)
    version_forms = {paper.id: new_version_form(paper.id, paper.title) for paper in papers}
    if failed is not None:
        version_forms[failed[0]] = failed[1]
    return render_template(
        "meetings/papers.html",
        form=form,
        version_forms=version_forms,
        meeting=meeting,
        item=item,
        number=_number(meeting, item),
        papers=papers,
        allowed_types=allowed_types_text(),
        max_size=max_size_text(),
    ), status


@bp.route("/<int:meeting_id>/items/<int:item_id>/papers", methods=["GET", "POST"])
@login_required
def papers(meeting_id: int, item_id: int):
    """List an agenda item's papers and upload another (a plain multipart form, no JS)."""
    meeting, item = _managed_item(meeting_id, item_id)
    form = PaperForm()
    if form.validate_on_submit():
        try:
            attachments.attach_paper(current_user, item, form.file.data, title=form.title.data)
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Unterlage wurde hochgeladen."), "success")
            return redirect(_papers_url(meeting, item))
    return _papers_page(meeting, item, form, 422 if form.is_submitted() else 200)


@bp.route(
    "/<int:meeting_id>/items/<int:item_id>/papers/<int:attachment_id>/versions", methods=["POST"]
)
@login_required
def new_paper_version(meeting_id: int, item_id: int, attachment_id: int):
    """Upload a new version of a paper, from the form beside it on the papers page."""
    meeting, item = _managed_item(meeting_id, item_id)
    paper = attachments.get_paper(current_user, meeting, attachment_id, item=item)
    form = new_version_form(paper.id, paper.title)
    actor = current_user._get_current_object()
    status = submit_form(form, lambda: attachments.replace_paper(actor, paper, form.file.data))
    if status is None:
        flash(
            _("Die neue Version von „%(title)s“ wurde hochgeladen.", title=paper.title), "success"
        )
        return redirect(_papers_url(meeting, item, f"paper-{paper.id}"))
    return _papers_page(meeting, item, PaperForm(formdata=None), status, (paper.id, form))


@bp.route(
    "/<int:meeting_id>/items/<int:item_id>/papers/<int:attachment_id>/delete",
    methods=["GET", "POST"],
)
@login_required
def delete_paper(meeting_id: int, item_id: int, attachment_id: int):
    """Ask, then remove a paper from its agenda item."""
    meeting, item = _managed_item(meeting_id, item_id)
    paper = attachments.get_paper(current_user, meeting, attachment_id, item=item)
    form = PortalForm()
    status = 200
    if form.validate_on_submit():
        try:
            attachments.remove_paper(current_user, paper)
        except InvalidInput as error:
            form.form_errors.append(error.errors[0][1])
            status = 422
        else:
            flash(_("Die Unterlage wurde entfernt."), "success")
            return redirect(_papers_url(meeting, item))
    return render_template(
        "meetings/paper_delete.html",
        form=form,
        meeting=meeting,
        item=item,
        number=_number(meeting, item),
        paper=paper,
    ), status


@bp.route("/<int:meeting_id>/papers/<int:attachment_id>/<filename>")
def download_paper(meeting_id: int, attachment_id: int, filename: str):
    """Send a paper's current version, to whoever may see its agenda item (404 for anyone else).

    The name in the path is for the reader and the browser; the paper is found by its id.
    """
    meeting = queries.get_meeting(current_user, meeting_id)
    return file_response(attachments.get_paper(current_user, meeting, attachment_id).file)


@bp.route("/<int:meeting_id>/papers/<int:attachment_id>/versions/<int:version>/<filename>")
def download_paper_version(meeting_id: int, attachment_id: int, version: int, filename: str):
    """Send one version of a paper, to exactly those who may download the paper itself."""
    meeting = queries.get_meeting(current_user, meeting_id)
    return file_response(
        attachments.get_paper_version(current_user, meeting, attachment_id, version)
    )
