"""SVG charts: well-formed, accessible, proportional, and silent about suppressed values.

Every chart is parsed with ``xml.etree``; geometry is read back from the parsed elements.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from portal.statistics.charts import (
    COLOURS,
    DASHES,
    MAX_SERIES,
    bar_chart,
    time_series,
)
from portal.statistics.shown import ShownRow, ShownTable

SVG = "{http://www.w3.org/2000/svg}"
NNBSP = "\u202f"
HOSTILE = '<script>alert("x")</script> & Ümlaut مدينة 🌍 \u202eabc'


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


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def label_of(text: ET.Element) -> str:
    """Return a label's full text: its tooltip where it was shortened."""
    tooltip = text.find(f"{SVG}title")
    return tooltip.text if tooltip is not None else "".join(text.itertext())


def bars(svg: str) -> dict[str, ET.Element | None]:
    """Map each row label to its bar (or ``None`` where no bar is drawn)."""
    found = {}
    for group in parse(svg).iter(f"{SVG}g"):
        if group.get("class") == "row":
            label = group.find(f"{SVG}text")
            found[label_of(label)] = group.find(f"{SVG}rect[@class='bar']")
    return found


def row_texts(svg: str) -> dict[str, str]:
    """Map each row label to the value text beside its bar."""
    found = {}
    for group in parse(svg).iter(f"{SVG}g"):
        if group.get("class") == "row":
            label, value = group.findall(f"{SVG}text")
            found[label_of(label)] = "".join(value.itertext())
    return found


def chart(t: ShownTable = TABLE, column: int = 0, prefix: str = "chart1") -> str:
    return bar_chart(
        t, column=column, title="Offene Fälle", description="Beschreibung", id_prefix=prefix
    )


def assert_accessible_and_self_contained(svg: str, prefix: str) -> None:
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("font-family") == "inherit"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id")) == (f"{SVG}title", f"{prefix}-title")
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", f"{prefix}-desc")
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"{prefix}-") for i in ids)
    for element in root.iter():
        local = element.tag.removeprefix(SVG)
        assert local not in {"script", "foreignObject", "image", "use", "a", "style"}
        for name in element.attrib:
            assert not name.lower().startswith("on")
            assert "href" not in name
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "url(" not in svg


# Bar chart


def test_bar_lengths_are_proportional_to_the_values():
    t = table(
        ShownRow("A", (10, 0)),
        ShownRow("B", (40, 0)),
        ShownRow("C", (25, 0)),
        ShownRow("D", (1, 0)),
    )
    widths = {label: float(rect.get("width")) for label, rect in bars(chart(t)).items()}
    assert widths["B"] > 0
    for label, value in {"A": 10, "C": 25, "D": 1}.items():
        assert widths[label] / widths["B"] == pytest.approx(value / 40, abs=1e-3)
    starts = {rect.get("x") for rect in bars(chart(t)).values()}
    assert len(starts) == 1


def test_suppressed_value_has_no_bar_and_is_marked_as_suppressed():
    svg = chart()
    assert bars(svg)["Dormagen"] is None
    assert row_texts(svg)["Dormagen"] == ". (unterdrückt)"
    assert bars(svg)["Neuss"] is not None


def test_zero_has_no_bar_and_shows_a_dash():
    svg = chart()
    assert bars(svg)["Grevenbroich"] is None
    assert row_texts(svg)["Grevenbroich"] == "–"


def test_total_rows_are_not_drawn():
    assert set(bars(chart())) == {"Neuss", "Dormagen", "Grevenbroich", "Kaarst"}


def test_values_are_printed_with_narrow_spaces():
    svg = chart(table(ShownRow("Neuss", (12345, 1)), ShownRow("Kaarst", (7, 1))))
    assert row_texts(svg)["Neuss"] == f"12{NNBSP}345"


def test_chart_of_the_second_column_uses_its_values():
    svg = chart(column=1)
    assert row_texts(svg) == {
        "Neuss": "3",
        "Dormagen": "1",
        "Grevenbroich": "5",
        "Kaarst": ". (unterdrückt)",
    }


def test_bar_chart_is_accessible_and_self_contained():
    assert_accessible_and_self_contained(chart(prefix="stat-open_1"), "stat-open_1")


def test_all_suppressed_column_draws_rows_without_bars():
    svg = chart(table(ShownRow("A", (None, 1)), ShownRow("B", (None, 2))))
    assert bars(svg) == {"A": None, "B": None}


