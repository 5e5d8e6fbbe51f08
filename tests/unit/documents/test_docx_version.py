"""A version of the Handlungskonzept as Word: title page, contents, sections, history, footer."""

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from documents.docx_data import ExportSection, HistoryEntry, VersionExport
from documents.docx_import import import_docx
from documents.docx_version import build_version_docx

HASH = "3f1a" * 16
SECTIONS = (
    ExportSection(level=1, heading="1. Ausgangslage", body="Der Kreis hat **acht** Kommunen."),
    ExportSection(level=2, heading="1.1 Zielgruppen", body="- Neuzugewanderte\n- Geflüchtete"),
    ExportSection(
        level=3, heading="1.1.1 Datenlage", body="Siehe [Bericht](https://kreis.example/b)."
    ),
    ExportSection(level=1, heading="2. Handlungsfelder", body=""),
)
HISTORY = (
    HistoryEntry("1.0", "beschlossen", date(2025, 6, 3), "Erstfassung", "LG 2025/03"),
    HistoryEntry("1.1", "beschlossen", date(2026, 11, 24), "Kapitel 2 ergänzt", "LG 2026/07"),
)
EXPORT = VersionExport(
    title="Kreisweites Handlungskonzept",
    body_name="Lenkungsgruppe KIM",
    number="1.1",
    status="beschlossen",
    stand=date(2026, 11, 24),
    decision="LG 2026/07",
    content_hash=HASH,
    change_note="Kapitel 2 ergänzt",
    sections=SECTIONS,
    history=HISTORY,
    generated_at=datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
)


def _data(**changes) -> bytes:
    return build_version_docx(replace(EXPORT, **changes))


def _build(**changes):
    return Document(io.BytesIO(_data(**changes)))


def _texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def _headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def test_the_title_page_names_document_body_version_status_date_decision_and_checksum():
    texts = _texts(_build())
    assert texts[:9] == [
        "Kreisweites Handlungskonzept",
        "Lenkungsgruppe KIM",
        "Version 1.1",
        "Status: beschlossen",
        "Stand: 24.11.2026",
        "Beschluss LG 2026/07",
        "Änderungen gegenüber der Vorfassung: Kapitel 2 ergänzt",
        f"Prüfsumme (SHA-256): {HASH}",
        "Ausgabe erstellt am 24.11.2026, 14:00 Uhr",
    ]


def test_a_draft_without_date_decision_or_note_leaves_those_lines_out():
    texts = _texts(_build(status="Entwurf", stand=None, decision="", change_note=""))
    assert "Status: Entwurf" in texts
    assert not any(t.startswith(("Stand:", "Beschluss", "Änderungen")) for t in texts)


def test_the_title_page_ends_with_a_page_break_before_the_contents():
    document = _build()
    texts = _texts(document)
    contents = texts.index("Inhaltsverzeichnis")
    breaks = document.paragraphs[contents - 1]._p.xpath(".//w:br/@w:type")
    assert breaks == ["page"]
    assert document.paragraphs[contents].style.name == "TOC Heading"


def test_the_contents_are_a_toc_field_over_three_levels_with_german_instructions():
    document = _build()
    body = document.element.body
    instructions = [text.strip() for text in body.xpath(".//w:instrText/text()")]
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions
    toc = next(p for p in document.paragraphs if p._p.xpath(".//w:instrText"))
    kinds = toc._p.xpath(".//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"]
    assert "Felder aktualisiert" in toc.text
    assert "F9" in toc.text


def test_word_is_asked_to_update_the_fields_when_opening():
    with zipfile.ZipFile(io.BytesIO(_data())) as package:
        settings = package.read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    # The schema orders the settings: updateFields comes before compat.
    assert settings.index("<w:updateFields") < settings.index("<w:compat")


def test_sections_use_words_heading_styles_by_level_and_in_order():
    assert _headings(_build()) == [
        ("Heading 1", "1. Ausgangslage"),
        ("Heading 2", "1.1 Zielgruppen"),
        ("Heading 3", "1.1.1 Datenlage"),
        ("Heading 1", "2. Handlungsfelder"),
        ("Heading 1", "Versionsverlauf"),
    ]


@pytest.mark.parametrize(("level", "style"), [(0, "Heading 1"), (4, "Heading 3"), (9, "Heading 3")])
def test_a_level_outside_one_to_three_is_clamped(level, style):
    section = ExportSection(level=level, heading="Abschnitt", body="")
    assert _headings(_build(sections=(section,)))[0] == (style, "Abschnitt")


