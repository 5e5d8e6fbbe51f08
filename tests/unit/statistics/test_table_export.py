"""CSV and XLSX exports: what is shown, readable by spreadsheets, never run as a formula.

The CSV is read back with the ``csv`` module and the workbook with ``openpyxl.load_workbook``.
"""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from portal.statistics.shown import ShownRow, ShownTable
from portal.statistics.table_export import neutralise, to_csv, to_xlsx

INJECTION = '=HYPERLINK("http://x","klick")'
WORLD = "Köln مدينة 🌍 שלום"
LEGEND = (
    (".", "Zahlenwert unterdrückt (weniger als 3 Fälle oder Rückrechnung möglich)"),
    ("–", "nichts vorhanden"),
)


def table(title="Offene Fälle je Kommune", rows=None, columns=("Stufe 1", "Insgesamt")):
    return ShownTable(
        title=title,
        row_header="Kommune",
        columns=columns,
        rows=rows
        if rows is not None
        else (
            ShownRow("Neuss", (12345, 12400)),
            ShownRow("Dormagen", (None, 7)),
            ShownRow("Jüchen", (0, 4)),
            ShownRow("Insgesamt", (12350, 12411), is_total=True),
        ),
        stand="Stand: 24.11.2026, 14:00 Uhr",
        legend=LEGEND,
    )


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


# neutralise


@pytest.mark.parametrize(
    "text",
    [INJECTION, "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", " =1+1", "\u00a0=1", "＝1+1"],
)
def test_neutralise_prefixes_formula_starts_with_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Neuss", "–", ".", "", "12", "Stand: 24.11.2026", "a=b", "'x"])
def test_neutralise_leaves_ordinary_text_alone(text):
    assert neutralise(text) == text


# CSV


def test_csv_holds_title_header_rows_stand_and_legend():
    assert read_csv(to_csv([table()])) == [
        ["Offene Fälle je Kommune"],
        ["Kommune", "Stufe 1", "Insgesamt"],
        ["Neuss", "12345", "12400"],
        ["Dormagen", ".", "7"],
        ["Jüchen", "–", "4"],
        ["Insgesamt", "12350", "12411"],
        [],
        ["Stand: 24.11.2026, 14:00 Uhr"],
        [".", LEGEND[0][1]],
        ["–", "nichts vorhanden"],
    ]


def test_csv_uses_bom_semicolons_and_crlf():
    data = to_csv([table()])
    assert data.startswith("\ufeffOffene Fälle je Kommune\r\n".encode())
    assert b"Kommune;Stufe 1;Insgesamt\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_csv_separates_several_tables_by_a_blank_line():
    rows = read_csv(to_csv([table("Erste"), table("Zweite")]))
    second = rows.index(["Zweite"])
    assert rows[second - 1] == []
    assert rows[second - 2] == ["–", "nichts vorhanden"]
    assert rows.count(["Kommune", "Stufe 1", "Insgesamt"]) == 2


def test_csv_neutralises_every_text_cell():
    hostile = ShownTable(
        title="=1+1",
        row_header="@Kommune",
        columns=("+Spalte", "-Spalte"),
        rows=(ShownRow(INJECTION, (1, 2)),),
        stand="=Stand",
        legend=(("=", "@x"),),
    )
    cells = [cell for row in read_csv(to_csv([hostile])) for cell in row]
    assert "'" + INJECTION in cells
    assert all(not cell or cell[0] not in "=+-@" for cell in cells)


def test_csv_round_trips_umlauts_emoji_rtl_and_separators():
    label = f'{WORLD}; "zitiert"\nzweite Zeile'
    rows = read_csv(to_csv([table(title=WORLD, rows=(ShownRow(label, (1, 1)),))]))
    assert rows[0] == [WORLD]
    assert rows[2] == [label, "1", "1"]


def test_empty_table_list_gives_an_empty_csv():
    assert to_csv([]) == b"\xef\xbb\xbf"


# XLSX


def test_xlsx_has_title_header_rows_stand_and_legend():
    sheet = workbook(to_xlsx([table()])).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values == [
        ["Offene Fälle je Kommune", None, None],
        ["Kommune", "Stufe 1", "Insgesamt"],
        ["Neuss", 12345, 12400],
        ["Dormagen", ".", 7],
        ["Jüchen", "–", 4],
        ["Insgesamt", 12350, 12411],
        [None, None, None],
        ["Stand: 24.11.2026, 14:00 Uhr", None, None],
        [".", LEGEND[0][1], None],
        ["–", "nichts vorhanden", None],
    ]


