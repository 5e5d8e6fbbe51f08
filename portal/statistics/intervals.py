"""The audit of disclosure control: how far each suppressed cell can be narrowed down.

For every suppressed cell, linear programming finds the smallest and largest value consistent with
all published cells, all :class:`~portal.statistics.identities.Line` identities (and
:class:`~portal.statistics.identities.Bound` inequalities) and non-negativity. The attacker uses
real numbers; the interval ends are rounded inwards to integers, which only makes the audit
stricter.

:mod:`portal.statistics.disclosure` decides which cells to suppress and asks this module whether a
pattern is safe. The solving is kept here because it is most of the code and none of the rules:
each connected group of suppressed cells is its own problem, closed forms handle the simple ones,
many small LPs are solved as one block-diagonal LP, and ends that a cheaper LP (or a single row)
already implies are skipped.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TypeAlias

from portal.statistics.identities import Key, Line, Table
from portal.statistics.lp import Block, Rows, rows, solve_blocks

Interval: TypeAlias = tuple[float, float]

#: Absolute tolerance for LP results before they are rounded to integers.
TOLERANCE = 1e-6
#: From how many minimisations on a system a first LP looking for zeros pays off.
_FLOOR_PASS = 8
#: From how many open maximisations on a system LPs aiming at all their bounds at once pay off,
#: and how many bounds such an LP must reach to be repeated.
_CEILING_PASS = 16
_CEILING_GAIN = 3


#: Intervals already found, per component (the set of its suppressed cells).
Memo: TypeAlias = dict[frozenset[Key], dict[Key, Interval]]
#: A linear row over suppressed cells (coefficients +1/-1) and its right-hand side.
_Row: TypeAlias = tuple[dict[Key, int], int]


def audit_case(
    table: Table, suppressed: set[Key], targets: Iterable[Key], memo: Memo | None = None
) -> dict[Key, Interval]:
    """Return the interval of every target (a suppressed cell)."""
    return audit_cases(table, [(suppressed, set(targets))], memo)[0]


def audit_cases(
    table: Table, cases: list[tuple[set[Key], set[Key]]], memo: Memo | None = None
) -> list[dict[Key, Interval]]:
    """Audit several (suppressed, targets) cases; all their LPs are solved together.

    Each connected component of suppressed cells is its own problem. One without constraints is
    unbounded and one with a single equation has a closed form; the rest go to the LP. A
    component is fixed by its cells (all suppressed cells of its lines belong to it), so its
    intervals are kept in ``memo``: the audit rounds of one table share most components.
    """
    memo = {} if memo is None else memo
    results: list[dict[Key, Interval]] = [{} for _ in cases]
    found: list[tuple[dict[Key, Interval], dict[Key, Interval], list[Key]]] = []
    systems: list[tuple[dict[Key, Interval], list[Key], _System]] = []
    for result, (suppressed, targets) in zip(results, cases, strict=True):
        done: set[Key] = set()
        for start in sorted(targets, key=table.order.__getitem__):
            if start in done:
                continue
            cells, lines, bounds = _component(table, suppressed, start)
            done.update(cells)
            known = memo.setdefault(frozenset(cells), {})
            asked = [key for key in cells if key in targets]
            found.append((result, known, asked))
            wanted = [key for key in asked if key not in known]
            if not wanted:
                continue
            equations, inequalities = _rows(table, suppressed, lines, bounds)
            if not equations and not inequalities:
                known.update((key, (0.0, math.inf)) for key in wanted)
            elif len(equations) == 1 and not inequalities:
                known.update((key, _single_equation(*equations[0], key)) for key in wanted)
            else:
                systems.append((known, wanted, _System(cells, equations, inequalities)))
    if systems:
        _solve_systems(table.values, systems)
    for result, known, asked in found:
        result.update((key, known[key]) for key in asked)
    return results


def _component(table: Table, suppressed: set[Key], start: Key) -> tuple[list[Key], set, set]:
    """Collect the suppressed cells linked to ``start`` and the lines and bounds that link them."""
    cells, seen = [start], {start}
    lines: set[int] = set()
    bounds: set[int] = set()

    def reach(keys: Iterable[Key]) -> None:
        for key in keys:
            if key in suppressed and key not in seen:
                seen.add(key)
                cells.append(key)

    for key in cells:  # grows while it is walked
        for index in table.lines_of.get(key, ()):
            if index not in lines:
                lines.add(index)
                reach(table.cells[index])
        for index in table.bounds_of.get(key, ()):
            if index not in bounds:
                bounds.add(index)
                reach((table.bounds[index].part, table.bounds[index].limit))
    return cells, lines, bounds


def _rows(
    table: Table, suppressed: set[Key], lines: set[int], bounds: set[int]
) -> tuple[list[_Row], list[_Row]]:
    """Return the equations of the lines and the inequalities of the bounds of a component."""
    equations = [
        _row(table.values, suppressed, _signed(table.lines[index])) for index in sorted(lines)
    ]
    inequalities = [
        _row(
            table.values,
            suppressed,
            ((table.bounds[index].part, 1), (table.bounds[index].limit, -1)),
        )
        for index in sorted(bounds)
    ]
    return equations, inequalities


def _signed(line: Line) -> list[tuple[Key, int]]:
    """Return the line as ``total - sum(parts) == 0``."""
    return [(line.total, 1), *((part, -1) for part in line.parts)]


def _row(values: Mapping[Key, int], suppressed: set[Key], terms: Iterable[tuple[Key, int]]) -> _Row:
    """Turn ``sum(sign * cell)`` into a row over suppressed cells, published ones as constants."""
    coefficients: dict[Key, int] = {}
    rhs = 0
    for key, sign in terms:
        if key in suppressed:
            coefficients[key] = sign
        else:
            rhs -= sign * values[key]
    return coefficients, rhs


def _single_equation(coefficients: dict[Key, int], rhs: int, key: Key) -> Interval:
    """Solve ``sum(c * x) == rhs, x >= 0`` for one variable in closed form."""
    sign = coefficients[key]
    same = sum(1 for other in coefficients.values() if other == sign)
    opposite = len(coefficients) - same
    constant = rhs * sign  # the equation with key's coefficient made +1
    hi = math.inf if opposite else float(constant)
    lo = float(max(0, constant)) if same == 1 else 0.0
    return lo, hi


def _solve_systems(
    values: Mapping[Key, int], systems: list[tuple[dict[Key, Interval], list[Key], _System]]
) -> None:
    """Fill in the intervals of the wanted cells of LP systems, skipping every implied end.

    A first batch finds the unbounded variables (where single rows cannot tell) and, in larger
    systems, a point with many zeros: those ends need no LP of their own.
    """
    cones = [system for _, _, system in systems if not system.bounded_by_rows()]
    floors = [
        system
        for _, wanted, system in systems
        if sum(values[key] > 0 for key in wanted) >= _FLOOR_PASS
    ]
    first = solve_blocks(
        [s.cone_block() for s in cones]
        + [s.objective(dict.fromkeys(range(s.size), 1.0)) for s in floors]  # many zeros
    )
    unbounded = {
        id(system): {i for i in range(system.size) if solution[system.size + i] > 0.5}
        for system, solution in zip(cones, first[: len(cones)], strict=True)
    }
    zeros = {
        id(system): {i for i in range(system.size) if solution[i] < TOLERANCE}
        for system, solution in zip(floors, first[len(cones) :], strict=True)
    }
    ends: list[_End] = []
    for result, wanted, system in systems:
        for key in wanted:
            variable = system.index[key]
            low = values[key] == 0 or variable in zeros.get(id(system), ())
            free = variable in unbounded.get(id(system), ())
            pair = [0.0 if low else math.nan, math.inf if free else math.nan]
            ends.append(_End(result, key, values[key], system, variable, pair))
    _reach_ceilings(ends)
    blocks, slots = [], []
    for end in ends:
        for side, sign in ((0, 1.0), (1, -1.0)):
            if math.isnan(end.pair[side]):
                blocks.append(end.system.objective({end.variable: sign}))
                slots.append((end.pair, side, end.variable))
    for (pair, side, variable), solution in zip(slots, solve_blocks(blocks), strict=True):
        pair[side] = float(solution[variable])
    for end in ends:
        lo, hi = end.pair
        lo = max(0, math.ceil(lo - TOLERANCE))
        hi = hi if math.isinf(hi) else math.floor(hi + TOLERANCE)
        # The true values are feasible: guard the rounded ends against solver tolerance.
        end.result[end.key] = (float(min(lo, end.value)), float(max(hi, end.value)))


class _End(NamedTuple):
    """The interval of one wanted cell while it is being found (``nan``: not known yet)."""

    result: dict[Key, Interval]
    key: Key
    value: int
    system: _System
    variable: int
    pair: list[float]


def _reach_ceilings(ends: list[_End]) -> None:
    """Settle upper ends by feasible points that reach the bound a single row sets.

    A point where a variable equals an upper bound proves that bound to be its maximum. The true
    values are one such point; maximising the scaled sum of the open variables reaches many
    bounds at once, so in large systems a few LPs replace one LP per variable.
    """
    systems: dict[int, _System] = {}
    ceilings: dict[int, list[float]] = {}
    open_ends: dict[int, dict[int, _End]] = defaultdict(dict)
    for end in ends:
        if math.isnan(end.pair[1]):
            number = id(end.system)
            if number not in systems:
                systems[number], ceilings[number] = end.system, end.system.ceilings()
            ceiling = ceilings[number][end.variable]
            if end.value >= ceiling - TOLERANCE:
                end.pair[1] = ceiling
            elif not math.isinf(ceiling):
                open_ends[number][end.variable] = end
    active = {number: found for number, found in open_ends.items() if len(found) >= _CEILING_PASS}
    while active:
        order = list(active)
        aims = [
            systems[n].objective({v: -1.0 / max(ceilings[n][v], 1.0) for v in active[n]})
            for n in order
        ]
        for number, point in zip(order, solve_blocks(aims), strict=True):
            bounds, found = ceilings[number], active[number]
            reached = [v for v in found if point[v] >= bounds[v] - TOLERANCE]
            for variable in reached:
                found.pop(variable).pair[1] = bounds[variable]
            if len(reached) < _CEILING_GAIN or len(found) < _CEILING_PASS:
                del active[number]


class _System:
    """The constraints ``A_eq x = b_eq, A_ub x <= b_ub, x >= 0`` of one component."""

    def __init__(self, cells: list[Key], equations: list[_Row], inequalities: list[_Row]):
        self.index = {key: position for position, key in enumerate(cells)}
        self.size = len(cells)
        self.equations = [({self.index[k]: c for k, c in r.items()}, b) for r, b in equations]
        self.inequalities = [({self.index[k]: c for k, c in r.items()}, b) for r, b in inequalities]
        self._rows: Rows | None = None

    def bounded_by_rows(self) -> bool:
        """Tell whether single rows bound every variable from above (sufficient, not necessary)."""
        rows = [(row, True) for row, _ in self.equations]
        rows += [(row, False) for row, _ in self.inequalities]
        bounded: set[int] = set()
        changed = True
        while changed:
            changed = False
            for row, equal in rows:
                for variable, sign in row.items():
                    if variable in bounded or (sign < 0 and not equal):
                        continue
                    if all(other in bounded for other, s in row.items() if s == -sign):
                        bounded.add(variable)
                        changed = True
        return len(bounded) == self.size

    def objective(self, cost: Mapping[int, float]) -> Block:
        """Return the LP minimising ``sum(cost[i] * x[i])`` over this system."""
        import numpy as np

        if self._rows is None:  # converted once, shared by all LPs over this system
            self._rows = rows(self.equations, self.inequalities)
        dense = np.zeros(self.size)
        dense[list(cost)] = list(cost.values())
        return Block(self._rows, dense, np.full(self.size, math.inf))

    def ceilings(self) -> list[float]:
        """Return per variable the upper bound that single rows set (``inf`` where none does)."""
        ceilings = [math.inf] * self.size
        rows = self.equations + [(r, b) for r, b in self.inequalities if min(r.values()) > 0]
        for row, rhs in rows:
            signs = set(row.values())
            if len(signs) == 1:
                bound = rhs * signs.pop()
                for variable in row:
                    ceilings[variable] = min(ceilings[variable], bound)
        return ceilings

    def cone_block(self) -> Block:
        """Return the LP whose ``t`` part is 1 exactly on the variables that are unbounded.

        Maximise ``sum(t)`` with ``t <= y``, ``t <= 1`` over the recession cone
        ``A_eq y = 0, A_ub y <= 0, y >= 0``: a variable can grow without limit exactly when some
        direction of the cone increases it, and the sum of such directions increases all of them.
        """
        n = self.size
        equations = [(row, 0) for row, _ in self.equations]
        inequalities = [(row, 0) for row, _ in self.inequalities]
        inequalities += [({n + i: 1, i: -1}, 0) for i in range(n)]
        import numpy as np

        cost = np.concatenate((np.zeros(n), np.full(n, -1.0)))
        ceiling = np.concatenate((np.full(n, math.inf), np.ones(n)))
        return Block(rows(equations, inequalities), cost, ceiling)
