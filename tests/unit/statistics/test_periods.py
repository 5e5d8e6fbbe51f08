"""Quarters as reporting periods."""

from datetime import date

import pytest

from portal.statistics.periods import Period, between, recent


@pytest.mark.parametrize("text", ["2026-Q3", "2026Q3", " 2026 q3 ", "2026-q3"])
def test_a_quarter_is_read_from_its_address_form(text):
    assert Period.parse(text) == Period(2026, 3)


@pytest.mark.parametrize("text", ["", "2026-Q5", "2026-Q0", "26-Q1", "2026-Q1<script>", "1999-Q4"])
def test_anything_else_is_not_a_quarter(text):
    with pytest.raises(ValueError):
        Period.parse(text)


def test_quarters_are_ordered_in_time_and_count_across_years():
    assert Period(2025, 4) < Period(2026, 1)
    assert Period(2025, 4).shifted(1) == Period(2026, 1)
    assert Period(2026, 1).shifted(-5) == Period(2024, 4)


def test_the_quarter_of_a_day():
    assert Period.containing(date(2026, 11, 25)) == Period(2026, 4)
    assert Period.containing(date(2026, 3, 31)) == Period(2026, 1)
    assert Period(2026, 4).first_day == date(2026, 10, 1)


def test_ranges_include_both_ends_and_reversed_ranges_are_empty():
    assert [p.slug for p in between(Period(2025, 4), Period(2026, 2))] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    assert list(between(Period(2026, 2), Period(2025, 4))) == []
    assert recent(Period(2026, 1), 3) == [Period(2025, 3), Period(2025, 4), Period(2026, 1)]
