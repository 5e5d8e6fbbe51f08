"""The steps of the minutes: circulate, comment, approve, lock, amend.

The secretariat circulates, locks and amends; members comment while the minutes are circulated;
the secretariat or the body's chair records the approval.
"""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.minutes import AmendForm, ApproveForm, CirculateForm, CommentForm
from meetings.models import MinutesStatus
from meetings.services import minutes_queries, minutes_workflow, queries
from meetings.views import bp
from meetings.views.minutes import managed_meeting, refused, render_minutes, to_minutes
from portal.errors import Conflict, InvalidInput
from portal.i18n import de_datetime
from portal.permissions import Action, require
from portal.views.helpers import populate_errors, submit_form


@bp.route("/<int:meeting_id>/minutes/circulate", methods=["GET", "POST"])
@login_required
def circulate_minutes(meeting_id: int):
    """Send the draft to the members for comments until a deadline."""
    meeting = managed_meeting(meeting_id)
    record = minutes_queries.working_minutes(current_user, meeting)
    form = CirculateForm()
    status = submit_form(
        form,
        lambda: minutes_workflow.circulate_minutes(
            current_user, record, comments_due_on=form.comments_due_on.data
        ),
    )
    if status is None:
        flash(_("Die Niederschrift wurde den Mitgliedern zur Stellungnahme gesandt."), "success")
        return to_minutes(meeting)
    return render_template(
        "meetings/minutes/circulate.html",
        form=form,
        meeting=meeting,
        minutes=record,
        open=record.status == MinutesStatus.DRAFT,
    ), status


@bp.route("/<int:meeting_id>/minutes/comments", methods=["POST"])
@login_required
def comment_minutes(meeting_id: int):
    """Add a member's comment on the circulated minutes."""
    meeting = queries.get_meeting(current_user, meeting_id)
    record = minutes_queries.shown_minutes(current_user, meeting)
    require(current_user, Action.MINUTES_COMMENT, record)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            minutes_workflow.comment_on_minutes(
                current_user, record, body=form.body.data, agenda_item_id=form.agenda_item_id.data
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Ihre Anmerkung wurde gespeichert."), "success")
            return to_minutes(meeting, "anmerkungen")
    return render_minutes(meeting, comment_form=form, status=422)


@bp.route("/<int:meeting_id>/minutes/approve", methods=["GET", "POST"])
@login_required
def approve_minutes(meeting_id: int):
    """Record that the body (in a later meeting) or the chair approved the minutes."""
    meeting = queries.get_meeting(current_user, meeting_id)
    record = minutes_queries.working_minutes(current_user, meeting)
    candidates = minutes_workflow.approval_meetings(current_user, record)
    form = ApproveForm(
        meeting_choices=[(m.id, f"{m.title}, {de_datetime(m.starts_at)}") for m in candidates]
    )

    def approve() -> None:
        chosen = next((m for m in candidates if m.id == form.approved_in_meeting_id.data), None)
        minutes_workflow.approve_minutes(
            current_user, record, mode=form.mode.data, approved_in_meeting=chosen
        )

    status = submit_form(form, approve)
    if status is None:
        flash(
            _("Die Niederschrift ist genehmigt. Die Mitglieder werden benachrichtigt."), "success"
        )
        return to_minutes(meeting)
    return render_template(
        "meetings/minutes/approve.html",
        form=form,
        meeting=meeting,
        minutes=record,
        open=record.status == MinutesStatus.CIRCULATED,
    ), status


@bp.route("/<int:meeting_id>/minutes/lock", methods=["POST"])
@login_required
def lock_minutes(meeting_id: int):
    """Close the approved minutes for good."""
    meeting = managed_meeting(meeting_id)
    record = minutes_queries.working_minutes(current_user, meeting)
    try:
        minutes_workflow.lock_minutes(current_user, record)
    except (InvalidInput, Conflict) as error:
        return refused(meeting, error)
    flash(_("Die Niederschrift ist abgeschlossen."), "success")
    return to_minutes(meeting)


@bp.route("/<int:meeting_id>/minutes/amend", methods=["GET", "POST"])
@login_required
def amend_minutes(meeting_id: int):
    """Start a correction (Berichtigung) of the approved minutes."""
    meeting = managed_meeting(meeting_id)
    record = minutes_queries.working_minutes(current_user, meeting)
    form = AmendForm()
    status = submit_form(
        form,
        lambda: minutes_workflow.start_amendment(current_user, record, reason=form.reason.data),
    )
    if status is None:
        flash(_("Die Berichtigung wurde angelegt. Sie durchläuft dieselben Schritte."), "success")
        return to_minutes(meeting)
    return render_template(
        "meetings/minutes/amend.html",
        form=form,
        meeting=meeting,
        minutes=record,
        open=record.is_final,
    ), status