def test_xlsx_numbers_are_numbers_and_signs_are_right_aligned_text():
    sheet = workbook(to_xlsx([table()])).active
    assert (sheet["B3"].data_type, type(sheet["B3"].value)) == ("n", int)
    assert sheet["B3"].number_format == "#,##0"
    for cell in (sheet["B4"], sheet["B5"]):
        assert cell.data_type == "s"
        assert cell.alignment.horizontal == "right"


def test_xlsx_formats_header_and_totals_and_freezes_the_header():
    sheet = workbook(to_xlsx([table()])).active
    assert all(cell.font.b for cell in sheet[2])
    assert all(cell.font.b for cell in sheet[6])
    assert not sheet["A3"].font.b
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "B3"
    assert sheet.column_dimensions["A"].width >= len("Insgesamt")
    assert sheet.column_dimensions["B"].width >= len("12,345")


def test_xlsx_stores_a_formula_like_label_as_text():
    hostile = table(rows=(ShownRow(INJECTION, (1, 2)), ShownRow("+49 Neuss", (3, 4))))
    sheet = workbook(to_xlsx([hostile], sheet_titles=["=Sheet"])).active
    for cell in (sheet["A3"], sheet["A4"]):
        assert cell.data_type == "s"
        assert cell.data_type != "f"
        assert cell.value.startswith("'")
    assert sheet["A3"].value == "'" + INJECTION


def test_xlsx_has_no_hidden_sheets_defined_names_comments_or_author():
    data = to_xlsx([table("Erste"), table("Zweite")])
    book = workbook(data)
    assert [sheet.sheet_state for sheet in book.worksheets] == ["visible", "visible"]
    assert len(book.defined_names) == 0
    assert all(sheet.defined_names == {} for sheet in book.worksheets)
    assert all(
        cell.comment is None
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    assert book.properties.creator == "KIM-Portal"
    assert book.properties.lastModifiedBy is None
    assert book.properties.title == "Erste"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [name for name in names if "comment" in name or "vbaProject" in name]


def test_xlsx_document_title_can_be_given():
    book = workbook(to_xlsx([table()], title="Statistik KIM 2026"))
    assert book.properties.title == "Statistik KIM 2026"


def test_xlsx_sheet_titles_are_valid_short_and_unique():
    long = "Offene Fälle: Stufe 1/2 [vorläufig] * nach Kommune?"
    titles = [long, long, "History", "''", "a\\b", long.upper()]
    book = workbook(to_xlsx([table()] * len(titles), sheet_titles=titles))
    names = book.sheetnames
    assert len(names) == len(titles)
    assert len({name.casefold() for name in names}) == len(names)
    assert "history" not in {name.casefold() for name in names}
    for name in names:
        assert 0 < len(name) <= 31
        assert not set("[]:*?/\\") & set(name)
        assert not name.startswith("'") and not name.endswith("'")
    assert names[0] == "Offene Fälle Stufe 12 vorläufig"
    assert names[1].endswith(" (2)")
    assert names[3] == "Tabelle"
    assert names[4] == "ab"


def test_xlsx_sheet_titles_default_to_table_titles():
    book = workbook(to_xlsx([table("Offene Fälle"), table("Neue Fälle")]))
    assert book.sheetnames == ["Offene Fälle", "Neue Fälle"]


def test_xlsx_round_trips_umlauts_emoji_rtl_and_drops_control_characters():
    rows = (ShownRow(WORLD, (1, 1)), ShownRow("Kaarst\x07\x1b", (2, 2)))
    sheet = workbook(to_xlsx([table(title=WORLD, rows=rows)])).active
    assert sheet["A1"].value == WORLD
    assert sheet["A3"].value == WORLD
    assert sheet["A4"].value == "Kaarst"


def test_xlsx_refuses_no_tables_and_mismatched_sheet_titles():
    with pytest.raises(ValueError):
        to_xlsx([])
    with pytest.raises(ValueError):
        to_xlsx([table()], sheet_titles=["a", "b"])
