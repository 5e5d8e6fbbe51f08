"""Quorum (Beschlussfähigkeit): how many voting seats must be present for a body to decide.

Each voting seat counts once, whether its holder or a deputy sits in it, never both. The rules
come from the body's settings (``portal.models.QuorumRule`` values).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAJORITY_OF_SEATS = "majority_of_seats"
THIRD_OF_SEATS = "third_of_seats"
NO_QUORUM_RULE = "none"


@dataclass(frozen=True)
class SeatPresence:
    """Who of one voting seat is present: the holder, one of the seat's deputies, or no one."""

    holder_present: bool
    deputy_present: bool = False

    @property
    def is_filled(self) -> bool:
        return self.holder_present or self.deputy_present


@dataclass(frozen=True)
class Quorum:
    """The quorum of a meeting at one moment."""

    rule: str
    voting_seats: int
    present_seats: int
    #: Seats that must be present to decide.
    required: int

    @property
    def is_reached(self) -> bool:
        return self.present_seats >= self.required


def count_present_seats(seats: Iterable[SeatPresence]) -> int:
    """Count the voting seats that are filled (holder or deputy; a seat counts once)."""
    return sum(1 for seat in seats if seat.is_filled)


def required_seats(rule: str, voting_seats: int) -> int:
    """Return how many voting seats must be present under the rule.

    A body without voting seats can never decide under a seat rule, so at least one is needed.
    """
    if voting_seats < 0:
        raise ValueError("voting_seats must not be negative")
    if rule == MAJORITY_OF_SEATS:
        return voting_seats // 2 + 1
    if rule == THIRD_OF_SEATS:
        return max(1, -(-voting_seats // 3))
    if rule == NO_QUORUM_RULE:
        return 0
    raise ValueError(f"unknown quorum rule {rule!r}")


def quorum(rule: str, voting_seats: int, seats: Iterable[SeatPresence]) -> Quorum:
    """Compute the quorum from the rule, the number of voting seats and who is present."""
    present = count_present_seats(seats)
    return Quorum(
        rule=rule,
        voting_seats=voting_seats,
        present_seats=present,
        required=required_seats(rule, voting_seats),
    )
