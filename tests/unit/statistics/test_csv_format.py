"""CSV upload: the template round-trips; a file is accepted whole or refused with every problem."""

import codecs
import csv
import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.statistics import catalogue
from portal.statistics.csv_format import (
    COLUMN_HELP,
    COLUMNS,
    EXCERPT_LENGTH,
    MAX_COUNT,
    MAX_PROBLEMS,
    Problem,
    Row,
    UploadRejected,
    parse_upload,
    template_csv,
)

MUNICIPALITIES = {
    "Neuss": 1,
    "Dormagen": 2,
    "Grevenbroich": 3,
    "Meerbusch": 4,
    "Kaarst": 5,
    "Korschenbroich": 6,
    "Jüchen": 7,
    "Rommerskirchen": 8,
}
COUNT_COLUMNS = [catalogue.ITEM_COLUMNS[item] for item in catalogue.ITEMS]
NOT_WHOLE = "%(value)s ist keine ganze Zahl (ohne Tausenderpunkt und ohne Formel)."
MISSING = "Der Wert fehlt. Tragen Sie 0 ein, wenn es nichts zu melden gibt."


def _counts(open_cases: int = 10, closed: int = 4) -> dict[str, int]:
    """A consistent municipality-quarter: every breakdown adds up to its measure."""
    counts = dict.fromkeys(catalogue.ITEMS, 0)
    counts |= {"open": open_cases, "new": 5, "closed": closed, "naturalisation": 2}
    for dimension in catalogue.DIMENSIONS:
        if dimension.total is not None:
            first, second = dimension.items[:2]
            total = counts[dimension.total]
            counts[first], counts[second] = total - total // 3, total // 3
        elif dimension.bound is not None:
            counts[dimension.items[0]] = counts[dimension.bound]
        else:
            counts[dimension.items[0]] = 3
    return counts


def _cells(municipality: str = "Neuss", year="2025", quarter="3", counts=None) -> list[str]:
    counts = _counts() if counts is None else counts
    return [municipality, str(year), str(quarter)] + [str(counts[item]) for item in catalogue.ITEMS]


