"""The ``meetings`` blueprint: ``/meetings/`` and everything below it.

URL table (views in ``pages`` and ``agenda``):

====================================================  ==============================
``GET /meetings/``                                    list (upcoming or past, by body)
``GET|POST /meetings/new``                            plan a meeting
``GET /meetings/<id>``                                the meeting with its agenda
``GET /meetings/<id>.ics``                            the meeting as a calendar file
``GET|POST /meetings/<id>/edit``                      change title, time, place
``GET|POST /meetings/<id>/cancel``                    call it off with a reason
``GET|POST /meetings/<id>/invite``                    send the invitation
``GET|POST /meetings/<id>/series``                    plan copies on further dates
``GET|POST /meetings/<id>/items/new``                 add an agenda item
``GET|POST /meetings/<id>/items/<item>/edit``         change an agenda item
``POST /meetings/<id>/items/<item>/move``             move it up, down or to a place
``GET|POST /meetings/<id>/items/<item>/delete``       take it off the agenda
``GET|POST /meetings/<id>/items/<item>/papers``       an item's papers; upload one
``GET|POST …/items/<item>/papers/<p>/delete``         remove a paper
``GET /meetings/<id>/papers/<p>/<filename>``          download a paper
``GET /meetings/<id>/agenda.docx``                    the invitation letter (Word)
``GET|POST /meetings/<id>/answer``                    a member answers the invitation
``GET|POST /meetings/<id>/attendance``                the secretariat records presence
``GET /meetings/<id>/quorum``                         the quorum box alone (live refresh)
``GET /meetings/<id>/minutes``                        the minutes (Niederschrift); ?set= older
``GET /meetings/<id>/minutes/print``                  the minutes as a page to print
``GET /meetings/<id>/minutes.docx``                   the minutes (Word; public part for outsiders)
``POST /meetings/<id>/minutes/start``                 start the minutes of a held meeting
``GET|POST /meetings/<id>/minutes/header``            chair, minute-taker, actual times
``GET|POST …/minutes/items/<item>/edit``              what the minutes say under one item
``GET|POST /meetings/<id>/minutes/circulate``         send to the members for comments
``POST /meetings/<id>/minutes/comments``              a member comments until the deadline
``GET|POST /meetings/<id>/minutes/approve``           record the approval (body or chair)
``POST /meetings/<id>/minutes/lock``                  close approved minutes for good
``GET|POST /meetings/<id>/minutes/amend``             start a correction of approved minutes
``GET /meetings/<id>/minutes/revisions``              the saved states
``GET /meetings/<id>/minutes/compare``                compare two of them (?from=N&to=M)
``GET|POST /meetings/<id>/suggestions/new``           a member suggests an agenda item
``POST /meetings/<id>/suggestions/<s>/accept``        put it on the agenda
``GET|POST /meetings/<id>/suggestions/<s>/decline``   decline it with a reason
``GET /meetings/agenda-templates/``                   bodies whose template one edits
``GET|POST /meetings/agenda-templates/<slug>``        a body's template; add an item
``POST …/agenda-templates/<slug>/adopt``              make the default its own
``GET|POST …/agenda-templates/<slug>/reset``          go back to the default
``GET|POST …/agenda-templates/<b>/items/<i>/edit``    change a template item
``POST …/agenda-templates/<b>/items/<i>/move``        move it up, down or to a place
``GET|POST …/agenda-templates/<b>/items/<i>/delete``  remove it from the template
====================================================  ==============================
"""

from __future__ import annotations

from flask import Blueprint

from meetings import audit_labels, display, labels
from meetings.dashboard import next_meetings_card, tasks_card
from meetings.services import calendar_stamps
from meetings.services.ballot_cli import close_due_ballots_command
from meetings.services.changes import changed_fields
from meetings.services.decisions import decision_reference
from meetings.services.follow_up_cli import remind_reviews_command
from meetings.services.proposals import proposal_reference
from meetings.services.statistics_targets import PROVIDERS as STATISTICS_TARGETS
from portal import dashboard
from portal import labels as portal_labels
from portal.statistics.targets import register_target

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.record_once
def _calendar_stamps(_state) -> None:
    calendar_stamps.init()


@bp.record_once
def _dashboard_cards(state) -> None:
    dashboard.register_card(state.app, next_meetings_card)
    dashboard.register_card(state.app, tasks_card)


@bp.record_once
def _audit_labels(_state) -> None:
    portal_labels.AUDIT_ACTION_LABELS.update(audit_labels.ACTION_LABELS)
    portal_labels.OBJECT_TYPE_LABELS.update(audit_labels.OBJECT_TYPE_LABELS)


@bp.record_once
def _statistics_targets(state) -> None:
    """Let statistics be linked from agenda items, proposals and minutes."""
    for kind, provider in STATISTICS_TARGETS.items():
        register_target(state.app, kind, provider)


@bp.record_once
def _commands(state) -> None:
    """Add the area's scheduled commands to ``kim-portal`` (run by cron or a systemd timer)."""
    state.app.cli.add_command(close_due_ballots_command)
    state.app.cli.add_command(remind_reviews_command)


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["meeting_labels"] = labels
    state.app.jinja_env.globals["change_fields"] = changed_fields
    state.app.jinja_env.globals["decision_reference"] = decision_reference
    state.app.jinja_env.globals["proposal_reference"] = proposal_reference
    state.app.jinja_env.filters.update(de_time=display.de_time, change_value=display.change_value)


from meetings.views import (  # noqa: E402,F401  (routes register on bp)
    agenda,
    agenda_letter,
    agenda_templates,
    attachments,
    attendance,
    calendar,
    minutes,
    minutes_edit,
    minutes_workflow,
    pages,
    suggestions,
)
