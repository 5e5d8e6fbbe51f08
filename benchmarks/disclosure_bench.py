"""What disclosure control costs (``python -m benchmarks.disclosure_bench``).

Times :func:`portal.statistics.disclosure.protect` (primary and secondary suppression with the LP
audit) on the district's real table shapes: 8 municipalities plus the district total, once per
catalogue breakdown and once for the whole linked quarter, filled with made-up but plausible
counts (a few large municipalities, many small categories). Then 20 × 20 and 50 × 50 tables with
margins show how the cost grows. Target: less than rendering the statistics page (8–11 ms CPU),
that is at most 5 ms CPU per breakdown and 10 ms for the linked quarter. Not part of the test run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from portal.statistics import catalogue
from portal.statistics.disclosure import PRIMARY, Line, Protection, protect
from portal.statistics.linked import build_cells, cost, protect_period

#: Open cases per municipality of a district with a county town and small communities.
OPEN_CASES = (14, 22, 35, 48, 70, 95, 160, 310)
#: CPU milliseconds one breakdown table and the whole linked quarter may take.
TARGET_TABLE_MS = 5.0
TARGET_QUARTER_MS = 10.0


def district(rng: random.Random) -> dict[str, dict[str, int]]:
    """Return a quarter of 8 municipalities whose breakdowns add up as the catalogue requires."""
    return {str(number): _municipality(rng, size) for number, size in enumerate(OPEN_CASES, 1)}


def _municipality(rng: random.Random, size: int) -> dict[str, int]:
    figures = {
        "open": size,
        "new": round(size * rng.uniform(0.1, 0.3)),
        "closed": round(size * rng.uniform(0.05, 0.25)),
        "naturalisation": rng.randint(0, 4),
    }
    for dim in catalogue.DIMENSIONS:
        if dim.total is not None:
            weights = [rng.random() ** 2 for _ in dim.items]
            cases = rng.choices(dim.items, weights, k=figures[dim.total])
            figures |= {item: cases.count(item) for item in dim.items}
        elif dim.bound is not None:
            bound = figures[dim.bound]
            figures |= {item: round(bound * rng.random() ** 2) for item in dim.items}
        else:
            figures |= {item: round(size * rng.random() ** 3 / 4) for item in dim.items}
    return figures


def breakdown_table(
    figures: dict[str, dict[str, int]], dim: catalogue.Dimension
) -> tuple[dict, list[Line]]:
    """Return one breakdown as published: municipalities × categories, with the district row."""
    cells, lines = build_cells(figures)
    items = set(dim.items) | ({dim.total} if dim.total else set())
    kept = {cell: value for cell, value in cells.items() if cell[1] in items}
    return kept, [line for line in lines if all(cell in kept for cell in (line.total, *line.parts))]


def grid(rng: random.Random, size: int) -> tuple[dict, list[Line]]:
    """Return a size × size table with margins; a quarter zeros, a fifth ones and twos."""
    buckets = ((0, 0), (1, 2), (3, 9), (10, 60))
    inner = [
        [rng.randint(*rng.choices(buckets, (25, 20, 30, 25))[0]) for _ in range(size)]
        for _ in range(size)
    ]
    rows = columns = range(size)
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


def timed(run: Callable[[], Protection], repeats: int) -> tuple[Protection, float, float]:
    """Return the protection and the median wall and CPU milliseconds of ``repeats`` runs.

    One warm-up run goes first. CPU time is shown too because other processes on the machine
    stretch wall time but hardly CPU time.
    """
    protection = run()
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return protection, statistics.median(wall), statistics.median(cpu)


def row(label: str, cells: int, timing: tuple[Protection, float, float]) -> str:
    protection, wall_ms, cpu_ms = timing
    return (
        f"  {label:<34} {cells:6d} {len(protection.primary):8d} "
        f"{len(protection.suppressed):11d} {protection.rounds:7d} {wall_ms:10.1f} {cpu_ms:9.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the timings; exit 0 even when the target is missed, as ``benchmarks.run`` does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args(argv)
    rng = random.Random(arguments.seed)
    figures = district(rng)

    started = time.perf_counter()
    protect_period(figures)
    first_ms = (time.perf_counter() - started) * 1000
    print(f"Disclosure control, k = {PRIMARY}, median of {arguments.repeats} runs")
    print(f"  first call of the process, scipy import included: {first_ms:.0f} ms")
    print(
        f"  {'table':<34} {'cells':>6} {'primary':>8} {'suppressed':>11} {'rounds':>7}"
        f" {'wall ms':>10} {'CPU ms':>9}"
    )
    table_ms = []
    for dim in catalogue.DIMENSIONS:
        values, lines = breakdown_table(figures, dim)
        timing = timed(lambda v=values, ls=lines: protect(v, ls, cost=cost), arguments.repeats)
        table_ms.append(timing[2])
        print(row(f"{len(figures)} municipalities × {dim.key}", len(values), timing))
    cells, _ = build_cells(figures)
    timing = timed(lambda: protect_period(figures), arguments.repeats)
    quarter_ms = timing[2]
    print(row("linked quarter, all breakdowns", len(cells), timing))
    for size in (20, 50):
        values, lines = grid(rng, size)
        repeats = arguments.repeats if size <= 20 else max(1, arguments.repeats // 3)
        timing = timed(lambda v=values, ls=lines: protect(v, ls), repeats)
        print(row(f"{size} × {size} with margins", len(values), timing))
    for label, slowest, target in (
        ("slowest breakdown", max(table_ms), TARGET_TABLE_MS),
        ("linked quarter", quarter_ms, TARGET_QUARTER_MS),
    ):
        verdict = "met" if slowest <= target else "MISSED"
        print(f"  {label}: {slowest:.1f} ms CPU (target ≤ {target:.0f}: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
