from datetime import UTC, date, datetime

import pytest

from portal.timeutil import date_text, time_text, to_local


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
