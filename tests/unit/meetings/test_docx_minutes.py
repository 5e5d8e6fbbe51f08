"""The minutes: head, attendance, quorum, items with decisions and actions, status, signatures."""

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from meetings.docx_data import (
    MinutesAction,
    MinutesAttendee,
    MinutesBallot,
    MinutesBallotSeat,
    MinutesDecision,
    MinutesDocument,
    MinutesItem,
    QuorumStatement,
)
from meetings.docx_minutes import build_minutes_docx

# Tuesday 24 November 2026, 14:05 to 16:20 in Berlin (UTC+1).
STARTED = datetime(2026, 11, 24, 13, 5, tzinfo=UTC)
ENDED = datetime(2026, 11, 24, 15, 20, tzinfo=UTC)
ATTENDEES = (
    MinutesAttendee(name="Dr. Anna Schmitz", organisation="Rhein-Kreis Neuss, Kreisdirektorin"),
    MinutesAttendee(name="Jörg Weiß", organisation="Jobcenter", status="excused"),
    MinutesAttendee(
        name="Leyla Demir", organisation="BAMF", status="represented", represented_by="Tom Kühn"
    ),
    MinutesAttendee(name="Paul Groß", organisation="Agentur für Arbeit", status="absent"),
)
DECISION = MinutesDecision(
    text="Die Lenkungsgruppe beschließt die Fortschreibung.",
    reference="LG-2026-07",
    yes=7,
    no=1,
    abstentions=2,
    adopted=True,
)
ACTIONS = (
    MinutesAction(what="Entwurf Kapitel 4 vorlegen", who="KI", due_on=date(2027, 1, 15)),
    MinutesAction(what="Zahlen nachreichen", who="Case-Management"),
)
ITEMS = (
    MinutesItem(number="1", title="Begrüßung", discussion="Die Vorsitzende begrüßt die Runde."),
    MinutesItem(number="3", title="Handlungskonzept"),
    MinutesItem(number="3.1", title="Kapitel 4", decisions=(DECISION,), actions=ACTIONS),
    MinutesItem(
        number="4", title="Personalangelegenheit", discussion="Vertraulich", is_public=False
    ),
)
MINUTES = MinutesDocument(
    operator_name="Rhein-Kreis Neuss",
    body_name="Lenkungsgruppe KIM",
    meeting_title="Herbstsitzung 2026",
    meeting_number=7,
    started_at=STARTED,
    ended_at=ENDED,
    location="Kreishaus Neuss",
    chair="Dr. Anna Schmitz",
    minute_taker="Eva Becker",
    attendees=ATTENDEES,
    quorum=QuorumStatement(present_seats=5, voting_seats=7, is_reached=True),
    items=ITEMS,
    status="approved",
    approved_on=date(2026, 12, 5),
    signature_place="Neuss",
    signature_date=date(2026, 12, 7),
    created_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
)


def _build(**changes):
    return Document(io.BytesIO(build_minutes_docx(replace(MINUTES, **changes))))


def _paragraphs(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _facts(document) -> dict[str, str]:
    return {row[0]: row[1] for row in _rows(document.tables[0])}


def _table_after(document, header: str):
    return next(table for table in document.tables if table.rows[0].cells[0].text == header)


def _discussion_paragraphs(text: str) -> list:
    """Build minutes with one item discussing ``text`` and return the paragraphs it became."""
    item = MinutesItem(number="1", title="Bericht", discussion=text)
    paragraphs = _build(items=(item,)).paragraphs
    start = [p.text for p in paragraphs].index("TOP 1: Bericht") + 1
    return paragraphs[start:-1]  # the last one is the empty line before the signatures


def _discussion(text: str) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in _discussion_paragraphs(text)]


def _runs(paragraph) -> list[tuple[str, bool, bool]]:
    return [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs]


def test_the_title_counts_the_meeting_or_stays_plain():
    numbered = _paragraphs(_build())
    assert numbered[:3] == [
        "Niederschrift über die 7. Sitzung",
        "Lenkungsgruppe KIM",
        "Herbstsitzung 2026",
    ]
    assert _paragraphs(_build(meeting_number=None))[0] == "Niederschrift der Sitzung"


