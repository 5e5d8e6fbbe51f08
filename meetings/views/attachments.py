"""Papers of agenda items: the secretariat's upload page, removing a paper, and the download."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms import PaperForm
from meetings.services import attachments, queries
from meetings.views import bp
from portal.errors import InvalidInput
from portal.filetypes import content_disposition
from portal.forms import PortalForm
from portal.permissions import Action, require
from portal.services.files import allowed_types_text, max_size_text
from portal.views.helpers import populate_errors


def _managed_item(meeting_id: int, item_id: int):
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    return meeting, queries.get_agenda_item(current_user, meeting, item_id)


def _number(meeting, item) -> str:
    """Return the item's TOP number as the agenda shows it."""
    return next(e.number for e in queries.numbered_agenda(meeting.items) if e.item.id == item.id)


def _papers_url(meeting, item) -> str:
    return url_for("meetings.papers", meeting_id=meeting.id, item_id=item.id)


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
    status = 422 if form.is_submitted() else 200
    return render_template(
        "meetings/papers.html",
        form=form,
        meeting=meeting,
        item=item,
        number=_number(meeting, item),
        papers=attachments.papers_of_item(current_user, item),
        allowed_types=allowed_types_text(),
        max_size=max_size_text(),
    ), status


@bp.route(
    "/<int:meeting_id>/items/<int:item_id>/papers/<int:attachment_id>/delete",
    methods=["GET", "POST"],
)
@login_required
def delete_paper(meeting_id: int, item_id: int, attachment_id: int):
    """Ask, then remove a paper from its agenda item."""
    meeting, item = _managed_item(meeting_id, item_id)
    paper = attachments.get_paper(
        current_user, meeting, attachment_id, item=item, with_content=False
    )
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
    """Send a paper as a download, to whoever may see its agenda item (404 for anyone else).

    The name in the path is for the reader and the browser; the paper is found by its id.
    """
    meeting = queries.get_meeting(current_user, meeting_id)
    stored = attachments.get_paper(current_user, meeting, attachment_id).file
    response = Response(stored.data, content_type=stored.content_type)
    response.headers["Content-Disposition"] = content_disposition(stored.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Should a browser show it after all, it runs no script and loads nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.set_etag(stored.sha512)
    return response.make_conditional(request)
