"""German labels of proposals: statuses, the steps as button texts and as history, outcomes."""

from __future__ import annotations

from meetings.models import AmendmentStatus
from meetings.proposal_flow import Outcome, ProposalStatus, Step
from portal.i18n import lazy_gettext as _l

STATUS_LABELS = {
    ProposalStatus.DRAFT: _l("Entwurf"),
    ProposalStatus.IN_DELIBERATION: _l("in Beratung der AG"),
    ProposalStatus.FORWARDED: _l("an die Lenkungsgruppe weitergeleitet"),
    ProposalStatus.ACCEPTED: _l("vom Sekretariat angenommen"),
    ProposalStatus.RETURNED: _l("zurückgegeben"),
    ProposalStatus.SCHEDULED: _l("terminiert"),
    ProposalStatus.DECIDED: _l("entschieden"),
    ProposalStatus.WITHDRAWN: _l("zurückgezogen"),
}
#: What the button of a step says.
STEP_LABELS = {
    Step.SUBMIT_FOR_DELIBERATION: _l("In die Beratung der AG geben"),
    Step.FORWARD: _l("An die Lenkungsgruppe weiterleiten"),
    Step.ACCEPT: _l("Als vollständig annehmen"),
    Step.RETURN: _l("Zurückgeben"),
    Step.REVISE: _l("Wieder in die Beratung geben"),
    Step.SCHEDULE: _l("Auf die Tagesordnung setzen"),
    Step.UNSCHEDULE: _l("Von der Tagesordnung nehmen"),
    Step.DECIDE: _l("Entscheidung eintragen"),
    Step.WITHDRAW: _l("Zurückziehen"),
}
#: What the consultation path says a step did.
STEP_DONE_LABELS = {
    Step.SUBMIT_FOR_DELIBERATION: _l("in die Beratung gegeben"),
    Step.FORWARD: _l("an die Lenkungsgruppe weitergeleitet"),
    Step.ACCEPT: _l("als vollständig angenommen"),
    Step.RETURN: _l("zurückgegeben"),
    Step.REVISE: _l("wieder in die Beratung gegeben"),
    Step.SCHEDULE: _l("auf die Tagesordnung gesetzt"),
    Step.UNSCHEDULE: _l("von der Tagesordnung genommen"),
    Step.DECIDE: _l("entschieden"),
    Step.WITHDRAW: _l("zurückgezogen"),
}
OUTCOME_LABELS = {
    Outcome.ADOPTED: _l("beschlossen"),
    Outcome.ADOPTED_WITH_CHANGES: _l("mit Änderungen beschlossen"),
    Outcome.REJECTED: _l("abgelehnt"),
    Outcome.DEFERRED: _l("vertagt"),
    Outcome.REFERRED_BACK: _l("an die Arbeitsgruppe zurückverwiesen"),
}
AMENDMENT_STATUS_LABELS = {
    AmendmentStatus.TABLED: _l("eingebracht"),
    AmendmentStatus.ADOPTED: _l("angenommen"),
    AmendmentStatus.REJECTED: _l("abgelehnt"),
    AmendmentStatus.WITHDRAWN: _l("zurückgezogen"),
}
#: Results of a ballot (``meetings.tally`` statuses) as the proposal page names them.
BALLOT_RESULT_LABELS = {
    "adopted": _l("angenommen"),
    "rejected": _l("abgelehnt"),
    "not_quorate": _l("nicht beschlussfähig"),
    "objected": _l("Widerspruch gegen das Umlaufverfahren"),
}
