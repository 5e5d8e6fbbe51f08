"""Quorum: a seat counts once, and the body's rule says how many seats must be present."""

import pytest

from meetings.quorum import (
    MAJORITY_OF_SEATS,
    NO_QUORUM_RULE,
    THIRD_OF_SEATS,
    SeatPresence,
    count_present_seats,
    quorum,
    required_seats,
)

HOLDER = SeatPresence(holder_present=True)
DEPUTY = SeatPresence(holder_present=False, deputy_present=True)
BOTH = SeatPresence(holder_present=True, deputy_present=True)
EMPTY = SeatPresence(holder_present=False)


def test_a_seat_counts_once_whether_holder_deputy_or_both_are_there():
    assert count_present_seats([HOLDER, DEPUTY, BOTH, EMPTY]) == 3


@pytest.mark.parametrize(
    ("seats", "required"), [(0, 1), (1, 1), (2, 2), (9, 5), (10, 6), (11, 6), (14, 8)]
)
def test_more_than_half_of_the_voting_seats(seats, required):
    assert required_seats(MAJORITY_OF_SEATS, seats) == required


@pytest.mark.parametrize(("seats", "required"), [(0, 1), (3, 1), (9, 3), (10, 4), (14, 5)])
def test_a_third_of_the_voting_seats(seats, required):
    assert required_seats(THIRD_OF_SEATS, seats) == required


def test_without_a_rule_every_duly_invited_meeting_may_decide():
    assert quorum(NO_QUORUM_RULE, 10, []).is_reached


def test_half_of_an_even_number_of_seats_is_not_enough():
    assert not quorum(MAJORITY_OF_SEATS, 10, [HOLDER] * 5 + [EMPTY] * 5).is_reached
    assert quorum(MAJORITY_OF_SEATS, 10, [HOLDER] * 5 + [DEPUTY] + [EMPTY] * 4).is_reached


def test_a_seat_filled_twice_does_not_make_up_for_an_empty_one():
    result = quorum(MAJORITY_OF_SEATS, 4, [BOTH, BOTH, EMPTY, EMPTY])
    assert result.present_seats == 2
    assert not result.is_reached


def test_unknown_rules_and_negative_seats_are_errors():
    with pytest.raises(ValueError):
        required_seats("most", 3)
    with pytest.raises(ValueError):
        required_seats(MAJORITY_OF_SEATS, -1)


def test_the_rules_are_the_ones_a_body_can_choose():
    from portal.models import QuorumRule

    assert {rule.value for rule in QuorumRule} == {
        MAJORITY_OF_SEATS,
        THIRD_OF_SEATS,
        NO_QUORUM_RULE,
    }
