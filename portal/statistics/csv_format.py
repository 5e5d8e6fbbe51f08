"""The CSV format for uploading many municipality-quarters at once.

One row per municipality and quarter: ``kommune;jahr;quartal`` and then one column per item of
``catalogue.ITEMS``. The template is what Excel in Germany opens and saves without asking:
UTF-8 with a byte order mark, semicolons, CRLF. An upload is read leniently as to form (UTF-8 or
Windows-1252, semicolon, comma or tab, any column order and case) and strictly as to content:
the file is checked as a whole and refused with every problem found, or accepted entirely.
Problems carry German message ids and params; cells are echoed only as short quoted excerpts.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from portal.statistics import catalogue
from portal.statistics.catalogue import N_

#: Every column in the order of the template.
COLUMNS: tuple[str, ...] = catalogue.UNIT_COLUMNS + tuple(
    catalogue.ITEM_COLUMNS[item] for item in catalogue.ITEMS
)
KOMMUNE, JAHR, QUARTAL = catalogue.UNIT_COLUMNS

#: Column and German description, for the page that documents the format.
COLUMN_HELP: list[tuple[str, str]] = [
    (KOMMUNE, N_("Name der Kommune, wie er im Portal steht (z. B. „Jüchen“)")),
    (JAHR, N_("Berichtsjahr, vierstellig (z. B. 2025)")),
    (QUARTAL, N_("Quartal: 1, 2, 3 oder 4 (auch „Q3“)")),
] + [(catalogue.ITEM_COLUMNS[item], catalogue.label(item)) for item in catalogue.ITEMS]

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_COUNT = 1_000_000
MAX_PROBLEMS = 200
#: Longest cell excerpt echoed in a message, quotes and ellipsis included.
EXCERPT_LENGTH = 40

_DELIMITERS = (";", ",", "\t")
_DIGITS = re.compile(r"[0-9]+")
_NEGATIVE = re.compile(r"-[0-9]+")
_QUARTER = re.compile(r"[Qq]?([1-4])")
#: Spaces around a value are forgiven; tabs and line breaks are not (they start formulas).
_PADDING = " \u00a0"

_TOO_LARGE = N_("Die Datei ist zu groß: erlaubt sind höchstens %(kilobytes)d kB.")
_EMPTY = N_("Die Datei ist leer.")
_NOT_TEXT = N_(
    "Die Datei ist keine lesbare CSV-Datei. Bitte speichern Sie sie in Excel "
    "als „CSV UTF-8 (durch Trennzeichen getrennt)“."
)
_NO_DELIMITER = N_(
    "In der Kopfzeile wurde kein Trennzeichen (Semikolon, Komma oder Tabulator) gefunden."
)
_UNNAMED_COLUMNS = N_("Spalten ohne Überschrift (Nr. %(columns)s).")
_UNKNOWN_COLUMNS = N_("Unbekannte Spalten: %(columns)s.")
_MISSING_COLUMNS = N_("Es fehlen Spalten: %(columns)s.")
_DUPLICATE_COLUMNS = N_("Spalten stehen mehrfach in der Kopfzeile: %(columns)s.")
_UNREADABLE_LINE = N_("Die Zeile ist nicht lesbar (ein Anführungszeichen ist nicht geschlossen?).")
_FIELD_COUNT = N_("Die Zeile hat %(found)d Felder, die Kopfzeile aber %(expected)d.")
_NO_ROWS = N_("Die Datei enthält keine Datenzeilen.")
_TOO_MANY_ROWS = N_("Die Datei hat mehr als %(limit)d Datenzeilen.")
_MISSING = N_("Der Wert fehlt. Tragen Sie 0 ein, wenn es nichts zu melden gibt.")
_UNKNOWN_MUNICIPALITY = N_("Die Kommune %(value)s ist nicht bekannt.")
_BAD_YEAR = N_("Das Jahr %(value)s ist ungültig (erlaubt: %(min)d bis %(max)d).")
_BAD_QUARTER = N_("Das Quartal %(value)s ist ungültig (erlaubt: 1 bis 4 oder Q1 bis Q4).")
_NEGATIVE_COUNT = N_("%(value)s ist negativ; erlaubt sind Zahlen ab 0.")
_NOT_WHOLE = N_("%(value)s ist keine ganze Zahl (ohne Tausenderpunkt und ohne Formel).")
_TOO_BIG = N_("%(value)s ist zu groß (höchstens %(max)d).")
_DUPLICATE_ROW = N_(
    "%(municipality)s, Quartal %(quarter)d/%(year)d steht schon in Zeile %(first)d."
)
_MORE_PROBLEMS = N_("… und %(count)d weitere Fehler.")

#: Records a problem of the current line: ``refuse(column, message, params=None)``.
_Refuse = Callable[..., None]


@dataclass(frozen=True)
class Row:
    """One accepted municipality-quarter; ``counts`` maps every item key to its count."""

    line: int
    municipality_id: int
    year: int
    quarter: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Problem:
    """A reason to refuse the file: ``message`` is a German message id, ``params`` fill it in.

    ``line`` is the 1-based file line (the header is line 1) and ``column`` the template's name
    of the column, each ``None`` where the problem concerns the whole file or line.
    """

    line: int | None
    column: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class UploadRejected(ValueError):
    """The file is refused as a whole; ``problems`` says why, at most ``MAX_PROBLEMS`` + 1."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the upload")
        self.problems = problems