def test_the_head_lists_body_date_actual_times_place_chair_and_minute_taker():
    assert _facts(_build()) == {
        "Gremium:": "Lenkungsgruppe KIM",
        "Datum:": "Dienstag, 24.11.2026",
        "Beginn:": "14:05 Uhr",
        "Ende:": "16:20 Uhr",
        "Ort:": "Kreishaus Neuss",
        "Vorsitz:": "Dr. Anna Schmitz",
        "Protokollführung:": "Eva Becker",
    }


@pytest.mark.parametrize(
    ("started_at", "day"),
    [
        (datetime(2026, 3, 29, 8, 0, tzinfo=UTC), "Sonntag, 29.03.2026"),
        (datetime(2026, 10, 25, 9, 0, tzinfo=UTC), "Sonntag, 25.10.2026"),
    ],
)
def test_times_are_shown_in_berlin_across_the_clock_changes(started_at, day):
    document = _build(started_at=started_at, ended_at=started_at.replace(hour=started_at.hour + 3))
    facts = _facts(document)
    assert (facts["Datum:"], facts["Beginn:"], facts["Ende:"]) == (day, "10:00 Uhr", "13:00 Uhr")


def test_a_meeting_past_midnight_shows_the_end_date_and_online_link():
    facts = _facts(
        _build(ended_at=datetime(2026, 11, 24, 23, 15, tzinfo=UTC), online_url="https://m.example")
    )
    assert facts["Ende:"] == "25.11.2026, 00:15 Uhr"
    assert facts["Online:"] == "https://m.example"


