"""Follow-up of a decision: actions and progress notes, review date, correction, the
implementation report and its report item on the next agenda (routes of ``decisions.bp``)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.decisions import (
    ActionForm,
    CorrectionForm,
    NoteForm,
    ReportItemForm,
    ReviewForm,
)
from meetings.implementation import action_light
from meetings.services import decisions, follow_up, implementation_report, register
from meetings.views.decisions import DOCX_MIMETYPE, bp, show
from portal.errors import Conflict, InvalidInput
from portal.forms import PortalForm
from portal.page_cache import cached_page
from portal.permissions import Action, can, require
from portal.services import bodies
from portal.timeutil import today_local
from portal.views.helpers import populate_errors, submit_form


def _decision_url(decision, anchor: str | None = None) -> str:
    return url_for("decisions.show", decision_id=decision.id, _anchor=anchor)


def _action_people(form: ActionForm) -> dict | None:
    """Resolve the chosen organisation and person, or put an error next to the field."""
    organisations, people = follow_up.action_choices()
    form.fill_choices(organisations, people)
    if not form.validate_on_submit():
        return None
    organisation = next((o for o in organisations if o.id == form.organisation_id.data), None)
    person = next((p for p in people if p.id == form.responsible_id.data), None)
    if form.organisation_id.data is not None and organisation is None:
        form.organisation_id.errors = [_("Bitte wählen Sie eine Organisation aus der Liste.")]
    if form.responsible_id.data is not None and person is None:
        form.responsible_id.errors = [_("Bitte wählen Sie eine Person aus der Liste.")]
    if form.organisation_id.errors or form.responsible_id.errors:
        return None
    return {
        "description": form.description.data or "",
        "organisation": organisation,
        "responsible": person,
        "due_on": form.due_on.data,
    }


def _save_action(form: ActionForm, save) -> int | None:
    """Run the service for a sent form; None on success, else the status to answer with."""
    fields = _action_people(form)
    if fields is None:
        return 422 if form.is_submitted() else 200
    try:
        save(fields)
    except InvalidInput as error:
        populate_errors(form, error)
        return 422
    return None


@bp.route("/<int:decision_id>/actions/new", methods=["GET", "POST"])
@login_required
def new_action(decision_id: int):
    """Add a follow-up action to a decision."""
    decision = decisions.get_decision(current_user, decision_id)
    require(current_user, Action.DECISION_MANAGE, decision)
    form = ActionForm()
    status = _save_action(form, lambda f: follow_up.add_action(current_user, decision, **f))
    if status is None:
        flash(_("Die Maßnahme wurde angelegt."), "success")
        return redirect(_decision_url(decision, "actions"))
    return render_template(
        "decisions/action_form.html", form=form, decision=decision, action=None
    ), status


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@login_required
def edit_action(action_id: int):
    """Change what an action is, who carries it out and by when."""
    action = follow_up.get_action(current_user, action_id)
    require(current_user, Action.DECISION_MANAGE, action.decision)
    form = ActionForm(obj=action) if request.method == "GET" else ActionForm()
    status = _save_action(form, lambda f: follow_up.update_action(current_user, action, **f))
    if status is None:
        flash(_("Die Maßnahme wurde gespeichert."), "success")
        return redirect(url_for("decisions.action", action_id=action.id))
    return render_template(
        "decisions/action_form.html", form=form, decision=action.decision, action=action
    ), status


def _render_action(action, form: NoteForm, status: int = 200):
    decision = action.decision
    return render_template(
        "decisions/action.html",
        action=action,
        decision=decision,
        reference=decisions.decision_reference(decision),
        light=action_light(action.status, action.due_on, today_local()),
        form=form if can(current_user, Action.ACTION_REPORT, action) else None,
        shows_people=can(current_user, Action.MEETING_VIEW_NONPUBLIC, decision.body),
        may_manage=can(current_user, Action.DECISION_MANAGE, decision),
    ), status


@bp.route("/actions/<int:action_id>")
@cached_page
def action(action_id: int):
    """Show an action with its progress notes, and the form to report on it."""
    found = follow_up.get_action(current_user, action_id)
    return _render_action(found, NoteForm(status=found.status.value))


@bp.route("/actions/<int:action_id>", methods=["POST"])
@login_required
def report(action_id: int):
    """Report progress on an action: a dated note and the status it leaves the action in."""
    found = follow_up.get_action(current_user, action_id)
    require(current_user, Action.ACTION_REPORT, found)
    form = NoteForm()
    status = submit_form(
        form,
        lambda: follow_up.add_action_note(
            current_user, found, text=form.text.data or "", status=form.status.data or ""
        ),
    )
    if status is None:
        flash(_("Der Sachstand wurde eingetragen."), "success")
        return redirect(url_for("decisions.action", action_id=found.id))
    return _render_action(found, form, status)


@bp.route("/<int:decision_id>/review", methods=["GET", "POST"])
@login_required
def review(decision_id: int):
    """Set or clear the date on which the decision comes back to the secretariat."""
    decision = decisions.get_decision(current_user, decision_id)
    require(current_user, Action.DECISION_MANAGE, decision)
    form = ReviewForm(obj=decision) if request.method == "GET" else ReviewForm()
    status = submit_form(
        form, lambda: decisions.set_review_date(current_user, decision, form.review_on.data)
    )
    if status is None:
        flash(
            _("Die Wiedervorlage wurde gespeichert.")
            if decision.review_on
            else _("Die Wiedervorlage wurde entfernt."),
            "success",
        )
        return redirect(_decision_url(decision))
    return render_template("decisions/review.html", form=form, decision=decision), status


@bp.route("/<int:decision_id>/review/agenda", methods=["POST"])
@login_required
def review_agenda(decision_id: int):
    """Put a decision whose review date has come on the body's next agenda."""
    decision = decisions.get_decision(current_user, decision_id)
    require(current_user, Action.DECISION_MANAGE, decision)
    if not PortalForm().validate_on_submit():
        abort(400)
    meeting = follow_up.next_meeting(decision.body)
    if meeting is None:
        flash(_("Für dieses Gremium ist keine Sitzung mit offener Tagesordnung geplant."), "error")
        return show(decision_id), 422
    try:
        item = follow_up.put_review_on_agenda(current_user, decision, meeting)
    except InvalidInput as error:
        flash(error.errors[0][1], "error")
        return show(decision_id), 422
    flash(_("Der Beschluss steht auf der Tagesordnung der nächsten Sitzung."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id, _anchor=f"top-{item.id}"))


