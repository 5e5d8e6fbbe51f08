"""Dates of a series of meetings: typed as a list, or every N months from a first meeting.

Pure: dates and Berlin wall-clock times in, UTC datetimes out. A meeting planned for 14:00
stays at 14:00 local time across the change to and from summer time.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time

from portal.timeutil import NonexistentLocalTime, from_local, to_local

_LINE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*,?\s+(\d{1,2}):(\d{2})(?:\s*Uhr)?)?$")


class SeriesError(ValueError):
    """A line of the list could not be read: ``problem`` is "format", "date" or "clock"."""

    def __init__(self, line: int, text: str, problem: str):
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.text = text
        self.problem = problem


def parse_dates(text: str, *, default_time: time) -> list[datetime]:
    """Read one date per line ("24.11.2026" or "24.11.2026 14:00"); blank lines are skipped."""
    starts = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise SeriesError(number, line, "format")
        day_, month, year, hour, minute = match.groups()
        try:
            day = date(int(year), int(month), int(day_))
            clock = time(int(hour), int(minute)) if hour is not None else default_time
        except ValueError:
            raise SeriesError(number, line, "date") from None
        try:
            starts.append(from_local(day, clock))
        except NonexistentLocalTime:
            raise SeriesError(number, line, "clock") from None
    return starts


def add_months(day: date, months: int) -> date:
    """Return the same day N months later; the 31st becomes the month's last day where needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def every_months(first: datetime, *, months: int, count: int) -> list[datetime]:
    """Return ``count`` starts after ``first``, every ``months`` months, at the same local time.

    A time the clock skips on the day of the change to summer time moves an hour later.
    """
    local = to_local(first)
    starts = []
    for step in range(1, count + 1):
        day = add_months(local.date(), months * step)
        try:
            starts.append(from_local(day, local.time()))
        except NonexistentLocalTime:
            starts.append(from_local(day, local.time().replace(hour=local.hour + 1)))
    return starts
