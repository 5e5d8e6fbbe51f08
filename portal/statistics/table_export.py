"""CSV and XLSX downloads of statistics tables exactly as they are shown.

Both take only ``ShownTable`` (suppressed values are already ``None``), so an export cannot hold
more than the page. Text cells are neutralised against formula injection (OWASP "CSV Injection"):
a spreadsheet must never run a municipality name such as ``=HYPERLINK(...)`` as a formula.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from portal.statistics.shown import ShownTable, cell_text

if TYPE_CHECKING:  # openpyxl loads on the first Excel export: web workers rarely need it
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

#: Leading characters that make a spreadsheet read a cell as a formula (OWASP), plus the
#: full-width forms some spreadsheet versions also accept.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
CREATOR = "KIM-Portal"
_SHEET_TITLE_LIMIT = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")
_FALLBACK_SHEET_TITLE = "Tabelle"


@functools.cache
def _styles() -> SimpleNamespace:
    """Return the cell styles (openpyxl is imported on the first Excel export only)."""
    from openpyxl.styles import Alignment, Font

    return SimpleNamespace(
        right=Alignment(horizontal="right"), bold=Font(bold=True), title=Font(bold=True, size=12)
    )


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would otherwise read as a formula."""
    if text[:1] in FORMULA_STARTS or text.lstrip(" \u00a0")[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def _csv_number(value: int | None) -> str:
    """Return a count for CSV: plain digits a spreadsheet reads as a number, signs as shown."""
    return cell_text(value) if not value else str(value)


def _csv_rows(table: ShownTable) -> Iterable[list[str]]:
    yield [table.title]
    yield [table.row_header, *table.columns]
    for row in table.rows:
        yield [row.label, *(_csv_number(value) for value in row.values)]
    yield []
    yield [table.stand]
    for sign, meaning in table.legend:
        yield [sign, meaning]


def to_csv(tables: Sequence[ShownTable]) -> bytes:
    """Return the tables as one CSV for German spreadsheets: UTF-8 with BOM, ``;``, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerows([neutralise(cell) for cell in row] for row in _csv_rows(table))
    return buffer.getvalue().encode("utf-8-sig")


def _clean(text: str) -> str:
    """Return text without the control characters an XLSX file cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _sheet_titles(titles: Sequence[str]) -> list[str]:
    """Return valid, unique Excel sheet titles: at most 31 characters, none of []:*?/\\."""
    taken: set[str] = {"history"}  # Excel reserves "History"
    result = []
    for title in titles:
        base = _clean(title).translate(_SHEET_TITLE_FORBIDDEN).strip().strip("'").strip()
        base = base or _FALLBACK_SHEET_TITLE
        candidate, number = base[:_SHEET_TITLE_LIMIT], 1
        while candidate.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = base[: _SHEET_TITLE_LIMIT - len(suffix)].rstrip() + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _text_cell(sheet: Worksheet, row: int, column: int, text: str, *, bold: bool = False) -> Cell:
    cell = sheet.cell(row=row, column=column, value=neutralise(_clean(text)))
    if bold:
        cell.font = _styles().bold
    return cell


def _value_cell(sheet: Worksheet, row: int, column: int, value: int | None, *, bold: bool) -> None:
    if value:
        cell = sheet.cell(row=row, column=column, value=value)
        cell.number_format = "#,##0"
    else:
        cell = sheet.cell(row=row, column=column, value=cell_text(value))
        cell.alignment = _styles().right
    if bold:
        cell.font = _styles().bold


def _fill_sheet(sheet: Worksheet, table: ShownTable) -> None:
    _text_cell(sheet, 1, 1, table.title).font = _styles().title
    _text_cell(sheet, 2, 1, table.row_header, bold=True)
    for column, heading in enumerate(table.columns, start=2):
        _text_cell(sheet, 2, column, heading, bold=True).alignment = _styles().right
    for number, row in enumerate(table.rows, start=3):
        _text_cell(sheet, number, 1, row.label, bold=row.is_total)
        for column, value in enumerate(row.values, start=2):
            _value_cell(sheet, number, column, value, bold=row.is_total)
    below = len(table.rows) + 4
    _text_cell(sheet, below, 1, table.stand)
    for offset, (sign, meaning) in enumerate(table.legend, start=1):
        _text_cell(sheet, below + offset, 1, sign).alignment = _styles().right
        _text_cell(sheet, below + offset, 2, meaning)
    sheet.freeze_panes = "B3"
    _set_widths(sheet, table)


def _set_widths(sheet: Worksheet, table: ShownTable) -> None:
    """Size columns to their headings and values; titles and notes may overflow to the right."""
    from openpyxl.utils import get_column_letter

    labels = [table.row_header, *(row.label for row in table.rows)]
    sheet.column_dimensions["A"].width = min(max([10, *map(len, labels)]) + 2, 60)
    for index, heading in enumerate(table.columns):
        texts = [heading, *(cell_text(row.values[index]) for row in table.rows)]
        width = min(max([8, *map(len, texts)]) + 2, 40)
        sheet.column_dimensions[get_column_letter(index + 2)].width = width


def to_xlsx(
    tables: Sequence[ShownTable],
    *,
    sheet_titles: Sequence[str] | None = None,
    title: str | None = None,
) -> bytes:
    """Return the tables as an XLSX workbook, one sheet each, numbers as numbers.

    ``sheet_titles`` default to the table titles and are made valid and unique; ``title`` (the
    document property) defaults to the first table's title. No author or editor is recorded.
    """
    if not tables:
        raise ValueError("a workbook needs at least one table")
    names = [table.title for table in tables] if sheet_titles is None else list(sheet_titles)
    if len(names) != len(tables):
        raise ValueError(f"{len(names)} sheet titles for {len(tables)} tables")
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table, name in zip(tables, _sheet_titles(names), strict=True):
        _fill_sheet(workbook.create_sheet(title=name), table)
    properties = workbook.properties
    properties.title = _clean(tables[0].title if title is None else title)
    properties.creator = CREATOR
    properties.lastModifiedBy = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
