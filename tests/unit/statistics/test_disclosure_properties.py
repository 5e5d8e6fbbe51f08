"""Disclosure control on random tables: after protection no small count can be read or computed.

Every check here is recomputed apart from the implementation: intervals by one plain LP per cell
and end (no components, no batching, no closed forms), and for tiny 1-D tables by enumerating
every integer table that fits what is published.
"""

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from portal.statistics import catalogue
from portal.statistics.disclosure import Bound, Line, protect
from portal.statistics.linked import build_bounds, build_cells, protect_period

#: Counts as they come in small municipalities: mostly below ten, many zeros and ones.
COUNT = st.sampled_from([0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 7, 9, 14, 30])
K = st.integers(2, 4)


def plain_intervals(values, lines, suppressed, bounds=()):
    """Return min and max of each suppressed cell given everything published: two LPs per cell."""
    cells = sorted(suppressed, key=repr)
    column = {cell: position for position, cell in enumerate(cells)}

    def rows(terms_list):
        matrix, rhs = [], []
        for terms in terms_list:
            row, constant = np.zeros(len(cells)), 0.0
            for cell, sign in terms:
                if cell in column:
                    row[column[cell]] += sign
                else:
                    constant -= sign * values[cell]
            if row.any():
                matrix.append(row)
                rhs.append(constant)
        return (np.array(matrix), rhs) if matrix else (None, None)

    a_eq, b_eq = rows([[(ln.total, 1)] + [(part, -1) for part in ln.parts] for ln in lines])
    a_ub, b_ub = rows([[(bound.part, 1), (bound.limit, -1)] for bound in bounds])
    result = {}
    for cell in cells:
        ends = []
        for sign in (1, -1):
            cost = np.zeros(len(cells))
            cost[column[cell]] = sign
            lp = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, method="highs")
            assert lp.status in (0, 3), lp.message
            ends.append(math.inf if lp.status == 3 else sign * lp.fun)
        lo, hi = max(0, math.ceil(ends[0] - 1e-6)), ends[1]
        result[cell] = (float(lo), hi if math.isinf(hi) else float(math.floor(hi + 1e-6)))
    return result


def assert_protected(values, lines, protection, k, bounds=()):
    """Check a protection against the rules, with intervals recomputed independently."""
    suppressed = protection.suppressed
    assert {cell for cell, value in values.items() if 0 < value < k} <= suppressed
    for line in lines:
        cells = (line.total, *line.parts)
        hidden = [cell for cell in cells if cell in suppressed]
        assert len(hidden) != 1, f"line {line.total!r} has a single suppressed cell"
        if len(hidden) == 2 and len(cells) > 2:
            assert {values[cell] for cell in hidden} != {1}, f"singletons in {line.total!r}"
    intervals = plain_intervals(values, lines, suppressed, bounds)
    assert intervals == dict(protection.intervals)
    for cell, (lo, hi) in intervals.items():
        assert lo <= values[cell] <= hi
        assert hi - lo >= k, f"{cell!r} lies within {lo}..{hi}"


def enumerated_intervals(values, line, suppressed):
    """Return the intervals of a 1-D table with a published total by trying every integer table."""
    hidden = [part for part in line.parts if part in suppressed]
    rest = values[line.total] - sum(values[p] for p in line.parts if p not in suppressed)
    seen = {part: [] for part in hidden}
    if not hidden:
        return {}
    for head in itertools.product(range(rest + 1), repeat=len(hidden) - 1):
        if sum(head) <= rest:
            for part, value in zip(hidden, (*head, rest - sum(head)), strict=True):
                seen[part].append(value)
    return {part: (float(min(found)), float(max(found))) for part, found in seen.items()}


