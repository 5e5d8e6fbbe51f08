"""The ``statistics`` blueprint: ``/statistics/`` and everything below it.

URL table (views in ``pages``, ``figures``, ``staffing`` and ``observations``):

=================================================  ================================================
``GET /statistics/``                               published figures: filters, tables, charts
``GET /statistics/export.csv`` / ``export.xlsx``   what the page shows, as CSV or Excel
``POST /statistics/snapshots``                     freeze the current view (secretariat)
``GET /statistics/snapshots/<id>``                 a frozen view with its "Stand"
``GET /statistics/report``                         reporting overview (case managers, KI)
``GET|POST /statistics/report/<org>/<period>``     enter or correct one municipality-quarter
``GET /statistics/report/<org>/<period>/history``  every report of it (raw counts, audited)
``GET|POST /statistics/upload``                    CSV upload of many municipality-quarters
``GET /statistics/upload/template.csv``            the CSV template
``GET /statistics/publish``                        quarters waiting for publication (KI)
``POST /statistics/publish/<period>``              publish a quarter under disclosure control
``GET|POST /statistics/staffing``                  staffing calculator; save a calculation
``GET /statistics/staffing/<id>``                  a saved calculation
``GET /statistics/observations/``                  interface observations, counts by authority
``GET|POST /statistics/observations/new``          report an observation (case managers)
``GET /statistics/observations/<id>``              one observation
``GET|POST /statistics/observations/<id>/triage``  triage it (AG Verfahrensebene, KI)
=================================================  ================================================
"""

from __future__ import annotations

from flask import Blueprint

from portal import labels as portal_labels
from portal.statistics import labels
from portal.statistics.shown import cell_text

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.filters["cell_text"] = cell_text
    portal_labels.AUDIT_ACTION_LABELS.update(labels.ACTION_LABELS)
    portal_labels.OBJECT_TYPE_LABELS.update(labels.OBJECT_TYPE_LABELS)


from portal.statistics.views import (  # noqa: E402,F401  (registers the routes)
    cards,
    figures,
    links,
    observations,
    pages,
    staffing,
)
