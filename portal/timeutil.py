"""Local time for the portal: everything is stored in UTC and shown in Europe/Berlin."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def today_local() -> date:
    """Return today's date in Europe/Berlin (memberships begin and end on local days)."""
    return datetime.now(UTC).astimezone(BERLIN).date()


def to_local(value: datetime) -> datetime:
    """Convert an aware datetime to Europe/Berlin."""
    return value.astimezone(BERLIN)
