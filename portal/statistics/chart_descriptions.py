"""Sentences that describe a chart's figures, for its ``<desc>`` and the text beside it.

A chart is an image; people who cannot see it, and anyone in a hurry, read these summaries
instead: the highest and lowest bar, a series' first and last shown value, and how many values are
suppressed. They only read what is shown after disclosure control, as the charts do, and check
their input the same way (:func:`~portal.statistics.charts.check_column`,
:func:`~portal.statistics.charts.check_series`). They are kept apart from
:mod:`portal.statistics.charts` because they build text, not SVG.

Texts are German message ids marked with ``N_``; pass ``translate`` (e.g. ``gettext``) to show
them in another language.
"""

from __future__ import annotations

from collections.abc import Sequence

from portal.statistics.catalogue import N_
from portal.statistics.charts import (
    Series,
    Translate,
    check_column,
    check_series,
    number_text,
    say,
    untranslated,
)
from portal.statistics.shown import ShownTable


def describe_bars(table: ShownTable, column: int, *, translate: Translate = untranslated) -> str:
    """Summarise one column of a table in sentences: highest and lowest values, suppressions."""
    check_column(table, column)
    rows = [row for row in table.rows if not row.is_total]
    if not rows:
        return say(translate, N_("Keine Werte."))
    sentences = [
        say(
            translate,
            N_("„%(column)s“ je %(row_header)s."),
            column=table.columns[column],
            row_header=table.row_header,
        )
    ]
    shown = [(row.label, row.values[column]) for row in rows if row.values[column] is not None]
    if shown:
        sentences.extend(_extremes(shown, translate))
    for row in table.rows:
        total = row.values[column]
        if row.is_total and total is not None:
            sentences.append(
                say(
                    translate,
                    N_("%(label)s: %(value)s."),
                    label=row.label,
                    value=number_text(total),
                )
            )
    sentences.extend(_suppressed(sum(row.values[column] is None for row in rows), translate))
    return " ".join(sentences)


def _extremes(shown: list[tuple[str, int]], translate: Translate) -> list[str]:
    highest = max(value for _, value in shown)
    lowest = min(value for _, value in shown)
    if highest == 0:
        return [say(translate, N_("Alle gezeigten Werte sind 0."))]

    def labels(value: int) -> str:
        return ", ".join(label for label, shown_value in shown if shown_value == value)

    sentences = [
        say(
            translate,
            N_("Höchster Wert: %(labels)s mit %(value)s."),
            labels=labels(highest),
            value=number_text(highest),
        )
    ]
    if lowest != highest:
        sentences.append(
            say(
                translate,
                N_("Niedrigster Wert: %(labels)s mit %(value)s."),
                labels=labels(lowest),
                value=number_text(lowest),
            )
        )
    return sentences


def _suppressed(count: int, translate: Translate) -> list[str]:
    if count == 0:
        return []
    if count == 1:
        return [say(translate, N_("Ein Wert unterdrückt."))]
    return [say(translate, N_("%(count)d Werte unterdrückt."), count=count)]


def describe_series(
    periods: Sequence[str], series: Series, *, translate: Translate = untranslated
) -> str:
    """Summarise time series in sentences: the span, first and last shown value, suppressions."""
    check_series(periods, series)
    if not periods or not series:
        return say(translate, N_("Keine Werte."))
    if len(periods) == 1:
        sentences = [say(translate, N_("Zeitraum %(first)s."), first=periods[0])]
    else:
        sentences = [
            say(
                translate,
                N_("Zeitraum %(first)s bis %(last)s."),
                first=periods[0],
                last=periods[-1],
            )
        ]
    sentences.extend(
        _series_sentence(periods, label, values, translate) for label, values in series
    )
    count = sum(value is None for _, values in series for value in values)
    if count == 1:
        sentences.append(
            say(translate, N_("Ein Wert unterdrückt; dort ist die Linie unterbrochen."))
        )
    elif count > 1:
        sentences.append(
            say(
                translate,
                N_("%(count)d Werte unterdrückt; dort sind die Linien unterbrochen."),
                count=count,
            )
        )
    return " ".join(sentences)


def _series_sentence(
    periods: Sequence[str], label: str, values: Sequence[int | None], translate: Translate
) -> str:
    shown = [
        (period, value) for period, value in zip(periods, values, strict=True) if value is not None
    ]
    if not shown:
        return say(translate, N_("%(label)s: alle Werte unterdrückt."), label=label)
    (first_period, first), (last_period, last) = shown[0], shown[-1]
    if len(shown) == 1:
        return say(
            translate,
            N_("%(label)s: %(value)s (%(period)s)."),
            label=label,
            value=number_text(first),
            period=first_period,
        )
    return say(
        translate,
        N_("%(label)s: von %(first)s (%(first_period)s) auf %(last)s (%(last_period)s)."),
        label=label,
        first=number_text(first),
        first_period=first_period,
        last=number_text(last),
        last_period=last_period,
    )
