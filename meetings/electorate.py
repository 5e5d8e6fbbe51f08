"""Who may cast a voting seat's vote in a ballot now, and, if no one, why not.

Pure: the ballot service reads the seat's state (its holder, the seat's deputies, what the meeting
recorded about them, whether the seat already voted and through whom) and asks :func:`may_cast`.
The rules:

- A ballot recorded in the meeting takes no votes through the portal: the secretariat enters them.
- A seat excluded for a conflict of interest (Befangenheit) takes no part.
- A seat votes once. Whoever cast its vote may change a named vote while the ballot allows it;
  nobody else may vote for the seat any more.
- Electronic voting in a meeting: only a present seat votes. The holder votes if present; if not,
  a present deputy (the one the holder sent, when the holder named one).
- Written procedure (Umlaufverfahren): the holder votes; a deputy only when the holder is recorded
  absent, or has sent that deputy.

Messages are German message ids (``%(body)s`` stands for the ballot's body), translated by the
caller; they say why, so the voter knows whom to ask.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a message for the catalogue (pybabel extracts ``N_``); the caller translates it."""
    return message


ELECTRONIC = "electronic"
WRITTEN = "written"
RECORDED = "recorded"


class HolderStatus(StrEnum):
    """What is on record about the seat holder for this ballot."""

    #: Nothing recorded (a written procedure outside a meeting, or no answer and no roll call).
    NOT_RECORDED = "not_recorded"
    #: Recorded present in the meeting.
    PRESENT = "present"
    #: Recorded absent: excused, or not present when the meeting's presence was taken.
    ABSENT = "absent"
    #: Cannot attend and has sent a deputy (``sent_deputy`` names which).
    SENT_DEPUTY = "sent_deputy"


class Refusal(StrEnum):
    RECORDED_BALLOT = "recorded_ballot"
    EXCLUDED = "excluded"
    NOT_OF_SEAT = "not_of_seat"
    VOTED_BY_DEPUTY = "voted_by_deputy"
    VOTED_BY_HOLDER = "voted_by_holder"
    VOTED_BY_OTHER_DEPUTY = "voted_by_other_deputy"
    HOLDER_NOT_PRESENT = "holder_not_present"
    DEPUTY_NOT_PRESENT = "deputy_not_present"
    HOLDER_PRESENT = "holder_present"
    OTHER_DEPUTY_SENT = "other_deputy_sent"
    HOLDER_NOT_ABSENT = "holder_not_absent"
    FINAL = "final"


MESSAGES = {
    Refusal.RECORDED_BALLOT: N_(
        "Bei dieser Abstimmung wird nicht im Portal abgestimmt: Die Geschäftsstelle trägt das "
        "Ergebnis aus der Sitzung ein."
    ),
    Refusal.EXCLUDED: N_(
        "Für diesen Sitz ist Befangenheit erklärt; er nimmt an dieser Abstimmung nicht teil."
    ),
    Refusal.NOT_OF_SEAT: N_(
        "Sie sind weder Inhaberin oder Inhaber noch Stellvertretung dieses Sitzes."
    ),
    Refusal.VOTED_BY_DEPUTY: N_(
        "Für diesen Sitz hat bereits die Stellvertretung abgestimmt. Jeder Sitz hat nur eine "
        "Stimme."
    ),
    Refusal.VOTED_BY_HOLDER: N_(
        "Für diesen Sitz hat bereits die Sitzinhaberin oder der Sitzinhaber abgestimmt. Jeder "
        "Sitz hat nur eine Stimme."
    ),
    Refusal.VOTED_BY_OTHER_DEPUTY: N_(
        "Für diesen Sitz hat bereits eine andere Stellvertretung abgestimmt. Jeder Sitz hat nur "
        "eine Stimme."
    ),
    Refusal.HOLDER_NOT_PRESENT: N_(
        "In der Sitzung stimmen nur anwesende Sitze ab, und Sie sind nicht als anwesend erfasst. "
        "Bitte melden Sie sich bei der Geschäftsstelle."
    ),
    Refusal.DEPUTY_NOT_PRESENT: N_(
        "In der Sitzung stimmen nur anwesende Sitze ab, und Sie sind nicht als anwesend erfasst. "
        "Bitte melden Sie sich bei der Geschäftsstelle."
    ),
    Refusal.HOLDER_PRESENT: N_(
        "Die Sitzinhaberin oder der Sitzinhaber ist anwesend und stimmt selbst ab; die "
        "Stellvertretung stimmt nur bei Abwesenheit."
    ),
    Refusal.OTHER_DEPUTY_SENT: N_(
        "Die Sitzinhaberin oder der Sitzinhaber hat eine andere Stellvertretung entsandt; nur "
        "diese stimmt für den Sitz ab."
    ),
    Refusal.HOLDER_NOT_ABSENT: N_(
        "Im Umlaufverfahren stimmt die Sitzinhaberin oder der Sitzinhaber selbst ab. Die "
        "Stellvertretung stimmt nur, wenn die Abwesenheit erfasst ist oder sie entsandt wurde."
    ),
    Refusal.FINAL: N_("Sie haben für diesen Sitz bereits abgestimmt; die Stimme ist endgültig."),
}


@dataclass(frozen=True)
class Deputy:
    """A deputy of the seat: their membership, their user, and whether they are present."""

    membership_id: int
    user_id: int
    present: bool = False