def test_table_without_rows_gives_a_no_values_chart():
    for t in (table(), table(ShownRow("Insgesamt", (5, 5), is_total=True))):
        svg = chart(t, prefix="empty")
        assert_accessible_and_self_contained(svg, "empty")
        assert "Keine Werte" in "".join(parse(svg).itertext())
        assert parse(svg).find(f".//{SVG}rect[@class='bar']") is None


def test_long_labels_are_shortened_but_kept_as_tooltip():
    name = "Verbandsgemeinde mit einem ausgesprochen langen amtlichen Namen"
    svg = chart(table(ShownRow(name, (3, 1))))
    label = parse(svg).find(f".//{SVG}g[@class='row']/{SVG}text")
    assert label.find(f"{SVG}title").text == name
    assert label.find(f"{SVG}title").tail.endswith("…")
    assert len(label.find(f"{SVG}title").tail) < len(name)


def test_bar_chart_rejects_a_column_out_of_range():
    with pytest.raises(ValueError):
        chart(column=2)


@pytest.mark.parametrize("prefix", ["", "1chart", 'x" onload="alert(1)', "a b", "ä"])
def test_id_prefix_must_be_a_plain_identifier(prefix):
    with pytest.raises(ValueError):
        chart(prefix=prefix)


def test_text_is_escaped_and_survives_parsing():
    t = table(ShownRow(HOSTILE, (5, 1)), ShownRow("Köln\x07", (3, 1)))
    svg = bar_chart(t, column=0, title=HOSTILE, description=HOSTILE, id_prefix="c")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert root.find(f"{SVG}desc").text == HOSTILE
    assert set(row_texts(svg)) == {HOSTILE, "Köln"}
    assert "<script" not in svg
    assert_accessible_and_self_contained(svg, "c")


def test_two_charts_on_one_page_have_distinct_ids():
    first, second = chart(prefix="open"), chart(prefix="new")
    ids = [
        {element.get("id") for element in parse(svg).iter() if element.get("id")}
        for svg in (first, second)
    ]
    assert ids[0] and ids[1]
    assert ids[0].isdisjoint(ids[1])


def test_translate_is_applied_to_chart_texts():
    svg = bar_chart(
        TABLE,
        column=0,
        title="t",
        description="d",
        id_prefix="en",
        translate=lambda message: {"%(sign)s (unterdrückt)": "%(sign)s (suppressed)"}.get(
            message, message
        ),
    )
    assert row_texts(svg)["Dormagen"] == ". (suppressed)"


# Time series

PERIODS = ("2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1")


def series_chart(series, periods=PERIODS, prefix="ts") -> str:
    return time_series("Offene Fälle", "Verlauf", periods, series, id_prefix=prefix)


def series_groups(svg: str) -> list[ET.Element]:
    return [g for g in parse(svg).iter(f"{SVG}g") if g.get("class") == "series"]


def polylines(group: ET.Element) -> list[list[tuple[float, float]]]:
    lines = []
    for line in group.findall(f"{SVG}polyline"):
        pairs = (point.split(",") for point in line.get("points").split())
        lines.append([(float(x), float(y)) for x, y in pairs])
    return lines


def markers(group: ET.Element) -> list[ET.Element]:
    return [element for element in group if element.get("class") == "marker"]


def test_line_breaks_at_a_suppressed_value_instead_of_bridging_it():
    svg = series_chart([("Neuss", [10, 20, None, 40, 50])])
    (group,) = series_groups(svg)
    lines = polylines(group)
    assert [len(line) for line in lines] == [2, 2]
    suppressed_x = (lines[0][1][0] + lines[1][0][0]) / 2
    for line in lines:
        xs = [x for x, _ in line]
        assert not min(xs) < suppressed_x < max(xs)
    assert len(markers(group)) == 4


def test_isolated_value_between_suppressions_keeps_a_marker_but_no_line():
    (group,) = series_groups(series_chart([("Neuss", [None, 5, None, 7, 8])]))
    assert [len(line) for line in polylines(group)] == [2]
    assert len(markers(group)) == 3


def test_points_lie_on_the_value_scale():
    (group,) = series_groups(series_chart([("Neuss", [0, 10, 20, 30, 40])]))
    ((points),) = polylines(group)
    ys = [y for _, y in points]
    steps = [a - b for a, b in zip(ys, ys[1:], strict=False)]
    assert all(step == pytest.approx(steps[0], abs=0.02) for step in steps)
    assert steps[0] > 0
    xs = [x for x, _ in points]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert all(gap == pytest.approx(gaps[0], abs=0.02) for gap in gaps)


