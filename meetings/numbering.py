"""Agenda numbers (TOP 1, 2, 3.1 …) and moving items, computed from the order alone.

The database keeps only each item's parent and position among its siblings; the numbers shown,
printed and exported all come from :func:`number_items`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """Where one agenda item sits: its id, its parent's id (None at top level), its position."""

    id: int
    parent_id: int | None
    position: int


def agenda_order(slots: Iterable[Slot]) -> list[Slot]:
    """Return the items in reading order: each top-level item followed by its sub-items."""
    children: dict[int | None, list[Slot]] = {}
    for slot in slots:
        children.setdefault(slot.parent_id, []).append(slot)
    for siblings in children.values():
        siblings.sort(key=lambda slot: (slot.position, slot.id))
    ordered: list[Slot] = []
    for top in children.get(None, []):
        ordered.append(top)
        ordered.extend(children.get(top.id, []))
    return ordered


def number_items(slots: Iterable[Slot]) -> dict[int, str]:
    """Return each item's number: "1", "2", … at top level and "3.1", "3.2" below item 3.

    Sub-items whose parent is missing are not numbered (they are not shown either).
    """
    numbers: dict[int, str] = {}
    top_number = 0
    sub_number = 0
    for slot in agenda_order(slots):
        if slot.parent_id is None:
            top_number += 1
            sub_number = 0
            numbers[slot.id] = str(top_number)
        else:
            sub_number += 1
            numbers[slot.id] = f"{top_number}.{sub_number}"
    return numbers


class MoveOutOfRange(ValueError):
    """The item cannot move there: it is already first or last, or the place does not exist."""


def move_by(sibling_ids: Sequence[int], item_id: int, offset: int) -> list[int]:
    """Return the siblings' ids in their new order after moving one item up (-1) or down (+1)."""
    return move_to(sibling_ids, item_id, list(sibling_ids).index(item_id) + offset)


def move_to(sibling_ids: Sequence[int], item_id: int, index: int) -> list[int]:
    """Return the siblings' ids in their new order with the item at ``index`` (0 = first)."""
    ids = list(sibling_ids)
    if item_id not in ids:
        raise MoveOutOfRange(f"item {item_id} is not among the siblings")
    if not 0 <= index < len(ids):
        raise MoveOutOfRange(f"position {index} is outside 0..{len(ids) - 1}")
    ids.remove(item_id)
    ids.insert(index, item_id)
    return ids
