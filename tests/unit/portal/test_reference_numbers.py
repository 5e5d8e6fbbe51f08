"""Reference numbers: prefix, year and running number, written and read back the same way."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.reference_numbers import (
    DECISION_WIDTH,
    MAX_NUMBER,
    PROPOSAL_WIDTH,
    InvalidReference,
    Reference,
    format_reference,
    next_number,
    parse_reference,
    suggest_prefix,
    valid_prefix,
)

SHAPE = (
    "Die Nummer muss die Form „LG 2026/07“ haben: Kürzel, Leerzeichen, Jahr, Schrägstrich, "
    "laufende Nummer."
)
BAD_PREFIX = (
    "Das Kürzel muss mit einem Großbuchstaben beginnen und darf nur Großbuchstaben, Ziffern "
    "und einzelne Bindestriche enthalten (höchstens 12 Zeichen)."
)
BAD_YEAR = "Das Jahr muss vierstellig sein (z. B. 2026)."
BAD_NUMBER = "Die laufende Nummer muss zwischen 1 und 999999 liegen."

prefixes = st.from_regex(r"\A[A-Z][A-Z0-9]{0,3}(?:-[A-Z0-9]{1,3}){0,2}\Z")
years = st.integers(1000, 9999)
numbers = st.integers(1, MAX_NUMBER)
widths = st.integers(1, 6)
#: Texts close to a reference, so that some of them are one.
NEAR_REFERENCE = r"\A\s?[A-Z0-9-]{1,13} [0-9]{4}/[0-9]{1,7}\s?\Z"


# --- Writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "year", "number", "width", "text"),
    [
        ("AG-V", 2026, 4, PROPOSAL_WIDTH, "AG-V 2026/004"),
        ("AG-F", 2026, 12, PROPOSAL_WIDTH, "AG-F 2026/012"),
        ("AG-F", 2026, 1000, PROPOSAL_WIDTH, "AG-F 2026/1000"),
        ("LG", 2026, 7, DECISION_WIDTH, "LG 2026/07"),
        ("LG", 2026, 123, DECISION_WIDTH, "LG 2026/123"),
    ],
)
def test_a_reference_is_prefix_year_and_a_zero_padded_number(prefix, year, number, width, text):
    assert format_reference(prefix, year, number, width) == text


def test_proposals_get_three_digits_unless_told_otherwise():
    assert format_reference("AG-V", 2026, 4) == "AG-V 2026/004"


@pytest.mark.parametrize(
    ("prefix", "year", "number", "message"),
    [
        ("lg", 2026, 1, BAD_PREFIX),
        ("", 2026, 1, BAD_PREFIX),
        ("LG", 26, 1, BAD_YEAR),
        ("LG", 20260, 1, BAD_YEAR),
        ("LG", 2026, 0, BAD_NUMBER),
        ("LG", 2026, MAX_NUMBER + 1, BAD_NUMBER),
    ],
)
def test_a_reference_is_not_written_from_invalid_parts(prefix, year, number, message):
    with pytest.raises(InvalidReference) as refused:
        format_reference(prefix, year, number)
    assert str(refused.value) == message


@pytest.mark.parametrize("width", [0, 7])
def test_the_width_is_between_one_and_six_digits(width):
    with pytest.raises(ValueError):
        format_reference("LG", 2026, 1, width)


# --- Reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("AG-V 2026/004", Reference("AG-V", 2026, 4)),
        ("LG 2026/07", Reference("LG", 2026, 7)),
        ("LG 2026/123", Reference("LG", 2026, 123)),
        ("LG 2026/7", Reference("LG", 2026, 7)),
        ("  LG 2026/07\n", Reference("LG", 2026, 7)),
        ("\t\u00a0AG-F 2026/001 ", Reference("AG-F", 2026, 1)),
    ],
)
def test_a_reference_is_read_with_whitespace_around_it_ignored(text, reference):
    assert parse_reference(text) == reference


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Bitte geben Sie eine Nummer an."),
        ("  \n ", "Bitte geben Sie eine Nummer an."),
        (None, "Bitte geben Sie eine Nummer an."),
        ("LG 2026/07" * 3, "Die Nummer ist zu lang (höchstens 24 Zeichen)."),
        ("<script>alert(1)</script>", "Die Nummer ist zu lang (höchstens 24 Zeichen)."),
        ("<script>LG 2026/07", SHAPE),
        ("LG 2026/07<b>", SHAPE),
        ("lg 2026/07", SHAPE),
        ("LG  2026/07", SHAPE),
        ("LG\u00a02026/07", SHAPE),
        ("LG\n2026/07", SHAPE),
        ("LG 26/07", SHAPE),
        ("LG 2026-07", SHAPE),
        ("LG 2026/", SHAPE),
        ("LG 2026/1234567", SHAPE),
        ("ÄG 2026/01", SHAPE),
        ("LG ٢٠٢٦/07", SHAPE),
        ("LG 2026/０７", SHAPE),
        ("1AG 2026/01", BAD_PREFIX),
        ("AG- 2026/01", BAD_PREFIX),
        ("AG--V 2026/01", BAD_PREFIX),
        ("ABCDEFGHIJKLM 2026/01", BAD_PREFIX),
        ("LG 0999/01", BAD_YEAR),
        ("LG 2026/00", BAD_NUMBER),
    ],
)
def test_anything_else_is_refused_with_a_german_message(text, message):
    with pytest.raises(InvalidReference) as refused:
        parse_reference(text)
    assert str(refused.value) == message
    assert isinstance(refused.value, ValueError)


def test_references_sort_by_prefix_year_and_number():
    texts = ["LG 2026/10", "AG-V 2026/002", "LG 2025/30", "LG 2026/09"]
    ordered = sorted(parse_reference(text) for text in texts)
    assert [format_reference(r.prefix, r.year, r.number, 2) for r in ordered] == [
        "AG-V 2026/02",
        "LG 2025/30",
        "LG 2026/09",
        "LG 2026/10",
    ]


@settings(max_examples=300, deadline=None)
@given(prefixes, years, numbers, widths, st.sampled_from(["", " ", "\t", "\n "]))
def test_a_written_reference_reads_back_as_its_parts(prefix, year, number, width, padding):
    text = format_reference(prefix, year, number, width)
    assert parse_reference(padding + text + padding) == Reference(prefix, year, number)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.from_regex(NEAR_REFERENCE)))
def test_any_text_either_reads_as_a_reference_that_writes_back_or_is_refused(text):
    try:
        reference = parse_reference(text)
    except InvalidReference:
        return
    number_text = text.strip().rsplit("/", 1)[1]
    written = format_reference(reference.prefix, reference.year, reference.number, len(number_text))
    assert written == text.strip()


# --- Running numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "expected"),
    [([], 1), ([1, 2, 3], 4), ([3, 1, 2], 4), ([1, 5], 6)],
)
def test_the_next_number_follows_the_highest_and_never_fills_a_gap(existing, expected):
    assert next_number(existing) == expected


def test_the_next_number_reads_any_iterable_once():
    assert next_number(n for n in (4, 9, 2)) == 10


# --- Prefixes --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["LG", "AG-V", "AG-F", "A", "AG-V2", "UAG-1-B", "ABCDEFGHIJKL"])
def test_a_prefix_is_upper_case_letters_digits_and_inner_hyphens(prefix):
    assert valid_prefix(prefix)


@pytest.mark.parametrize(
    "prefix",
    ["", "ag", "Ag-V", "AG-", "-AG", "AG--V", "1AG", "ÄG", "AG V", "AG_V", "ABCDEFGHIJKLM", None],
)
def test_anything_else_is_not_a_prefix(prefix):
    assert not valid_prefix(prefix)


@pytest.mark.parametrize(
    ("name", "kind", "prefix"),
    [
        ("Lenkungsgruppe KIM Rhein-Kreis Neuss", "steering", "LG"),
        ("Lenkungsgruppe KIM", "steering", "LG"),
        ("Steuerungsgruppe Integration", "steering", "SG"),
        ("Integrationsrat", "steering", "LG"),
        ("AG Verfahrensebene", "working_group", "AG-V"),
        ("AG Fallebene", "working_group", "AG-F"),
        ("Arbeitsgruppe Verfahrensebene", "working_group", "AG-V"),
        ("Arbeitsgruppe für Fallebene", "working_group", "AG-F"),
        ("Arbeitskreis Übergang Schule–Beruf", "working_group", "AK-U"),
        ("Unterarbeitsgruppe „Sprache“", "working_group", "UAG-S"),
        ("Verfahrens-AG", "working_group", "AG-V"),
        ("Fallebene", "working_group", "AG-F"),
        ("AG Éducation", "working_group", "AG-E"),
        ("AG 2", "working_group", "AG-2"),
        ("Arbeitsgruppe", "working_group", "AG"),
        ("", "working_group", "AG"),
        ("", "steering", "LG"),
    ],
)
def test_a_prefix_is_suggested_from_the_bodys_name(name, kind, prefix):
    assert suggest_prefix(name, kind) == prefix


@pytest.mark.parametrize(
    ("name", "kind", "taken", "prefix"),
    [
        ("AG Familie", "working_group", {"AG-F"}, "AG-FA"),
        ("AG Familie", "working_group", {"ag-f", "AG-FA"}, "AG-FAM"),
        ("AG Fa", "working_group", {"AG-F", "AG-FA"}, "AG-F2"),
        ("AG Fa", "working_group", {"AG-F", "AG-FA", "AG-F2"}, "AG-F3"),
        ("Lenkungsgruppe", "steering", {"LG"}, "LG2"),
    ],
)
def test_a_suggestion_avoids_prefixes_already_taken(name, kind, taken, prefix):
    assert suggest_prefix(name, kind, taken=taken) == prefix


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60),
    st.sampled_from(["steering", "working_group"]),
    st.sets(st.sampled_from(["LG", "AG", "AG-A", "AG-V", "AG-F", "LG2", "AG-V2"])),
)
def test_a_suggestion_is_always_a_valid_free_prefix(name, kind, taken):
    prefix = suggest_prefix(name, kind, taken=taken)
    assert valid_prefix(prefix)
    assert prefix not in taken


def test_an_unknown_kind_of_body_is_a_programming_error():
    with pytest.raises(ValueError):
        suggest_prefix("Beirat", "advisory")
