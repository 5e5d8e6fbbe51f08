"""Tally of a ballot: whether the yes, no and abstain votes carry a proposal.

Majority rules are ``portal.models.MajorityRule`` values, quorum rules ``QuorumRule`` values. In a
meeting (ballot kinds ``recorded`` and ``electronic``) the rule alone decides; the meeting's
quorum comes from who is present (``meetings.quorum``). In a written procedure (Umlaufverfahren)
enough voting seats must also take part, and one objection to the procedure sends the item to the
next meeting. Ties always fail, and no rule passes without a yes vote or with more no than yes.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetings.quorum import required_seats

#: More yes than no votes; abstentions do not count.
SIMPLE = "simple"
#: More yes votes than half of all votes cast, abstentions included.
ABSOLUTE = "absolute"
#: More yes votes than half of all voting seats, whether they voted or not.
ABSOLUTE_OF_SEATS = "absolute_of_seats"
#: At least two thirds of the yes and no votes; abstentions do not count.
TWO_THIRDS = "two_thirds"
#: Every vote cast is yes: no no vote and no abstention.
UNANIMITY = "unanimity"
#: No no vote; abstentions are allowed.
CONSENSUS = "consensus"
#: Every voting seat votes yes.
UNANIMITY_OF_SEATS = "unanimity_of_seats"
RULES = frozenset(
    {SIMPLE, ABSOLUTE, ABSOLUTE_OF_SEATS, TWO_THIRDS, UNANIMITY, CONSENSUS, UNANIMITY_OF_SEATS}
)
#: The rule of a written procedure unless the body configures another.
WRITTEN_PROCEDURE_DEFAULT_RULE = UNANIMITY_OF_SEATS

#: Ballot kinds: a show of hands recorded by the secretariat, electronic votes during a meeting,
#: and the written procedure outside a meeting.
RECORDED = "recorded"
ELECTRONIC = "electronic"
WRITTEN = "written"
MEETING_KINDS = frozenset({RECORDED, ELECTRONIC})
KINDS = MEETING_KINDS | {WRITTEN}

#: Outcome statuses. ``objected`` is neither adopted nor rejected: the item goes to a meeting.
ADOPTED = "adopted"
REJECTED = "rejected"
NOT_QUORATE = "not_quorate"
OBJECTED = "objected"


@dataclass(frozen=True)
class Counts:
    """The votes of one ballot."""

    yes: int
    no: int
    abstain: int = 0

    def __post_init__(self) -> None:
        if min(self.yes, self.no, self.abstain) < 0:
            raise ValueError("vote counts must not be negative")

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Outcome:
    """The result of a ballot, with the numbers the result page states."""

    status: str
    kind: str
    rule: str
    counts: Counts
    voting_seats: int
    #: Fewest yes votes that carry the proposal against the same no votes and abstentions;
    #: None if no number of yes votes could (e.g. a no vote under unanimity).
    required_yes: int | None
    #: Seats that had to take part in a written procedure; None for a ballot in a meeting.
    required_participation: int | None
    objections: int = 0

    @property
    def is_adopted(self) -> bool:
        return self.status == ADOPTED


def _check(counts: Counts, voting_seats: int) -> None:
    if voting_seats < 0:
        raise ValueError("voting_seats must not be negative")
    if counts.cast > voting_seats:
        raise ValueError(f"{counts.cast} votes cast but only {voting_seats} voting seats")


def required_yes(rule: str, counts: Counts, voting_seats: int) -> int | None:
    """Return the fewest yes votes that carry the proposal against the other votes of ``counts``.

    None means no number of yes votes can carry it. The number may exceed the seats that did not
    vote no or abstain: it still tells the result page what would have been needed.
    """
    _check(counts, voting_seats)
    no, abstain = counts.no, counts.abstain
    if rule == SIMPLE:
        return no + 1
    if rule == ABSOLUTE:
        # yes > (yes + no + abstain) / 2 is yes > no + abstain.
        return no + abstain + 1
    if rule == ABSOLUTE_OF_SEATS:
        return voting_seats // 2 + 1
    if rule == TWO_THIRDS:
        # yes >= 2/3 (yes + no) is yes >= 2 no; a tie of zero against zero carries nothing.
        return max(1, 2 * no)
    if rule == UNANIMITY:
        return 1 if no == abstain == 0 else None
    if rule == CONSENSUS:
        return 1 if no == 0 else None
    if rule == UNANIMITY_OF_SEATS:
        return max(1, voting_seats) if no == abstain == 0 else None
    raise ValueError(f"unknown majority rule {rule!r}")


def passes(rule: str, counts: Counts, voting_seats: int) -> bool:
    """Tell whether the votes carry the proposal under the majority rule."""
    needed = required_yes(rule, counts, voting_seats)
    return needed is not None and counts.yes >= needed


def required_participation(quorum_rule: str, voting_seats: int) -> int:
    """Return how many voting seats must vote for a written procedure to be quorate.

    The body's quorum rule is applied to the seats that voted; without a rule one vote is enough.
    """
    return max(1, required_seats(quorum_rule, voting_seats))


def tally(
    kind: str,
    rule: str,
    counts: Counts,
    voting_seats: int,
    *,
    quorum_rule: str = "none",
    objections: int = 0,
) -> Outcome:
    """Decide the outcome of a ballot of the given kind.

    ``quorum_rule`` and ``objections`` concern the written procedure only; a meeting's quorum is
    established from presence before it votes, and no one can object to a ballot in a meeting.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown ballot kind {kind!r}")
    needed = required_yes(rule, counts, voting_seats)
    participation = required_participation(quorum_rule, voting_seats)
    if not 0 <= objections <= voting_seats:
        raise ValueError(f"{objections} objections with {voting_seats} voting seats")
    carried = needed is not None and counts.yes >= needed
    if kind in MEETING_KINDS:
        if objections:
            raise ValueError("only a written procedure can be objected to")
        status = ADOPTED if carried else REJECTED
        return Outcome(status, kind, rule, counts, voting_seats, needed, None)
    if objections:
        status = OBJECTED
    elif counts.cast < participation:
        status = NOT_QUORATE
    else:
        status = ADOPTED if carried else REJECTED
    return Outcome(status, kind, rule, counts, voting_seats, needed, participation, objections)
