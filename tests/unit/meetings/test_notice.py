"""The notice period is counted in Berlin calendar days before the meeting's day."""

from datetime import UTC, date, datetime

from meetings.notice import DEFAULT_NOTICE_DAYS, is_late, latest_invitation_day

# Monday 30 November 2026, 14:00 in Berlin.
MEETING = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def test_the_default_is_six_calendar_days():
    assert DEFAULT_NOTICE_DAYS == 6
    assert latest_invitation_day(MEETING, 6) == date(2026, 11, 24)


def test_an_invitation_on_the_last_day_is_on_time_even_late_in_the_evening():
    # 23:30 in Berlin on the 24th is 22:30 UTC.
    assert not is_late(datetime(2026, 11, 24, 22, 30, tzinfo=UTC), MEETING, 6)


def test_an_invitation_after_midnight_berlin_time_is_late():
    # 00:30 in Berlin on the 25th is still the 24th in UTC.
    assert is_late(datetime(2026, 11, 24, 23, 30, tzinfo=UTC), MEETING, 6)


def test_the_days_are_counted_in_berlin_across_the_change_to_summer_time():
    # Sunday 29 March 2026 at 10:00 Berlin (summer time since 02:00) is 08:00 UTC.
    meeting = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert latest_invitation_day(meeting, 6) == date(2026, 3, 23)
    assert not is_late(datetime(2026, 3, 23, 22, 59, tzinfo=UTC), meeting, 6)
    assert is_late(datetime(2026, 3, 23, 23, 0, tzinfo=UTC), meeting, 6)


def test_no_notice_period_allows_an_invitation_on_the_day():
    assert not is_late(datetime(2026, 11, 30, 8, 0, tzinfo=UTC), MEETING, 0)