def template_csv(municipalities: Sequence[str], year: int, quarter: int) -> bytes:
    """Return the template: header and one row per municipality with the counts left empty."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    blanks = [""] * (len(COLUMNS) - len(catalogue.UNIT_COLUMNS))
    for name in municipalities:
        writer.writerow([name, year, quarter, *blanks])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def parse_upload(
    data: bytes,
    municipalities: Mapping[str, int],
    *,
    max_bytes: int = 2_000_000,
    max_rows: int = 5000,
) -> list[Row]:
    """Read an upload; raise ``UploadRejected`` with every problem unless all of it is valid.

    ``municipalities`` maps the names the uploader may report for to their ids.
    """
    if len(data) > max_bytes:
        raise UploadRejected([Problem(None, None, _TOO_LARGE, {"kilobytes": max_bytes // 1000})])
    text = _decode(data)
    if not text.strip():
        raise UploadRejected([Problem(None, None, _EMPTY)])
    collector = _Collector()
    records = _records(text, _delimiter(text), collector)
    header = next(records, None)
    if header is None:
        raise UploadRejected(collector.finished() or [Problem(None, None, _EMPTY)])
    positions = _header_positions(*header)
    rows = _read_rows(records, positions, _name_index(municipalities), collector, max_rows)
    if collector.problems:
        raise UploadRejected(collector.finished())
    return rows


def _decode(data: bytes) -> str:
    """Decode UTF-8 (BOM or not), UTF-16 with BOM (Excel's "Unicode-Text"), or Windows-1252."""
    candidates: list[tuple[bytes, str]]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [(data, "utf-16")]
    else:
        # A UTF-8 BOM before Windows-1252 text comes from editors that add one; it is dropped.
        body = data.removeprefix(codecs.BOM_UTF8)
        candidates = [(body, "utf-8"), (body, "cp1252")]
    for raw, encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        # NUL characters mean UTF-16 without BOM or no text at all.
        if "\x00" not in text:
            return text
        break
    raise UploadRejected([Problem(None, None, _NOT_TEXT)])


def _delimiter(text: str) -> str:
    """Pick the separator that occurs most often in the header line."""
    header = re.split(r"[\r\n]", text.lstrip("\r\n"), maxsplit=1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    if counts[best] == 0:
        raise UploadRejected([Problem(1, None, _NO_DELIMITER)])
    return best


def _header_positions(line: int, header: list[str]) -> dict[str, int]:
    """Map each template column to its position in the file, or refuse the header."""
    positions: dict[str, int] = {}
    unnamed: list[str] = []
    unknown: list[str] = []
    duplicates: list[str] = []
    known = set(COLUMNS)
    for position, cell in enumerate(header, start=1):
        name = cell.strip().casefold()
        if not name:
            unnamed.append(str(position))
        elif name not in known:
            unknown.append(_excerpt(cell.strip()))
        elif name in positions:
            duplicates.append(name)
        else:
            positions[name] = position - 1
    missing = [column for column in COLUMNS if column not in positions]
    problems = [
        Problem(line, None, message, {"columns": _listing(columns)})
        for message, columns in (
            (_UNNAMED_COLUMNS, unnamed),
            (_UNKNOWN_COLUMNS, unknown),
            (_MISSING_COLUMNS, missing),
            (_DUPLICATE_COLUMNS, sorted(set(duplicates))),
        )
        if columns
    ]
    if problems:
        raise UploadRejected(problems)
    return positions


def _listing(columns: list[str], limit: int = 20) -> str:
    shown = ", ".join(columns[:limit])
    return shown + (" …" if len(columns) > limit else "")


class _Collector:
    """Problems in file order, capped at ``MAX_PROBLEMS`` with a count of the rest."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.dropped = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.dropped += 1

    def add_at(
        self, line: int, column: str, message: str, params: dict[str, Any] | None = None
    ) -> None:
        self.add(Problem(line, column, message, params or {}))

    @property
    def count(self) -> int:
        return len(self.problems) + self.dropped

    def finished(self) -> list[Problem]:
        if not self.dropped:
            return self.problems
        return [*self.problems, Problem(None, None, _MORE_PROBLEMS, {"count": self.dropped})]


def _records(text: str, delimiter: str, collector: _Collector) -> Iterator[tuple[int, list[str]]]:
    """Yield non-blank records with the file line they start on; stop at unreadable quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            collector.add(Problem(line, None, _UNREADABLE_LINE))
            return
        if any(cell.strip(_PADDING) for cell in record):
            yield line, record


def _read_rows(
    records: Iterator[tuple[int, list[str]]],
    positions: dict[str, int],
    names: dict[str, tuple[str, int]],
    collector: _Collector,
    max_rows: int,
) -> list[Row]:
    rows: list[Row] = []
    first_lines: dict[tuple[int, int, int], int] = {}
    seen = 0
    for line, record in records:
        seen += 1
        if seen > max_rows:
            # Whatever else is wrong, the file must be split first.
            raise UploadRejected([Problem(line, None, _TOO_MANY_ROWS, {"limit": max_rows})])
        if len(record) != len(positions):
            params = {"found": len(record), "expected": len(positions)}
            collector.add(Problem(line, None, _FIELD_COUNT, params))
            continue
        before = collector.count
        refuse = partial(collector.add_at, line)
        cells = {column: record[position] for column, position in positions.items()}
        unit = _unit(cells, names, refuse)
        if unit in first_lines:
            params = {
                "municipality": names[_name_key(cells[KOMMUNE])][0],
                "year": unit[1],
                "quarter": unit[2],
                "first": first_lines[unit],
            }
            refuse(KOMMUNE, _DUPLICATE_ROW, params)
        elif unit is not None:
            first_lines[unit] = line
        counts = _counts(cells, refuse)
        if unit is not None and collector.count == before:
            rows.append(Row(line, *unit, counts))
    if not seen and not collector.problems:
        collector.add(Problem(None, None, _NO_ROWS))
    return rows


def _unit(
    cells: dict[str, str], names: dict[str, tuple[str, int]], refuse: _Refuse
) -> tuple[int, int, int] | None:
    """Return municipality id, year and quarter of a record, or ``None`` if one is invalid."""
    municipality = _municipality(cells[KOMMUNE], names, refuse)
    year = _year(cells[JAHR], refuse)
    quarter = _quarter(cells[QUARTAL], refuse)
    if municipality is None or year is None or quarter is None:
        return None
    return municipality, year, quarter


def _counts(cells: dict[str, str], refuse: _Refuse) -> dict[str, int]:
    """Read every count and, when all are readable, check the breakdowns against them."""
    counts: dict[str, int] = {}
    for item in catalogue.ITEMS:
        column = catalogue.ITEM_COLUMNS[item]
        value = _count(cells[column], column, refuse)
        if value is not None:
            counts[item] = value
    if len(counts) == len(catalogue.ITEMS):
        for inconsistency in catalogue.inconsistencies(counts):
            column = catalogue.ITEM_COLUMNS[inconsistency.item]
            refuse(column, inconsistency.message, dict(inconsistency.params))
    return counts


def _name_key(name: str) -> str:
    """Compare names ignoring case, Unicode composition and runs of whitespace."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _name_index(municipalities: Mapping[str, int]) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for name, municipality_id in municipalities.items():
        key = _name_key(name)
        if key in index:
            raise ValueError(f"municipality names {index[key][0]!r} and {name!r} are ambiguous")
        index[key] = (name, municipality_id)
    return index


def _municipality(cell: str, names: dict[str, tuple[str, int]], refuse: _Refuse) -> int | None:
    if not cell.strip():
        refuse(KOMMUNE, _MISSING)
        return None
    found = names.get(_name_key(cell))
    if found is None:
        refuse(KOMMUNE, _UNKNOWN_MUNICIPALITY, {"value": _excerpt(cell.strip())})
        return None
    return found[1]


def _year(cell: str, refuse: _Refuse) -> int | None:
    value = cell.strip(_PADDING)
    if not value:
        refuse(JAHR, _MISSING)
        return None
    if _DIGITS.fullmatch(value) and len(value) == 4 and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    refuse(JAHR, _BAD_YEAR, {"value": _excerpt(value), "min": MIN_YEAR, "max": MAX_YEAR})
    return None


def _quarter(cell: str, refuse: _Refuse) -> int | None:
    value = cell.strip(_PADDING)
    if not value:
        refuse(QUARTAL, _MISSING)
        return None
    match = _QUARTER.fullmatch(value)
    if match is None:
        refuse(QUARTAL, _BAD_QUARTER, {"value": _excerpt(value)})
        return None
    return int(match.group(1))


def _count(cell: str, column: str, refuse: _Refuse) -> int | None:
    """Read a count: digits only, so formulas, decimals and thousands separators are refused."""
    value = cell.strip(_PADDING)
    if not value:
        refuse(column, _MISSING)
    elif _DIGITS.fullmatch(value):
        # Compare the length first: int() of a very long string is slow.
        number = int(value) if len(value) <= len(str(MAX_COUNT)) + 1 else MAX_COUNT + 1
        if number <= MAX_COUNT:
            return number
        refuse(column, _TOO_BIG, {"value": _excerpt(value), "max": MAX_COUNT})
    elif _NEGATIVE.fullmatch(value):
        refuse(column, _NEGATIVE_COUNT, {"value": _excerpt(value)})
    else:
        refuse(column, _NOT_WHOLE, {"value": _excerpt(cell)})
    return None


def _excerpt(text: str) -> str:
    """Quote at most ``EXCERPT_LENGTH`` characters of a cell, control and bidi marks made visible.

    Control and format characters (line breaks, right-to-left overrides, zero-width ones) would
    let a cell reorder or hide the message around it, so they become U+FFFD.
    """
    visible = "".join(
        "\ufffd" if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"} else char
        for char in text[:EXCERPT_LENGTH]
    )
    room = EXCERPT_LENGTH - 2
    if len(text) > room:
        visible = visible[: room - 1] + "…"
    return f"„{visible}“"
