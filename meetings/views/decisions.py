"""The ``decisions`` blueprint: ``/decisions/`` and everything below it.

URL table (views here, in ``decision_follow_up`` and in ``decision_attachments``):

====================================================  ==============================
``GET /decisions/``                                   the register: search, filters, pages
``GET /decisions/export.csv``                         the register as CSV (same filters)
``GET /decisions/export.docx``                        the register as DOCX (same filters)
``GET /decisions/<id>``                               a decision with its actions
``GET|POST /decisions/<id>/actions/new``              add a follow-up action
``GET|POST /decisions/actions/<a>``                   an action: report progress (note + status)
``GET|POST /decisions/actions/<a>/edit``              change an action
``GET|POST /decisions/<id>/review``                   set or clear the review date
``POST /decisions/<id>/review/agenda``                put a due review on the next agenda
``GET|POST /decisions/<id>/correct``                  correct it by a new decision
``GET /decisions/implementation``                     the implementation report (?body=<id>)
``GET /decisions/implementation.docx``                the same as DOCX
``POST /decisions/report-item``                       overdue actions onto the next agenda
``GET|POST /decisions/<id>/attachments``              its files; upload one
``POST …/attachments/<a>/versions``                   upload a file's new version
``GET|POST …/attachments/<a>/delete``                 ask, then remove a file
``GET …/attachments/<a>/<filename>``                  download a file
``GET …/attachments/<a>/versions/<n>/<filename>``     download an older version
====================================================  ==============================
"""

from __future__ import annotations

import io

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meetings import decision_labels
from meetings.forms.decisions import RegisterFilterForm
from meetings.implementation import Light, action_light, decision_light
from meetings.models import MeetingStatus
from meetings.services import decisions, register
from meetings.services.decision_attachments import DECISION_ATTACHMENTS
from meetings.services.register import RegisterFilter
from portal.errors import InvalidInput
from portal.page_cache import cached_page
from portal.permissions import Action, can
from portal.services import attachment_lists
from portal.timeutil import today_local
from portal.views.helpers import page_arg, populate_errors

bp = Blueprint("decisions", __name__, url_prefix="/decisions")

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["decision_labels"] = decision_labels


def _register_form():
    """Read the register's filters from the query string: (form, filter or None if invalid)."""
    form = RegisterFilterForm(request.args)
    bodies, organisations = register.filter_choices(current_user)
    form.fill_choices(bodies, organisations)
    if not _filter_args():
        return form, RegisterFilter(), bodies, organisations
    form.validate()
    body = next((b for b in bodies if b.id == form.body.data), None)
    organisation = next((o for o in organisations if o.id == form.organisation.data), None)
    if form.body.data is not None and body is None:
        form.body.errors = [_("Bitte wählen Sie ein Gremium aus der Liste.")]
    if form.organisation.data is not None and organisation is None:
        form.organisation.errors = [_("Bitte wählen Sie eine Organisation aus der Liste.")]
    filters = RegisterFilter(
        text=form.q.data or "",
        body_id=body.id if body else None,
        year=form.year.data,
        outcome=form.outcome.data or "",
        status=form.status.data or "",
        organisation_id=organisation.id if organisation else None,
    )
    if any(field.errors for field in form):
        return form, None, bodies, organisations
    errors = filters.errors()
    if errors:
        populate_errors(form, InvalidInput(errors))
        return form, None, bodies, organisations
    return form, filters, bodies, organisations


def _filter_args() -> dict[str, str]:
    return {key: value for key, value in request.args.items() if key != "page" and value}


def _refused_filters(form):
    return render_template("decisions/index.html", form=form, rows=None, filter_args={}), 422


@bp.route("/")
@cached_page
def index():
    """List the decisions the visitor may see, searched and filtered, a page at a time."""
    form, filters, _bodies, _organisations = _register_form()
    if filters is None:
        return _refused_filters(form)
    rows = register.register_page(current_user, filters, page=page_arg())
    return render_template("decisions/index.html", form=form, rows=rows, filter_args=_filter_args())


@bp.route("/export.csv")
def export_csv():
    """Download the matching decisions the visitor may see as CSV (Excel, UTF-8)."""
    form, filters, _bodies, _organisations = _register_form()
    if filters is None:
        return _refused_filters(form)
    document = register.register_csv(current_user, filters)
    return send_file(
        io.BytesIO(document.data),
        mimetype="text/csv; charset=utf-8",
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )


@bp.route("/export.docx")
def export_docx():
    """Download the matching decisions the visitor may see as a Word document."""
    # Imported here: python-docx and lxml stay out of workers that never build a document.
    from meetings.services import register_export

    form, filters, bodies, organisations = _register_form()
    if filters is None:
        return _refused_filters(form)
    document = register_export.register_docx(
        current_user,
        filters,
        body=next((b for b in bodies if b.id == filters.body_id), None),
        organisation=next((o for o in organisations if o.id == filters.organisation_id), None),
    )
    return send_file(
        io.BytesIO(document.data),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )


def action_lights(decision) -> dict[int, Light]:
    """Return each action's traffic light, by action id."""
    today = today_local()
    return {a.id: action_light(a.status, a.due_on, today) for a in decision.actions}


def _proposal_url(decision) -> str | None:
    """Link the proposal if its page exists and the visitor may see it."""
    proposal = decision.proposal
    if proposal is None or "proposals.show" not in current_app.view_functions:
        return None
    if not can(current_user, Action.PROPOSAL_VIEW, proposal):
        return None
    return url_for("proposals.show", proposal_id=proposal.id)


def _minutes_url(decision, sees_meeting: bool) -> str | None:
    """Link the minutes once approved (before, only those who run the meeting see them)."""
    meeting = decision.meeting
    if meeting is None or not sees_meeting:
        return None
    approved = meeting.status == MeetingStatus.MINUTES_APPROVED
    if approved or (
        meeting.status == MeetingStatus.HELD and can(current_user, Action.MEETING_MANAGE, meeting)
    ):
        return url_for("meetings.minutes", meeting_id=meeting.id)
    return None


@bp.route("/<int:decision_id>")
@cached_page
def show(decision_id: int):
    """Show a decision: where and how it was made, its text, corrections and follow-up."""
    decision = decisions.get_decision(current_user, decision_id)
    lights = action_lights(decision)
    corrected_by = decisions.superseding_decision(current_user, decision)
    sees_meeting = decision.meeting is not None and can(
        current_user, Action.MEETING_VIEW, decision.meeting
    )
    return render_template(
        "decisions/show.html",
        decision=decision,
        reference=decisions.decision_reference(decision),
        corrected_by=corrected_by,
        corrected_reference=decisions.decision_reference(corrected_by) if corrected_by else "",
        supersedes_reference=(
            decisions.decision_reference(decision.supersedes) if decision.supersedes else ""
        ),
        lights=lights,
        light=decision_light(lights.values()),
        sees_meeting=sees_meeting,
        minutes_url=_minutes_url(decision, sees_meeting),
        proposal_url=_proposal_url(decision),
        shows_people=can(current_user, Action.MEETING_VIEW_NONPUBLIC, decision.body),
        may_manage=can(current_user, Action.DECISION_MANAGE, decision),
        attachments=attachment_lists.list_files(current_user, DECISION_ATTACHMENTS, decision),
    )


from meetings.views import (  # noqa: E402,F401  (routes register on bp)
    decision_attachments,
    decision_follow_up,
)
