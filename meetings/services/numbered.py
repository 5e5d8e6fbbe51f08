"""The agenda as it is read, printed and mailed: items in order, each with its number.

Kept apart from the page queries so that every service (mail, minutes, letters) can number an
agenda without importing the meeting page and what it gathers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from meetings.models import AgendaItem
from meetings.numbering import Slot, agenda_order, number_items


@dataclass(frozen=True)
class NumberedItem:
    """An agenda item with its number ("3.1") as it is shown, printed and mailed."""

    number: str
    item: AgendaItem

    @property
    def is_sub_item(self) -> bool:
        return self.item.parent_id is not None


def numbered_agenda(
    items: Iterable[AgendaItem], *, include_nonpublic: bool = True
) -> list[NumberedItem]:
    """Return the agenda in reading order with numbers, without non-public items if asked.

    Numbers are counted over the whole agenda, so the public and the members speak of the same
    TOP 4 (the public sees a gap where a non-public item is).
    """
    by_id = {item.id: item for item in items}
    slots = [Slot(item.id, item.parent_id, item.position) for item in by_id.values()]
    numbers = number_items(slots)
    shown = []
    for slot in agenda_order(slots):
        item = by_id[slot.id]
        parent = by_id.get(item.parent_id) if item.parent_id else None
        hidden = not item.is_public or (parent is not None and not parent.is_public)
        if include_nonpublic or not hidden:
            shown.append(NumberedItem(numbers[item.id], item))
    return shown
