"""A statistics table as it is shown after disclosure control: suppressed values are gone.

Charts and exports take only this model, so a suppressed count cannot reach them: a suppressed
cell is ``None`` here, never the number behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Sign for a value withheld by disclosure control.
SUPPRESSED = "."
#: Sign for "nothing there" (a count of zero), as official German statistics write it.
ZERO = "–"
#: Thousands separator: a narrow no-break space, so "12 345" never wraps or reads as a decimal.
THOUSANDS_SEPARATOR = "\u202f"


@dataclass(frozen=True)
class ShownRow:
    """One row of a shown table; ``None`` marks a suppressed value."""

    label: str
    values: tuple[int | None, ...]
    is_total: bool = False


@dataclass(frozen=True)
class ShownTable:
    """A table with translated captions and headings, ready to show, chart or export."""

    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[ShownRow, ...]
    stand: str
    legend: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.values) != len(self.columns):
                raise ValueError(
                    f"row {row.label!r} has {len(row.values)} values"
                    f" for {len(self.columns)} columns"
                )
            if any(value is not None and value < 0 for value in row.values):
                raise ValueError(f"row {row.label!r} has a negative count")


def cell_text(value: int | None) -> str:
    """Return a value as a table shows it: "." if suppressed, "–" for zero, digits grouped."""
    if value is None:
        return SUPPRESSED
    if value == 0:
        return ZERO
    return f"{value:,}".replace(",", THOUSANDS_SEPARATOR)
