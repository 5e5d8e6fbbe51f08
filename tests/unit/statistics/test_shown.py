"""The shown-table model: signs for suppressed and zero values, grouped digits, sane rows."""

import pytest

from portal.statistics.shown import SUPPRESSED, ZERO, ShownRow, ShownTable, cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "."),
        (0, "–"),
        (7, "7"),
        (999, "999"),
        (1000, "1\u202f000"),
        (1234567, "1\u202f234\u202f567"),
    ],
)
def test_cell_text_shows_signs_and_groups_digits_with_narrow_spaces(value, text):
    assert cell_text(value) == text


def test_signs_are_the_official_ones():
    assert (SUPPRESSED, ZERO) == (".", "\u2013")


def shown(*rows: ShownRow) -> ShownTable:
    return ShownTable("Titel", "Kommune", ("A", "B"), rows, "Stand: heute", ())


def test_rows_must_have_one_value_per_column():
    assert shown(ShownRow("Neuss", (1, None))).rows[0].values == (1, None)
    with pytest.raises(ValueError):
        shown(ShownRow("Neuss", (1,)))


def test_counts_cannot_be_negative():
    with pytest.raises(ValueError):
        shown(ShownRow("Neuss", (1, -1)))
