"""Two versions compared in Word: summary, and every change as a real tracked change."""

import io
from dataclasses import replace
from datetime import UTC, datetime

from docx import Document
from docx.oxml.ns import nsmap, qn

from documents.docx_comparison import build_comparison_docx
from documents.docx_data import ComparedSection, ComparisonExport

NS = {"w": nsmap["w"]}
CHANGED = ComparedSection(
    heading="Ziele",
    level=1,
    state="changed",
    notes=("verschoben", "umbenannt: Leitziele → Ziele"),
    heading_segments=(("delete", "Leitziele"), ("insert", "Ziele")),
    body_segments=(
        ("equal", "Wir "),
        ("delete", "wollen"),
        ("insert", "werden"),
        ("equal", " handeln.\nZweite Zeile"),
    ),
)
ADDED = ComparedSection(
    heading="Neues Feld",
    level=2,
    state="added",
    notes=(),
    heading_segments=(("insert", "Neues Feld"),),
    body_segments=(("insert", "Erster Absatz\n\nZweiter Absatz"),),
)
REMOVED = ComparedSection(
    heading="Altes Feld",
    level=3,
    state="removed",
    notes=(),
    heading_segments=(("delete", "Altes Feld"),),
    body_segments=(("delete", "Weg damit"),),
)
SAME = ComparedSection(
    heading="Anhang",
    level=1,
    state="same",
    notes=(),
    heading_segments=(("equal", "Anhang"),),
    body_segments=(("equal", "Unverändert"),),
)
EXPORT = ComparisonExport(
    title="Kreisweites Handlungskonzept",
    body_name="Lenkungsgruppe KIM",
    from_number="1.0",
    to_number="2.0",
    summary=(("geändert", 1), ("neu", 1), ("gestrichen", 1), ("unverändert", 1)),
    sections=(CHANGED, ADDED, REMOVED, SAME),
    generated_at=datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
)


def _build(**changes):
    return Document(io.BytesIO(build_comparison_docx(replace(EXPORT, **changes))))


def _marked(element, kind: str) -> list[str]:
    """Return the text inside each w:ins or w:del below ``element`` (w:t or w:delText)."""
    return [
        "".join(mark.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))
        for mark in element.xpath(f".//w:{kind}[w:r]")
    ]


def _paragraph(document, text_in_it: str):
    """Find the paragraph whose XML holds ``text_in_it`` in any run, tracked or not."""
    for paragraph in document.paragraphs:
        texts = paragraph._p.xpath(".//w:t/text() | .//w:delText/text()")
        if text_in_it in "".join(texts):
            return paragraph
    raise AssertionError(f"no paragraph holds {text_in_it!r}")


def _mark_of_paragraph(paragraph) -> list[str]:
    """Return how the paragraph mark itself is tracked: [], ["ins"] or ["del"]."""
    return [el.tag.rsplit("}", 1)[1] for el in paragraph._p.xpath("./w:pPr/w:rPr/*")]


def test_the_head_names_document_versions_body_and_a_legend_for_black_and_white_prints():
    texts = [p.text for p in _build().paragraphs]
    assert texts[:4] == [
        "Kreisweites Handlungskonzept",
        "Vergleich Version 1.0 → 2.0",
        "Lenkungsgruppe KIM",
        "Erstellt am 24.11.2026, 14:00 Uhr",
    ]
    legend = texts[4]
    assert "unterstrichen" in legend and "durchgestrichen" in legend


def test_the_summary_table_counts_the_kinds_of_change():
    table = _build().tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Änderung", "Anzahl"],
        ["geändert", "1"],
        ["neu", "1"],
        ["gestrichen", "1"],
        ["unverändert", "1"],
    ]


def test_changed_words_are_real_word_revisions_by_the_portal():
    document = _build()
    body = _paragraph(document, "handeln.")._p
    assert _marked(body, "del") == ["wollen"]
    assert _marked(body, "ins") == ["werden"]
    marks = document.element.body.xpath(".//w:ins | .//w:del")
    authors = {mark.get(qn("w:author")) for mark in marks}
    dates = {mark.get(qn("w:date")) for mark in marks}
    assert authors == {"KIM-Portal"}
    assert dates == {"2026-11-24T13:00:00Z"}
    ids = [mark.get(qn("w:id")) for mark in marks]
    assert len(ids) == len(set(ids))


def test_deleted_text_is_stored_as_deleted_text_and_never_as_plain_text():
    body = _build().element.body
    assert body.xpath(".//w:del//w:t") == []
    assert body.xpath(".//w:ins//w:delText") == []