def table_2d(inner):
    rows, columns = range(len(inner)), range(len(inner[0]))
    values = {(r, c): inner[r][c] for r in rows for c in columns}
    values |= {(r, "T"): sum(inner[r]) for r in rows}
    values |= {("T", c): sum(inner[r][c] for r in rows) for c in columns}
    values[("T", "T")] = sum(map(sum, inner))
    lines = [Line((r, "T"), tuple((r, c) for c in columns)) for r in rows]
    lines += [Line(("T", c), tuple((r, c) for r in rows)) for c in columns]
    lines += [
        Line(("T", "T"), tuple((r, "T") for r in rows)),
        Line(("T", "T"), tuple(("T", c) for c in columns)),
    ]
    return values, lines


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(COUNT, min_size=1, max_size=6), k=K)
def test_one_way_tables(parts, k):
    values = {f"p{i}": value for i, value in enumerate(parts)} | {"T": sum(parts)}
    lines = [Line("T", tuple(f"p{i}" for i in range(len(parts))))]

    assert_protected(values, lines, protect(values, lines, k=k), k)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.integers(0, 4), min_size=2, max_size=4), k=K)
def test_one_way_intervals_match_every_integer_table(parts, k):
    values = {f"p{i}": value for i, value in enumerate(parts)} | {"T": sum(parts)}
    line = Line("T", tuple(f"p{i}" for i in range(len(parts))))

    protection = protect(values, [line], k=k)

    if "T" in protection.suppressed:  # then every suppressed cell can be as large as one likes
        published = sum(values[p] for p in line.parts if p not in protection.suppressed)
        expected = {p: (0.0, math.inf) for p in line.parts if p in protection.suppressed}
        assert dict(protection.intervals) == expected | {"T": (float(published), math.inf)}
    else:
        expected = enumerated_intervals(values, line, protection.suppressed)
        assert expected == dict(protection.intervals)


@settings(max_examples=60, deadline=None)
@given(
    inner=st.integers(2, 4).flatmap(
        lambda columns: st.lists(
            st.lists(COUNT, min_size=columns, max_size=columns), min_size=2, max_size=4
        )
    ),
    k=K,
)
def test_two_way_tables_with_margins(inner, k):
    values, lines = table_2d(inner)

    assert_protected(values, lines, protect(values, lines, k=k), k)


@settings(max_examples=40, deadline=None)
@given(
    inner=st.lists(st.lists(COUNT, min_size=3, max_size=3), min_size=3, max_size=3),
    keep=st.sets(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=3),
)
def test_two_way_tables_keep_an_earlier_pattern(inner, keep):
    values, lines = table_2d(inner)

    protection = protect(values, lines, keep=keep)

    assert keep <= protection.suppressed
    assert_protected(values, lines, protection, 3)


@st.composite
def municipality(draw):
    """Draw one municipality's quarter that passes the catalogue's consistency checks."""
    figures = {
        "open": draw(st.integers(0, 12)),
        "new": draw(COUNT),
        "closed": draw(st.integers(0, 6)),
        "naturalisation": draw(COUNT),
    }
    for dim in catalogue.DIMENSIONS:
        if dim.total is not None:
            size = figures[dim.total]
            cases = draw(st.lists(st.sampled_from(dim.items), min_size=size, max_size=size))
            figures |= {item: cases.count(item) for item in dim.items}
        else:
            most = figures[dim.bound] if dim.bound is not None else 9
            figures |= {item: draw(st.integers(0, most)) for item in dim.items}
    assert catalogue.inconsistencies(figures) == []
    return figures


@settings(max_examples=10, deadline=None)
@given(municipalities=st.lists(municipality(), min_size=2, max_size=4))
def test_linked_periods(municipalities):
    figures = {str(number): items for number, items in enumerate(municipalities)}
    values, lines = build_cells(figures)
    bounds = build_bounds(figures)

    assert_protected(values, lines, protect_period(figures), 3, bounds)


def test_the_independent_check_catches_an_exact_disclosure():
    values = {"a": 1, "b": 9, "T": 10}
    lines = [Line("T", ("a", "b"))]

    assert plain_intervals(values, lines, {"a"}) == {"a": (1.0, 1.0)}
    assert plain_intervals(values, [], {"a"}, [Bound("a", "T")]) == {"a": (0.0, 10.0)}
