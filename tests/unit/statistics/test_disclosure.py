"""Disclosure control: which cells are withheld so that no count below k can be read or computed."""

import math

import pytest

from portal.statistics.disclosure import (
    DISPLAY_SUPPRESSED,
    DISPLAY_ZERO,
    PRIMARY,
    Bound,
    Line,
    audit,
    display,
    primary_suppressed,
    protect,
)


def one_line(**parts: int) -> tuple[dict[str, int], list[Line]]:
    """Return a 1-D table: its parts and their total ``T``."""
    values = dict(parts) | {"T": sum(parts.values())}
    return values, [Line("T", tuple(parts))]


def two_way(inner: list[list[int]]) -> tuple[dict[tuple, int], list[Line]]:
    """Return a 2-D table with its margins ``(r, "T")``, ``("T", c)`` and ``("T", "T")``."""
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


def suppressed_per_line(lines, suppressed) -> list[int]:
    return [sum(cell in suppressed for cell in (line.total, *line.parts)) for line in lines]


# --- primary suppression -------------------------------------------------------------------------


def test_primary_suppresses_counts_below_three_totals_included():
    values = {"a": 1, "b": 2, "c": 3, "d": 40, "total": 2}

    assert PRIMARY == 3
    assert primary_suppressed(values, PRIMARY) == {"a", "b", "total"}


def test_zero_is_never_primary():
    assert primary_suppressed({"none": 0, "one": 1}, 3) == {"one"}


@pytest.mark.parametrize(
    ("k", "expected"),
    [(1, set()), (2, {"one"}), (3, {"one", "two"}), (5, {"one", "two", "three", "four"})],
)
def test_primary_threshold_is_configurable(k, expected):
    values = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

    assert primary_suppressed(values, k) == expected


def test_k_one_publishes_everything():
    values, lines = one_line(a=1, b=2, c=0)

    protection = protect(values, lines, k=1)

    assert protection.suppressed == frozenset()
    assert protection.intervals == {}


# --- display -------------------------------------------------------------------------------------


def test_display_marks_suppressed_and_zero_and_separates_thousands_without_a_dot():
    assert (DISPLAY_SUPPRESSED, DISPLAY_ZERO) == (".", "–")
    assert display(None) == "."
    assert display(0) == "–"
    assert display(7) == "7"
    assert display(12345) == "12\u202f345"
    assert display(1234567) == "1\u202f234\u202f567"


# --- the line rule -------------------------------------------------------------------------------


def test_a_line_with_one_small_cell_loses_its_smallest_non_zero_part_as_well():
    values, lines = one_line(a=1, b=9, c=4, d=0, e=6)

    protection = protect(values, lines)

    assert protection.primary == {"a"}
    assert protection.suppressed == {"a", "c"}  # not the zero d, not the total T
    assert protection.intervals == {"a": (0.0, 5.0), "c": (0.0, 5.0)}


def test_a_margin_of_another_line_comes_after_inner_cells():
    # T = a + b + M and M = c + d: M is cheaper by value but is a margin.
    values = {"a": 1, "b": 8, "c": 3, "d": 3, "M": 6, "T": 15}
    lines = [Line("T", ("a", "b", "M")), Line("M", ("c", "d"))]

    assert protect(values, lines).suppressed == {"a", "b"}


def test_cost_decides_before_value():
    values = {"a": 1, "b": 8, "c": 3, "d": 3, "M": 6, "T": 15}
    lines = [Line("T", ("a", "b", "M")), Line("M", ("c", "d"))]

    protection = protect(values, lines, cost=lambda key: 0.0)

    assert {"a", "M"} <= protection.suppressed
    assert "b" not in protection.suppressed
    assert suppressed_per_line(lines, protection.suppressed)[1] >= 2  # M's own line closed too


def test_the_total_is_taken_only_when_no_part_is_left():
    values, lines = one_line(a=1, b=2)  # T = 3 is published, both parts are primary

    assert protect(values, lines).suppressed == {"a", "b"}

    values, lines = one_line(a=5)  # a line of one part: its total is the only partner
    assert protect(values, lines, keep={"a"}).suppressed == {"a", "T"}


# --- singletons ----------------------------------------------------------------------------------


def test_two_singletons_in_a_line_get_a_third_cell():
    values, lines = one_line(a=1, b=1, c=4, d=6)

    protection = protect(values, lines)

    assert protection.suppressed == {"a", "b", "c"}
    assert protection.intervals["a"] == (0.0, 6.0)


def test_a_one_and_a_two_need_no_third_cell():
    values, lines = one_line(a=1, b=2, c=4, d=6)

    assert protect(values, lines).suppressed == {"a", "b"}


# --- the audit -----------------------------------------------------------------------------------

# Two suppression cycles (rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3) joined by the single
# cell (1, 2). Every line holds none or at least two suppressed cells, yet (1, 2) follows exactly:
# rows 0 and 1 minus columns 0 and 1 leave it alone.
BRIDGE = [
    [1, 2, 20, 20],
    [2, 1, 1, 20],
    [20, 20, 1, 2],
    [20, 20, 2, 1],
]
BRIDGE_PATTERN = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}


