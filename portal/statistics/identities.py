"""The identities and inequalities that link the cells of count tables, checked and indexed.

Disclosure control works on a set of cells and the public knowledge about them: :class:`Line`
identities (a total and its parts) and :class:`Bound` inequalities. Both the choice of cells to
suppress (:mod:`portal.statistics.disclosure`) and the audit of a pattern
(:mod:`portal.statistics.intervals`) walk the same :class:`Table` index; it lives here so that
neither of the two has to import the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

Key: TypeAlias = Hashable


@dataclass(frozen=True)
class Line:
    """A published identity: ``value[total] == sum(value[part] for part in parts)``."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class Bound:
    """Public knowledge that ``value[part] <= value[limit]`` (a need topic never exceeds cases)."""

    part: Key
    limit: Key


class Table:
    """The cells, identities and inequalities of one run, checked and indexed."""

    def __init__(
        self, values: Mapping[Key, int], lines: Sequence[Line], bounds: Sequence[Bound]
    ) -> None:
        self.values = dict(values)
        for key, value in self.values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"cell {key!r} must be a non-negative integer, not {value!r}")
        self.order = {key: position for position, key in enumerate(self.values)}
        self.lines = tuple(lines)
        self.cells = tuple((line.total, *line.parts) for line in self.lines)
        self.bounds = tuple(bounds)
        lines_of: dict[Key, list[int]] = defaultdict(list)
        bounds_of: dict[Key, list[int]] = defaultdict(list)
        for index, line in enumerate(self.lines):
            self._check_line(line, self.cells[index])
            for key in self.cells[index]:
                lines_of[key].append(index)
        for index, bound in enumerate(self.bounds):
            self._check_bound(bound)
            bounds_of[bound.part].append(index)
            bounds_of[bound.limit].append(index)
        self.lines_of, self.bounds_of = dict(lines_of), dict(bounds_of)

    def _check_line(self, line: Line, cells: tuple[Key, ...]) -> None:
        missing = [key for key in cells if key not in self.values]
        if missing:
            raise ValueError(f"line {line.total!r} names cells not in the table: {missing!r}")
        if not line.parts or len(set(cells)) != len(cells):
            raise ValueError(f"line {line.total!r} needs distinct parts other than its total")
        added = sum(self.values[part] for part in line.parts)
        if added != self.values[line.total]:
            raise ValueError(
                f"line {line.total!r} does not add up: "
                f"the parts give {added}, the total is {self.values[line.total]}"
            )

    def _check_bound(self, bound: Bound) -> None:
        for key in (bound.part, bound.limit):
            if key not in self.values:
                raise ValueError(f"bound {bound.part!r} <= {bound.limit!r} names {key!r}")
        if self.values[bound.part] > self.values[bound.limit]:
            raise ValueError(f"bound {bound.part!r} <= {bound.limit!r} does not hold")
