"""German labels of the minutes' enumerations, for forms, pages and the comparison."""

from __future__ import annotations

from meetings.models import ApprovalMode, DecisionOutcome, MinutesStatus
from portal.i18n import lazy_gettext as _l

MINUTES_STATUS_LABELS = {
    MinutesStatus.DRAFT: _l("Entwurf"),
    MinutesStatus.CIRCULATED: _l("zur Stellungnahme versandt"),
    MinutesStatus.APPROVED: _l("genehmigt"),
    MinutesStatus.LOCKED: _l("genehmigt und abgeschlossen"),
}
DECISION_OUTCOME_LABELS = {
    DecisionOutcome.ADOPTED: _l("angenommen"),
    DecisionOutcome.REJECTED: _l("abgelehnt"),
}
APPROVAL_MODE_LABELS = {
    ApprovalMode.BODY: _l("durch das Gremium in einer späteren Sitzung"),
    ApprovalMode.CHAIR: _l("durch den Vorsitz"),
}
#: How the attendance list states a person's attendance (``AttendanceLine.status``).
ATTENDANCE_STATUS_LABELS = {
    "present": _l("anwesend"),
    "excused": _l("entschuldigt"),
    "represented": _l("vertreten"),
    "absent": _l("abwesend"),
    "pending": _l("keine Rückmeldung"),
}