def _csv(
    rows: list[list[str]],
    *,
    header=COLUMNS,
    delimiter: str = ";",
    newline: str = "\r\n",
    encoding: str = "utf-8-sig",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _with_cell(column: str, value: str, **row) -> list[str]:
    cells = _cells(**row)
    cells[COLUMNS.index(column)] = value
    return cells


def _problems(data: bytes, **kwargs) -> list[Problem]:
    with pytest.raises(UploadRejected) as caught:
        parse_upload(data, MUNICIPALITIES, **kwargs)
    return caught.value.problems


def _only_problem(data: bytes, **kwargs) -> Problem:
    problems = _problems(data, **kwargs)
    assert len(problems) == 1, problems
    return problems[0]


# The template ----------------------------------------------------------------------------------


def test_the_template_is_utf8_with_bom_semicolons_and_crlf():
    data = template_csv(["Neuss", "Jüchen"], 2025, 3)

    assert data.startswith(codecs.BOM_UTF8)
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == ";".join(COLUMNS)
    assert lines[1] == "Neuss;2025;3" + ";" * (len(COLUMNS) - 3)
    assert lines[2].startswith("Jüchen;2025;3;;")
    assert lines[3] == ""
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_the_template_starts_with_the_unit_columns_and_then_follows_the_catalogue():
    assert COLUMNS[:3] == ("kommune", "jahr", "quartal")
    assert list(COLUMNS[3:]) == COUNT_COLUMNS
    assert COLUMNS[3:7] == ("offen", "neu", "abgeschlossen", "einbuergerungsberatung")
    assert set(COLUMNS[3:]) == set(catalogue.COLUMN_ITEMS)


def test_the_template_as_downloaded_is_refused_because_every_count_is_missing():
    problems = _problems(template_csv(["Kaarst"], 2025, 1))

    assert len(problems) == len(COUNT_COLUMNS)
    assert {problem.message for problem in problems} == {MISSING}
    assert [problem.column for problem in problems] == COUNT_COLUMNS
    assert {problem.line for problem in problems} == {2}


def test_the_template_filled_in_round_trips_through_the_parser():
    template = template_csv(list(MUNICIPALITIES), 2025, 2).decode("utf-8-sig")
    lines = template.split("\r\n")
    values = ";".join(str(_counts()[item]) for item in catalogue.ITEMS)
    filled = [lines[0]] + [line.rstrip(";") + ";" + values for line in lines[1:-1]]
    data = codecs.BOM_UTF8 + ("\r\n".join(filled) + "\r\n").encode("utf-8")

    rows = parse_upload(data, MUNICIPALITIES)

    assert [row.municipality_id for row in rows] == list(MUNICIPALITIES.values())
    assert rows[0] == Row(line=2, municipality_id=1, year=2025, quarter=2, counts=_counts())
    assert [row.line for row in rows] == list(range(2, 10))


def test_a_municipality_name_with_a_separator_is_quoted_in_the_template():
    data = template_csv(['Rhein-Kreis; "Neuss"'], 2025, 4)

    assert '"Rhein-Kreis; ""Neuss"""' in data.decode("utf-8-sig")


def test_the_column_help_describes_every_column_in_order():
    assert [column for column, _ in COLUMN_HELP] == list(COLUMNS)
    assert all(description for _, description in COLUMN_HELP)
    assert dict(COLUMN_HELP)["offen"] == "Offene Fälle am Quartalsende"
    assert "Jüchen" in dict(COLUMN_HELP)["kommune"]


# Encodings, separators, line ends ------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter", "newline"),
    [
        ("utf-8-sig", ";", "\r\n"),
        ("utf-8", ";", "\n"),
        ("utf-8", ",", "\r\n"),
        ("cp1252", ";", "\r\n"),
        ("cp1252", ",", "\n"),
        ("utf-8-sig", "\t", "\r\n"),
        ("utf-16", "\t", "\r\n"),  # Excel's "Unicode-Text": UTF-16 with BOM and tabs
    ],
)
def test_common_encodings_separators_and_line_ends_are_read(encoding, delimiter, newline):
    rows = [_cells("Jüchen"), _cells("Neuss", quarter="Q4")]
    data = _csv(rows, delimiter=delimiter, newline=newline, encoding=encoding)

    parsed = parse_upload(data, MUNICIPALITIES)

    assert [(row.municipality_id, row.quarter) for row in parsed] == [(7, 3), (1, 4)]
    assert parsed[0].counts == _counts()


def test_windows_1252_is_only_the_fallback_so_utf8_umlauts_stay_intact():
    data = _csv([_cells("Jüchen")], encoding="utf-8")

    assert b"J\xc3\xbcchen" in data
    assert parse_upload(data, MUNICIPALITIES)[0].municipality_id == 7


def test_a_bom_before_windows_1252_text_is_ignored():
    data = codecs.BOM_UTF8 + _csv([_cells("Jüchen")], encoding="cp1252")

    assert parse_upload(data, MUNICIPALITIES)[0].municipality_id == 7


def test_utf16_without_bom_is_refused_with_a_hint_to_save_as_csv_utf8():
    data = _csv([_cells()], encoding="utf-16-le")

    problem = _only_problem(data)

    assert problem == Problem(None, None, problem.message, {})
    assert "CSV UTF-8" in problem.message


@pytest.mark.parametrize(
    "data",
    [
        b"kommune;jahr\x00;quartal\r\n",
        b"\x81\x8d\x8f\x90\x9d",  # neither UTF-8 nor defined in Windows-1252
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # a lone surrogate
    ],
)
def test_bytes_that_are_not_text_are_refused(data):
    assert "CSV UTF-8" in _only_problem(data).message


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b"\r\n\r\n", b" ; ; \r\n"])
def test_an_empty_file_is_refused(data):
    assert _only_problem(data).message == "Die Datei ist leer."


def test_a_header_without_any_separator_is_refused():
    problem = _only_problem(b"kommune jahr quartal\r\nNeuss 2025 3\r\n")

    assert problem.line == 1
    assert "kein Trennzeichen" in problem.message


