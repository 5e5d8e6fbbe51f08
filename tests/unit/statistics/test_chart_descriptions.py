"""Chart descriptions: the sentences beside a chart name its extremes, span and suppressions."""

import pytest

from portal.statistics.chart_descriptions import describe_bars, describe_series
from portal.statistics.shown import ShownRow, ShownTable


def table(*rows: ShownRow, columns=("Offene Fälle", "Neue Fälle")) -> ShownTable:
    return ShownTable(
        title="Fälle je Kommune",
        row_header="Kommune",
        columns=columns,
        rows=rows,
        stand="Stand: 24.11.2026, 14:00 Uhr",
        legend=((".", "Zahlenwert unterdrückt"), ("–", "nichts vorhanden")),
    )


TABLE = table(
    ShownRow("Neuss", (42, 3)),
    ShownRow("Dormagen", (None, 1)),
    ShownRow("Grevenbroich", (0, 5)),
    ShownRow("Kaarst", (21, None)),
    ShownRow("Insgesamt", (80, 12), is_total=True),
)
PERIODS = ("2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1")


# Bar description


def test_describe_bars_names_highest_lowest_total_and_suppressed():
    assert describe_bars(TABLE, 0) == (
        "„Offene Fälle“ je Kommune. Höchster Wert: Neuss mit 42. "
        "Niedrigster Wert: Grevenbroich mit 0. Insgesamt: 80. Ein Wert unterdrückt."
    )


def test_describe_bars_lists_ties_and_counts_several_suppressions():
    t = table(
        ShownRow("A", (7, 0)),
        ShownRow("B", (7, 0)),
        ShownRow("C", (None, 0)),
        ShownRow("D", (None, 0)),
        ShownRow("E", (12345, 0)),
    )
    assert describe_bars(t, 0) == (
        "„Offene Fälle“ je Kommune. Höchster Wert: E mit 12\u202f345. "
        "Niedrigster Wert: A, B mit 7. 2 Werte unterdrückt."
    )


def test_describe_bars_edge_cases():
    assert describe_bars(table(), 0) == "Keine Werte."
    zeros = table(ShownRow("A", (0, 0)), ShownRow("B", (0, 0)))
    assert describe_bars(zeros, 1) == "„Neue Fälle“ je Kommune. Alle gezeigten Werte sind 0."
    hidden = table(ShownRow("A", (None, 0)), ShownRow("Summe", (None, 0), is_total=True))
    assert describe_bars(hidden, 0) == "„Offene Fälle“ je Kommune. Ein Wert unterdrückt."


def test_describe_bars_translates_the_message_before_filling_it_in():
    english = {
        "„%(column)s“ je %(row_header)s.": "“%(column)s” by %(row_header)s.",
        "Höchster Wert: %(labels)s mit %(value)s.": "Highest: %(labels)s with %(value)s.",
    }
    t = table(ShownRow("Neuss", (4, 0)))
    text = describe_bars(t, 0, translate=lambda message: english.get(message, message))
    assert text == "“Offene Fälle” by Kommune. Highest: Neuss with 4."


# Series description


def test_describe_series_names_span_first_and_last_values_and_gaps():
    text = describe_series(
        PERIODS,
        [
            ("Neuss", [None, 20, None, 40, 1234]),
            ("Kaarst", [None] * 5),
            ("Jüchen", [0] + [None] * 4),
        ],
    )
    assert text == (
        "Zeitraum 2025 Q1 bis 2026 Q1. "
        "Neuss: von 20 (2025 Q2) auf 1\u202f234 (2026 Q1). "
        "Kaarst: alle Werte unterdrückt. "
        "Jüchen: 0 (2025 Q1). "
        "11 Werte unterdrückt; dort sind die Linien unterbrochen."
    )


def test_describe_series_for_one_period_and_one_gap():
    assert describe_series(("2025 Q1",), [("Neuss", [None])]) == (
        "Zeitraum 2025 Q1. Neuss: alle Werte unterdrückt. "
        "Ein Wert unterdrückt; dort ist die Linie unterbrochen."
    )
    assert describe_series((), []) == "Keine Werte."


def test_descriptions_refuse_what_the_charts_refuse():
    with pytest.raises(ValueError):
        describe_bars(TABLE, 2)
    with pytest.raises(ValueError):
        describe_series(PERIODS, [("Neuss", [1, 2])])
    with pytest.raises(ValueError):
        describe_series(PERIODS, [("Neuss", [1, -1, 0, 0, 0])])
