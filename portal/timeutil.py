"""Local time for the portal: everything is stored in UTC and shown in Europe/Berlin."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def today_local() -> date:
    """Return today's date in Europe/Berlin (memberships begin and end on local days)."""
    return datetime.now(UTC).astimezone(BERLIN).date()


def to_local(value: datetime) -> datetime:
    """Convert an aware datetime to Europe/Berlin."""
    return value.astimezone(BERLIN)


def date_text(value: date) -> str:
    """Format a date the German way, "24.11.2026" (the same in every language of the portal).

    A fixed pattern, formatted by hand: Babel's pattern formatter cost a fifth of a list page.
    """
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def time_text(value: datetime) -> str:
    """Format the clock time of a datetime as "14:00"."""
    return f"{value.hour:02d}:{value.minute:02d}"


class NonexistentLocalTime(ValueError):
    """The clock skips this time in Berlin (the hour lost when summer time begins)."""


def from_local(day: date, clock: time) -> datetime:
    """Return the aware UTC datetime of a Berlin wall-clock time.

    In the hour repeated when summer time ends, the first (summer time) occurrence is meant;
    a time the clock skips in spring raises :class:`NonexistentLocalTime`.
    """
    local = datetime.combine(day, clock, tzinfo=BERLIN)
    utc = local.astimezone(UTC)
    if utc.astimezone(BERLIN).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{day} {clock} does not exist in Europe/Berlin")
    return utc
