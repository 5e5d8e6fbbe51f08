"""Who sat in which voting seat during which agenda item, and the quorum at each item.

People arrive late and leave early; the secretariat notes "from TOP 3" or "until TOP 6". The
agenda is a sequence of items (indexes 0 … n-1 in reading order), and a person's stay covers an
unbroken stretch of it. A seat is filled at an item when its holder or one of its deputies is
there; it counts once, whoever fills it (``meetings.quorum``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from meetings.quorum import Quorum, SeatPresence, quorum, required_seats


@dataclass(frozen=True)
class Stay:
    """One person's presence: present at all, and the stretch of the agenda they sat through."""

    present: bool
    #: Index of the first item they were present for; None means from the start.
    first: int | None = None
    #: Index of the last item they were present for; None means until the end.
    last: int | None = None

    def __post_init__(self) -> None:
        if self.first is not None and self.last is not None and self.first > self.last:
            raise ValueError("a stay cannot end before it begins")

    @property
    def at_start(self) -> bool:
        """Present when the meeting opened (quorum is established at the start)."""
        return self.present and (self.first is None or self.first == 0)


ABSENT = Stay(present=False)


@dataclass(frozen=True)
class Seat:
    """A voting seat: the holder's stay and the stays of the seat's deputies."""

    holder: Stay = ABSENT
    deputies: tuple[Stay, ...] = ()

    def presence_at_start(self) -> SeatPresence:
        return SeatPresence(
            holder_present=self.holder.at_start,
            deputy_present=any(stay.at_start for stay in self.deputies),
        )


def quorum_at_start(rule: str, seats: Sequence[Seat]) -> Quorum:
    """Return the quorum when the meeting opened."""
    return quorum(rule, len(seats), (seat.presence_at_start() for seat in seats))


def _stretch(stay: Stay, item_count: int) -> tuple[int, int] | None:
    """Return the first and last index a stay covers within the agenda, or None."""
    if not stay.present:
        return None
    first = 0 if stay.first is None else max(stay.first, 0)
    last = item_count - 1 if stay.last is None else min(stay.last, item_count - 1)
    return (first, last) if first <= last else None


def _filled_stretches(seat: Seat, item_count: int) -> list[tuple[int, int]]:
    """Return the stretches of the agenda during which the seat is filled, merged."""
    stretches = sorted(
        stretch
        for stay in (seat.holder, *seat.deputies)
        if (stretch := _stretch(stay, item_count)) is not None
    )
    merged: list[tuple[int, int]] = []
    for first, last in stretches:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def quorum_by_item(rule: str, seats: Sequence[Seat], item_count: int) -> list[Quorum]:
    """Return the quorum during each agenda item, in agenda order.

    Counts with a difference array over each seat's filled stretches, so the work grows with
    seats plus items, not seats times items (a long agenda in a large body stays cheap).
    """
    steps = [0] * (item_count + 1)
    for seat in seats:
        for first, last in _filled_stretches(seat, item_count):
            steps[first] += 1
            steps[last + 1] -= 1
    required = required_seats(rule, len(seats))
    counts = list(accumulate(steps[:item_count]))
    return [
        Quorum(rule=rule, voting_seats=len(seats), present_seats=present, required=required)
        for present in counts
    ]


def seats_filled_twice(seats: Iterable[Seat], item_count: int) -> list[int]:
    """Return the indexes of seats whose holder and a deputy were both present at some item.

    The seat still counts once; the secretariat is told, since only one of them may vote.
    """
    twice = []
    for position, seat in enumerate(seats):
        holder = _stretch(seat.holder, item_count)
        if holder is None:
            continue
        for stay in seat.deputies:
            deputy = _stretch(stay, item_count)
            if deputy is not None and deputy[0] <= holder[1] and holder[0] <= deputy[1]:
                twice.append(position)
                break
    return twice
