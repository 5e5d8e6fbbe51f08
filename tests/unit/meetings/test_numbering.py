"""Agenda numbers follow the order of the items; moving reorders siblings only."""

import pytest

from meetings.numbering import MoveOutOfRange, Slot, agenda_order, move_by, move_to, number_items


def test_top_level_items_are_numbered_in_position_order():
    slots = [Slot(10, None, 2), Slot(11, None, 0), Slot(12, None, 1)]
    assert number_items(slots) == {11: "1", 12: "2", 10: "3"}


def test_sub_items_are_numbered_below_their_parent():
    slots = [
        Slot(1, None, 0),
        Slot(2, None, 1),
        Slot(3, 2, 1),
        Slot(4, 2, 0),
        Slot(5, None, 2),
        Slot(6, 5, 0),
    ]
    assert number_items(slots) == {1: "1", 2: "2", 4: "2.1", 3: "2.2", 5: "3", 6: "3.1"}


def test_reading_order_puts_sub_items_right_after_their_parent():
    slots = [Slot(1, None, 1), Slot(2, None, 0), Slot(3, 1, 0), Slot(4, 2, 0)]
    assert [slot.id for slot in agenda_order(slots)] == [2, 4, 1, 3]


def test_equal_positions_fall_back_to_the_id_so_the_order_is_stable():
    slots = [Slot(7, None, 0), Slot(5, None, 0)]
    assert number_items(slots) == {5: "1", 7: "2"}


def test_orphaned_sub_items_get_no_number():
    assert number_items([Slot(1, None, 0), Slot(2, 99, 0)]) == {1: "1"}


def test_an_empty_agenda_has_no_numbers():
    assert number_items([]) == {}


def test_moving_up_and_down_swaps_with_the_neighbour():
    assert move_by([1, 2, 3], 2, -1) == [2, 1, 3]
    assert move_by([1, 2, 3], 2, +1) == [1, 3, 2]


@pytest.mark.parametrize(("item", "offset"), [(1, -1), (3, +1), (2, 5)])
def test_moving_past_either_end_is_refused(item, offset):
    with pytest.raises(MoveOutOfRange):
        move_by([1, 2, 3], item, offset)


def test_an_item_can_be_dropped_at_any_place():
    assert move_to([1, 2, 3, 4], 4, 0) == [4, 1, 2, 3]
    assert move_to([1, 2, 3, 4], 1, 3) == [2, 3, 4, 1]


def test_moving_an_unknown_item_is_refused():
    with pytest.raises(MoveOutOfRange):
        move_to([1, 2], 9, 0)
