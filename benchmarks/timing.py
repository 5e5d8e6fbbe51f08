"""Timing one of our writers against a library writing the same content alone.

Shared by the DOCX benchmarks (``benchmarks.docx`` for the minutes, ``benchmarks.document_docx``
for a document version): the two writers run ``repeats`` times each, alternating, so that a
change in the machine's speed during the run hits both alike, and the best times are compared
(the best of several is what other processes on the machine disturb least).
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from docx import Document


def _seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def time_writers(
    ours: Callable[[], object], plain: Callable[[], object], repeats: int
) -> dict[str, float]:
    """Run both writers ``repeats`` times each, alternating; return their times in ms.

    Keys: ``ours_best_ms``, ``ours_median_ms``, ``plain_best_ms``, ``plain_median_ms`` and
    ``ratio`` (ours / plain, best times). Warm both up before: the first build of a process pays
    for imports and caches.
    """
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(repeats):
        mine.append(_seconds(ours))
        theirs.append(_seconds(plain))
    result = {
        "ours_best_ms": min(mine) * 1000,
        "ours_median_ms": statistics.median(mine) * 1000,
        "plain_best_ms": min(theirs) * 1000,
        "plain_median_ms": statistics.median(theirs) * 1000,
    }
    result["ratio"] = result["ours_best_ms"] / result["plain_best_ms"]
    return result


def writer_lines(result: dict, ours_label: str, target: float) -> list[str]:
    """Return the lines that print a result of :func:`time_writers` (best / median, ratio)."""
    lines = []
    for label, key in ((ours_label, "ours"), ("plain python-docx", "plain")):
        best, median = result[f"{key}_best_ms"], result[f"{key}_median_ms"]
        lines.append(f"  {label:<26} {best:7.1f} / {median:7.1f} ms")
    verdict = "met" if result["ratio"] <= target else "MISSED"
    lines.append(f"  ratio ours / plain: {result['ratio']:.2f} (target ≤ {target}: {verdict})")
    if not result["same_content"]:
        lines.append(
            "  WARNING: the two writers produced different text; the ratio compares unlike work."
        )
    return lines


def docx_texts(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Return a document's paragraph texts and table cell texts, to compare two writers."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[cell.text for row in t.rows for cell in row.cells] for t in document.tables]
    return paragraphs, tables
