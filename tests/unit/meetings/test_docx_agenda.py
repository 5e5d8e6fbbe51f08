"""The invitation letter: facts, agenda table, non-public part, notice statement, odd text."""

import io
import zipfile
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from meetings.docx_agenda import build_agenda_docx
from meetings.docx_data import AgendaLetter, LetterItem

SENDER = "Koordinierende Stelle Kommunales Integrationsmanagement"
# Tuesday 24 November 2026, 14:00 to 16:00 in Berlin (winter time, UTC+1).
STARTS = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
ENDS = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
ITEMS = (
    LetterItem(number="1", title="Begrüßung", kind="information", duration_minutes=5),
    LetterItem(
        number="2",
        title="Bericht aus dem Case-Management",
        description="Zahlen des **dritten** Quartals",
        presenter="Frau Yilmaz",
        kind="discussion",
        duration_minutes=30,
    ),
    LetterItem(number="3", title="Handlungskonzept", kind="decision", duration_minutes=45),
    LetterItem(number="3.1", title="Fortschreibung Kapitel 4", kind="decision"),
    LetterItem(number="4", title="Verschiedenes", is_supplement=True),
    LetterItem(number="5", title="Personalangelegenheit der KI", is_public=False),
)
LETTER = AgendaLetter(
    operator_name="Rhein-Kreis Neuss",
    body_name="Lenkungsgruppe KIM",
    meeting_title="Herbstsitzung 2026",
    starts_at=STARTS,
    ends_at=ENDS,
    location="Kreishaus Neuss, Sitzungssaal",
    items=ITEMS,
    notice_days=6,
    signatory="Dr. Anna Schmitz",
    created_at=datetime(2026, 11, 10, 8, 30, tzinfo=UTC),
)


def _build(**changes):
    return Document(io.BytesIO(build_agenda_docx(replace(LETTER, **changes))))


def _paragraphs(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def _facts(document) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}


def _agenda_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def _all_text(document) -> str:
    parts = _paragraphs(document)
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    section = document.sections[0]
    parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def test_the_letter_names_sender_body_meeting_date_time_and_place():
    document = _build()
    paragraphs = _paragraphs(document)
    assert paragraphs[:3] == ["Rhein-Kreis Neuss", SENDER, "Datum: 10.11.2026"]
    assert "Einladung" in paragraphs and "Herbstsitzung 2026" in paragraphs
    assert _facts(document) == {
        "Gremium:": "Lenkungsgruppe KIM",
        "Datum:": "Dienstag, 24.11.2026",
        "Zeit:": "14:00 Uhr bis 16:00 Uhr",
        "Ort:": "Kreishaus Neuss, Sitzungssaal",
    }
    assert "Sehr geehrte Damen und Herren," in paragraphs
    assert (
        "hiermit lade ich Sie zur Sitzung „Herbstsitzung 2026“ des Gremiums „Lenkungsgruppe KIM“ "
        "am Dienstag, 24.11.2026, um 14:00 Uhr ein."
    ) in paragraphs
    closing = ["Mit freundlichen Grüßen", "", "Dr. Anna Schmitz", SENDER, "Rhein-Kreis Neuss"]
    assert paragraphs[-5:] == closing


def test_without_a_signatory_the_secretariat_signs():
    assert _paragraphs(_build(signatory=""))[-3:] == [
        "Mit freundlichen Grüßen",
        SENDER,
        "Rhein-Kreis Neuss",
    ]


@pytest.mark.parametrize(
    ("starts_at", "day"),
    [
        # 10:00 on the Sunday summer time begins (UTC+2 from 02:00) and on the one it ends (UTC+1).
        (datetime(2026, 3, 29, 8, 0, tzinfo=UTC), "Sonntag, 29.03.2026"),
        (datetime(2026, 10, 25, 9, 0, tzinfo=UTC), "Sonntag, 25.10.2026"),
    ],
)
def test_times_are_shown_in_berlin_across_the_clock_changes(starts_at, day):
    document = _build(starts_at=starts_at, ends_at=starts_at.replace(hour=starts_at.hour + 2))
    facts = _facts(document)
    assert facts["Datum:"] == day
    assert facts["Zeit:"] == "10:00 Uhr bis 12:00 Uhr"
    assert any(f"am {day}, um 10:00 Uhr ein." in text for text in _paragraphs(document))


