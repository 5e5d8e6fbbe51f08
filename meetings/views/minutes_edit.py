"""Writing the minutes: starting them, the header, and the entry of each agenda item.

A save based on an older state answers 409 with the form as the editor sent it and the saved
state beside it, so nothing typed is lost and nothing saved is overwritten unseen.
"""

from __future__ import annotations

from datetime import timedelta

from flask import flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.minutes import MinutesEntryForm, MinutesHeaderForm
from meetings.models import AgendaItemKind
from meetings.services import minutes as writing
from meetings.services import minutes_queries, queries
from meetings.views import bp
from meetings.views.minutes import managed_meeting, refused, to_minutes
from portal.errors import Conflict, InvalidInput
from portal.timeutil import NonexistentLocalTime, from_local, to_local
from portal.views.helpers import populate_errors

EMPTY_ACTION_ROWS = 2


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/<int:meeting_id>/minutes/start", methods=["POST"])
@login_required
def start_minutes(meeting_id: int):
    """Start the minutes of a meeting that has begun."""
    meeting = managed_meeting(meeting_id)
    try:
        writing.start_minutes(current_user, meeting)
    except (InvalidInput, Conflict) as error:
        return refused(meeting, error)
    flash(
        _("Die Niederschrift wurde angelegt. Kopf und Punkte sind aus der Sitzung übernommen."),
        "success",
    )
    return to_minutes(meeting)


def _times(form: MinutesHeaderForm) -> dict | None:
    """Turn the Berlin day and clock times into UTC; an end before the start is the next day."""
    try:
        started_at = from_local(form.day.data, form.starts_time.data)
    except NonexistentLocalTime:
        form.starts_time.errors = [_("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.")]
        return None
    end_day = form.day.data
    if form.ends_time.data < form.starts_time.data:
        end_day += timedelta(days=1)
    try:
        ended_at = from_local(end_day, form.ends_time.data)
    except NonexistentLocalTime:
        form.ends_time.errors = [_("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.")]
        return None
    return {"started_at": started_at, "ended_at": ended_at}


@bp.route("/<int:meeting_id>/minutes/header", methods=["GET", "POST"])
@login_required
def edit_minutes_header(meeting_id: int):
    """Change chair, minute-taker and the actual times of the meeting."""
    meeting = managed_meeting(meeting_id)
    record = minutes_queries.working_minutes(current_user, meeting)
    form = MinutesHeaderForm()
    if not form.is_submitted():
        started = to_local(record.started_at or meeting.starts_at)
        ended = to_local(record.ended_at or meeting.ends_at)
        form.process(
            obj=record,
            day=started.date(),
            starts_time=started.time(),
            ends_time=ended.time(),
            lock_version=record.lock_version,
        )
    status = 200
    if form.validate_on_submit() and (times := _times(form)):
        try:
            writing.update_minutes_header(
                current_user,
                record,
                lock_version=_int(form.lock_version.data),
                chair=form.chair.data,
                minute_taker=form.minute_taker.data,
                **times,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        except Conflict as error:
            form.form_errors.append(str(error))
            form.lock_version.data = record.lock_version
            status = 409
        else:
            flash(_("Die Kopfdaten wurden gespeichert."), "success")
            return to_minutes(meeting, "kopf")
    if form.is_submitted() and status == 200:
        status = 422
    return render_template(
        "meetings/minutes/header_form.html",
        form=form,
        meeting=meeting,
        minutes=record,
        conflict=status == 409,
    ), status


def _entry_form(entry) -> MinutesEntryForm:
    form = MinutesEntryForm(with_decision=entry.agenda_item.kind == AgendaItemKind.DECISION)
    if not form.is_submitted():
        form.process(obj=entry, lock_version=entry.lock_version)
        for _row in range(EMPTY_ACTION_ROWS):
            form.actions.append_entry()
    return form


def _entry_fields(form: MinutesEntryForm) -> dict:
    fields = {
        "lock_version": _int(form.lock_version.data),
        "discussion": form.discussion.data or "",
        "actions": [(row.what.data, row.who.data, row.due_on.data) for row in form.actions],
    }
    if form.decision_text is not None:
        fields.update(
            decision_text=form.decision_text.data or "",
            votes_yes=form.votes_yes.data,
            votes_no=form.votes_no.data,
            votes_abstain=form.votes_abstain.data,
            outcome=form.outcome.data,
        )
    return fields


def _entry_errors(form: MinutesEntryForm, error: InvalidInput) -> None:
    """Put errors next to the fields, those of action rows ("actions-2-what") in their row."""
    rest = []
    for name, message in error.errors:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "actions" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(form.actions.entries):
                subfield = form.actions.entries[index][parts[2]]
                subfield.errors = [*subfield.errors, message]
                continue
        rest.append((name, message))
    if rest:
        populate_errors(form, InvalidInput(rest))


@bp.route("/<int:meeting_id>/minutes/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_minutes_entry(meeting_id: int, item_id: int):
    """Write what the minutes say under one agenda item."""
    meeting = managed_meeting(meeting_id)
    record = minutes_queries.working_minutes(current_user, meeting)
    entry = minutes_queries.get_entry(current_user, record, item_id)
    form = _entry_form(entry)
    status = 200
    if form.validate_on_submit():
        try:
            writing.save_minutes_entry(current_user, entry, **_entry_fields(form))
        except InvalidInput as error:
            _entry_errors(form, error)
        except Conflict as error:
            form.form_errors.append(str(error))
            form.lock_version.data = entry.lock_version
            status = 409
        else:
            flash(_("Der Eintrag wurde gespeichert."), "success")
            return to_minutes(meeting, f"top-{item_id}")
    if form.is_submitted() and status == 200:
        status = 422
    number = next(
        (n.number for n in queries.numbered_agenda(meeting.items) if n.item.id == item_id), ""
    )
    return render_template(
        "meetings/minutes/entry_form.html",
        form=form,
        meeting=meeting,
        minutes=record,
        entry=entry,
        number=number,
        refusal=minutes_queries.decision_refusal(meeting, entry.agenda_item),
        conflict=status == 409,
    ), status
