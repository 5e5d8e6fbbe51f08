"""Agenda suggestions: a member suggests an item, the secretariat accepts or declines it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.suggestions import DeclineSuggestionForm, SuggestionForm
from meetings.services import queries, suggestions
from meetings.services.suggestion_panel import accepts_suggestions
from meetings.views import bp
from meetings.views.pages import render_meeting
from portal.errors import Conflict, InvalidInput
from portal.forms import PortalForm
from portal.permissions import Action, require
from portal.views.helpers import populate_errors


def _suggestions_url(meeting) -> str:
    return url_for("meetings.show", meeting_id=meeting.id, _anchor="suggestions")


@bp.route("/<int:meeting_id>/suggestions/new", methods=["GET", "POST"])
@login_required
def create_suggestion(meeting_id: int):
    """Suggest an item for the meeting's agenda."""
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.AGENDA_SUGGEST, meeting)
    form = SuggestionForm()
    if form.validate_on_submit():
        try:
            suggestions.suggest_agenda_item(
                current_user,
                meeting,
                title=form.title.data or "",
                description=form.description.data or "",
                kind=form.kind.data,
                is_public=form.is_public.data,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(
                _("Ihr Vorschlag wurde eingereicht. Die Geschäftsführung entscheidet darüber."),
                "success",
            )
            return redirect(_suggestions_url(meeting))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "meetings/suggestion_form.html",
        form=form,
        meeting=meeting,
        is_open=accepts_suggestions(meeting),
    ), status


@bp.route("/<int:meeting_id>/suggestions/<int:suggestion_id>/accept", methods=["POST"])
@login_required
def accept_suggestion(meeting_id: int, suggestion_id: int):
    """Put a suggested item on the agenda."""
    meeting = queries.get_meeting(current_user, meeting_id)
    suggestion = suggestions.get_suggestion(current_user, meeting, suggestion_id)
    if not PortalForm().validate_on_submit():
        return _refused(meeting, _("Der Vorschlag konnte nicht angenommen werden."), 400)
    try:
        suggestions.accept_suggestion(current_user, suggestion)
    except Conflict as error:
        return _refused(meeting, str(error), 409)
    except InvalidInput as error:
        return _refused(meeting, error.errors[0][1], 422)
    flash(_("Der Vorschlag wurde angenommen und auf die Tagesordnung gesetzt."), "success")
    return redirect(_suggestions_url(meeting))


def _refused(meeting, message: str, status: int):
    """Show the meeting page with the reason a decision was refused."""
    flash(message, "error")
    return render_meeting(meeting, status)


@bp.route("/<int:meeting_id>/suggestions/<int:suggestion_id>/decline", methods=["GET", "POST"])
@login_required
def decline_suggestion(meeting_id: int, suggestion_id: int):
    """Ask for the reason, then decline the suggestion."""
    meeting = queries.get_meeting(current_user, meeting_id)
    suggestion = suggestions.get_suggestion(current_user, meeting, suggestion_id)
    form = DeclineSuggestionForm()
    status = 200
    if form.validate_on_submit():
        try:
            suggestions.decline_suggestion(current_user, suggestion, reason=form.reason.data)
        except InvalidInput as error:
            populate_errors(form, error)
        except Conflict as error:
            form.form_errors.append(str(error))
            status = 409
        else:
            flash(_("Der Vorschlag wurde abgelehnt."), "success")
            return redirect(_suggestions_url(meeting))
    if form.is_submitted() and status == 200:
        status = 422
    return render_template(
        "meetings/suggestion_decline.html", form=form, meeting=meeting, suggestion=suggestion
    ), status