def test_section_bodies_are_rendered_as_markdown():
    document = _build()
    paragraphs = document.paragraphs
    texts = _texts(document)
    first_body = paragraphs[texts.index("Der Kreis hat acht Kommunen.")]
    assert [(r.text, bool(r.bold)) for r in first_body.runs][1] == ("acht", True)
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Neuzugewanderte", "Geflüchtete"]
    links = [link.address for p in paragraphs for link in p.hyperlinks]
    assert links == ["https://kreis.example/b"]


def test_a_version_without_sections_says_so():
    texts = _texts(_build(sections=()))
    assert "Diese Version enthält noch keine Abschnitte." in texts


def test_the_version_history_lists_every_version_in_a_table_after_the_sections():
    document = _build()
    table = document.tables[-1]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Version", "Status", "Stand", "Änderungen", "Beschluss"],
        ["1.0", "beschlossen", "03.06.2025", "Erstfassung", "LG 2025/03"],
        ["1.1", "beschlossen", "24.11.2026", "Kapitel 2 ergänzt", "LG 2026/07"],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert _texts(document)[-1] == "Versionsverlauf"  # the table follows its heading


def test_an_empty_history_is_said_in_words():
    document = _build(history=())
    assert "Es ist kein Versionsverlauf verzeichnet." in _texts(document)
    assert document.tables == []


def test_the_footer_counts_pages_as_seite_x_von_y():
    footer = _build().sections[0].footer.paragraphs[0]
    instructions = [text.strip() for text in footer._p.xpath(".//w:instrText/text()")]
    assert instructions == ["PAGE \\* MERGEFORMAT", "NUMPAGES \\* MERGEFORMAT"]
    assert footer.text.startswith("Kreisweites Handlungskonzept · Version 1.1\tSeite ")
    assert " von " in footer.text


def test_core_properties_name_title_version_and_body():
    properties = _build().core_properties
    assert properties.title == "Kreisweites Handlungskonzept, Version 1.1"
    assert properties.author == "Lenkungsgruppe KIM"
    assert properties.language == "de-DE"


def test_umlauts_emoji_right_to_left_text_and_control_characters_survive():
    section = ExportSection(
        level=1, heading="Übergänge 🚀 مرحبا\x07", body="Maß & Größe\x00 – שלום 👍"
    )
    document = _build(title="Straßen\x1b-Konzept ÄÖÜ", sections=(section,))
    texts = _texts(document)
    assert texts[0] == "Straßen-Konzept ÄÖÜ"
    assert ("Heading 1", "Übergänge 🚀 مرحبا") in _headings(document)
    assert "Maß & Größe – שלום 👍" in texts
    assert document.core_properties.title == "Straßen-Konzept ÄÖÜ, Version 1.1"


def test_script_tags_in_headings_and_bodies_stay_literal_text():
    section = ExportSection(level=1, heading="<script>x()</script>", body="<script>y()</script>")
    texts = _texts(_build(sections=(section,)))
    assert "<script>x()</script>" in texts
    assert "<script>y()</script>" in texts


def _word_with_multiline_cells() -> bytes:
    """A Word file whose table has a cell of two paragraphs and a cell with a line break."""
    document = Document()
    document.add_heading("Träger", 1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Maßnahme", "Kontakt"
    table.cell(1, 0).text = "Sprachcafé"
    table.cell(1, 0).add_paragraph("dienstags")
    table.cell(1, 1).paragraphs[0].add_run("Kreishaus").add_break()
    table.cell(1, 1).paragraphs[0].add_run("Raum 101")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_multiline_cells_survive_import_and_export_as_word_line_breaks():
    imported = import_docx(_word_with_multiline_cells())
    sections = tuple(ExportSection(s.level, s.heading, s.body) for s in imported.sections)
    assert "| Sprachcafé<br>dienstags | Kreishaus<br>Raum 101 |" in sections[0].body

    exported = build_version_docx(replace(EXPORT, sections=sections))
    table = Document(io.BytesIO(exported)).tables[0]
    cells = table.rows[1].cells
    assert [cell.text for cell in cells] == ["Sprachcafé\ndienstags", "Kreishaus\nRaum 101"]
    for cell in cells:
        assert len(cell._tc.findall(f".//{qn('w:br')}")) == 1
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert "&lt;br" not in archive.read("word/document.xml").decode()

    again = import_docx(exported)
    body = next(s.body for s in again.sections if s.heading == "Träger")
    assert "| Sprachcafé<br>dienstags | Kreishaus<br>Raum 101 |" in body