def test_a_file_larger_than_the_limit_is_refused_at_once():
    data = _csv([_cells()]) + b"x" * 3_000_000

    started = time.perf_counter()
    problem = _only_problem(data)
    elapsed = time.perf_counter() - started

    assert problem.params == {"kilobytes": 2000}
    assert "zu groß" in problem.message
    assert elapsed < 0.05


def test_the_size_limit_can_be_set_by_the_caller():
    data = _csv([_cells()])

    assert parse_upload(data, MUNICIPALITIES, max_bytes=len(data))
    with pytest.raises(UploadRejected):
        parse_upload(data, MUNICIPALITIES, max_bytes=len(data) - 1)


# The header -------------------------------------------------------------------------------------


def test_column_names_are_case_insensitive_trimmed_and_in_any_order():
    header = [f"  {column.upper()} " for column in reversed(COLUMNS)]
    cells = list(reversed(_cells("Meerbusch")))

    rows = parse_upload(_csv([cells], header=header), MUNICIPALITIES)

    assert rows[0].municipality_id == 4
    assert rows[0].counts == _counts()


def test_unknown_columns_are_named():
    header = [*COLUMNS, "Bemerkung", "x" * 200]
    rows = [[*_cells(), "", ""]]

    problem = _only_problem(_csv(rows, header=header))

    assert problem.line == 1
    assert problem.message == "Unbekannte Spalten: %(columns)s."
    bemerkung, long_name = problem.params["columns"].split(", ")
    assert bemerkung == "„Bemerkung“"
    assert len(long_name) == EXCERPT_LENGTH


def test_missing_columns_are_named():
    header = [column for column in COLUMNS if column not in {"jahr", "stufe_2"}]

    problem = _only_problem(_csv([], header=header))

    assert problem.message == "Es fehlen Spalten: %(columns)s."
    assert problem.params == {"columns": "jahr, stufe_2"}


def test_duplicate_and_unnamed_columns_are_named():
    header = [*COLUMNS, "OFFEN", ""]

    problems = _problems(_csv([], header=header))

    assert [(problem.message, problem.params) for problem in problems] == [
        ("Spalten ohne Überschrift (Nr. %(columns)s).", {"columns": str(len(COLUMNS) + 2)}),
        ("Spalten stehen mehrfach in der Kopfzeile: %(columns)s.", {"columns": "offen"}),
    ]


def test_a_header_without_data_rows_is_refused():
    assert _only_problem(_csv([])).message == "Die Datei enthält keine Datenzeilen."


# The rows ---------------------------------------------------------------------------------------


def test_a_municipality_is_matched_ignoring_case_and_whitespace():
    rows = [_cells("  JÜCHEN "), _cells(" rommerskirchen\u00a0")]

    parsed = parse_upload(_csv(rows), MUNICIPALITIES)

    assert [row.municipality_id for row in parsed] == [7, 8]


def test_a_municipality_written_with_a_combining_umlaut_is_recognised():
    assert parse_upload(_csv([_cells("Ju\u0308chen")]), MUNICIPALITIES)[0].municipality_id == 7


def test_a_municipality_with_inner_whitespace_runs_is_recognised():
    mapping = {"Sankt Augustin": 9}

    rows = parse_upload(_csv([_cells("sankt   augustin")]), mapping)

    assert rows[0].municipality_id == 9


def test_an_unknown_municipality_is_refused_without_listing_the_known_ones():
    problem = _only_problem(_csv([_cells("Düsseldorf")]))

    assert (problem.line, problem.column) == (2, "kommune")
    assert problem.params == {"value": "„Düsseldorf“"}
    assert "Neuss" not in problem.message % problem.params


def test_ambiguous_municipality_names_are_a_programming_error():
    with pytest.raises(ValueError, match="ambiguous"):
        parse_upload(_csv([_cells()]), {"Neuss": 1, "NEUSS": 2})


