"""Word import: sections, Markdown the portal renders, and a report of everything not carried over.

The Word files are built here with python-docx, the way Word writes them (styles, numbering,
relationships, raw XML where python-docx has no API), so the import meets real structures.
"""

import io
import re
import struct
import time
import zipfile
import zlib

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from documents.docx_import import (
    MAX_HEADING,
    MAX_PROBLEMS,
    ImportedSection,
    ImportResult,
    UnreadableDocument,
    import_docx,
)
from portal.markup import render_markdown

NS = nsdecls("w", "r")
TITLE = "Kreisweites Handlungskonzept 2025"


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    """A valid 1×1 PNG, so python-docx embeds a real picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {NS} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
            f"</w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>"
        )
    )


def _xml(paragraph, xml: str) -> None:
    """Append raw run-level XML (namespaces w and r) to a paragraph."""
    name = re.match(r"<[\w:]+", xml).end()
    paragraph._p.append(parse_xml(f"{xml[:name]} {NS}{xml[name:]}"))


def _footnotes(document, text: str) -> None:
    xml = (
        f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _import(build) -> ImportResult:
    document = Document()
    build(document)
    return import_docx(_bytes(document))


def _messages(result) -> list[str]:
    return [problem.message for problem in result.problems]


def _body(result, heading: str) -> str:
    return next(section.body for section in result.sections if section.heading == heading)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


@pytest.fixture(scope="module")
def concept():
    """A Handlungskonzept as the secretariat writes it in Word."""
    document = Document()
    document.core_properties.title = TITLE
    document.add_paragraph(TITLE, style="Title")
    document.add_heading("1 Einleitung", 1)
    paragraph = document.add_paragraph("Das Konzept gilt ")
    paragraph.add_run("kreisweit").bold = True
    paragraph.add_run(" und ")
    paragraph.add_run("verbindlich").italic = True
    paragraph.add_run(".")
    document.add_heading("1.1 Ziele", 2)
    document.add_paragraph("Teilhabe stärken", style="List Bullet")
    document.add_paragraph("Sprachkurse", style="List Bullet 2")
    document.add_paragraph("Beratung bündeln", style="List Bullet")
    document.add_paragraph("Bestand erheben", style="List Number")
    document.add_paragraph("Maßnahmen planen", style="List Number")
    document.add_heading("1.1.1 Maßnahmen", 3)
    table = document.add_table(rows=3, cols=2)
    for row, (first, second) in enumerate(
        [("Maßnahme", "Träger"), ("Sprachcafé", "VHS | Kreis"), ("Lotsen", "Caritas")]
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = first, second
    paragraph = document.add_paragraph("Mehr unter ")
    _hyperlink(paragraph, "kreis-beispiel.de", "https://www.kreis-beispiel.de/kim")
    picture = document.add_paragraph("Organigramm: ")
    picture.add_run().add_picture(io.BytesIO(_png()))
    _footnotes(document, "Beschluss des Kreistags vom 12. März 2024")
    cited = document.add_paragraph("Grundlage ist der Kreistagsbeschluss")
    _xml(cited, '<w:r><w:footnoteReference w:id="1"/></w:r>')
    commented = document.add_paragraph("Die Finanzierung ist gesichert.")
    document.add_comment(commented.runs[0], text="Bitte Quelle ergänzen", author="KI")
    document.add_heading("2 Handlungsfelder", 1)
    document.add_paragraph("Bildung, Arbeit, Wohnen.")
    return import_docx(_bytes(document))


def test_headings_1_to_3_start_sections_in_document_order(concept):
    assert [(section.level, section.heading) for section in concept.sections] == [
        (1, "1 Einleitung"),
        (2, "1.1 Ziele"),
        (3, "1.1.1 Maßnahmen"),
        (1, "2 Handlungsfelder"),
    ]
    assert concept.sections[-1] == ImportedSection(
        1, "2 Handlungsfelder", "Bildung, Arbeit, Wohnen."
    )


def test_title_comes_from_core_properties_and_title_paragraph_is_not_body(concept):
    assert concept.title == TITLE
    assert all(TITLE not in section.body for section in concept.sections)


def test_bold_and_italic_runs_become_emphasis(concept):
    body = _body(concept, "1 Einleitung")
    assert body == "Das Konzept gilt **kreisweit** und *verbindlich*."
    html = render_markdown(body)
    assert "<strong>kreisweit</strong>" in html
    assert "<em>verbindlich</em>" in html


def test_bullet_and_numbered_lists_nest_by_level(concept):
    body = _body(concept, "1.1 Ziele")
    assert body == (
        "- Teilhabe stärken\n    - Sprachkurse\n- Beratung bündeln\n\n"
        "1. Bestand erheben\n2. Maßnahmen planen"
    )
    html = render_markdown(body)
    assert re.search(r"<ul>\s*<li>Teilhabe stärken\s*<ul>\s*<li>Sprachkurse</li>", html)
    assert re.search(r"<ol>\s*<li>Bestand erheben</li>\s*<li>Maßnahmen planen</li>", html)


def test_table_becomes_pipe_table_with_header_row_and_escaped_pipes(concept):
    body = _body(concept, "1.1.1 Maßnahmen")
    assert body.startswith(
        "| Maßnahme | Träger |\n| --- | --- |\n| Sprachcafé | VHS \\| Kreis |\n| Lotsen | Caritas |"
    )
    html = render_markdown(body)
    assert "<table>" in html
    assert "<th>Träger</th>" in html
    assert "<td>VHS | Kreis</td>" in html


def test_hyperlink_becomes_markdown_link(concept):
    body = _body(concept, "1.1.1 Maßnahmen")
    assert "Mehr unter [kreis-beispiel.de](https://www.kreis-beispiel.de/kim)" in body
    assert '<a href="https://www.kreis-beispiel.de/kim"' in render_markdown(body)


def test_image_footnote_and_comment_are_reported_where_they_are(concept):
    where = "Abschnitt „1.1.1 Maßnahmen“"
    problems = {(problem.location, problem.message) for problem in concept.problems}
    assert (f"{where}, Absatz 2", "Bild nicht übernommen") in problems
    assert (
        f"{where}, Absatz 3",
        "Fußnote nicht übernommen: „Beschluss des Kreistags vom 12. März 2024“",
    ) in problems
    assert (f"{where}, Absatz 4", "Kommentar nicht übernommen: „Bitte Quelle ergänzen“") in problems
    body = _body(concept, "1.1.1 Maßnahmen")
    assert "Organigramm:" in body
    assert "Grundlage ist der Kreistagsbeschluss" in body


def test_nothing_else_in_the_concept_is_reported(concept):
    assert len(concept.problems) == 3


@pytest.mark.parametrize(
    ("style_name", "style_id", "outline"),
    [
        ("Überschrift 1", "Ueberschrift1", None),
        ("Kapitel", "berschrift1", None),
        ("Kapitel", "Kapitel", 0),
    ],
)
def test_german_style_names_ids_and_outline_levels_mark_headings(style_name, style_id, outline):
    def build(document):
        style = document.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(f"{{{style.element.nsmap['w']}}}styleId", style_id)
        if outline is not None:
            style.element.get_or_add_pPr().append(
                parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>')
            )
        document.add_paragraph("Einleitung", style=style)
        document.add_paragraph("Text.")

    result = _import(build)
    assert result.sections == (ImportedSection(1, "Einleitung", "Text."),)
    assert result.problems == ()


def test_renamed_builtin_heading_style_still_marks_headings():
    def build(document):
        document.styles["Heading 2"].name = "Überschrift 2"
        document.add_paragraph("Ziele", style=document.styles["Überschrift 2"])

    assert _import(build).sections == (ImportedSection(2, "Ziele", ""),)


def test_outline_level_on_the_paragraph_marks_a_heading():
    def build(document):
        paragraph = document.add_paragraph("Handlungsfeld Wohnen")
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))

    assert _import(build).sections == (ImportedSection(3, "Handlungsfeld Wohnen", ""),)


def test_heading_4_becomes_bold_paragraph_and_is_reported():
    def build(document):
        document.add_heading("Ziele", 1)
        document.add_heading("Unterpunkt", 4)

    result = _import(build)
    assert result.sections == (ImportedSection(1, "Ziele", "**Unterpunkt**"),)
    assert _messages(result) == ["Überschrift der Ebene 4 als fett gesetzter Absatz übernommen"]


def test_text_before_the_first_heading_becomes_vorbemerkung_and_is_reported():
    def build(document):
        document.add_paragraph("Entwurf der Geschäftsstelle")
        document.add_heading("Ziele", 1)

    result = _import(build)
    assert result.sections[0] == ImportedSection(1, "Vorbemerkung", "Entwurf der Geschäftsstelle")
    assert [problem.location for problem in result.problems] == ["Vor der ersten Überschrift"]


def test_document_without_headings_is_one_vorbemerkung_with_a_hint():
    result = _import(lambda document: document.add_paragraph("Nur Fließtext."))
    assert result.sections == (ImportedSection(1, "Vorbemerkung", "Nur Fließtext."),)
    assert "Keine Überschriften gefunden" in _messages(result)[0]


def test_empty_document_has_no_sections_and_says_so():
    result = _import(lambda document: document.add_paragraph("   "))
    assert result.sections == ()
    assert result.title == ""
    assert _messages(result) == ["Das Dokument enthält keinen übernehmbaren Text."]


def test_title_falls_back_to_the_first_title_paragraph():
    def build(document):
        document.core_properties.title = ""
        document.add_paragraph("Handlungskonzept  Integration", style="Title")
        document.add_heading("Ziele", 1)

    result = _import(build)
    assert result.title == "Handlungskonzept Integration"
    assert result.problems == ()


def test_empty_paragraphs_collapse_and_whitespace_is_normalised():
    def build(document):
        document.add_heading("Ziele", 1)
        document.add_paragraph("Erster   Absatz\t mit  Lücken ")
        document.add_paragraph("")
        document.add_paragraph("  ")
        document.add_paragraph("Zweiter\x9f Absatz")

    assert _body(_import(build), "Ziele") == "Erster Absatz mit Lücken\n\nZweiter Absatz"


def test_line_break_inside_a_paragraph_stays_a_line_break():
    def build(document):
        document.add_heading("Kontakt", 1)
        document.add_paragraph("Kreishaus\nRaum 101")

    body = _body(_import(build), "Kontakt")
    assert body == "Kreishaus  \nRaum 101"
    assert "<br" in render_markdown(body)


def test_markdown_characters_in_word_text_show_literally():
    literal = "*kein* _Kursiv_ [a](https://x.de) `code` a|b \\ &amp; <b>fett</b>"
    lines = ["# keine Überschrift", "1. kein Listenpunkt", "- kein Strich", "> kein Zitat"]

    def build(document):
        document.add_heading("Zeichen", 1)
        document.add_paragraph(literal)
        for line in lines:
            document.add_paragraph(line)
        document.add_paragraph("Zeile\n===")

    body = _body(_import(build), "Zeichen")
    html = str(render_markdown(body))
    for tag in ("<em>", "<strong>", "<a ", "<code>", "<h1>", "<ol>", "<ul>", "<blockquote>", "<b>"):
        assert tag not in html
    text = _text(html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    for expected in [literal, *lines, "==="]:
        assert expected in text


def test_script_text_stays_text():
    def build(document):
        document.add_heading("<script>alert(1)</script>", 1)
        document.add_paragraph("<script>alert(1)</script>")

    result = _import(build)
    assert result.sections[0].heading == "<script>alert(1)</script>"
    html = str(render_markdown(result.sections[0].body))
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_umlauts_emoji_and_right_to_left_text_survive():
    text = "Größe, Maß und Übergänge 🤝 مرحبا بكم שלום"

    def build(document):
        document.add_heading("Vielfalt ßÄÖÜ", 1)
        document.add_paragraph(text)

    result = _import(build)
    assert result.sections == (ImportedSection(1, "Vielfalt ßÄÖÜ", text),)


def test_heading_longer_than_300_characters_is_cut_and_reported():
    result = _import(lambda document: document.add_heading("Wort " * 100, 1))
    heading = result.sections[0].heading
    assert len(heading) == MAX_HEADING
    assert heading.endswith("…")
    assert _messages(result) == ["Überschrift auf 300 Zeichen gekürzt"]


def test_nested_and_level_skipping_lists_render_as_nested_lists():
    def build(document):
        document.add_heading("Liste", 1)
        document.add_paragraph("oben", style="List Bullet")
        document.add_paragraph("ganz tief", style="List Bullet 3")
        document.add_paragraph("Schritt", style="List Number 2")

    result = _import(build)
    body = _body(result, "Liste")
    assert body == "- oben\n    - ganz tief\n    - Schritt"
    assert render_markdown(body).count("<ul>") == 2
    assert "Aufzählung und Nummerierung innerhalb einer Liste vereinheitlicht" in _messages(result)


def test_numbering_part_decides_bullet_or_number_for_list_paragraphs():
    def build(document):
        document.add_heading("Liste", 1)
        for text, num_id in (("eins", 5), ("zwei", 5)):
            paragraph = document.add_paragraph(text, style="List Paragraph")
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/>'
                    "</w:numPr>"
                )
            )
        document.add_paragraph("Punkt", style="List Paragraph")

    assert _body(_import(build), "Liste") == "1. eins\n2. zwei\n\n- Punkt"


def test_numbered_list_keeps_counting_after_an_interruption():
    def build(document):
        document.add_heading("Schritte", 1)
        document.add_paragraph("erheben", style="List Number")
        document.add_paragraph("planen", style="List Number")
        document.add_paragraph("Zwischentext")
        document.add_paragraph("umsetzen", style="List Number")

    body = _body(_import(build), "Schritte")
    assert body == "1. erheben\n2. planen\n\nZwischentext\n\n3. umsetzen"


def test_character_styles_and_page_breaks():
    def build(document):
        document.add_heading("Stil", 1)
        paragraph = document.add_paragraph("Das ist ")
        paragraph.add_run("wichtig", style="Strong")
        paragraph.add_run(".").add_break(WD_BREAK.PAGE)
        paragraph.add_run("Weiter")

    assert _body(_import(build), "Stil") == "Das ist **wichtig**.Weiter"


def test_content_controls_and_custom_xml_are_looked_through():
    def build(document):
        body = document.element.body
        for wrapper in (
            '<w:sdt {ns}><w:sdtPr><w:alias w:val="Name"/></w:sdtPr><w:sdtContent>{p}'
            "</w:sdtContent></w:sdt>",
            '<w:customXml {ns} w:element="x">{p}</w:customXml>',
        ):
            paragraph = "<w:p><w:r><w:t>Landkreis</w:t></w:r></w:p>"
            body.insert(len(body) - 1, parse_xml(wrapper.format(ns=NS, p=paragraph)))

    result = _import(build)
    assert result.sections[0].body == "Landkreis\n\nLandkreis"


def test_merged_cells_are_split_and_reported():
    def build(document):
        document.add_heading("Tabelle", 1)
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "Überblick"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "Lotsen"
        table.cell(1, 1).text = "2024"
        table.cell(2, 1).text = "Zeile 1\nZeile 2"

    result = _import(build)
    assert _body(result, "Tabelle") == (
        "| Überblick |  |\n| --- | --- |\n| Lotsen | 2024 |\n|  | Zeile 1<br>Zeile 2 |"
    )
    assert _messages(result) == ["Verbundene Zellen getrennt: der Text steht in der ersten Zelle"]


def test_nested_table_is_flattened_into_its_cell_and_reported():
    def build(document):
        document.add_heading("Tabelle", 1)
        outer = document.add_table(rows=1, cols=1)
        inner = outer.cell(0, 0).add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "A", "B"

    result = _import(build)
    assert _body(result, "Tabelle") == "| A / B |\n| --- |"
    assert _messages(result) == ["Verschachtelte Tabelle in der Zelle als Text übernommen"]
    assert result.problems[0].location == "Abschnitt „Tabelle“, Tabelle 1, Zeile 1, Spalte 1"


def test_tracked_insertion_is_kept_and_deletion_dropped_both_reported():
    def build(document):
        document.add_heading("Änderungen", 1)
        paragraph = document.add_paragraph("Frist: ")
        _xml(paragraph, '<w:ins w:id="1" w:author="KI"><w:r><w:t>30. Juni</w:t></w:r></w:ins>')
        _xml(
            paragraph,
            '<w:del w:id="2" w:author="KI"><w:r><w:delText>31. Mai</w:delText></w:r></w:del>',
        )

    result = _import(build)
    assert _body(result, "Änderungen") == "Frist: 30. Juni"
    assert _messages(result) == [
        "Nachverfolgte Änderung: eingefügter Text übernommen",
        "Nachverfolgte Änderung: gelöschter Text nicht übernommen",
    ]


def _fld(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    """A complex field as Word writes it: instruction, then the result it last displayed."""
    code = f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
    return _fld("begin") + code + _fld("separate") + _t(shown) + _fld("end")


def _add_paragraph_xml(document, inner: str, style: str = "") -> None:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f"<w:p {NS}>{properties}{inner}</w:p>"))


def test_table_of_contents_field_is_skipped_and_reported():
    def build(document):
        toc = _field('TOC \\o "1-3" \\h', "1 Einleitung 3")
        start, end = toc.split(_fld("end"))[0], _fld("end")
        _add_paragraph_xml(document, start, "TOC1")
        _add_paragraph_xml(document, _t("2 Ziele 5") + end, "TOC1")
        document.add_heading("Einleitung", 1)

    result = _import(build)
    assert result.sections == (ImportedSection(1, "Einleitung", ""),)
    assert _messages(result) == [
        "Inhaltsverzeichnis nicht übernommen (wird beim Export neu erzeugt)"
    ]


def test_typed_table_of_contents_and_its_heading_are_skipped_and_reported():
    def build(document):
        document.add_paragraph("Inhalt", style="TOC Heading")
        entry = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("1 Einleitung ........ 3", style=entry)
        document.add_heading("Einleitung", 1)

    result = _import(build)
    assert result.sections == (ImportedSection(1, "Einleitung", ""),)
    assert _messages(result) == [
        "Inhaltsverzeichnis nicht übernommen (wird beim Export neu erzeugt)"
    ]


def test_table_of_contents_content_control_is_skipped_and_reported():
    def build(document):
        body = document.element.body
        control = (
            f'<w:sdt {NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
            "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Inhalt</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
        body.insert(len(body) - 1, parse_xml(control))
        document.add_heading("Einleitung", 1)

    result = _import(build)
    assert result.sections == (ImportedSection(1, "Einleitung", ""),)
    assert _messages(result) == [
        "Inhaltsverzeichnis nicht übernommen (wird beim Export neu erzeugt)"
    ]


def test_hyperlink_field_becomes_a_link_and_other_fields_keep_their_text():
    def build(document):
        document.add_heading("Felder", 1)
        link = _field('HYPERLINK "https://kim.example.org"', "KIM")
        _add_paragraph_xml(
            document, _t("Siehe ") + link + _t(", Stand ") + _field("DATE", "1.2.2025")
        )

    result = _import(build)
    assert _body(result, "Felder") == "Siehe [KIM](https://kim.example.org), Stand 1.2.2025"
    assert _messages(result) == ["Feld „DATE“ als fester Text übernommen"]


def test_links_other_than_http_and_mailto_stay_text_and_are_reported():
    def build(document):
        document.add_heading("Links", 1)
        paragraph = document.add_paragraph("")
        _hyperlink(paragraph, "Klick", "javascript:alert(1)")
        second = document.add_paragraph("")
        _hyperlink(second, "Mail", "mailto:ki@kreis.example")

    result = _import(build)
    assert _body(result, "Links") == "Klick\n\n[Mail](mailto:ki@kreis.example)"
    assert _messages(result) == [
        "Verweis auf „javascript:alert(1)“ als Text übernommen (nur http, https und mailto)"
    ]


def test_text_box_is_reported_with_its_text():
    def build(document):
        document.add_heading("Kasten", 1)
        paragraph = document.add_paragraph("Hinweis")
        _xml(
            paragraph,
            '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>Wichtig: Fristen beachten</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
        )

    result = _import(build)
    assert _body(result, "Kasten") == "Hinweis"
    assert _messages(result) == ["Textfeld nicht übernommen: „Wichtig: Fristen beachten“"]


def test_equation_symbol_and_section_break_are_reported():
    def build(document):
        document.add_heading("Sonstiges", 1)
        paragraph = document.add_paragraph("Quote")
        _xml(
            paragraph,
            '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
            "<m:r><m:t>x</m:t></m:r></m:oMath>",
        )
        _xml(paragraph, '<w:r><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>')
        document.add_section()
        document.add_paragraph("Weiter")

    result = _import(build)
    assert _body(result, "Sonstiges") == "Quote\n\nWeiter"
    assert set(_messages(result)) == {
        "Formel nicht übernommen",
        "Sonderzeichen aus einer Symbolschrift nicht übernommen",
        "Abschnittswechsel (Seitenformat, Spalten) nicht übernommen",
    }


def test_headers_and_footers_are_reported_once():
    def build(document):
        document.sections[0].header.paragraphs[0].text = "Kreis Beispiel"
        document.sections[0].footer.paragraphs[0].text = "Entwurf"
        document.add_heading("Ziele", 1)

    result = _import(build)
    assert [(p.location, p.message) for p in result.problems] == [
        ("Kopf- und Fußzeilen", "Inhalt der Kopf- und Fußzeilen nicht übernommen")
    ]


def test_problems_beyond_the_limit_are_counted_not_listed():
    def build(document):
        document.add_heading("Viele", 1)
        for number in range(MAX_PROBLEMS + 20):
            _xml(document.add_paragraph(f"Absatz {number}"), '<w:r><w:sym w:char="F0E0"/></w:r>')

    problems = _import(build).problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message == "20 weitere Hinweise nicht einzeln aufgeführt"


def test_300_sections_import_in_one_linear_pass():
    document = Document()
    for number in range(300):
        document.add_heading(f"Abschnitt {number}", 1 + number % 3)
        document.add_paragraph("Text " * 40)
        document.add_paragraph("Punkt", style="List Bullet")
    data = _bytes(document)
    started = time.perf_counter()
    result = import_docx(data)
    print(f"300 sections imported in {time.perf_counter() - started:.3f} s")
    assert len(result.sections) == 300
    assert result.sections[299].heading == "Abschnitt 299"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _broken_docx() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_bytes(Document())))
    files = {name: source.read(name) for name in source.namelist()}
    files["word/document.xml"] = b"<w:document><w:body><w:p>"
    return _zip(files)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kein Word-Dokument"),
        (b"%PDF-1.7 not a zip", "kein Word-Dokument"),
        (_zip({"hello.txt": b"hi"}), "kein Word-Dokument"),
        (_zip({"[Content_Types].xml": b"<Types/>", "mimetype": b"x"}), "beschädigt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "alten Word-Format"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            "Kennwort",
        ),
    ],
)
def test_unreadable_files_are_refused_with_a_german_reason(data, message):
    with pytest.raises(UnreadableDocument, match=message):
        import_docx(data)


def test_corrupt_document_xml_is_refused():
    with pytest.raises(UnreadableDocument, match="beschädigt"):
        import_docx(_broken_docx())


def test_other_office_files_are_not_word_documents():
    source = zipfile.ZipFile(io.BytesIO(_bytes(Document())))
    files = {name: source.read(name) for name in source.namelist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    with pytest.raises(UnreadableDocument, match="kein Word-Dokument"):
        import_docx(_zip(files))
