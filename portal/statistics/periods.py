"""Quarters as reporting periods: parsing ``2026-Q3`` from addresses, ranges, labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """One quarter of one year; ordered in time."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter {self.quarter} is not 1–4")
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026-Q3`` (also ``2026Q3``, ``2026 q3``); raise ValueError otherwise."""
        match = _PATTERN.match(text or "")
        if match is None:
            raise ValueError(f"not a quarter: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def slug(self) -> str:
        """The form used in addresses and CSV files: ``2026-Q3``."""
        return f"{self.year}-Q{self.quarter}"

    @property
    def short(self) -> str:
        """The label of charts and table columns: ``2026 Q3``."""
        return f"{self.year} Q{self.quarter}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def index(self) -> int:
        """Count quarters from year 0, so differences are numbers of quarters."""
        return self.year * 4 + self.quarter - 1

    @classmethod
    def from_index(cls, index: int) -> Period:
        return cls(index // 4, index % 4 + 1)

    def shifted(self, quarters: int) -> Period:
        return Period.from_index(self.index + quarters)


def between(first: Period, last: Period) -> Iterator[Period]:
    """Yield every quarter from ``first`` to ``last``, both included (none if reversed)."""
    for index in range(first.index, last.index + 1):
        yield Period.from_index(index)


def recent(last: Period, count: int) -> list[Period]:
    """Return the ``count`` quarters ending with ``last``, oldest first."""
    return list(between(last.shifted(1 - count), last))
