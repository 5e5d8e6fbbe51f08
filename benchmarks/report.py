"""Judging the figures against the targets, and writing them as a table and as JSON.

Targets (from the benchmark issue): at most 8 SQL statements per page, the same count at small
and at 10× data (a count that grows with the data is an N+1 query), at least 25 % of the trivial
route's requests/s, at most 80 MiB resident per worker. A missed target is reported, not fatal.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.pages import Page
from benchmarks.sqlcount import PageCount
from benchmarks.throughput import ThroughputRun

MAX_SQL = 8
MIN_SHARE_OF_TRIVIAL = 0.25
MAX_WORKER_RSS_MIB = 80.0
_SIZE_LABELS = {"small": "small", "large": "10×"}


@dataclass
class PageRow:
    """The figures of one page and the targets it missed."""

    label: str
    path: str
    user: str | None
    sql_small: int
    sql_large: int
    status_small: int
    status_large: int
    #: In-process time of one request (best of repeats), in ms.
    best_ms_small: float = 0.0
    best_ms_large: float = 0.0
    #: Statements and in-process time of the page served from the page store (small data).
    kept_sql: int = 0
    kept_ms: float = 0.0
    #: Requests/s and share of the trivial route's, at small and at 10× data (None: not run).
    requests_per_s_small: float | None = None
    requests_per_s_large: float | None = None
    share_of_trivial_small: float | None = None
    share_of_trivial_large: float | None = None
    #: The trivial route's requests/s around this page's run, and how much its brackets differed.
    reference_rps_small: float | None = None
    reference_rps_large: float | None = None
    noise_small: float | None = None
    noise_large: float | None = None
    response_bytes_small: int | None = None
    response_bytes_large: int | None = None
    latency_ms_small: dict[str, float | None] = field(default_factory=dict)
    latency_ms_large: dict[str, float | None] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    #: The targets this page was judged by (the general ones unless the page sets its own).
    target_sql: int = MAX_SQL
    target_share: float = MIN_SHARE_OF_TRIVIAL
    #: BEGIN/COMMIT seen by the event (SQLite only), not part of the counts above.
    transaction_control_small: int = 0
    transaction_control_large: int = 0
    statements_small: list[str] = field(default_factory=list)
    statements_large: list[str] = field(default_factory=list)


def _add_load(row: PageRow, size: str, run: ThroughputRun | None) -> None:
    """Copy one size's load figures into the row and judge them."""
    load = run.pages.get(row.label) if run else None
    if load is None:
        return
    setattr(row, f"response_bytes_{size}", load.size_bytes)
    if load.problem:
        row.missed.append(f"{size} data: {load.problem}")
    result = load.result
    if result is None:
        return
    share = result.requests_per_s / load.reference_rps
    setattr(row, f"reference_rps_{size}", load.reference_rps)
    setattr(row, f"noise_{size}", load.noise)
    setattr(row, f"requests_per_s_{size}", result.requests_per_s)
    setattr(row, f"share_of_trivial_{size}", share)
    setattr(row, f"latency_ms_{size}", {"p50": result.latency_p50_ms, "p99": result.latency_p99_ms})
    if share < row.target_share:
        row.missed.append(f"< {row.target_share:.0%} of trivial ({_SIZE_LABELS[size]})")


def build_rows(
    pages: tuple[Page, ...],
    steering_id: int,
    small: dict[str, PageCount],
    large: dict[str, PageCount],
    load_small: ThroughputRun | None,
    load_large: ThroughputRun | None,
) -> list[PageRow]:
    """Combine the SQL counts and the load results of each page and judge them."""
    rows = []
    for page in pages:
        row = PageRow(
            label=page.label,
            path=page.url_path(steering_id),
            user=page.user,
            sql_small=small[page.label].count,
            sql_large=large[page.label].count,
            status_small=small[page.label].status,
            status_large=large[page.label].status,
            best_ms_small=small[page.label].best_ms,
            best_ms_large=large[page.label].best_ms,
            kept_sql=small[page.label].kept_statements,
            kept_ms=small[page.label].kept_best_ms,
            transaction_control_small=small[page.label].transaction_control,
            transaction_control_large=large[page.label].transaction_control,
            statements_small=small[page.label].statements,
            statements_large=large[page.label].statements,
            target_sql=page.max_sql or MAX_SQL,
            target_share=MIN_SHARE_OF_TRIVIAL if page.min_share is None else page.min_share,
        )
        if row.status_small != 200 or row.status_large != 200:
            row.missed.append(f"status {row.status_small}/{row.status_large} in-process")
        if max(row.sql_small, row.sql_large) > row.target_sql:
            row.missed.append(f"SQL > {row.target_sql}")
        if row.sql_small != row.sql_large:
            row.missed.append("SQL count grows with the data")
        _add_load(row, "small", load_small)
        _add_load(row, "large", load_large)
        slow = f"< {row.target_share:.0%} of trivial"
        if f"{slow} (small)" in row.missed and f"{slow} (10×)" in row.missed:
            row.missed = [m for m in row.missed if not m.startswith(slow)]
            row.missed.append(f"{slow} (small, 10×)")
        rows.append(row)
    return rows