@pytest.mark.parametrize("year", ["1999", "2101", "25", "abc", "2025.0", "２０２５"])
def test_a_year_outside_2000_to_2100_is_refused(year):
    problem = _only_problem(_csv([_cells(year=year)]))

    assert (problem.line, problem.column) == (2, "jahr")
    assert problem.params["min"] == 2000 and problem.params["max"] == 2100


@pytest.mark.parametrize(("quarter", "expected"), [("3", 3), ("Q3", 3), ("q1", 1), (" 4 ", 4)])
def test_a_quarter_is_a_number_or_q_and_a_number(quarter, expected):
    assert parse_upload(_csv([_cells(quarter=quarter)]), MUNICIPALITIES)[0].quarter == expected


@pytest.mark.parametrize("quarter", ["0", "5", "Q5", "III", "3/2025", "Q 3"])
def test_other_quarters_are_refused(quarter):
    problem = _only_problem(_csv([_cells(quarter=quarter)]))

    assert (problem.line, problem.column) == (2, "quartal")


@pytest.mark.parametrize("column", ["kommune", "jahr", "quartal", "offen", "vermittlung_sonstige"])
def test_an_empty_cell_is_missing(column):
    problems = _problems(_csv([_cells(), _with_cell(column, "", municipality="Kaarst")]))

    assert (problems[0].line, problems[0].column, problems[0].message) == (3, column, MISSING)


def test_a_negative_count_is_refused_as_negative():
    problem = _only_problem(_csv([_with_cell("vermittlung_jobcenter", "-3")]))

    assert (problem.line, problem.column) == (2, "vermittlung_jobcenter")
    assert problem.message == "%(value)s ist negativ; erlaubt sind Zahlen ab 0."
    assert problem.params == {"value": "„-3“"}


@pytest.mark.parametrize(
    "value",
    ["1,5", "1.5", "abc", "=1+2", "+5", "@SUMME(A1)", "-", "--3", "1.000", "\t5", "\r5", "5e3",
     "٣", "0x10", "=HYPERLINK(\"http://x\")"],
)  # fmt: skip
def test_anything_but_digits_is_not_a_whole_number(value):
    problem = _only_problem(_csv([_with_cell("vermittlung_bamf", value)]))

    assert (problem.line, problem.column, problem.message) == (2, "vermittlung_bamf", NOT_WHOLE)
    assert problem.params["value"].startswith("„")


@pytest.mark.parametrize(("value", "expected"), [(" 7 ", 7), ("007", 7), ("1000000", 1_000_000)])
def test_padded_zero_led_and_maximal_counts_are_read(value, expected):
    rows = parse_upload(_csv([_with_cell("vermittlung_bamf", value)]), MUNICIPALITIES)

    assert rows[0].counts["referral.bamf"] == expected


@pytest.mark.parametrize("value", ["1000001", "9" * 5000])
def test_a_count_above_a_million_is_refused(value):
    problem = _only_problem(_csv([_with_cell("vermittlung_kommune", value)]))

    assert problem.column == "vermittlung_kommune"
    assert problem.message == "%(value)s ist zu groß (höchstens %(max)d)."
    assert problem.params["max"] == MAX_COUNT
    assert len(problem.params["value"]) <= EXCERPT_LENGTH


def test_a_breakdown_that_does_not_add_up_is_refused_at_its_first_column():
    counts = _counts() | {"stage.1": 1, "stage.2": 1, "stage.3": 1}

    problem = _only_problem(_csv([_cells(counts=counts)]))

    assert (problem.line, problem.column) == (2, "stufe_1")
    assert problem.message == catalogue.inconsistencies(counts)[0].message
    assert problem.params == {
        "dimension": "Zielgruppenstufe",
        "sum": 3,
        "measure": "Offene Fälle am Quartalsende",
        "total": 10,
    }


def test_a_need_above_the_open_cases_is_refused_at_its_column():
    counts = _counts() | {"need.housing": 11}

    problem = _only_problem(_csv([_cells("Kaarst"), _cells("Dormagen", counts=counts)]))

    assert (problem.line, problem.column) == (3, "bedarf_wohnen")
    assert problem.params == {"value": 11, "measure": "Offene Fälle am Quartalsende", "bound": 10}


