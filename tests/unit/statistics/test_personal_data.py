"""Personal-data warnings: birth dates of persons, file numbers, phones and mail; not meetings."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.statistics.personal_data import (
    BIRTH_DATE,
    EMAIL,
    EXCERPT_LENGTH,
    FILE_NUMBER,
    KIND_LABELS,
    PHONE,
    Finding,
    findings,
)


def _kinds(text: str) -> list[str]:
    return [finding.kind for finding in findings(text)]


# What an observation about structures looks like: none of it may warn.
CLEAN_OBSERVATIONS = [
    "Sitzung am 03.04.2025 mit dem Jobcenter Neuss: Die Wartezeiten für Erstgespräche sind "
    "auf sechs Wochen gestiegen.",
    "Seit 01.01.2024 gibt es bei der Ausländerbehörde eine feste Ansprechperson für "
    "Beschäftigungsduldungen nach § 60d AufenthG.",
    "Die Duldung nach § 60a AufenthG wird oft nur für drei Monate verlängert; "
    "§ 25b Abs. 1 AufenthG wird kaum geprüft.",
    "Im Q3 2024 gab es 120 offene Fälle, im Q4/2024 nur 95 (Stand 30.09.2025).",
    "Lenkungsgruppe 03.04.2025: Die Integrationskurse in Grevenbroich sind bis 31.12.2025 belegt.",
    "Rhein-Kreis Neuss, 03.04.2025",
    "Integrationsrat Neuss 12.06.2025 – Bericht zur Lage in Rommerskirchen.",
    "Am 15.05.2025 tagte die Arbeitsgruppe Wohnen; nächste Sitzung 10.07.2025.",
    "Zwischen 01.01. und 31.03.2025 wurden 45 Fälle abgeschlossen, 2024 waren es 38.",
    "Der Bescheid vom 15.02.2024 kam erst nach 14 Wochen. Im Jahr 1999 war das noch anders.",
    "Frau Müller vom Jobcenter, 03.04.2025, hat eine Sprechstunde in Jüchen zugesagt.",
    "Gespräch mit Frau Schmidt am 12.03.2025 über die Anerkennung ausländischer Abschlüsse.",
    "Telefonat 03.04.2025 mit Herrn Weber zur Kita-Platzvergabe.",
    "Die Kommune 41460 Neuss meldet 0 neue Fälle; 0,5 VZÄ sind unbesetzt.",
    "Der Kreistag hat am 24.06.2025 beschlossen, 6,0 Stellen zu finanzieren (Drucksache 123/2025).",
    "Aktenzeichen werden bei uns nicht erfasst; die Kundennummer bleibt beim Jobcenter.",
    "Die Beratung erfolgt in Arabisch (العربية), Farsi und Türkçe 🙂 – sehr gut angenommen.",
]


@pytest.mark.parametrize("text", CLEAN_OBSERVATIONS)
def test_observations_about_structures_do_not_warn(text):
    assert findings(text) == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        (
            "Herr Karimi (03.04.1999) wartet seit Monaten auf einen Termin.",
            "Herr Karimi (03.04.1999",
        ),
        ("Ahmad Karimi, 03.04.1999, wohnt in Kaarst.", "Ahmad Karimi, 03.04.1999"),
        ("Betrifft: Karimi, Ahmad, 3.4.99", "Karimi, Ahmad, 3.4.99"),
        ("Frau Özdemir, 12. März 1987, hat keinen Kurs.", "Frau Özdemir, 12. März 1987"),
        ("Die Klientin Ayşe Yılmaz 01.02.2001 braucht Hilfe.", "Ayşe Yılmaz 01.02.2001"),
        ("Ahmad K. 03.04.1999", "Ahmad K. 03.04.1999"),
        ("Klient geb. 1999 aus Syrien, seit 2023 in Dormagen.", "geb. 1999"),
        ("Die Klientin (geb. am 03.04.1999) wartet.", "geb. am 03.04.1999"),
        ("Geburtsdatum: 14.11.1990", "Geburtsdatum: 14.11.1990"),
        ("Klientin * 1.2.2001 in Aleppo", "* 1.2.2001"),
        ("Ahmad K. (*1999) ist neu in Meerbusch.", "(*1999"),
        ("Frau K. ist am 03.04.1999 geboren.", "03.04.1999 geboren"),
        ("geboren im Jahr 2001 in Kabul", "geboren im Jahr 2001"),
        ("03.04.1999 Frau Haddad", "03.04.1999 Frau Haddad"),
    ],
)
def test_a_date_next_to_a_name_or_marked_as_birth_is_a_birth_date(text, excerpt):
    assert findings(text) == [Finding(BIRTH_DATE, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Az. 123/45 der Ausländerbehörde", "Az. 123/45"),
        ("Laut AZ: 5-123-2024 ist alles erledigt.", "AZ: 5-123-2024"),
        ("BAMF-Aktenzeichen 1234567-423 liegt vor.", "Aktenzeichen 1234567-423"),
        ("Das BAMF hat 1234567-423 abgelehnt.", "1234567-423"),
        ("Kundennummer 123A456789 beim Jobcenter", "Kundennummer 123A456789"),
        ("Die Agentur nennt 123A456789 als Kunden.", "123A456789"),
        ("Kunden-Nr.: 987B654321", "Kunden-Nr.: 987B654321"),
        ("Vorgangsnummer 2024-00123 offen", "Vorgangsnummer 2024-00123"),
        ("BG-Nummer 12345BG0012345", "BG-Nummer 12345BG0012345"),
        ("aktenzeichen (Sozialamt): 50.2-17/24", "aktenzeichen (Sozialamt): 50.2-17/24"),
    ],
)
def test_file_and_customer_numbers_are_found(text, excerpt):
    assert findings(text) == [Finding(FILE_NUMBER, excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "§ 60a AufenthG",
        "Az. siehe Anlage",
        "die Azubis im 2. Lehrjahr",
        "Q3/2024: 120/45 Fälle",
        "Drucksache 123/2025",
        "5-123-2024",
    ],
)
def test_paragraphs_quarters_and_numbers_without_a_keyword_are_no_file_numbers(text):
    assert FILE_NUMBER not in _kinds(text)


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Rückruf unter 0211 123456 erbeten", "0211 123456"),
        ("Tel. 02131/12345-67", "02131/12345-67"),
        ("mobil +49 151 12345678", "+49 151 12345678"),
        ("+49 (0) 2131 123-456", "+49 (0) 2131 123-456"),
        ("0049 2131 123456", "0049 2131 123456"),
        ("Handy: 0151-12345678.", "0151-12345678"),
        ("(0211) 8765432", "(0211) 8765432"),
    ],
)
def test_german_phone_numbers_are_found(text, excerpt):
    assert findings(text) == [Finding(PHONE, excerpt)]


@pytest.mark.parametrize(
    "text", ["01.01.2024", "03/2024", "0,5 Stellen", "2024 0 Fälle", "0211 1 2", "41460 Neuss"]
)
def test_dates_shares_and_postcodes_are_no_phone_numbers(text):
    assert PHONE not in _kinds(text)


def test_two_numbers_in_a_row_are_two_findings():
    found = findings("0211 123456 0151 2345678")

    assert found == [Finding(PHONE, "0211 123456"), Finding(PHONE, "0151 2345678")]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Mail an ahmad.karimi@example.de bitte", "ahmad.karimi@example.de"),
        ("<a.k+kim@beratung-neuss.de>", "a.k+kim@beratung-neuss.de"),
        ("jürgen@müller.de", "jürgen@müller.de"),
    ],
)
def test_email_addresses_are_found(text, excerpt):
    assert findings(text) == [Finding(EMAIL, excerpt)]


def test_an_at_sign_without_a_domain_is_no_email():
    assert findings("Treffen @ Rathaus, Team@Neuss") == []


def test_findings_come_in_text_order_with_each_spot_once():
    text = (
        "Herr Karimi (03.04.1999), Az. 123/45, Tel. 0211 123456, karimi@example.de; "
        "nochmal: Az. 123/45"
    )

    assert findings(text) == [
        Finding(BIRTH_DATE, "Herr Karimi (03.04.1999"),
        Finding(FILE_NUMBER, "Az. 123/45"),
        Finding(PHONE, "0211 123456"),
        Finding(EMAIL, "karimi@example.de"),
    ]


def test_a_file_number_that_looks_like_a_phone_number_counts_as_a_file_number():
    assert findings("Az. 0211-1234567") == [Finding(FILE_NUMBER, "Az. 0211-1234567")]


def test_a_date_inside_a_file_number_is_no_birth_date():
    assert _kinds("Aktenzeichen 03.04.1999-12") == [FILE_NUMBER]


def test_excerpts_are_short_and_on_one_line():
    text = "Geburtsdatum:\n\n    03.04.1999"

    (finding,) = findings(text)

    assert finding == Finding(BIRTH_DATE, "Geburtsdatum: 03.04.1999")
    long = findings("Az. " + "1" * 200)[0].excerpt
    assert len(long) == EXCERPT_LENGTH and long.endswith("…")


def test_every_kind_has_a_german_label():
    assert KIND_LABELS == {
        BIRTH_DATE: "Geburtsdatum",
        FILE_NUMBER: "Aktenzeichen oder Kundennummer",
        PHONE: "Telefonnummer",
        EMAIL: "E-Mail-Adresse",
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "🙂" * 500,
        "\u202eHerr Karimi 03.04.1999\u202c",
        "مرحبا 0211 123456 שלום",
        "Ω≈ç√∫˜µ≤≥÷ 😀 ß ẞ",
        "\x00\x01\ufeff\u200b",
    ],
)
def test_emoji_right_to_left_and_control_characters_do_not_crash(text):
    assert all(finding.kind in KIND_LABELS for finding in findings(text))


def test_right_to_left_text_around_a_phone_number_still_warns():
    assert _kinds("مرحبا 0211 123456 שלום") == [PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "0" + "1" * 100_000,
        "0211 " + "12 " * 30_000,
        "a." * 50_000 + "@",
        "Ahmad Karimi " * 8_000 + "03.04.1999",
        "Az. " * 25_000,
        "1." * 50_000,
        "".join(f"Tel. 0211 {100_000 + n}, " for n in range(5_000)),
    ],
)
def test_long_hostile_input_is_handled_quickly(text):
    started = time.perf_counter()
    findings(text)

    assert time.perf_counter() - started < 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_known_kinds_and_short_excerpts_from_the_text(text):
    collapsed = " ".join(text.split())

    for finding in findings(text):
        assert finding.kind in KIND_LABELS
        assert len(finding.excerpt) <= EXCERPT_LENGTH
        assert finding.excerpt.rstrip("…") in collapsed


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(CLEAN_OBSERVATIONS), min_size=1, max_size=4),
    st.sampled_from(["Ahmad Karimi, 03.04.1999", "Az. 123/45", "0211 123456", "a@example.de"]),
)
def test_personal_data_is_found_wherever_it_stands_in_a_clean_text(parts, personal):
    # One note per line: joined by spaces, "…, 03.04.2025" and "Frau Müller …" would make a
    # new, genuinely suspicious phrase ("03.04.2025 Frau Müller") that no note contains.
    for position in range(len(parts) + 1):
        text = "\n".join([*parts[:position], personal, *parts[position:]])

        assert len(findings(text)) == 1


def test_a_date_ending_one_line_is_not_read_with_a_name_starting_the_next():
    assert findings("Rhein-Kreis Neuss, 03.04.2025\nFrau Müller vom Jobcenter hat zugesagt.") == []
    assert [f.kind for f in findings("Rhein-Kreis Neuss, 03.04.2025 Frau Müller")] == ["birth_date"]
