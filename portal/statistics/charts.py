"""Accessible SVG charts of shown statistics, drawn on the server without JavaScript.

Charts take only what is shown after disclosure control (``ShownTable``, or series with ``None``
for a suppressed value), so they cannot reveal a suppressed count. Each SVG is named by its
``<title>`` and ``<desc>`` (``role="img"``); the table beside it carries the figures for screen
readers. Series differ by colour, dash pattern and marker (WCAG 1.4.1), colours keep 3:1 against
the white background (WCAG 1.4.11), and suppressed values break a line rather than being bridged.

Texts are German message ids marked with ``N_``; pass ``translate`` (e.g. ``gettext``) to show
them in another language. Layout widths are estimates (the font comes from the page's CSS). The
sentences that summarise a chart's figures are in :mod:`portal.statistics.chart_descriptions`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from portal.statistics.catalogue import N_
from portal.statistics.shown import SUPPRESSED, ShownTable, cell_text

Translate = Callable[[str], str]
Series = Sequence[tuple[str, Sequence[int | None]]]

#: More series than this cannot be told apart by dash pattern and marker.
MAX_SERIES = 10
#: Line colours, each with at least 3:1 contrast against white (WCAG 1.4.11).
COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#007A5A",
    "#B5488A",
    "#9A6200",
    "#5D3A9B",
    "#1A1A1A",
    "#00798C",
    "#A50F15",
    "#595959",
)
#: Dash patterns paired with the colours, so lines differ without colour (WCAG 1.4.1).
DASHES: tuple[str | None, ...] = (
    None,
    "8 4",
    "2 3",
    "10 3 2 3",
    "4 2",
    "12 3 3 3 3 3",
    "6 2 2 2",
    "16 4",
    "3 6",
    "10 2 2 2 2 2",
)
BAR_COLOUR = "#1F5F99"
BACKGROUND = "#FFFFFF"
TEXT_COLOUR = "#1A1A1A"
AXIS_COLOUR = "#595959"
GRID_COLOUR = "#D9D9D9"

_WIDTH = 720
_FONT_SIZE = 14
_CHAR_WIDTH = 8.0  # rough average glyph width at 14 px, for layout only
_MARGIN = 8
_GAP = 8
_MAX_LABEL_CHARS = 28
_MAX_LEGEND_CHARS = 24
_ROW_PITCH = 28
_BAR_HEIGHT = 18
_PLOT_HEIGHT = 240
_PLOT_PADDING = 14
_LEGEND_ROW = 24
_LEGEND_SAMPLE = 40
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# Characters XML 1.0 does not allow; dropped so odd input cannot make the SVG malformed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def untranslated(message: str) -> str:
    """Return the German message id as it is (the default ``translate``)."""
    return message


def say(translate: Translate, message: str, **params: object) -> str:
    """Translate a message first and fill in its parameters after, as gettext expects."""
    text = translate(message)
    return text % params if params else text


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def number_text(value: int) -> str:
    """Return a count for running text and axes, where "–" would read oddly."""
    return cell_text(value) if value else "0"


def _fit(label: str, limit: int) -> tuple[str, bool]:
    if len(label) <= limit:
        return label, False
    return label[: limit - 1] + "…", True


def _label(label: str, limit: int, attributes: str) -> str:
    """Return a text element, shortened to ``limit`` characters with the full text as tooltip."""
    shown, cut = _fit(label, limit)
    tooltip = f"<title>{_text(label)}</title>" if cut else ""
    return f"<text {attributes}>{tooltip}{_text(shown)}</text>"


def _svg(
    id_prefix: str, kind: str, title: str, description: str, height: float, body: list[str]
) -> str:
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix must be a letter followed by [A-Za-z0-9_-]: {id_prefix!r}")
    height = math.ceil(height)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img"'
            f' aria-labelledby="{id_prefix}-title {id_prefix}-desc"'
            f' viewBox="0 0 {_WIDTH} {height}" width="100%"'
            f' preserveAspectRatio="xMinYMin meet" font-family="inherit"'
            f' font-size="{_FONT_SIZE}" fill="{TEXT_COLOUR}">',
            f'<title id="{id_prefix}-title">{_text(title)}</title>',
            f'<desc id="{id_prefix}-desc">{_text(description)}</desc>',
            f'<rect width="{_WIDTH}" height="{height}" fill="{BACKGROUND}"/>',
            *body,
            "</svg>",
        ]
    )


def _no_values(
    id_prefix: str, kind: str, title: str, description: str, translate: Translate
) -> str:
    message = say(translate, N_("Keine Werte"))
    body = [
        f'<text class="empty" x="{_WIDTH / 2:g}" y="30" text-anchor="middle"'
        f' dominant-baseline="central">{_text(message)}</text>'
    ]
    return _svg(id_prefix, kind, title, description, 60, body)


def check_column(table: ShownTable, column: int) -> None:
    """Refuse a column the table does not have."""
    if not 0 <= column < len(table.columns):
        raise ValueError(f"column {column} out of range for {len(table.columns)} columns")


def bar_chart(
    table: ShownTable,
    *,
    column: int,
    title: str,
    description: str,
    id_prefix: str,
    translate: Translate = untranslated,
) -> str:
    """Draw one column across the rows (total rows left out) as horizontal bars."""
    check_column(table, column)
    rows = [row for row in table.rows if not row.is_total]
    if not rows:
        return _no_values(id_prefix, "bar", title, description, translate)
    values = [row.values[column] for row in rows]
    suppressed = say(translate, N_("%(sign)s (unterdrückt)"), sign=SUPPRESSED)
    texts = [suppressed if value is None else cell_text(value) for value in values]
    label_chars = min(max(len(row.label) for row in rows), _MAX_LABEL_CHARS)
    bar_left = _MARGIN + max(label_chars, 4) * _CHAR_WIDTH + _GAP
    value_width = max(len(text) for text in texts) * _CHAR_WIDTH + _GAP
    plot_width = _WIDTH - bar_left - value_width - _MARGIN
    largest = max((value for value in values if value), default=0)
    top = _MARGIN
    body = [
        f'<line class="axis" x1="{bar_left:g}" y1="{top}" x2="{bar_left:g}"'
        f' y2="{top + len(rows) * _ROW_PITCH}" stroke="{AXIS_COLOUR}"/>'
    ]
    for index, (row, value, text) in enumerate(zip(rows, values, texts, strict=True)):
        middle = top + index * _ROW_PITCH + _ROW_PITCH / 2
        parts = [
            _label(
                row.label,
                _MAX_LABEL_CHARS,
                f'x="{bar_left - _GAP:g}" y="{middle:g}" text-anchor="end"'
                ' dominant-baseline="central"',
            )
        ]
        length = 0.0
        if value:
            length = round(value / largest * plot_width, 2)
            parts.append(
                f'<rect class="bar" x="{bar_left:g}" y="{middle - _BAR_HEIGHT / 2:g}"'
                f' width="{length:g}" height="{_BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        state = "suppressed" if value is None else "zero" if value == 0 else "value"
        parts.append(
            f'<text class="{state}" x="{bar_left + length + _GAP / 2:g}" y="{middle:g}"'
            f' dominant-baseline="central">{_text(text)}</text>'
        )
        body.append(f'<g class="row">{"".join(parts)}</g>')
    return _svg(id_prefix, "bar", title, description, top * 2 + len(rows) * _ROW_PITCH, body)


def check_series(periods: Sequence[str], series: Series) -> None:
    """Refuse more series than can be told apart, a length other than the periods', negatives."""
    if len(series) > MAX_SERIES:
        raise ValueError(f"at most {MAX_SERIES} series can be told apart, got {len(series)}")
    for label, values in series:
        if len(values) != len(periods):
            raise ValueError(
                f"series {label!r} has {len(values)} values for {len(periods)} periods"
            )
        if any(value is not None and value < 0 for value in values):
            raise ValueError(f"series {label!r} has a negative count")