@bp.route("/<int:decision_id>/correct", methods=["GET", "POST"])
@login_required
def correct(decision_id: int):
    """Correct a decision: the corrected text becomes a new decision that points to it."""
    decision = decisions.get_decision(current_user, decision_id)
    require(current_user, Action.DECISION_MANAGE, decision)
    form = CorrectionForm()
    if request.method == "GET":
        form.resolution_text.data = decision.resolution_text
    corrected = []
    status = submit_form(
        form,
        lambda: corrected.append(
            decisions.correct_decision(
                current_user,
                decision,
                resolution_text=form.resolution_text.data or "",
                reason=form.reason.data or "",
            )
        ),
    )
    if status is None:
        flash(_("Die Berichtigung wurde als neuer Beschluss eingetragen."), "success")
        return redirect(_decision_url(corrected[0]))
    return render_template(
        "decisions/correct.html",
        form=form,
        decision=decision,
        reference=decisions.decision_reference(decision),
    ), status


def _report_body():
    slug = request.args.get("body", "")
    return bodies.get_body(current_user, slug) if slug else None


def _render_implementation(body, form: ReportItemForm, status: int = 200):
    return render_template(
        "decisions/implementation.html",
        body=body,
        choices=register.body_choices(current_user),
        report=implementation_report.implementation_report(current_user, body=body),
        form=form if form.body.choices else None,
    ), status


def _report_form() -> tuple[ReportItemForm, list]:
    """The form for the report item, offering the bodies whose agenda the user may change."""
    form = ReportItemForm()
    choices = implementation_report.report_bodies(current_user)
    form.fill_choices(choices)
    return form, choices


@bp.route("/implementation")
@cached_page
def implementation():
    """Show the implementation status of decisions with actions, worst first (?body=<slug>)."""
    return _render_implementation(_report_body(), _report_form()[0])


@bp.route("/implementation.docx")
def implementation_docx():
    """Download the implementation report (?body=<slug>) as a Word document."""
    from meetings.services import register_export

    document = register_export.implementation_docx(current_user, body=_report_body())
    return send_file(
        io.BytesIO(document.data),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )


@bp.route("/report-item", methods=["POST"])
@login_required
def report_item():
    """Put the report on overdue actions on the chosen body's next meeting."""
    form, choices = _report_form()
    if not choices:
        abort(403)
    if not form.validate_on_submit() and not form.body.errors:
        abort(400)  # the CSRF token
    body = next((b for b in choices if b.id == form.body.data), None)
    if body is None:
        form.body.errors = [_("Bitte wählen Sie ein Gremium aus der Liste.")]
        return _render_implementation(None, form, 422)
    meeting = follow_up.next_meeting(body)
    if meeting is None:
        form.body.errors = [
            _("Für dieses Gremium ist keine Sitzung mit offener Tagesordnung geplant.")
        ]
        return _render_implementation(None, form, 422)
    try:
        item = follow_up.insert_report_item(current_user, meeting)
    except InvalidInput as error:
        form.body.errors = [message for _field, message in error.errors]
        return _render_implementation(None, form, 422)
    except Conflict as error:
        form.body.errors = [str(error)]
        return _render_implementation(None, form, 409)
    flash(_("Der Bericht über überfällige Maßnahmen steht auf der Tagesordnung."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id, _anchor=f"top-{item.id}"))