def test_audit_finds_the_cell_that_bridges_two_suppression_cycles():
    values, lines = two_way(BRIDGE)
    assert 1 not in suppressed_per_line(lines, BRIDGE_PATTERN)  # the naive rule is content

    intervals = audit(values, lines, BRIDGE_PATTERN, 3)

    assert intervals[(1, 2)] == (1.0, 1.0)
    assert all(intervals[cell] == (0.0, 3.0) for cell in BRIDGE_PATTERN - {(1, 2)})


def test_protect_breaks_the_bridge():
    values, lines = two_way(BRIDGE)
    assert primary_suppressed(values, 3) == BRIDGE_PATTERN

    protection = protect(values, lines)

    assert protection.suppressed > BRIDGE_PATTERN
    assert protection.rounds >= 2
    lo, hi = protection.intervals[(1, 2)]
    assert hi - lo >= 3
    assert audit(values, lines, protection.suppressed, 3) == protection.intervals


def test_audit_reports_a_published_small_cell_as_exact():
    values, lines = one_line(a=1, b=9, c=4)

    intervals = audit(values, lines, {"b", "c"}, 3)

    assert intervals["a"] == (1.0, 1.0)
    assert intervals["b"] == (0.0, 13.0)  # b + c = 14 - 1


def test_audit_knows_a_suppressed_total_is_at_least_its_published_parts():
    values, lines = one_line(a=1, b=9)

    assert audit(values, lines, {"a", "T"}, 3) == {"a": (0.0, math.inf), "T": (9.0, math.inf)}
    assert audit(values, lines, {"a"}, 3) == {"a": (1.0, 1.0)}


def test_audit_of_a_cell_in_no_line_is_unbounded():
    assert audit({"alone": 1}, [], {"alone"}, 3) == {"alone": (0.0, math.inf)}


def test_audit_takes_public_bounds_into_account():
    values = {"need": 2, "open": 4}

    assert audit(values, [], {"need"}, 3)["need"] == (0.0, math.inf)
    assert audit(values, [], {"need"}, 3, bounds=[Bound("need", "open")])["need"] == (0.0, 4.0)


def test_audit_with_nothing_published_is_unbounded():
    values, lines = two_way([[1, 2], [2, 1]])

    intervals = audit(values, lines, set(values), 3)

    assert set(intervals) == set(values)
    assert all(interval == (0.0, math.inf) for interval in intervals.values())


def test_everything_small_is_suppressed_and_unbounded():
    values, lines = one_line(a=1, b=1)

    protection = protect(values, lines)

    assert protection.suppressed == {"a", "b", "T"}
    assert set(protection.intervals.values()) == {(0.0, math.inf)}


def test_protect_ends_when_the_lines_themselves_pin_a_cell():
    # a = b + c and b = a + d force c = d = 0 whatever is published: nothing can protect c.
    values = {"a": 5, "b": 5, "c": 0, "d": 0}
    lines = [Line("a", ("b", "c")), Line("b", ("a", "d"))]

    protection = protect(values, lines, keep={"c"})

    assert protection.suppressed == set(values)
    assert protection.intervals["c"] == (0.0, 0.0)


# --- keep ----------------------------------------------------------------------------------------


def test_cells_to_keep_stay_suppressed_and_are_protected_like_primary_ones():
    values, lines = one_line(a=10, b=20, c=30)

    protection = protect(values, lines, keep={"b"})

    assert protection.primary == frozenset()
    assert protection.suppressed == {"b", "a"}
    assert protection.intervals["b"] == (0.0, 30.0)


def test_a_published_pattern_survives_a_correction():
    values, lines = two_way([[1, 5, 9], [7, 4, 8], [6, 12, 3]])
    first = protect(values, lines)
    corrected, lines = two_way([[3, 5, 9], [7, 4, 8], [6, 12, 2]])  # (0, 0) is no longer small

    second = protect(corrected, lines, keep=first.suppressed)

    assert second.suppressed >= first.suppressed
    assert (2, 2) in second.primary


# --- validation ----------------------------------------------------------------------------------


def test_a_line_that_does_not_add_up_is_rejected_by_name():
    values = {"a": 1, "b": 2, "sum": 4}

    with pytest.raises(ValueError, match="'sum'"):
        protect(values, [Line("sum", ("a", "b"))])
    with pytest.raises(ValueError, match="'sum'"):
        audit(values, [Line("sum", ("a", "b"))], {"a"}, 3)


@pytest.mark.parametrize(
    ("values", "lines", "keep"),
    [
        ({"a": 1, "T": 1}, [Line("T", ("a", "ghost"))], ()),
        ({"a": 1, "T": 1}, [Line("T", ())], ()),
        ({"a": 1, "T": 2}, [Line("T", ("a", "a"))], ()),
        ({"a": -1, "T": -1}, [Line("T", ("a",))], ()),
        ({"a": 1.5, "T": 1.5}, [Line("T", ("a",))], ()),
        ({"a": 1, "T": 1}, [Line("T", ("a",))], ("ghost",)),
    ],
    ids=["unknown cell", "no parts", "repeated part", "negative", "fraction", "unknown keep"],
)
def test_malformed_input_is_rejected(values, lines, keep):
    with pytest.raises(ValueError):
        protect(values, lines, keep=keep)


def test_a_bound_that_does_not_hold_is_rejected():
    with pytest.raises(ValueError, match="'need'"):
        protect({"need": 5, "open": 4}, [], bounds=[Bound("need", "open")])


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_k_must_be_a_positive_integer(k):
    with pytest.raises(ValueError):
        protect({"a": 1}, [], k=k)
