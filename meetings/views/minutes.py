"""The minutes of a meeting to read: the page, a printable page, the .docx, saved states.

Everyone who may see the meeting reaches these pages; the services decide which set of minutes
and which items the visitor sees (404 where there is nothing they may see).
"""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from meetings import minutes_labels
from meetings.forms.minutes import CommentForm
from meetings.services import minutes_export, minutes_history, minutes_queries, queries
from meetings.views import bp
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput
from portal.page_cache import cached_page
from portal.permissions import Action, require

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.record_once
def _minutes_helpers(state) -> None:
    state.app.jinja_env.globals["minutes_labels"] = minutes_labels
    state.app.jinja_env.tests["begun"] = lambda meeting: meeting.starts_at <= utcnow()


def set_arg() -> int | None:
    """Return the ?set= of an older set of minutes (the original of an amendment), if any."""
    return request.args.get("set", type=int)


def _item_choices(page) -> list[tuple[int, str]]:
    """Offer the agenda items of the page for a comment."""
    return [(view.item.id, f"TOP {view.number} {view.item.title}") for view in page.entries]


def render_minutes(meeting, *, comment_form: CommentForm | None = None, status: int = 200):
    """Render the minutes page (also with a 4xx status after a refused action)."""
    page = minutes_queries.minutes_page(current_user, meeting, set_arg())
    if page.may_comment:
        comment_form = comment_form or CommentForm(formdata=None)
        comment_form.set_item_choices(_item_choices(page))
    html = render_template(
        "meetings/minutes/show.html",
        page=page,
        meeting=meeting,
        comment_form=comment_form if page.may_comment else None,
    )
    return html, status


def managed_meeting(meeting_id: int):
    """Return a meeting the visitor runs (404 if they may not see it, 403 if not theirs)."""
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    return meeting


def to_minutes(meeting, anchor: str | None = None):
    """Redirect to the minutes page (after a successful POST)."""
    return redirect(url_for("meetings.minutes", meeting_id=meeting.id, _anchor=anchor))


def refused(meeting, error: InvalidInput | Conflict):
    """Answer a refused button on the minutes page: the page again, the reason on top."""
    message = error.errors[0][1] if isinstance(error, InvalidInput) else str(error)
    flash(message, "error")
    return render_minutes(meeting, status=error.status_code)


@bp.route("/<int:meeting_id>/minutes")
@cached_page
def minutes(meeting_id: int):
    """Show the minutes: header, attendance, quorum, the items, comments and the next steps."""
    return render_minutes(queries.get_meeting(current_user, meeting_id))


@bp.route("/<int:meeting_id>/minutes/print")
@cached_page
def minutes_print(meeting_id: int):
    """Show the minutes as a plain page to print, with signature lines."""
    meeting = queries.get_meeting(current_user, meeting_id)
    page = minutes_queries.minutes_page(current_user, meeting, set_arg(), with_comments=False)
    if page.minutes is None:
        abort(404)
    return render_template("meetings/minutes/print.html", page=page, meeting=meeting)


@bp.route("/<int:meeting_id>/minutes.docx")
def minutes_docx(meeting_id: int):
    """Download the official .docx (the public version for people outside the body)."""
    meeting = queries.get_meeting(current_user, meeting_id)
    document = minutes_export.minutes_docx(current_user, meeting, set_arg())
    return send_file(
        io.BytesIO(document.data),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )


@bp.route("/<int:meeting_id>/minutes/revisions")
@cached_page
def minutes_revisions(meeting_id: int):
    """List the saved states of the minutes."""
    meeting = queries.get_meeting(current_user, meeting_id)
    history = minutes_history.minutes_history(current_user, meeting, set_arg())
    return render_template(
        "meetings/minutes/revisions.html", history=history, meeting=meeting, set_id=set_arg()
    )


@bp.route("/<int:meeting_id>/minutes/compare")
@cached_page
def compare_minutes(meeting_id: int):
    """Compare two saved states word by word (?from=N&to=M; default: the newest two)."""
    meeting = queries.get_meeting(current_user, meeting_id)
    chosen = {"from": request.args.get("from", ""), "to": request.args.get("to", "")}
    errors: dict[str, str] = {}
    try:
        comparison = minutes_history.compare_revisions(
            current_user,
            meeting,
            set_id=set_arg(),
            from_number=chosen["from"],
            to_number=chosen["to"],
        )
    except InvalidInput as error:
        errors = dict(error.errors)
        history = minutes_history.minutes_history(current_user, meeting, set_arg())
        comparison = minutes_history.Comparison(history=history)
    html = render_template(
        "meetings/minutes/compare.html",
        meeting=meeting,
        comparison=comparison,
        history=comparison.history,
        errors=errors,
        chosen=chosen,
        set_id=set_arg(),
    )
    return html, 422 if errors else 200
