from datetime import UTC, date, datetime, time

import pytest

from portal.timeutil import NonexistentLocalTime, date_text, from_local, time_text, to_local


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 11, 24), "24.11.2026"),
        (date(2026, 1, 5), "05.01.2026"),
        (date(987, 3, 4), "04.03.0987"),
    ],
)
def test_dates_have_two_digit_days_and_months(day, shown):
    assert date_text(day) == shown


def test_times_are_shown_on_the_berlin_clock():
    summer = to_local(datetime(2026, 7, 1, 6, 5, tzinfo=UTC))
    winter = to_local(datetime(2026, 12, 1, 6, 5, tzinfo=UTC))

    assert (time_text(summer), time_text(winter)) == ("08:05", "07:05")


def test_a_berlin_wall_clock_time_becomes_utc_in_winter_and_summer():
    assert from_local(date(2026, 11, 24), time(14, 0)) == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    assert from_local(date(2026, 7, 1), time(14, 0)) == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def test_on_the_last_sunday_of_march_and_october_the_local_time_holds():
    assert from_local(date(2026, 3, 29), time(10, 0)) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert from_local(date(2026, 10, 25), time(10, 0)) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)


def test_the_hour_skipped_in_spring_is_refused():
    with pytest.raises(NonexistentLocalTime):
        from_local(date(2026, 3, 29), time(2, 30))


def test_the_repeated_hour_in_autumn_means_the_first_one():
    assert from_local(date(2026, 10, 25), time(2, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