def _ticks(largest: int) -> list[int]:
    """Return round y-axis ticks from 0 to at least ``largest``, about four steps apart."""
    if largest <= 0:
        return [0, 1]
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step * 4 >= largest:
                return list(range(0, step * math.ceil(largest / step) + 1, step))
        magnitude *= 10


def _marker(index: int, x: float, y: float, colour: str) -> str:
    """Return point marker ``index``: filled and hollow shapes, a plus and a cross."""
    r = 4.5
    filled = f'fill="{colour}"'
    hollow = f'fill="{BACKGROUND}" stroke="{colour}" stroke-width="2"'
    stroked = f'fill="none" stroke="{colour}" stroke-width="2.5"'

    def polygon(points: list[tuple[float, float]], style: str) -> str:
        coordinates = " ".join(f"{x + dx:g},{y + dy:g}" for dx, dy in points)
        return f'<polygon class="marker" points="{coordinates}" {style}/>'

    triangle = [(0, -r - 1), (r + 0.5, r), (-r - 0.5, r)]
    diamond = [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)]
    shapes = (
        lambda: f'<circle class="marker" cx="{x:g}" cy="{y:g}" r="{r}" {filled}/>',
        lambda: (
            f'<rect class="marker" x="{x - r:g}" y="{y - r:g}" width="{2 * r}"'
            f' height="{2 * r}" {filled}/>'
        ),
        lambda: polygon(triangle, filled),
        lambda: polygon(diamond, filled),
        lambda: polygon([(dx, -dy) for dx, dy in triangle], filled),
        lambda: (
            f'<path class="marker" d="M{x - r - 1:g} {y:g}H{x + r + 1:g}'
            f'M{x:g} {y - r - 1:g}V{y + r + 1:g}" {stroked}/>'
        ),
        lambda: (
            f'<path class="marker" d="M{x - r:g} {y - r:g}L{x + r:g} {y + r:g}'
            f'M{x - r:g} {y + r:g}L{x + r:g} {y - r:g}" {stroked}/>'
        ),
        lambda: f'<circle class="marker" cx="{x:g}" cy="{y:g}" r="{r}" {hollow}/>',
        lambda: (
            f'<rect class="marker" x="{x - r:g}" y="{y - r:g}" width="{2 * r}"'
            f' height="{2 * r}" {hollow}/>'
        ),
        lambda: polygon(diamond, hollow),
    )
    return shapes[index]()


