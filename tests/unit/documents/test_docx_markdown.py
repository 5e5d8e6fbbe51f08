"""User Markdown becomes Word formatting, parsed the way the web pages parse it."""

import gc
import io
import weakref
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from documents.docx_markdown import add_markdown, add_text_paragraph


def _reopen(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return Document(io.BytesIO(buffer.getvalue()))


def _render(text: str, **options):
    """Write ``text`` into an empty document, save it and open the saved file again."""
    document = Document()
    add_markdown(document, text, **options)
    return _reopen(document)


def _styled(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def _runs(paragraph) -> list[tuple[str, bool, bool]]:
    return [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs]


def _num_id(paragraph) -> int:
    return int(paragraph._p.pPr.numPr.numId.val)


def _start_override(document, num_id: int) -> int:
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    return int(num.xpath("./w:lvlOverride/w:startOverride/@w:val")[0])


def test_blank_lines_separate_paragraphs_and_single_newlines_join_lines():
    document = _render("Erster Absatz\nläuft weiter.\n\nZweiter   Absatz.")
    assert _styled(document) == [
        ("Normal", "Erster Absatz läuft weiter."),
        ("Normal", "Zweiter Absatz."),
    ]


def test_bold_italic_and_code_become_run_formatting():
    paragraph = _render("Ein **wichtiger** und *betonter* Satz mit `code  x`.").paragraphs[0]
    assert _runs(paragraph) == [
        ("Ein ", False, False),
        ("wichtiger", True, False),
        (" und ", False, False),
        ("betonter", False, True),
        (" Satz mit ", False, False),
        ("code x", False, False),
        (".", False, False),
    ]
    assert paragraph.runs[5].font.name == "Courier New"


def test_bold_inside_italic_keeps_both():
    paragraph = _render("***beides*** und *kursiv **fett***").paragraphs[0]
    assert ("beides", True, True) in _runs(paragraph)
    assert ("fett", True, True) in _runs(paragraph)


def test_two_trailing_spaces_make_a_line_break_within_the_paragraph():
    document = _render("Zeile eins  \nZeile zwei")
    assert _styled(document) == [("Normal", "Zeile eins\nZeile zwei")]


def test_bullet_and_numbered_lists_use_words_list_styles_nested_to_three_levels():
    text = (
        "- Punkt\n    - Unterpunkt\n        - Tiefer\n            - Noch tiefer\n\n"
        "1. Erstens\n2. Zweitens\n    1. Zweitens a"
    )
    assert _styled(_render(text)) == [
        ("List Bullet", "Punkt"),
        ("List Bullet 2", "Unterpunkt"),
        ("List Bullet 3", "Tiefer"),
        ("List Bullet 3", "Noch tiefer"),
        ("List Number", "Erstens"),
        ("List Number", "Zweitens"),
        ("List Number 2", "Zweitens a"),
    ]


def test_every_numbered_list_starts_again_at_its_own_first_number():
    document = _render("1. a\n2. b\n\nZwischentext\n\n1. c\n\nText\n\n3. d\n4. e")
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    first, second, third = _num_id(numbered[0]), _num_id(numbered[2]), _num_id(numbered[3])
    assert _num_id(numbered[1]) == first
    assert len({first, second, third}) == 3
    assert [_start_override(document, n) for n in (first, second, third)] == [1, 1, 3]


def test_an_item_with_several_paragraphs_continues_under_its_bullet():
    document = _render("- Erster Absatz\n\n    Zweiter Absatz\n\n- Nächster Punkt")
    assert _styled(document) == [
        ("List Bullet", "Erster Absatz"),
        ("List Continue", "Zweiter Absatz"),
        ("List Bullet", "Nächster Punkt"),
    ]


def test_links_become_word_hyperlinks_with_an_external_relationship():
    document = _render(
        "Siehe [Portal](https://kim.example/a?b=1&c=2) und <https://kim.example/a?b=1&c=2>."
    )
    paragraph = document.paragraphs[0]
    assert [(link.text, link.address) for link in paragraph.hyperlinks] == [
        ("Portal", "https://kim.example/a?b=1&c=2"),
        ("https://kim.example/a?b=1&c=2", "https://kim.example/a?b=1&c=2"),
    ]
    rels = [r for r in document.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert [(r.is_external, r.target_ref) for r in rels] == [
        (True, "https://kim.example/a?b=1&c=2")
    ]
    run = paragraph.hyperlinks[0].runs[0]
    assert run.font.underline is True
    assert str(run.font.color.rgb) == "0563C1"


def test_mail_links_are_hyperlinks_too():
    paragraph = _render("[Schreiben](mailto:ki@kreis.example)").paragraphs[0]
    assert [link.address for link in paragraph.hyperlinks] == ["mailto:ki@kreis.example"]


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/intern/seite"]
)
def test_links_to_other_schemes_keep_their_text_but_no_link(target):
    document = _render(f"Bitte [hier]({target}) klicken.")
    assert document.paragraphs[0].text == "Bitte hier klicken."
    assert document.paragraphs[0].hyperlinks == []
    assert all(r.reltype != RELATIONSHIP_TYPE.HYPERLINK for r in document.part.rels.values())


def test_a_markdown_table_becomes_a_word_table_with_a_repeated_bold_header():
    text = "| Maßnahme | Stand |\n|:--|--:|\n| **Sprachkurs** | 80 % |\n| Beratung | |"
    document = _render(text)
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Maßnahme", "Stand"],
        ["Sprachkurs", "80 %"],
        ["Beratung", ""],
    ]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert not table.rows[1].cells[1].paragraphs[0].runs[0].bold
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right, as the colon says


def _shown_text(element) -> str:
    """The text of all w:t below an element, as Word would print it."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.mark.parametrize("tag", ["<br>", "<br/>", "<BR />"])
def test_a_br_in_a_table_cell_becomes_a_word_line_break(tag):
    document = _render(f"| Kopf{tag}zeile | B |\n|---|---|\n| a{tag}b | c |")
    table = document.tables[0]
    cell, header = table.cell(1, 0), table.cell(0, 0)
    assert len(cell._tc.findall(f".//{qn('w:br')}")) == 1
    assert len(cell.paragraphs) == 1
    assert cell.text == "a\nb"
    assert [run.text for run in cell.paragraphs[0].runs] == ["a", "\n", "b"]
    assert "<" not in _shown_text(table._tbl)
    assert header.text == "Kopf\nzeile"
    assert all(run.bold for run in header.paragraphs[0].runs if run.text != "\n")
    assert table.cell(1, 1)._tc.find(f".//{qn('w:br')}") is None


def test_a_br_outside_a_table_cell_stays_literal_text():
    document = _render("a<br>b\n\n- c<br/>d\n\n> e<BR>f")
    assert [p.text for p in document.paragraphs] == ["a<br>b", "c<br/>d", "e<BR>f"]
    assert document.element.body.find(f".//{qn('w:br')}") is None


def test_an_escaped_or_quoted_br_in_a_table_cell_stays_literal_text():
    document = _render("| x | y |\n|---|---|\n| a&lt;br>b | `c<br>d` |")
    cells = document.tables[0].rows[1].cells
    assert [cell.text for cell in cells] == ["a<br>b", "c<br>d"]
    assert document.tables[0]._tbl.find(f".//{qn('w:br')}") is None


def test_a_br_in_a_linked_cell_text_keeps_both_lines_linked():
    document = _render("| x |\n|---|\n| [Kreis<br>Haus](https://kreis.example) |")
    paragraph = document.tables[0].cell(1, 0).paragraphs[0]
    assert [link.text for link in paragraph.hyperlinks] == ["Kreis", "Haus"]
    assert {link.url for link in paragraph.hyperlinks} == {"https://kreis.example"}
    assert paragraph._p.find(f"./{qn('w:r')}/{qn('w:br')}") is not None


def test_headings_inside_a_body_are_bold_paragraphs_outside_the_outline():
    document = _render("#### Zwischenüberschrift\n\nText")
    heading = document.paragraphs[0]
    assert (heading.style.name, heading.text) == ("Normal", "Zwischenüberschrift")
    assert all(run.bold for run in heading.runs)
    assert heading.paragraph_format.keep_with_next


def test_quotes_are_indented_and_nested_quotes_further():
    document = _render("> Zitat\n>\n> > im Zitat\n\nDanach")
    quote, inner, after = document.paragraphs
    assert quote.text == "Zitat" and inner.text == "im Zitat"
    assert 0 < quote.paragraph_format.left_indent < inner.paragraph_format.left_indent
    assert after.paragraph_format.left_indent is None


def test_code_blocks_keep_lines_spaces_and_angle_brackets():
    paragraph = _render("    if a  <  b:\n        return\n").paragraphs[0]
    assert paragraph.text == "if a  <  b:\n    return"
    assert {run.font.name for run in paragraph.runs if run.text != "\n"} == {"Courier New"}


def test_a_horizontal_rule_is_a_bordered_empty_paragraph():
    document = _render("oben\n\n---\n\nunten")
    rule = document.paragraphs[1]
    assert rule.text == ""
    assert rule._p.pPr.find(qn("w:pBdr")) is not None


def test_raw_html_stays_literal_text_and_runs_nowhere():
    document = _render(
        "<script>alert('x')</script>\n\nein <b>fetter</b> Versuch <img src=x onerror=y>"
    )
    assert [p.text for p in document.paragraphs] == [
        "<script>alert('x')</script>",
        "ein <b>fetter</b> Versuch <img src=x onerror=y>",
    ]
    assert not any(run.bold for p in document.paragraphs for run in p.runs)


def test_entities_are_shown_as_the_characters_they_name():
    assert _render("AT&amp;T &copy; 2026 & mehr").paragraphs[0].text == "AT&T © 2026 & mehr"


def test_control_characters_are_dropped_instead_of_breaking_the_file():
    document = _render("Text\x00 mit\x07 Steuer\x1bzeichen\x0b und **fett\x0c**\r\n\r\n- Liste\x01")
    assert _styled(document) == [
        ("Normal", "Text mit Steuerzeichen und fett"),
        ("List Bullet", "Liste"),
    ]


def test_umlauts_sharp_s_emoji_and_right_to_left_text_survive():
    text = "Größe & Maß 😀 – مرحبا بكم – שלום\n\n- Übergänge für Zugewanderte 🇩🇪"
    assert [p.text for p in _render(text).paragraphs] == [
        "Größe & Maß 😀 – مرحبا بكم – שלום",
        "Übergänge für Zugewanderte 🇩🇪",
    ]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01"])
def test_empty_text_adds_nothing(text):
    assert _render(text).paragraphs == []


def test_plain_paragraphs_take_the_base_style_and_lists_keep_theirs():
    document = _render("Absatz\n\n- Punkt", base_style="Body Text")
    assert _styled(document) == [("Body Text", "Absatz"), ("List Bullet", "Punkt")]


def test_the_section_properties_stay_last_in_the_body():
    document = Document()
    add_markdown(document, "Eins\n\n| a |\n|---|\n| b |")
    add_text_paragraph(document, "Zwei", style="Heading 1")
    assert document.element.body[-1].tag == qn("w:sectPr")
    assert _styled(_reopen(document))[-1] == ("Heading 1", "Zwei")


def test_in_a_table_cell_markdown_replaces_the_empty_placeholder_paragraph():
    document = Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    add_markdown(cell, "- a\n- b")
    add_markdown(document.tables[0].cell(0, 1), "| x |\n|---|\n| y |")
    reopened = _reopen(document).tables[0]
    left, right = reopened.cell(0, 0), reopened.cell(0, 1)
    assert [(p.style.name, p.text) for p in left.paragraphs] == [
        ("List Bullet", "a"),
        ("List Bullet", "b"),
    ]
    assert right.tables[0].cell(1, 0).text == "y"
    assert right._tc[-1].tag == qn("w:p")  # Word needs a paragraph after a nested table


def test_a_plain_text_paragraph_is_not_parsed_and_keeps_its_line_breaks():
    document = Document()
    add_text_paragraph(document, "**nicht fett**\nzweite Zeile\x07", style="Heading 2", italic=True)
    paragraph = _reopen(document).paragraphs[0]
    assert (paragraph.style.name, paragraph.text) == ("Heading 2", "**nicht fett**\nzweite Zeile")
    assert all(run.italic and not run.bold for run in paragraph.runs if run.text != "\n")


def test_very_deep_nesting_keeps_its_text_instead_of_failing():
    quotes = _render(">" * 280 + " ganz innen")
    assert quotes.paragraphs[-1].text.endswith("ganz innen")
    lists = _render("".join("    " * depth + f"- Ebene{depth}\n" for depth in range(120)))
    assert "Ebene119" in lists.paragraphs[-1].text


def test_documents_are_not_kept_alive_by_what_the_writer_remembers():
    document = Document()
    add_markdown(document, "[Link](https://kim.example) und\n\n1. eins")
    part = weakref.ref(document.part)
    del document
    gc.collect()
    assert part() is None


def test_threads_writing_at_the_same_time_get_their_own_text():
    def write(number: int) -> list[str]:
        document = Document()
        for line in range(30):
            add_markdown(document, f"- Thread {number} Zeile {line}\n- **fett {number}**")
        return [p.text for p in document.paragraphs]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(write, range(8)))
    for number, texts in enumerate(results):
        assert texts[::2] == [f"Thread {number} Zeile {line}" for line in range(30)]
        assert set(texts[1::2]) == {f"fett {number}"}


@pytest.mark.parametrize("source", ["*>**>*&t;", "**a*b**c*\x02", "text \x07 bell"])
def test_markdown_that_leaves_control_characters_still_exports(source):
    document = Document()

    add_markdown(document, source)

    saved = io.BytesIO()
    document.save(saved)
    reopened = Document(io.BytesIO(saved.getvalue()))
    assert all(ord(ch) >= 32 or ch in "\t\n" for p in reopened.paragraphs for ch in p.text)
