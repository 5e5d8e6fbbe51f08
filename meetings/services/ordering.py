"""Moving one row among its siblings: agenda items in a meeting, items of an agenda template."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from meetings.numbering import MoveOutOfRange, move_by, move_to
from portal.errors import InvalidInput


def reorder(
    rows: Sequence, moved, *, offset: int | None = None, index: int | None = None
) -> tuple[int, int] | None:
    """Move ``moved`` by ``offset`` (-1/+1) or to ``index``, renumbering the rows' positions.

    Return the row's old and new index, or None if nothing moved; a move past either end is
    refused with the German message the forms show. The caller audits and commits.
    """
    ids = [row.id for row in rows]
    try:
        order = (
            move_to(ids, moved.id, index)
            if index is not None
            else move_by(ids, moved.id, offset or 0)
        )
    except MoveOutOfRange:
        raise InvalidInput(
            [("position", _("Der Punkt kann nicht weiter in diese Richtung verschoben werden."))]
        ) from None
    if order == ids:
        return None
    by_id = {row.id: row for row in rows}
    for position, row_id in enumerate(order):
        by_id[row_id].position = position
    return ids.index(moved.id), order.index(moved.id)