def test_breakdowns_are_not_checked_while_a_count_is_unreadable():
    problem = _only_problem(_csv([_with_cell("offen", "zehn")]))

    assert problem.column == "offen"


def test_a_municipality_quarter_twice_in_the_file_names_the_first_line():
    rows = [_cells("Neuss"), _cells("Kaarst"), _cells("neuss", quarter="Q3"), _cells(quarter="4")]

    problem = _only_problem(_csv(rows))

    assert (problem.line, problem.column) == (4, "kommune")
    assert problem.params == {"municipality": "Neuss", "quarter": 3, "year": 2025, "first": 2}


def test_a_duplicate_is_found_even_when_a_count_of_either_row_is_wrong():
    rows = [
        _with_cell("neu", "-1", municipality="Kaarst"),
        _with_cell("neu", "x", municipality="Kaarst"),
    ]

    problems = _problems(_csv(rows))

    assert [(problem.line, problem.column) for problem in problems] == [
        (2, "neu"),
        (3, "kommune"),
        (3, "neu"),
    ]
    assert problems[1].params["first"] == 2


def test_a_row_with_the_wrong_number_of_fields_is_refused():
    rows = [_cells(), [*_cells("Kaarst"), ""], _cells("Dormagen")[:-2]]

    problems = _problems(_csv(rows))

    assert [(problem.line, problem.column, problem.params) for problem in problems] == [
        (3, None, {"found": len(COLUMNS) + 1, "expected": len(COLUMNS)}),
        (4, None, {"found": len(COLUMNS) - 2, "expected": len(COLUMNS)}),
    ]


def test_a_row_with_an_open_quote_is_refused_at_its_line():
    data = _csv([_cells()]) + b'"Kaarst;2025;3\r\n'

    problem = _only_problem(data)

    assert (problem.line, problem.column) == (3, None)
    assert "Anführungszeichen" in problem.message


def test_one_bad_row_refuses_the_whole_file():
    rows = [_cells(name) for name in MUNICIPALITIES]
    rows[5] = _with_cell("neu", "x", municipality="Korschenbroich")

    problems = _problems(_csv(rows))

    assert [(problem.line, problem.column) for problem in problems] == [(7, "neu")]


def test_every_problem_of_the_file_is_reported_in_file_order():
    rows = [
        _with_cell("jahr", "1990", municipality="Neuss"),
        _cells("Kaarst"),
        _with_cell("quartal", "7", municipality="Dormagen"),
    ]
    rows[2][COLUMNS.index("neu")] = "-1"

    problems = _problems(_csv(rows))

    assert [(problem.line, problem.column) for problem in problems] == [
        (2, "jahr"),
        (4, "quartal"),
        (4, "neu"),
    ]


def test_line_numbers_count_blank_lines_and_multi_line_cells():
    data = _csv([_cells(), [], _cells("Rhein-Kreis\nNeuss"), _with_cell("neu", "?", quarter="1")])

    problems = _problems(data)

    assert [(problem.line, problem.column) for problem in problems] == [(4, "kommune"), (6, "neu")]