def test_zero_is_plotted_on_the_axis_and_not_treated_as_a_gap():
    (group,) = series_groups(series_chart([("Neuss", [0, 0, 0, 0, 0])]))
    assert [len(line) for line in polylines(group)] == [5]


def shape_of(marker: ET.Element, colour: str) -> tuple:
    """Return a marker's geometry and fill style with its colour factored out."""
    attributes = {
        name: ("colour" if value == colour else value) for name, value in marker.attrib.items()
    }
    return (marker.tag, tuple(sorted(attributes.items())))


def test_series_differ_in_colour_dash_and_marker_shape():
    # Equal values put every series' markers at the same points, so only the shape differs.
    series = [(f"Kommune {i}", [5, 5, None, 5, 5]) for i in range(MAX_SERIES)]
    svg = series_chart(series)
    groups = series_groups(svg)
    colours, dashes, shapes = set(), set(), set()
    for group in groups:
        line = group.find(f"{SVG}polyline")
        colours.add(line.get("stroke"))
        dashes.add(line.get("stroke-dasharray"))
        shapes.add(shape_of(markers(group)[0], line.get("stroke")))
    assert len(colours) == len(dashes) == len(shapes) == MAX_SERIES


def test_legend_repeats_each_series_label_dash_and_marker():
    series = [(f"Kommune {i}", [i, i + 1, None, i, i]) for i in range(4)]
    svg = series_chart(series)
    legend = [g for g in parse(svg).iter(f"{SVG}g") if g.get("class") == "legend-entry"]
    assert [label_of(g.find(f"{SVG}text")) for g in legend] == [label for label, _ in series]
    for group, entry in zip(series_groups(svg), legend, strict=True):
        line, key = group.find(f"{SVG}polyline"), entry.find(f"{SVG}polyline")
        for attribute in ("stroke", "stroke-dasharray"):
            assert key.get(attribute) == line.get(attribute)
        assert markers(group)[0].tag == entry.find("*[@class='marker']").tag


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", COLOURS)
def test_line_colours_contrast_at_least_three_to_one_with_white(colour):
    assert 1.05 / (relative_luminance(colour) + 0.05) >= 3


def test_palette_has_a_distinct_colour_and_dash_for_each_series():
    assert len(set(COLOURS)) == len(set(DASHES)) == MAX_SERIES


def test_too_many_series_or_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        series_chart([(str(i), [1] * 5) for i in range(MAX_SERIES + 1)])
    with pytest.raises(ValueError):
        series_chart([("Neuss", [1, 2])])


def test_time_series_is_accessible_self_contained_and_escaped():
    svg = time_series(HOSTILE, HOSTILE, ("2025 Q1", "<Q2>"), [(HOSTILE, [1, 2])], id_prefix="t")
    assert_accessible_and_self_contained(svg, "t")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    texts = [label_of(t) for t in root.iter(f"{SVG}text")]
    assert "<Q2>" in texts
    assert HOSTILE in texts


def test_time_series_without_periods_or_series_says_no_values():
    for periods, series in (((), [("Neuss", [])]), (PERIODS, [])):
        svg = series_chart(series, periods=periods)
        assert_accessible_and_self_contained(svg, "ts")
        assert "Keine Werte" in "".join(parse(svg).itertext())


def test_time_series_with_every_value_suppressed_draws_no_line_and_says_so():
    svg = series_chart([("Neuss", [None] * 5), ("Kaarst", [None] * 5)])
    assert all(len(group) == 0 for group in series_groups(svg))
    assert "Alle Werte unterdrückt" in "".join(parse(svg).itertext())


def test_single_period_is_drawn_as_points():
    (group,) = series_groups(series_chart([("Neuss", [3])], periods=("2025 Q1",)))
    assert polylines(group) == []
    assert len(markers(group)) == 1


def test_y_axis_ticks_are_round_and_cover_the_largest_value():
    svg = series_chart([("Neuss", [1, 42, 7, 0, 3])])
    ticks = [
        "".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "tick"
    ]
    assert ticks == ["0", "20", "40", "60"]


def test_many_periods_thin_out_the_axis_labels():
    periods = tuple(f"{year} Q{q}" for year in range(2020, 2030) for q in range(1, 5))
    svg = series_chart([("Neuss", list(range(len(periods))))], periods=periods)
    shown = [t.text for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "period"]
    assert shown[0] == "2020 Q1"
    assert 4 <= len(shown) < len(periods)