def test_the_date_is_the_berlin_day_even_when_utc_is_still_on_the_day_before():
    # 00:30 on Wednesday 25 November in Berlin is 23:30 on Tuesday in UTC.
    starts_at = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    document = _build(starts_at=starts_at, ends_at=starts_at.replace(day=25, hour=1))
    facts = _facts(document)
    assert (facts["Datum:"], facts["Zeit:"]) == ("Mittwoch, 25.11.2026", "00:30 Uhr bis 02:30 Uhr")


def test_a_meeting_past_midnight_shows_the_end_date():
    document = _build(ends_at=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    assert _facts(document)["Zeit:"] == "14:00 Uhr bis 25.11.2026, 00:30 Uhr"


def test_an_online_meeting_shows_the_link_and_a_missing_place_is_announced_later():
    online = _facts(_build(location="", online_url="https://meet.example/kim"))
    assert online.get("Online:") == "https://meet.example/kim" and "Ort:" not in online
    assert _facts(_build(location=""))["Ort:"] == "wird noch bekannt gegeben"
    both = _facts(_build(online_url="https://meet.example/kim"))
    assert both["Ort:"] == "Kreishaus Neuss, Sitzungssaal"
    assert both["Online:"] == "https://meet.example/kim"


def test_the_agenda_table_lists_number_subject_kind_and_duration():
    document = _build()
    public_table = document.tables[1]
    header = [cell.text for cell in public_table.rows[0].cells]
    assert header == ["TOP", "Gegenstand", "Art", "Dauer"]
    rows = _agenda_rows(public_table)
    assert [row[0] for row in rows] == ["1", "2", "3", "3.1", "4"]
    assert rows[0] == ["1", "Begrüßung", "Information", "5 Min."]
    assert rows[1] == [
        "2",
        "Bericht aus dem Case-Management\nZahlen des dritten Quartals\n"
        "Berichterstattung: Frau Yilmaz",
        "Beratung",
        "30 Min.",
    ]
    assert rows[3] == ["3.1", "Fortschreibung Kapitel 4", "Beschluss", ""]


def test_the_title_is_bold_and_markdown_in_the_description_becomes_formatting():
    subject = _build().tables[1].rows[2].cells[1]
    assert subject.paragraphs[0].runs[0].bold is True
    bold = [run.text for run in subject.paragraphs[1].runs if run.bold]
    assert bold == ["dritten"]


def test_items_added_after_the_invitation_are_marked_as_supplement():
    rows = _agenda_rows(_build().tables[1])
    assert rows[4][1] == "Verschiedenes (Nachtrag)"
    assert "Nachtrag" not in rows[0][1]


def test_the_header_row_repeats_on_every_page():
    header_row = _build().tables[1].rows[0]
    assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert _build().tables[1].rows[1]._tr.trPr is None


def test_non_public_items_stand_apart_under_their_own_heading():
    document = _build()
    paragraphs = _paragraphs(document)
    public_at = paragraphs.index("Öffentlicher Teil")
    non_public_at = paragraphs.index("Nichtöffentlicher Teil")
    assert public_at < non_public_at
    assert document.paragraphs[non_public_at].style.name == "Heading 3"
    assert _agenda_rows(document.tables[2]) == [
        ["5", "Personalangelegenheit der KI (nichtöffentlich)", "Information", ""]
    ]
    assert all("Personal" not in row[1] for row in _agenda_rows(document.tables[1]))


def test_the_public_version_leaves_non_public_items_out_entirely():
    document = _build(public_version=True)
    text = _all_text(document)
    assert "Personalangelegenheit" not in text
    assert "Nichtöffentlicher Teil" not in text and "Öffentlicher Teil" not in _paragraphs(document)
    assert len(document.tables) == 2
    assert "Öffentliche Fassung" in document.sections[0].footer.paragraphs[0].text


def test_an_agenda_of_public_items_only_needs_no_part_headings():
    document = _build(items=ITEMS[:2])
    assert "Öffentlicher Teil" not in _paragraphs(document)
    assert len(document.tables) == 2


def test_an_empty_agenda_says_it_will_follow():
    document = _build(items=())
    assert "Die Tagesordnung wird nachgereicht." in _paragraphs(document)
    assert len(document.tables) == 1  # the facts only


def test_an_invitation_on_time_states_the_notice_period_kept():
    paragraphs = _paragraphs(_build())
    assert (
        "Die Einladung ergeht fristgerecht unter Wahrung der Ladungsfrist von 6 Tagen."
        in paragraphs
    )
    assert not any("nicht eingehalten" in text for text in paragraphs)


def test_a_late_invitation_states_the_shortened_notice():
    paragraphs = _paragraphs(_build(invited_late=True))
    assert (
        "Die Ladungsfrist von 6 Tagen konnte nicht eingehalten werden; "
        "die Einladung ergeht daher mit verkürzter Frist."
    ) in paragraphs
    assert not any("fristgerecht" in text for text in paragraphs)


def test_a_notice_period_of_one_day_is_singular():
    assert any("Ladungsfrist von 1 Tag." in text for text in _paragraphs(_build(notice_days=1)))


def test_a_cancelled_meeting_says_so_first_with_the_reason_and_invites_no_one():
    document = _build(is_cancelled=True, cancel_reason="Erkrankung des Vorsitzes")
    paragraphs = _paragraphs(document)
    cancelled_at = paragraphs.index("ABGESAGT")
    assert cancelled_at < paragraphs.index("Einladung")
    assert document.paragraphs[cancelled_at].runs[0].bold is True
    assert paragraphs[cancelled_at + 1] == (
        "Die Sitzung findet nicht statt. Grund: Erkrankung des Vorsitzes"
    )
    assert not any("hiermit lade ich Sie" in text for text in paragraphs)
    assert any("muss leider entfallen" in text for text in paragraphs)
    assert not any("Ladungsfrist" in text for text in paragraphs)


def test_a_cancellation_without_reason_has_no_empty_reason_label():
    paragraphs = _paragraphs(_build(is_cancelled=True, cancel_reason="  "))
    assert "Die Sitzung findet nicht statt." in paragraphs
    assert not any("Grund:" in text for text in paragraphs)


@pytest.mark.parametrize(
    "title",
    [
        "Überprüfung der Maßnahmen: Größe, Fläche, Straße – ÄÖÜ äöü ß",
        "Willkommen 🎉👩🏽‍💼 in der Runde",
        "اجتماع مجموعة التوجيه",  # Arabic, right to left
        "ישיבת ועדת ההיגוי",  # Hebrew, right to left
        "Gemischt: Integration إدماج Integration",
    ],
)
def test_any_script_comes_through_unchanged(title):
    item = LetterItem(number="1", title=title, description=title, presenter=title)
    document = _build(meeting_title=title, body_name=title, items=(item,))
    assert title in _paragraphs(document)
    subject = _agenda_rows(document.tables[1])[0][1]
    assert subject == f"{title}\n{title}\nBerichterstattung: {title}"
    assert title in document.core_properties.title


def test_script_tags_are_literal_text_not_markup():
    script = "<script>alert('x')</script>"
    item = LetterItem(number="1", title=script, description=f"<b>fett</b> {script}")
    data = build_agenda_docx(replace(LETTER, meeting_title=script, items=(item,)))
    document = Document(io.BytesIO(data))
    assert script in _paragraphs(document)
    assert _agenda_rows(document.tables[1])[0][1] == f"{script}\n<b>fett</b> {script}"
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script" not in xml and "&lt;script&gt;" in xml


def test_a_very_long_title_is_printed_whole_but_shortened_in_the_file_properties():
    title = "Fortschreibung des kreisweiten Handlungskonzepts " * 40
    document = _build(meeting_title=title)
    assert title in _paragraphs(document)
    properties_title = document.core_properties.title
    assert len(properties_title) == 255
    assert properties_title.startswith("Einladung: Fortschreibung") and properties_title[-1] == "…"


def test_characters_xml_cannot_hold_are_dropped():
    document = _build(meeting_title="Sitzung\x00\x0b 1\x1f", body_name="AG\x08 Fallebene")
    assert "Sitzung 1" in _paragraphs(document)
    assert _facts(document)["Gremium:"] == "AG Fallebene"


def test_the_file_properties_name_title_author_language_and_creation():
    properties = _build().core_properties
    assert properties.title == "Einladung: Herbstsitzung 2026 (Lenkungsgruppe KIM)"
    assert properties.author == "Rhein-Kreis Neuss"
    assert properties.language == "de-DE"
    assert properties.created == datetime(2026, 11, 10, 8, 30, tzinfo=UTC)


def test_a4_pages_with_sender_header_and_page_x_of_y_footer():
    document = _build()
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert section.left_margin.cm == pytest.approx(2.5, abs=0.01)
    assert section.header.paragraphs[0].text == f"Rhein-Kreis Neuss · {SENDER}"
    footer = section.footer.paragraphs[0]
    assert footer.text == "Einladung · Lenkungsgruppe KIM · 24.11.2026\tSeite 1 von 1"
    instructions = [element.text.split()[0] for element in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_the_text_is_german():
    document = _build()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "de-DE"
