"""German labels of ballots, votes and their results, for forms, pages and mail."""

from __future__ import annotations

from meetings.models import BallotKind, BallotSecrecy, BallotStatus, VoteChoice
from meetings.tally import ADOPTED, NOT_QUORATE, OBJECTED, REJECTED
from portal.i18n import lazy_gettext as _l

BALLOT_KIND_LABELS = {
    BallotKind.RECORDED: _l("Abstimmung in der Sitzung, Ergebnis von der Geschäftsstelle erfasst"),
    BallotKind.ELECTRONIC: _l("elektronische Abstimmung in der Sitzung"),
    BallotKind.WRITTEN: _l("Umlaufverfahren"),
}
BALLOT_SECRECY_LABELS = {
    BallotSecrecy.NAMED: _l("namentlich"),
    BallotSecrecy.SECRET: _l("geheim"),
}
BALLOT_STATUS_LABELS = {
    BallotStatus.OPEN: _l("läuft"),
    BallotStatus.CLOSED: _l("abgeschlossen"),
    BallotStatus.CANCELLED: _l("abgebrochen"),
}
VOTE_CHOICE_LABELS = {
    VoteChoice.YES: _l("Ja"),
    VoteChoice.NO: _l("Nein"),
    VoteChoice.ABSTAIN: _l("Enthaltung"),
}
#: The tally's result (``Ballot.result``).
RESULT_LABELS = {
    ADOPTED: _l("angenommen"),
    REJECTED: _l("abgelehnt"),
    NOT_QUORATE: _l("nicht zustande gekommen: zu wenige Sitze haben teilgenommen"),
    OBJECTED: _l("Widerspruch gegen das Umlaufverfahren: Der Punkt geht in die nächste Sitzung"),
}