def test_the_heading_change_is_tracked_in_the_heading_style():
    heading = _paragraph(_build(), "Leitziele")
    assert heading.style.name == "Heading 1"
    assert _marked(heading._p, "del") == ["Leitziele"]
    assert _marked(heading._p, "ins") == ["Ziele"]


def test_notes_and_the_state_of_whole_sections_are_printed_in_italics():
    texts = {p.text: p for p in _build().paragraphs}
    for note in (
        "verschoben; umbenannt: Leitziele → Ziele",
        "Abschnitt neu aufgenommen",
        "Abschnitt gestrichen",
    ):
        assert all(run.italic for run in texts[note].runs)


def test_an_added_section_is_inserted_completely_paragraph_marks_included():
    document = _build()
    heading = _paragraph(document, "Neues Feld")
    first, second = _paragraph(document, "Erster Absatz"), _paragraph(document, "Zweiter Absatz")
    assert heading.style.name == "Heading 2"
    assert [_marked(p._p, "ins") for p in (heading, first, second)] == [
        ["Neues Feld"],
        ["Erster Absatz"],
        ["Zweiter Absatz"],
    ]
    assert [_mark_of_paragraph(p) for p in (heading, first, second)] == [["ins"]] * 3
    assert first.runs == []  # nothing outside the revision


def test_a_removed_section_is_deleted_completely_paragraph_marks_included():
    document = _build()
    heading, body = _paragraph(document, "Altes Feld"), _paragraph(document, "Weg damit")
    assert heading.style.name == "Heading 3"
    assert _marked(heading._p, "del") == ["Altes Feld"]
    assert _marked(body._p, "del") == ["Weg damit"]
    assert [_mark_of_paragraph(p) for p in (heading, body)] == [["del"], ["del"]]


def test_a_section_marked_whole_wins_over_segment_kinds_that_say_otherwise():
    sloppy = replace(ADDED, heading_segments=(("equal", "Neu"),), body_segments=(("equal", "x"),))
    body = _build(sections=(sloppy,)).element.body
    assert _marked(body, "ins") == ["Neu", "x"]


def test_an_unchanged_section_carries_no_revision_marks():
    document = _build(sections=(SAME,))
    assert document.element.body.xpath(".//w:ins | .//w:del") == []
    assert [p.text for p in document.paragraphs][-2:] == ["Anhang", "Unverändert"]


def test_blank_lines_start_paragraphs_and_single_newlines_break_lines():
    section = replace(
        CHANGED,
        body_segments=(
            ("equal", "Eins\nzwei"),
            ("insert", " drei\n\nVier"),
            ("equal", "\n\nFünf"),
        ),
    )
    document = _build(sections=(section,))
    first = _paragraph(document, "Eins")
    assert first._p.xpath("count(.//w:br)") == 1
    assert _marked(first._p, "ins") == [" drei"]
    assert _mark_of_paragraph(first) == ["ins"]  # the new paragraph break is an insertion
    second = _paragraph(document, "Vier")
    assert _marked(second._p, "ins") == ["Vier"]
    assert _mark_of_paragraph(second) == []  # the equal break before "Fünf" is untracked
    assert _paragraph(document, "Fünf") is not second


def test_umlauts_emoji_right_to_left_text_and_control_characters_survive():
    section = replace(
        CHANGED,
        heading_segments=(("equal", "Übergänge\x07 🚀"),),
        body_segments=(("delete", "Maß\x00"), ("insert", "Größe שלום 👍"), ("equal", " ß")),
    )
    document = _build(title="Straßen\x1b-Konzept", sections=(section,))
    assert document.paragraphs[0].text == "Straßen-Konzept"
    body = _paragraph(document, " ß")._p
    assert _marked(body, "del") == ["Maß"]
    assert _marked(body, "ins") == ["Größe שלום 👍"]
    assert _paragraph(document, "Übergänge 🚀").style.name == "Heading 1"


def test_script_tags_stay_literal_text():
    section = replace(CHANGED, body_segments=(("insert", "<script>alert(1)</script>"),))
    body = _build(sections=(section,)).element.body
    assert _marked(body, "ins")[-1] == "<script>alert(1)</script>"


def test_no_sections_are_said_in_words():
    texts = [p.text for p in _build(sections=(), summary=()).paragraphs]
    assert "Keine der beiden Versionen enthält Abschnitte." in texts