def _line(index: int, points: list[tuple[float, float]]) -> str:
    dash = DASHES[index]
    dasharray = f' stroke-dasharray="{dash}"' if dash else ""
    coordinates = " ".join(f"{x:g},{y:g}" for x, y in points)
    return (
        f'<polyline class="line" points="{coordinates}" fill="none" stroke="{COLOURS[index]}"'
        f' stroke-width="2.5" stroke-linejoin="round"{dasharray}/>'
    )


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split a series at suppressed values, so no line bridges a value that is not shown."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def time_series(
    title: str,
    description: str,
    periods: Sequence[str],
    series: Series,
    *,
    id_prefix: str,
    translate: Translate = untranslated,
) -> str:
    """Draw one line per series over the periods, broken wherever a value is suppressed."""
    check_series(periods, series)
    if not periods or not series:
        return _no_values(id_prefix, "line", title, description, translate)
    shown = [value for _, values in series for value in values if value is not None]
    ticks = _ticks(max(shown, default=0))
    plot_left = _MARGIN + len(number_text(ticks[-1])) * _CHAR_WIDTH + _GAP
    plot_right = _WIDTH - _MARGIN - _CHAR_WIDTH * 3  # room for half a period label
    plot_top = _MARGIN + _FONT_SIZE / 2
    plot_bottom = plot_top + _PLOT_HEIGHT
    inner_left, inner_right = plot_left + _PLOT_PADDING, plot_right - _PLOT_PADDING

    def x_of(index: int) -> float:
        if len(periods) == 1:
            return round((inner_left + inner_right) / 2, 2)
        return round(inner_left + index * (inner_right - inner_left) / (len(periods) - 1), 2)

    def y_of(value: int) -> float:
        return round(plot_bottom - value / ticks[-1] * _PLOT_HEIGHT, 2)

    body = _axes(ticks, periods, plot_left, plot_right, plot_top, plot_bottom, x_of, y_of)
    if not shown:
        message = say(translate, N_("Alle Werte unterdrückt"))
        body.append(
            f'<text class="empty" x="{(plot_left + plot_right) / 2:g}"'
            f' y="{(plot_top + plot_bottom) / 2:g}" text-anchor="middle"'
            f' dominant-baseline="central">{_text(message)}</text>'
        )
    for index, (_, values) in enumerate(series):
        points = [None if v is None else (x_of(i), y_of(v)) for i, v in enumerate(values)]
        parts = [_line(index, run) for run in _runs(points) if len(run) > 1]
        parts.extend(_marker(index, x, y, COLOURS[index]) for x, y in filter(None, points))
        body.append(f'<g class="series">{"".join(parts)}</g>')
    legend, legend_height = _legend([label for label, _ in series], plot_bottom + 36)
    body.extend(legend)
    return _svg(id_prefix, "line", title, description, plot_bottom + 36 + legend_height, body)


