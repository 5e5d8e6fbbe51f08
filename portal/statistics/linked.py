"""The linked tables of one quarter, protected together: municipalities and the district total.

One quarter is published in several views: each municipality's figures, the district total and
the breakdowns (closing reason, stage, age, ...) of both. A value withheld in one view must not be
computable from another (district total minus the other municipalities, or a measure minus the
published categories of any of its breakdowns), so all views become one set of cells and
identities for :func:`portal.statistics.disclosure.protect`.

Cells are ``(area, item)`` with ``area`` a municipality id or :data:`TOTAL` and ``item`` a key of
:data:`portal.statistics.catalogue.ITEMS`. District totals are summed before suppression, so they
always add up. Breakdowns with ``total`` add up to their measure; those with ``bound`` (need
topics) enter the audit as inequalities ``category <= measure``; referrals have neither. Every
item's district total is the sum of the municipalities; with a single municipality that line has
one part, so a withheld municipal cell takes its district cell with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from portal.statistics import catalogue
from portal.statistics.disclosure import PRIMARY, Bound, Line, Protection, protect

#: The area key of the district total.
TOTAL = "total"

Cell = tuple[str, str]

#: Measures that are the total of some breakdown: margins, dearer to suppress than categories.
_MARGIN_ITEMS = frozenset(dim.total for dim in catalogue.DIMENSIONS if dim.total is not None)


def build_cells(figures: Mapping[str, Mapping[str, int]]) -> tuple[dict[Cell, int], list[Line]]:
    """Return every cell of the quarter, district totals included, and the identities among them.

    ``figures`` maps a municipality id to its full item dict (every key of ``catalogue.ITEMS``).
    """
    areas = _areas(figures)
    cells: dict[Cell, int] = {}
    for area in areas:
        cells.update(((area, item), figures[area][item]) for item in catalogue.ITEMS)
    cells.update(
        ((TOTAL, item), sum(figures[area][item] for area in areas)) for item in catalogue.ITEMS
    )
    lines = [
        Line((area, dim.total), tuple((area, item) for item in dim.items))
        for area in (*areas, TOTAL)
        for dim in catalogue.DIMENSIONS
        if dim.total is not None
    ]
    if areas:
        lines += [
            Line((TOTAL, item), tuple((area, item) for area in areas)) for item in catalogue.ITEMS
        ]
    return cells, lines


def build_bounds(figures: Mapping[str, Mapping[str, int]]) -> list[Bound]:
    """Return the public inequalities of the quarter: no need topic exceeds the open cases."""
    return [
        Bound((area, item), (area, dim.bound))
        for area in (*_areas(figures), TOTAL)
        for dim in catalogue.DIMENSIONS
        if dim.bound is not None
        for item in dim.items
    ]


def cost(cell: Cell) -> float:
    """Price a cell for secondary suppression: district cells, then measures with breakdowns."""
    area, item = cell
    return (2.0 if area == TOTAL else 0.0) + (1.0 if item in _MARGIN_ITEMS else 0.0)


def protect_period(
    figures: Mapping[str, Mapping[str, int]], *, k: int = PRIMARY, keep: Iterable[Cell] = ()
) -> Protection:
    """Suppress the quarter's linked tables together; ``keep`` is the stored pattern, if any."""
    cells, lines = build_cells(figures)
    return protect(cells, lines, k=k, keep=keep, cost=cost, bounds=build_bounds(figures))


def _areas(figures: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Return the municipality ids, checking that each reports exactly the catalogue items."""
    expected = set(catalogue.ITEMS)
    for area, items in figures.items():
        if area == TOTAL:
            raise ValueError(f"{TOTAL!r} is reserved for the district total")
        if set(items) != expected:
            missing = sorted(expected - set(items))
            extra = sorted(set(items) - expected)
            raise ValueError(f"area {area!r}: missing items {missing}, unknown items {extra}")
    return list(figures)
