"""The batched LPs behind the disclosure audit: independent blocks solved together, then split."""

import math

import numpy as np
import pytest

from portal.statistics import lp
from portal.statistics.lp import Block, rows, solve_blocks


def interval_lp(sign: float) -> Block:
    """Return ``min sign * x0`` subject to ``x0 + x1 == 5``, ``x0 - x1 <= 1``, ``x >= 0``."""
    return Block(
        rows([({0: 1, 1: 1}, 5)], [({0: 1, 1: -1}, 1)]), np.array([sign, 0.0]), np.full(2, math.inf)
    )


def test_rows_keep_equations_and_inequalities_apart_by_their_lower_ends():
    matrix = rows([({0: 1, 2: -1}, 4)], [({1: 1}, 7)])

    assert matrix.lower.tolist() == [4.0, -math.inf]
    assert matrix.upper.tolist() == [4.0, 7.0]
    entries = zip(matrix.row.tolist(), matrix.column.tolist(), matrix.data.tolist(), strict=True)
    assert sorted(entries) == [
        (0, 0, 1.0),
        (0, 2, -1.0),
        (1, 1, 1.0),
    ]


def test_blocks_solved_together_each_reach_their_own_optimum():
    ceiling = Block(interval_lp(1.0).rows, np.array([0.0, -1.0]), np.array([math.inf, 4.0]))

    low, high, capped = solve_blocks([interval_lp(1.0), interval_lp(-1.0), ceiling])

    assert low[0] == pytest.approx(0.0)
    assert high[0] == pytest.approx(3.0)  # x0 - x1 <= 1 with x0 + x1 == 5
    assert capped[1] == pytest.approx(4.0)  # the column's upper bound holds


def test_many_blocks_are_split_into_several_calls_with_the_same_results(monkeypatch):
    monkeypatch.setattr(lp, "_BATCH_ENTRIES", 8)
    calls = []
    solve = lp._solve_chunk
    monkeypatch.setattr(lp, "_solve_chunk", lambda chunk: calls.append(len(chunk)) or solve(chunk))

    solutions = solve_blocks([interval_lp(-1.0)] * 3)

    assert calls == [1, 1, 1]
    assert [solution[0] for solution in solutions] == pytest.approx([3.0] * 3)


def test_without_scipys_highs_binding_linprog_gives_the_same_points(monkeypatch):
    blocks = [interval_lp(1.0), interval_lp(-1.0)]
    direct = solve_blocks(blocks)
    monkeypatch.setattr(lp, "_binding", lambda: None)

    through_linprog = solve_blocks(blocks)

    assert [list(x) for x in through_linprog] == [pytest.approx(list(x)) for x in direct]


def test_an_infeasible_block_is_an_error_not_a_silent_result():
    infeasible = Block(rows([({0: 1}, -1)], []), np.array([1.0]), np.array([math.inf]))

    with pytest.raises(RuntimeError, match="LP failed"):
        solve_blocks([infeasible])
