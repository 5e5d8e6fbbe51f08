"""Many small independent linear programs solved as few block-diagonal ones.

The disclosure audit (:mod:`portal.statistics.intervals`) asks for the minimum and maximum of
every suppressed cell: dozens of LPs of a few dozen variables each. A call of HiGHS costs a fixed
fraction of a millisecond however small the LP, so independent LPs are stacked into one
block-diagonal LP per call. HiGHS is called directly through scipy's binding where it has one:
:func:`scipy.optimize.linprog` validates its input in Python, which costs more than solving.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # numpy and scipy load on the first audit: importing them takes most a second
    import numpy as np

#: Upper limit of matrix entries in one batched LP. Small LPs are solved together; but simplex
#: work grows faster than the LP, so large ones are not.
_BATCH_ENTRIES = 10_000


@functools.cache
def _binding():  # -> the module, or None
    """Return scipy's HiGHS binding (scipy >= 1.15), or ``None`` where it has only linprog."""
    try:
        from scipy.optimize._highspy import _core
    except ImportError:  # pragma: no cover - depends on the installed scipy
        return None
    return _core


class Rows(NamedTuple):
    """Constraint rows ``lower <= A x <= upper`` in coordinate form (one entry per non-zero)."""

    data: np.ndarray
    row: np.ndarray
    column: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    @property
    def entries(self) -> int:
        return len(self.data) + len(self.lower)


def rows(
    equations: list[tuple[dict[int, int], float]], inequalities: list[tuple[dict[int, int], float]]
) -> Rows:
    """Return ``row == rhs`` equations and ``row <= rhs`` inequalities as one set of rows."""
    import numpy as np

    both = equations + inequalities
    triples = [(r, v, c) for r, (row, _) in enumerate(both) for v, c in row.items()]
    numbers = np.array(triples, dtype=np.int64).reshape(-1, 3)
    upper = np.array([rhs for _, rhs in both], dtype=float)
    lower = upper.copy()
    lower[len(equations) :] = -math.inf
    return Rows(numbers[:, 2].astype(float), numbers[:, 0], numbers[:, 1], lower, upper)


class Block(NamedTuple):
    """One independent LP ``min cost·x`` over ``0 <= x <= ceiling`` and its rows."""

    rows: Rows
    cost: np.ndarray
    ceiling: np.ndarray

    @property
    def size(self) -> int:
        return len(self.cost)


def solve_blocks(blocks: list[Block]) -> list[np.ndarray]:
    """Return an optimal point of every block; each must have a finite optimum."""
    chunks: list[list[Block]] = []
    entries = _BATCH_ENTRIES
    for block in blocks:
        size = block.size + block.rows.entries
        if entries + size > _BATCH_ENTRIES:
            chunks.append([])
            entries = 0
        chunks[-1].append(block)
        entries += size
    return [solution for chunk in chunks for solution in _solve_chunk(chunk)]


def _solve_chunk(chunk: list[Block]) -> list[np.ndarray]:
    """Solve the blocks of a chunk as one block-diagonal LP and split the solution."""
    import numpy as np

    sizes = [block.size for block in chunk]
    heights = [len(block.rows.lower) for block in chunk]
    column_offsets = np.cumsum([0, *sizes])
    row_offsets = np.cumsum([0, *heights])
    counts = [len(block.rows.data) for block in chunk]
    data = np.concatenate([block.rows.data for block in chunk])
    row = np.concatenate([block.rows.row for block in chunk])
    row += np.repeat(row_offsets[:-1], counts)
    column = np.concatenate([block.rows.column for block in chunk])
    column += np.repeat(column_offsets[:-1], counts)
    lower = np.concatenate([block.rows.lower for block in chunk])
    upper = np.concatenate([block.rows.upper for block in chunk])
    cost = np.concatenate([block.cost for block in chunk])
    ceiling = np.concatenate([block.ceiling for block in chunk])
    solve = _solve_highs if _binding() is not None else _solve_linprog
    solution = solve(Rows(data, row, column, lower, upper), cost, ceiling)
    return np.split(solution, column_offsets[1:-1])


def _solve_highs(matrix: Rows, cost: np.ndarray, ceiling: np.ndarray) -> np.ndarray:
    """Solve through scipy's HiGHS binding, the matrix passed column-wise."""
    import numpy as np

    _highs = _binding()
    width = len(cost)
    order = np.argsort(matrix.column, kind="stable")
    start = np.zeros(width + 1, dtype=np.int32)
    np.cumsum(np.bincount(matrix.column, minlength=width), out=start[1:])
    solver = _highs._Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(  # the overload taking arrays: setting HighsLp fields copies element-wise
        width,
        len(matrix.lower),
        len(order),
        int(_highs.MatrixFormat.kColwise),
        int(_highs.ObjSense.kMinimize),
        0.0,
        cost,
        np.zeros(width),
        ceiling,
        matrix.lower,
        matrix.upper,
        start,
        matrix.row[order].astype(np.int32),
        matrix.data[order],
        np.zeros(width, dtype=np.int32),  # all continuous; an empty array would be read anyway
    )
    solver.run()
    status = solver.getModelStatus()
    if status != _highs.HighsModelStatus.kOptimal:
        message = solver.modelStatusToString(status)
        raise RuntimeError(f"disclosure audit: the LP failed ({message})")
    return np.array(solver.getSolution().col_value)


def _solve_linprog(matrix: Rows, cost: np.ndarray, ceiling: np.ndarray) -> np.ndarray:
    """Solve through :func:`scipy.optimize.linprog` where scipy has no public HiGHS binding."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    arguments = {}
    equal = matrix.lower == matrix.upper
    for name, selected in (("eq", equal), ("ub", ~equal)):
        if selected.any():
            renumber = np.cumsum(selected) - 1
            keep = selected[matrix.row]
            entries = (matrix.data[keep], (renumber[matrix.row[keep]], matrix.column[keep]))
            shape = (int(selected.sum()), len(cost))
            arguments[f"A_{name}"] = csr_array(entries, shape=shape)
            arguments[f"b_{name}"] = matrix.upper[selected]
    bounds = np.column_stack((np.zeros(len(cost)), ceiling))
    result = linprog(cost, bounds=bounds, method="highs", **arguments)
    if result.status != 0:
        raise RuntimeError(f"disclosure audit: the LP failed ({result.message})")
    return result.x