def max_worker_rss(run: ThroughputRun | None) -> float | None:
    """Return the largest worker RSS after a load run, in MiB."""
    if not run or not run.memory_after_run:
        return None
    return max(worker.rss_mib for worker in run.memory_after_run)


def _fmt_rps(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "–"


def _fmt_share(value: float | None) -> str:
    return f"{value:.0%}".replace("%", " %") if value is not None else "–"


def render_table(
    rows: list[PageRow],
    load_small: ThroughputRun | None,
    load_large: ThroughputRun | None,
    trivial: PageRow,
) -> str:
    """Return the plain-text table: page | SQL small | SQL 10× | req/s | % of trivial | verdict.

    ``ms`` is the in-process time of one request (best of several), which other processes on
    the machine disturb much less than the load figures. "SQL"/"ms small|10×" are the page
    rendered; "kept" the page served from the page store, as the load runs mostly serve it.
    """
    header = (
        "page",
        "as",
        "SQL small",
        "SQL 10×",
        "ms small",
        "ms 10×",
        "SQL kept",
        "ms kept",
        "req/s small",
        "req/s 10×",
        "% small",
        "% 10×",
        "verdict",
    )
    lines: list[tuple[str, ...]] = [header]
    lines.append(
        (
            "trivial route (reference)",
            "anonymous",
            str(trivial.sql_small),
            str(trivial.sql_large),
            f"{trivial.best_ms_small:.1f}",
            f"{trivial.best_ms_large:.1f}",
            "–",
            "–",
            _fmt_rps(load_small.trivial_rps if load_small else None),
            _fmt_rps(load_large.trivial_rps if load_large else None),
            "100 %" if load_small else "–",
            "100 %" if load_large else "–",
            "",
        )
    )
    for row in rows:
        lines.append(
            (
                row.label,
                (row.user or "anonymous").split("@")[0],
                str(row.sql_small),
                str(row.sql_large),
                f"{row.best_ms_small:.1f}",
                f"{row.best_ms_large:.1f}",
                str(row.kept_sql),
                f"{row.kept_ms:.1f}",
                _fmt_rps(row.requests_per_s_small),
                _fmt_rps(row.requests_per_s_large),
                _fmt_share(row.share_of_trivial_small),
                _fmt_share(row.share_of_trivial_large),
                "ok" if not row.missed else "MISSED: " + "; ".join(row.missed),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = set(range(2, 12))

    def fmt(line: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        return " | ".join(cells).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])


def missed_targets(rows: list[PageRow], runs: dict[str, ThroughputRun | None]) -> list[str]:
    """Return one line per missed target."""
    missed = [f"{row.label}: {problem}" for row in rows for problem in row.missed]
    for size, run in runs.items():
        worst = max_worker_rss(run)
        if worst is not None and worst > MAX_WORKER_RSS_MIB:
            missed.append(
                f"worker RSS after the {size} run: {worst:.1f} MiB (> {MAX_WORKER_RSS_MIB:.0f} MiB)"
            )
    return missed


def _run_json(run: ThroughputRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "trivial_requests_per_s": run.trivial_rps,
        "trivial_runs": [asdict(result) for result in run.trivial],
        "pages": {label: asdict(load) for label, load in run.pages.items()},
        "workers_after_start": [asdict(w) for w in run.memory_after_start],
        "workers_after_run": [asdict(w) for w in run.memory_after_run],
        "max_worker_rss_mib": max_worker_rss(run),
    }


def to_json(
    rows: list[PageRow], runs: dict[str, ThroughputRun | None], context: dict[str, Any]
) -> dict[str, Any]:
    """Return every figure of the run as plain data."""
    return {
        **context,
        "targets": {
            "max_sql_statements": MAX_SQL,
            "same_sql_count_at_both_sizes": True,
            "min_share_of_trivial": MIN_SHARE_OF_TRIVIAL,
            "max_worker_rss_mib": MAX_WORKER_RSS_MIB,
        },
        "pages": [asdict(row) for row in rows],
        "load": {size: _run_json(run) for size, run in runs.items()},
        "missed_targets": missed_targets(rows, runs),
    }


def write_json(directory: Path, name: str, data: dict[str, Any]) -> Path:
    """Write the figures to ``directory/name`` (the folder is git-ignored) and return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
