"""Presence per agenda item and the quorum it gives: late arrivals, early leavers, deputies."""

import pytest

from meetings.presence import (
    ABSENT,
    Seat,
    Stay,
    quorum_at_start,
    quorum_by_item,
    seats_filled_twice,
)

ALL = Stay(present=True)


def test_a_stay_counts_for_the_stretch_it_names():
    seats = [Seat(holder=Stay(present=True, first=2, last=4))]

    assert [q.present_seats for q in quorum_by_item("none", seats, 6)] == [0, 0, 1, 1, 1, 0]


def test_an_absent_person_counts_for_no_item_whatever_the_stretch():
    seats = [Seat(holder=Stay(present=False, first=0, last=9))]

    assert all(q.present_seats == 0 for q in quorum_by_item("none", seats, 10))


def test_stretches_beyond_the_agenda_are_cut_to_it():
    seats = [Seat(holder=Stay(present=True, first=3, last=40)), Seat(holder=Stay(True, last=-1))]

    assert [q.present_seats for q in quorum_by_item("none", seats, 5)] == [0, 0, 0, 1, 1]


def test_counting_by_stretches_agrees_with_checking_every_item():
    """The difference-array count against the plain definition, on many mixed seats."""
    stays = [
        ABSENT,
        ALL,
        Stay(True, first=1),
        Stay(True, last=2),
        Stay(True, 1, 3),
        Stay(True, 4, 4),
    ]
    seats = [
        Seat(holder=stays[h], deputies=(stays[d], stays[e]))
        for h in range(6)
        for d in range(6)
        for e in range(6)
    ]

    def covers(stay, index):
        return (
            stay.present
            and (stay.first is None or stay.first <= index)
            and (stay.last is None or index <= stay.last)
        )

    expected = [
        sum(any(covers(s, i) for s in (seat.holder, *seat.deputies)) for seat in seats)
        for i in range(6)
    ]
    assert [q.present_seats for q in quorum_by_item("none", seats, 6)] == expected


def test_a_stay_cannot_end_before_it_begins():
    with pytest.raises(ValueError, match="end before"):
        Stay(present=True, first=3, last=2)


def test_a_seat_counts_once_when_holder_and_deputy_are_both_there():
    seats = [Seat(holder=ALL, deputies=(ALL,)), Seat(), Seat()]

    start = quorum_at_start("majority_of_seats", seats)

    assert (start.present_seats, start.required, start.is_reached) == (1, 2, False)


def test_a_deputy_fills_the_seat_of_an_absent_holder():
    seats = [Seat(holder=ALL), Seat(deputies=(ABSENT, ALL)), Seat()]

    assert quorum_at_start("majority_of_seats", seats).is_reached


def test_the_quorum_follows_arrivals_and_departures_item_by_item():
    seats = [
        Seat(holder=ALL),
        Seat(holder=Stay(present=True, first=2)),  # arrives for TOP 3
        Seat(holder=Stay(present=True, last=3)),  # leaves after TOP 4
        Seat(),
        Seat(deputies=(Stay(present=True, first=1, last=4),)),
    ]

    by_item = quorum_by_item("majority_of_seats", seats, 6)

    assert [q.present_seats for q in by_item] == [2, 3, 4, 4, 3, 2]
    assert [q.is_reached for q in by_item] == [False, True, True, True, True, False]
    assert quorum_at_start("majority_of_seats", seats).present_seats == 2


def test_someone_arriving_for_the_first_item_counts_at_the_start():
    seats = [Seat(holder=Stay(present=True, first=0)), Seat(holder=Stay(present=True, first=1))]

    assert quorum_at_start("majority_of_seats", seats).present_seats == 1


def test_without_a_quorum_rule_every_item_may_decide():
    assert all(q.is_reached for q in quorum_by_item("none", [Seat(), Seat()], 3))


def test_a_body_without_voting_seats_never_has_quorum_under_a_seat_rule():
    assert quorum_by_item("majority_of_seats", [], 2)[0].is_reached is False


def test_seats_filled_twice_are_named_once_each():
    seats = [
        Seat(holder=Stay(present=True, last=1), deputies=(Stay(present=True, first=2),)),
        Seat(holder=ALL, deputies=(Stay(present=True, first=3),)),
        Seat(holder=ALL),
    ]

    assert seats_filled_twice(seats, 5) == [1]
