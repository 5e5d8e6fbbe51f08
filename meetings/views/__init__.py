"""The ``meetings`` blueprint: ``/meetings/`` and everything below it.

URL table (views in ``pages`` and ``agenda``):

====================================================  ==============================
``GET /meetings/``                                    list (upcoming or past, by body)
``GET|POST /meetings/new``                            plan a meeting
``GET /meetings/<id>``                                the meeting with its agenda
``GET|POST /meetings/<id>/edit``                      change title, time, place
``GET|POST /meetings/<id>/cancel``                    call it off with a reason
``GET|POST /meetings/<id>/invite``                    send the invitation
``GET|POST /meetings/<id>/series``                    plan copies on further dates
``GET|POST /meetings/<id>/items/new``                 add an agenda item
``GET|POST /meetings/<id>/items/<item>/edit``         change an agenda item
``POST /meetings/<id>/items/<item>/move``             move it up, down or to a place
``GET|POST /meetings/<id>/items/<item>/delete``       take it off the agenda
====================================================  ==============================
"""

from __future__ import annotations

from flask import Blueprint

from meetings import display, labels

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["meeting_labels"] = labels
    state.app.jinja_env.filters.update(de_time=display.de_time, change_value=display.change_value)


from meetings.views import agenda, pages  # noqa: E402,F401  (routes register on bp)
