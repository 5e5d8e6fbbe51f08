"""A member's answer to the invitation and the secretariat's presence list."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.attendance import AnswerForm, PresenceForm
from meetings.models import AttendanceAnswer
from meetings.services import answers, attendance_page, queries, roll_call
from meetings.views import bp
from portal.errors import InvalidInput
from portal.timeutil import to_local
from portal.views.helpers import populate_errors


@bp.route("/<int:meeting_id>/answer", methods=["GET", "POST"])
@login_required
def answer(meeting_id: int):
    """Answer the invitation: attend, cannot attend, or send a deputy."""
    meeting = queries.get_meeting(current_user, meeting_id)
    choice = answers.answer_choice(current_user, meeting)
    if choice is None:
        abort(404)
    form = AnswerForm(deputies=choice.deputies)
    if request.method == "GET" and choice.answer != AttendanceAnswer.PENDING:
        form.process(
            answer=choice.answer.value,
            deputy=choice.seat.deputy_membership_id,
            note=choice.seat.note,
        )
    if form.validate_on_submit():
        try:
            answers.answer_invitation(
                current_user,
                meeting,
                answer=form.answer.data or "",
                deputy_membership_id=form.deputy.data,
                note=form.note.data or "",
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Ihre Rückmeldung wurde gespeichert."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "meetings/answer.html", form=form, meeting=meeting, choice=choice
    ), status


@bp.route("/<int:meeting_id>/quorum")
def quorum(meeting_id: int):
    """The quorum box alone, for the meeting page to refresh while the meeting runs."""
    meeting = queries.get_meeting(current_user, meeting_id)
    report = attendance_page.live_quorum(current_user, meeting)
    response = make_response(
        render_template("meetings/_quorum.html", quorum=report, meeting=meeting)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(meeting_id: int):
    """The attendance list; the secretariat records who is present and from when to when."""
    meeting = queries.get_meeting(current_user, meeting_id)
    page = attendance_page.presence_page(current_user, meeting)
    form = PresenceForm()
    if request.method == "GET":
        form.process(data={"rows": [_row(entry) for entry in page.entries]})
    agenda = queries.numbered_agenda(meeting.items)
    form.set_items(agenda)
    if form.validate_on_submit():
        records = [
            roll_call.PresenceRecord(
                membership_id=_int(row.membership_id.data),
                present=bool(row.present.data),
                arrived=row.arrived.data,
                left=row.left.data,
                from_item_id=row.from_item.data,
                until_item_id=row.until_item.data,
            )
            for row in form.rows
        ]
        try:
            roll_call.record_presence(current_user, meeting, records)
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Anwesenheit wurde gespeichert."), "success")
            return redirect(url_for("meetings.attendance", meeting_id=meeting.id))
    status = 422 if form.is_submitted() else 200
    names = {entry.membership_id: entry for entry in page.entries}
    return render_template(
        "meetings/attendance.html",
        form=form,
        meeting=meeting,
        page=page,
        names=names,
        agenda=agenda,
    ), status


def _row(entry) -> dict:
    present = entry.present
    return {
        "membership_id": entry.membership_id,
        "present": present,
        "arrived": _clock(entry.arrived_at) if present else None,
        "left": _clock(entry.left_at) if present else None,
        "from_item": entry.from_item_id if present else None,
        "until_item": entry.until_item_id if present else None,
    }


def _clock(value):
    return to_local(value).time().replace(second=0, microsecond=0) if value else None
