"""German labels of decisions, follow-up actions and their traffic lights, for pages and exports.

The exports (CSV, DOCX) are German documents and use the same msgids, rendered in German.
"""

from __future__ import annotations

from flask_babel import lazy_pgettext

from meetings.implementation import Light
from meetings.models import ActionStatus
from meetings.proposal_flow import Outcome
from portal.i18n import lazy_gettext as _l

OUTCOME_LABELS = {
    Outcome.ADOPTED: _l("angenommen"),
    Outcome.ADOPTED_WITH_CHANGES: _l("mit Änderungen angenommen"),
    Outcome.REJECTED: _l("abgelehnt"),
    Outcome.DEFERRED: _l("vertagt"),
    Outcome.REFERRED_BACK: _l("an die Arbeitsgruppe zurückverwiesen"),
}
ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: lazy_pgettext("follow-up action status", "offen"),
    ActionStatus.IN_PROGRESS: _l("in Umsetzung"),
    ActionStatus.DONE: _l("erledigt"),
    ActionStatus.DROPPED: _l("nicht umsetzbar"),
}
#: The light's name, said in words (colour alone would not reach everyone).
LIGHT_LABELS = {
    Light.GREEN: _l("umgesetzt"),
    Light.YELLOW: _l("in Umsetzung"),
    Light.RED: _l("überfällig oder nicht umsetzbar"),
    None: _l("keine Maßnahmen"),
}
#: The register's filter by implementation status: the lights, and decisions without actions.
STATUS_FILTER_LABELS = {
    "red": LIGHT_LABELS[Light.RED],
    "yellow": LIGHT_LABELS[Light.YELLOW],
    "green": LIGHT_LABELS[Light.GREEN],
    "none": LIGHT_LABELS[None],
}
