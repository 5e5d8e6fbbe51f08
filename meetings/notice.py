"""The notice period (Ladungsfrist): how many calendar days an invitation must precede a meeting.

Counted in Berlin calendar days, as rules of procedure count them: with six days' notice, a
meeting on Monday 30 November needs the invitation sent by Tuesday 24 November.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from portal.timeutil import to_local

#: The district council's rules of procedure: six calendar days (configurable per body).
DEFAULT_NOTICE_DAYS = 6


def latest_invitation_day(starts_at: datetime, notice_days: int) -> date:
    """Return the last day on which the invitation to a meeting starting then is on time."""
    return to_local(starts_at).date() - timedelta(days=notice_days)


def is_late(sent_at: datetime, starts_at: datetime, notice_days: int) -> bool:
    """Tell whether an invitation sent then misses the notice period."""
    return to_local(sent_at).date() > latest_invitation_day(starts_at, notice_days)