def test_the_attendance_table_gives_each_status_in_german():
    table = _table_after(_build(), "Name")
    assert _rows(table) == [
        ["Name", "Organisation/Funktion", "Status"],
        ["Dr. Anna Schmitz", "Rhein-Kreis Neuss, Kreisdirektorin", "anwesend"],
        ["Jörg Weiß", "Jobcenter", "entschuldigt"],
        ["Leyla Demir", "BAMF", "vertreten durch Tom Kühn"],
        ["Paul Groß", "Agentur für Arbeit", "abwesend"],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_arrival_and_leaving_times_add_a_column():
    late = MinutesAttendee(
        name="Eva Becker",
        arrived_at=datetime(2026, 11, 24, 13, 20, tzinfo=UTC),
        left_at=datetime(2026, 11, 24, 14, 45, tzinfo=UTC),
    )
    early = MinutesAttendee(name="Tom Kühn", left_at=datetime(2026, 11, 24, 14, 0, tzinfo=UTC))
    rows = _rows(_table_after(_build(attendees=(late, early, ATTENDEES[0])), "Name"))
    assert rows[0] == ["Name", "Organisation/Funktion", "Status", "Zeiten"]
    assert rows[1][3] == "ab 14:20 Uhr bis 15:45 Uhr"
    assert rows[2][3] == "bis 15:00 Uhr"
    assert rows[3][3] == ""


def test_no_attendance_recorded_is_said_in_words():
    document = _build(attendees=())
    assert "Es wurde keine Anwesenheit erfasst." in _paragraphs(document)
    assert all(table.rows[0].cells[0].text != "Name" for table in document.tables)


def test_the_quorum_statement_gives_seats_present_and_voting():
    paragraphs = _paragraphs(_build())
    assert (
        "Die Beschlussfähigkeit wurde festgestellt: 5 von 7 stimmberechtigten Sitzen waren besetzt."
        in paragraphs
    )


def test_a_missed_quorum_is_stated_with_the_verb_in_agreement():
    quorum = QuorumStatement(present_seats=1, voting_seats=7, is_reached=False)
    paragraphs = _paragraphs(_build(quorum=quorum))
    assert (
        "Die Beschlussfähigkeit war nicht gegeben: "
        "Nur 1 von 7 stimmberechtigten Sitzen war besetzt."
    ) in paragraphs


def test_the_minutes_say_whether_the_notice_period_was_kept():
    kept = _paragraphs(_build(notice_days=6))
    late = _paragraphs(_build(notice_days=1, invited_late=True))

    assert "Zur Sitzung wurde unter Wahrung der Ladungsfrist von 6 Tagen eingeladen." in kept
    assert (
        "Die Ladungsfrist von 1 Tag wurde nicht eingehalten; zur Sitzung wurde mit verkürzter "
        "Frist eingeladen."
    ) in late
    assert not any("Ladungsfrist" in text for text in _paragraphs(_build()))


def test_without_a_quorum_rule_there_is_no_statement():
    assert not any("Beschlussfähigkeit" in text for text in _paragraphs(_build(quorum=None)))


def test_items_are_headed_with_their_number_including_sub_items():
    document = _build()
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert headings == [
        "TOP 1: Begrüßung",
        "TOP 3: Handlungskonzept",
        "TOP 3.1: Kapitel 4",
        "TOP 4: Personalangelegenheit (nichtöffentlich)",
    ]


def test_a_decision_gives_reference_text_vote_and_outcome():
    paragraphs = _paragraphs(_build())
    start = paragraphs.index("Beschluss LG-2026-07:")
    assert paragraphs[start : start + 4] == [
        "Beschluss LG-2026-07:",
        "Die Lenkungsgruppe beschließt die Fortschreibung.",
        "Abstimmungsergebnis: Ja: 7, Nein: 1, Enthaltungen: 2",
        "Der Beschluss wurde angenommen.",
    ]


def test_a_decision_without_vote_or_reference_has_neither_line():
    decision = MinutesDecision(text="Kenntnisnahme.", adopted=False)
    item = MinutesItem(number="1", title="Bericht", decisions=(decision,))
    paragraphs = _paragraphs(_build(items=(item,)))
    start = paragraphs.index("Beschluss:")
    assert paragraphs[start + 1 : start + 3] == ["Kenntnisnahme.", "Der Beschluss wurde abgelehnt."]
    assert not any("Abstimmungsergebnis" in text for text in paragraphs)


def test_an_item_without_decisions_or_actions_has_no_such_sections():
    item = MinutesItem(number="1", title="Bericht", discussion="Nur Bericht.")
    document = _build(items=(item,))
    assert not any(text.startswith("Beschluss") for text in _paragraphs(document))
    assert "Vereinbarte Maßnahmen:" not in _paragraphs(document)


def test_follow_up_actions_are_a_small_table_with_owner_and_due_date():
    document = _build()
    assert "Vereinbarte Maßnahmen:" in _paragraphs(document)
    assert _rows(_table_after(document, "Maßnahme")) == [
        ["Maßnahme", "Zuständig", "Frist"],
        ["Entwurf Kapitel 4 vorlegen", "KI", "15.01.2027"],
        ["Zahlen nachreichen", "Case-Management", ""],
    ]


def test_non_public_items_come_last_under_their_own_heading():
    paragraphs = _paragraphs(_build())
    assert paragraphs.index("Öffentlicher Teil") < paragraphs.index("TOP 1: Begrüßung")
    non_public_at = paragraphs.index("Nichtöffentlicher Teil")
    assert paragraphs[non_public_at + 1] == "TOP 4: Personalangelegenheit (nichtöffentlich)"
    assert non_public_at > paragraphs.index("TOP 3.1: Kapitel 4")


def test_the_public_version_leaves_non_public_items_out_entirely():
    document = _build(public_version=True)
    paragraphs = _paragraphs(document)
    assert not any("Personalangelegenheit" in t or "Vertraulich" in t for t in paragraphs)
    assert "Nichtöffentlicher Teil" not in paragraphs and "Öffentlicher Teil" not in paragraphs
    assert "Öffentliche Fassung" in document.sections[0].footer.paragraphs[0].text


def test_a_draft_carries_a_large_draft_line_and_the_mark_in_every_page_header():
    document = _build(status="draft", approved_on=None)
    first = document.paragraphs[0]
    assert first.text == "ENTWURF" and first.runs[0].bold is True
    assert first.runs[0].font.size.pt >= 24
    assert document.sections[0].header.paragraphs[0].text.startswith("ENTWURF · ")
    assert "Status: Entwurf" in _paragraphs(document)


def test_minutes_out_for_comment_say_until_when():
    document = _build(status="in_review", comments_due_on=date(2026, 12, 1), approved_on=None)
    assert "Status: Entwurf, zur Stellungnahme bis 01.12.2026" in _paragraphs(document)
    assert document.paragraphs[0].text == "ENTWURF"


def test_approved_minutes_give_the_date_and_carry_no_draft_mark():
    document = _build()
    paragraphs = _paragraphs(document)
    assert "Status: genehmigt am 05.12.2026" in paragraphs
    assert "ENTWURF" not in paragraphs
    assert "ENTWURF" not in document.sections[0].header.paragraphs[0].text


def test_signature_lines_for_chair_and_minute_taker_with_place_and_date():
    signatures = _rows(_build().tables[-1])[0]
    line = "_" * 30
    assert signatures == [
        f"Neuss, 07.12.2026\n\n\n{line}\nDr. Anna Schmitz\nVorsitz",
        f"Neuss, 07.12.2026\n\n\n{line}\nEva Becker\nProtokollführung",
    ]


def test_unknown_place_and_date_leave_blanks_to_fill_in():
    signatures = _rows(_build(signature_place="", signature_date=None).tables[-1])[0]
    assert signatures[0].startswith("Ort, Datum: ____")
    only_place = _rows(_build(signature_date=None).tables[-1])[0]
    assert only_place[1].startswith("Neuss, ____")


def test_markdown_paragraphs_lists_bold_and_italic():
    text = (
        "Erster Absatz mit **fett** und *kursiv*,\nüber zwei Zeilen.\n\n"
        "- Punkt eins\n- Punkt zwei\n  geht weiter\n\n"
        "1. Schritt\n2. Schritt\n\nSchluss."
    )
    assert _discussion(text) == [
        ("Normal", "Erster Absatz mit fett und kursiv, über zwei Zeilen."),
        ("List Bullet", "Punkt eins"),
        ("List Bullet", "Punkt zwei geht weiter"),
        ("Normal", "1.\tSchritt"),
        ("Normal", "2.\tSchritt"),
        ("Normal", "Schluss."),
    ]
    assert _runs(_discussion_paragraphs(text)[0]) == [
        ("Erster Absatz mit ", False, False),
        ("fett", True, False),
        (" und ", False, False),
        ("kursiv", False, True),
        (", über zwei Zeilen.", False, False),
    ]


def test_each_numbered_list_counts_from_its_own_start():
    text = "1. a\n2. b\n\nZwischentext\n\n3. c\n1. d"
    assert [t for _, t in _discussion(text)] == ["1.\ta", "2.\tb", "Zwischentext", "3.\tc", "4.\td"]


def test_markdown_that_does_not_close_stays_literal():
    assert _discussion("5 * 3 = 15 und **offen und *auch") == [
        ("Normal", "5 * 3 = 15 und **offen und *auch")
    ]


def test_stars_far_apart_stay_literal_so_unclosed_stars_cannot_stall_the_export():
    far_apart = "*" + "a" * 600 + "*"
    assert _runs(_discussion_paragraphs(far_apart)[0]) == [(far_apart, False, False)]
    many = "*a " * 20_000
    assert _discussion(many) == [("Normal", many.strip())]


def test_bold_may_contain_italic():
    assert _runs(_discussion_paragraphs("**sehr *wichtig* hier**")[0]) == [
        ("sehr ", True, False),
        ("wichtig", True, True),
        (" hier", True, False),
    ]


def test_script_tags_and_html_in_the_discussion_are_literal_text():
    script = "<script>alert('x')</script> <img src=x onerror=alert(1)>"
    assert _discussion(script) == [("Normal", script)]
    item = MinutesItem(number="1", title=script, discussion=script)
    data = build_minutes_docx(replace(MINUTES, items=(item,)))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script" not in xml and "<img" not in xml and "&lt;script&gt;" in xml


@pytest.mark.parametrize(
    "text",
    [
        "Größenordnung der Maßnahmen: ÄÖÜ äöü ß ẞ",
        "Danke an alle 🙏🏾 👩‍👩‍👧",
        "ملخص النقاش",  # Arabic, right to left
        "סיכום הדיון",  # Hebrew, right to left
    ],
)
def test_any_script_comes_through_unchanged(text):
    attendee = MinutesAttendee(name=text, organisation=text)
    item = MinutesItem(
        number="1",
        title=text,
        discussion=text,
        decisions=(MinutesDecision(text=text),),
        actions=(MinutesAction(what=text, who=text),),
    )
    document = _build(meeting_title=text, chair=text, attendees=(attendee,), items=(item,))
    paragraphs = _paragraphs(document)
    assert text in paragraphs and f"TOP 1: {text}" in paragraphs
    assert paragraphs.count(text) == 3  # subtitle, discussion, decision
    assert _rows(_table_after(document, "Name"))[1][:2] == [text, text]
    assert _rows(_table_after(document, "Maßnahme"))[1][:2] == [text, text]
    assert _facts(document)["Vorsitz:"] == text


def test_a_very_long_title_is_printed_whole_but_shortened_in_the_file_properties():
    title = "Sondersitzung zur Fortschreibung des Handlungskonzepts " * 30
    document = _build(meeting_title=title)
    assert title in _paragraphs(document)
    assert len(document.core_properties.title) == 255


def test_characters_xml_cannot_hold_are_dropped():
    item = MinutesItem(number="1", title="Be\x00richt", discussion="Zeile\x0c eins")
    document = _build(items=(item,), chair="Anna\x1b Schmitz")
    assert "TOP 1: Bericht" in _paragraphs(document)
    assert "Zeile eins" in _paragraphs(document)
    assert _facts(document)["Vorsitz:"] == "Anna Schmitz"


def test_the_file_properties_name_title_author_language_and_creation():
    properties = _build().core_properties
    assert properties.title == "Niederschrift: Herbstsitzung 2026 (Lenkungsgruppe KIM)"
    assert properties.author == "Rhein-Kreis Neuss"
    assert properties.language == "de-DE"
    assert properties.created == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_the_footer_names_the_minutes_and_counts_pages():
    footer = _build().sections[0].footer.paragraphs[0]
    assert footer.text == "Niederschrift · Lenkungsgruppe KIM · 24.11.2026\tSeite 1 von 1"
    instructions = [element.text.split()[0] for element in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


NAMED_BALLOT = MinutesBallot(
    title="Sprachkursprogramm 2027",
    kind="electronic",
    status="closed",
    result="adopted",
    yes=2,
    no=1,
    abstentions=0,
    seats=(
        MinutesBallotSeat(
            seat="Stadt Neuss", holder="Anna Roth", cast_by="Anna Roth", choice="yes"
        ),
        MinutesBallotSeat(
            seat="Jobcenter",
            holder="Jörg Weiß",
            cast_by="Tom Kühn",
            by_deputy=True,
            choice="no",
        ),
    ),
)


def test_a_named_ballot_states_its_result_and_who_cast_each_seat_how():
    item = MinutesItem(number="5", title="Sprachkurse", ballots=(NAMED_BALLOT,))

    document = _build(items=(item,))
    paragraphs = _paragraphs(document)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]

    assert "Abstimmung: Sprachkursprogramm 2027:" in paragraphs
    assert "elektronische Abstimmung in der Sitzung, namentlich." in paragraphs
    assert "Abstimmungsergebnis: Ja: 2, Nein: 1, Enthaltungen: 0" in paragraphs
    assert "Der Antrag wurde angenommen." in paragraphs
    assert bullets == [
        "Stadt Neuss: Anna Roth – Ja",
        "Jobcenter: Tom Kühn in Vertretung für Jörg Weiß – Nein",
    ]


def test_a_secret_ballot_names_who_took_part_never_how():
    secret = replace(NAMED_BALLOT, secret=True)
    item = MinutesItem(number="5", title="Sprachkurse", ballots=(secret,))

    document = _build(items=(item,))
    text = "\n".join(_paragraphs(document))

    assert "geheim" in text and "Teilgenommen haben" in text
    assert "Stadt Neuss: Anna Roth" in text
    assert "– Ja" not in text and "– Nein" not in text


def test_a_ballot_still_open_or_cancelled_says_so():
    for status, sentence in (
        ("open", "Die Abstimmung lief bei Abschluss der Niederschrift noch."),
        ("cancelled", "Die Abstimmung wurde abgebrochen."),
    ):
        ballot = replace(NAMED_BALLOT, status=status, result=None, seats=())
        item = MinutesItem(number="5", title="Sprachkurse", ballots=(ballot,))

        assert sentence in _paragraphs(_build(items=(item,)))
