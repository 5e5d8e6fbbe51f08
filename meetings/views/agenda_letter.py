"""The invitation letter with the agenda as a Word document."""

from __future__ import annotations

from flask import Response
from flask_login import current_user

from meetings.services import agenda_letter, queries
from meetings.views import bp
from portal.filetypes import content_disposition


@bp.route("/<int:meeting_id>/agenda.docx")
def agenda_docx(meeting_id: int):
    """Send the invitation letter: the public version to everyone outside the body."""
    meeting = queries.get_meeting(current_user, meeting_id)
    data, filename = agenda_letter.agenda_docx(current_user, meeting)
    response = Response(data, content_type=agenda_letter.DOCX_MIMETYPE)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response