@dataclass(frozen=True)
class SeatState:
    """One seat of a ballot's electorate as it stands now."""

    holder_user_id: int
    holder: HolderStatus = HolderStatus.NOT_RECORDED
    #: The deputy membership the holder sent (with ``SENT_DEPUTY``); None: not named.
    sent_deputy: int | None = None
    deputies: tuple[Deputy, ...] = ()
    is_excluded: bool = False
    #: The user who cast the seat's vote, if it voted.
    voted_by: int | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether the user may cast the seat's vote now; if not, why."""

    refusal: Refusal | None = None
    #: The user's own earlier vote for the seat will be replaced.
    is_change: bool = False
    #: The user casts the seat's vote as its deputy.
    as_deputy: bool = False

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    @property
    def message(self) -> str:
        """The German message id saying why not ('' when allowed)."""
        return MESSAGES[self.refusal] if self.refusal is not None else ""


def holder_status(answer: str | None, present: bool, *, presence_taken: bool) -> HolderStatus:
    """Read the holder's status from their attendance row (``Attendance.answer`` values).

    ``presence_taken`` says the secretariat recorded presence at the meeting: a holder it did not
    record as present is then absent, whatever they answered to the invitation.
    """
    if present:
        return HolderStatus.PRESENT
    if answer == "deputy":
        return HolderStatus.SENT_DEPUTY
    if answer == "absent" or presence_taken:
        return HolderStatus.ABSENT
    return HolderStatus.NOT_RECORDED


def _voted_refusal(seat: SeatState, user_id: int) -> Refusal | None:
    if seat.voted_by is None or seat.voted_by == user_id:
        return None
    if seat.voted_by == seat.holder_user_id:
        return Refusal.VOTED_BY_HOLDER
    if seat.holder_user_id == user_id:
        return Refusal.VOTED_BY_DEPUTY
    return Refusal.VOTED_BY_OTHER_DEPUTY


def _electronic(seat: SeatState, deputy: Deputy | None) -> Refusal | None:
    if deputy is None:
        return None if seat.holder == HolderStatus.PRESENT else Refusal.HOLDER_NOT_PRESENT
    if seat.holder == HolderStatus.PRESENT:
        return Refusal.HOLDER_PRESENT
    if seat.holder == HolderStatus.SENT_DEPUTY and seat.sent_deputy not in (
        None,
        deputy.membership_id,
    ):
        return Refusal.OTHER_DEPUTY_SENT
    return None if deputy.present else Refusal.DEPUTY_NOT_PRESENT


def _written(seat: SeatState, deputy: Deputy | None) -> Refusal | None:
    if deputy is None or seat.holder == HolderStatus.ABSENT:
        return None
    if seat.holder == HolderStatus.SENT_DEPUTY:
        if seat.sent_deputy in (None, deputy.membership_id):
            return None
        return Refusal.OTHER_DEPUTY_SENT
    return Refusal.HOLDER_NOT_ABSENT


def may_cast(kind: str, seat: SeatState, user_id: int, *, changes_allowed: bool) -> Verdict:
    """Tell whether the user may cast the seat's vote in a ballot of this kind now.

    :param changes_allowed: the ballot is named and lets a voter change their vote.
    """
    deputy = next((d for d in seat.deputies if d.user_id == user_id), None)
    is_holder = user_id == seat.holder_user_id
    as_deputy = deputy is not None and not is_holder
    if kind == RECORDED:
        return Verdict(Refusal.RECORDED_BALLOT)
    if not is_holder and deputy is None:
        return Verdict(Refusal.NOT_OF_SEAT)
    if seat.is_excluded:
        return Verdict(Refusal.EXCLUDED, as_deputy=as_deputy)
    refusal = _voted_refusal(seat, user_id)
    if refusal is None:
        check = _electronic if kind == ELECTRONIC else _written
        refusal = check(seat, None if is_holder else deputy)
    if refusal is not None:
        return Verdict(refusal, as_deputy=as_deputy)
    if seat.voted_by == user_id:
        if not changes_allowed:
            return Verdict(Refusal.FINAL, as_deputy=as_deputy)
        return Verdict(is_change=True, as_deputy=as_deputy)
    return Verdict(as_deputy=as_deputy)


# --- people outside the electorate -------------------------------------------------------------

NOT_A_MEMBER = N_(
    "Sie sind nicht Mitglied des Gremiums „%(body)s“ und können hier nicht abstimmen."
)
OTHER_BODY_MEMBER = N_(
    "Sie sind Mitglied von „%(other)s“, nicht von „%(body)s“. Hier stimmen nur die "
    "stimmberechtigten Mitglieder von „%(body)s“ oder ihre Stellvertretungen ab."
)
ADVISORY = N_("Als beratendes Mitglied haben Sie in „%(body)s“ kein Stimmrecht.")
GUEST = N_("Als Gast haben Sie in „%(body)s“ kein Stimmrecht.")
SECRETARIAT = N_("Die Geschäftsstelle hat in „%(body)s“ kein Stimmrecht.")
DEPUTY_OF_NO_SEAT = N_("Sie vertreten keinen Sitz, der an dieser Abstimmung teilnimmt.")
NOT_IN_ELECTORATE = N_(
    "Ihr Sitz gehört nicht zu den Stimmberechtigten dieser Abstimmung: Maßgeblich ist die "
    "Besetzung des Gremiums bei Eröffnung der Abstimmung."
)


def outsider_message(roles: Collection[str], other_bodies: Sequence[str]) -> str:
    """Say why someone with no seat in the ballot's electorate cannot vote (German message id).

    :param roles: the person's current roles in the ballot's body (``MembershipRole`` values).
    :param other_bodies: names of other bodies they belong to (a working group, say); the
        message then names one, since that is the usual mix-up.
    """
    if not roles:
        return OTHER_BODY_MEMBER if other_bodies else NOT_A_MEMBER
    for role, message in (("advisory", ADVISORY), ("guest", GUEST), ("deputy", DEPUTY_OF_NO_SEAT)):
        if set(roles) == {role}:
            return message
    if set(roles) == {"secretariat"}:
        return SECRETARIAT
    return NOT_IN_ELECTORATE