def _axes(
    ticks: list[int],
    periods: Sequence[str],
    left: float,
    right: float,
    top: float,
    bottom: float,
    x_of: Callable[[int], float],
    y_of: Callable[[int], float],
) -> list[str]:
    parts = []
    for tick in ticks:
        y = y_of(tick)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        parts.append(
            f'<line class="grid" x1="{left:g}" y1="{y:g}" x2="{right:g}" y2="{y:g}"'
            f' stroke="{colour}"/>'
            f'<text class="tick" x="{left - _GAP:g}" y="{y:g}" text-anchor="end"'
            f' dominant-baseline="central">{_text(number_text(tick))}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{left:g}" y1="{top:g}" x2="{left:g}" y2="{bottom:g}"'
        f' stroke="{AXIS_COLOUR}"/>'
    )
    label_width = max(len(period) for period in periods) * _CHAR_WIDTH + _GAP
    every = max(1, math.ceil(len(periods) * label_width / (right - left)))
    for index, period in enumerate(periods):
        if index % every == 0:
            parts.append(
                f'<text class="period" x="{x_of(index):g}" y="{bottom + 20:g}"'
                f' text-anchor="middle">{_text(period)}</text>'
            )
    return parts


def _legend(labels: list[str], top: float) -> tuple[list[str], float]:
    """Lay out the legend in columns; each key repeats the line's colour, dash and marker."""
    chars = min(max(len(label) for label in labels), _MAX_LEGEND_CHARS)
    entry_width = _LEGEND_SAMPLE + _GAP + chars * _CHAR_WIDTH + 2 * _GAP
    columns = max(1, int((_WIDTH - 2 * _MARGIN) // entry_width))
    parts = []
    for index, label in enumerate(labels):
        x = _MARGIN + (index % columns) * entry_width
        y = top + (index // columns) * _LEGEND_ROW + _LEGEND_ROW / 2
        sample = [(x, y), (x + _LEGEND_SAMPLE, y)]
        parts.append(
            f'<g class="legend-entry">{_line(index, sample)}'
            f"{_marker(index, x + _LEGEND_SAMPLE / 2, y, COLOURS[index])}"
            + _label(
                label,
                _MAX_LEGEND_CHARS,
                f'x="{x + _LEGEND_SAMPLE + _GAP:g}" y="{y:g}" dominant-baseline="central"',
            )
            + "</g>"
        )
    rows = math.ceil(len(labels) / columns)
    return parts, rows * _LEGEND_ROW + _MARGIN