def test_more_problems_than_the_cap_end_in_a_count_of_the_rest():
    rows = [
        _with_cell("neu", "x", quarter=str(1 + n % 4), year=str(2000 + n // 4)) for n in range(300)
    ]

    problems = _problems(_csv(rows))

    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == Problem(None, None, "… und %(count)d weitere Fehler.", {"count": 100})
    assert problems[MAX_PROBLEMS - 1].line == MAX_PROBLEMS + 1


def test_more_rows_than_allowed_are_refused():
    rows = [_cells(quarter=str(1 + n % 4), year=str(2000 + n // 4)) for n in range(11)]

    problem = _only_problem(_csv(rows, newline="\n") + b"\n", max_rows=10)

    assert (problem.line, problem.params) == (12, {"limit": 10})


def test_a_file_at_the_row_limit_is_read():
    rows = [_cells(quarter=str(1 + n % 4), year=str(2000 + n // 4)) for n in range(10)]

    assert len(parse_upload(_csv(rows), MUNICIPALITIES, max_rows=10)) == 10


# Hostile cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert('KIM')</script>" * 20,
        "\u202eSELBAT\u202c 12",
        "مرحبا بالعالم " * 10,
        "<img src=x onerror=alert(1)>",
    ],
)
def test_markup_and_right_to_left_text_are_not_counts_and_are_echoed_only_in_short(value):
    problem = _only_problem(_csv([_with_cell("vermittlung_jmd", value)]))

    excerpt = problem.params["value"]
    assert problem.message == NOT_WHOLE
    assert len(excerpt) <= EXCERPT_LENGTH
    assert excerpt.startswith("„") and excerpt.endswith("“")
    assert "\u202e" not in excerpt and "\u202c" not in excerpt


def test_a_long_unknown_municipality_is_echoed_only_in_short():
    problem = _only_problem(_csv([_cells("Neuss " + "<b>" * 100)]))

    assert len(problem.params["value"]) <= EXCERPT_LENGTH
    assert problem.params["value"].endswith("…“")


# Fuzzing ----------------------------------------------------------------------------------------

VALID = _csv([_cells("Neuss"), _cells("Kaarst", quarter="Q2"), _cells("Jüchen", year="2024")])


def _assert_valid(rows: list[Row]) -> None:
    """What an accepted file guarantees, whatever it looked like."""
    keys = [(row.municipality_id, row.year, row.quarter) for row in rows]
    assert len(set(keys)) == len(keys)
    for row in rows:
        assert row.municipality_id in MUNICIPALITIES.values()
        assert 2000 <= row.year <= 2100 and 1 <= row.quarter <= 4
        assert list(row.counts) == list(catalogue.ITEMS)
        assert all(0 <= count <= MAX_COUNT for count in row.counts.values())
        assert catalogue.inconsistencies(row.counts) == []


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_are_refused_and_nothing_else_is_raised(data):
    with pytest.raises(UploadRejected) as caught:
        parse_upload(data, MUNICIPALITIES)

    assert 1 <= len(caught.value.problems) <= MAX_PROBLEMS + 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(VALID)), st.binary(max_size=4)),
        min_size=1,
        max_size=4,
    ),
    st.integers(min_value=0, max_value=3),
)
def test_mutated_bytes_are_refused_or_yield_only_valid_rows(edits, cut):
    data = bytearray(VALID)
    for position, replacement in edits:
        data[position : position + cut] = replacement

    try:
        rows = parse_upload(bytes(data), MUNICIPALITIES)
    except UploadRejected as rejected:
        assert rejected.problems
    else:
        _assert_valid(rows)


CELL_TEXT = st.one_of(
    st.integers(min_value=-5, max_value=MAX_COUNT + 5).map(str),
    st.text(alphabet=' ;,"\r\n\t=+-@.0123456789aü<>\u202e\u00a0', max_size=8),
    st.text(max_size=8),
)


def _valid_count(text: str) -> bool:
    """The rule written apart from the parser: digits, maybe padded with spaces."""
    value = text.strip(" \u00a0")
    return value.isascii() and value.isdigit() and int(value) <= MAX_COUNT


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(COUNT_COLUMNS), CELL_TEXT)
def test_a_changed_cell_is_accepted_exactly_when_it_is_a_valid_consistent_count(column, text):
    rows = [_cells("Neuss"), _with_cell(column, text, municipality="Dormagen")]
    counts = _counts()
    expected_valid = _valid_count(text)
    if expected_valid:
        counts[catalogue.COLUMN_ITEMS[column]] = int(text.strip(" \u00a0"))
        expected_valid = not catalogue.inconsistencies(counts)

    try:
        parsed = parse_upload(_csv(rows), MUNICIPALITIES)
    except UploadRejected as rejected:
        assert not expected_valid
        if "\x00" in text:
            assert "CSV UTF-8" in rejected.problems[0].message
            return
        assert {(problem.line, problem.column) for problem in rejected.problems} <= {
            (3, column),
            *((3, catalogue.ITEM_COLUMNS[item]) for item in catalogue.ITEMS),
        }
    else:
        assert expected_valid
        assert parsed[1].counts == counts
