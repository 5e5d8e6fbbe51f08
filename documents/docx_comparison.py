"""Two versions of the Handlungskonzept compared, as a .docx file with Word revision marks.

Changes are written as real tracked changes (``w:ins``/``w:del`` by "KIM-Portal"), so Word lists
them in its review pane and a reader can step through, accept or reject them. Word shows
insertions underlined and deletions struck through whatever the colour settings, and a legend
says so, which keeps the file readable on a black-and-white printout. Section bodies are shown
as their Markdown source: a word-level change inside a list or table has no other faithful form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length
from lxml.etree import SubElement

from documents.docx_data import ComparedSection, ComparisonExport
from documents.docx_markdown import add_text_paragraph
from meetings.docx_common import (
    TEXT_WIDTH,
    add_row,
    add_table,
    add_text,
    clean,
    clock_text,
    new_document,
    to_bytes,
)
from meetings.textdiff import ADDED, DELETE, EQUAL, INSERT, REMOVED
from portal.timeutil import date_text, to_local

AUTHOR = "KIM-Portal"
DOCUMENT_TITLE = "{title}: Vergleich Version {old} → {new}"
HEADER = "{body} · {title}"
FOOTER = "Vergleich Version {old} → {new}"
SUBTITLE = "Vergleich Version {old} → {new}"
GENERATED_LABEL = "Erstellt am {date}, {time}"
LEGEND = (
    "Lesehilfe: Eingefügter Text ist unterstrichen, gestrichener Text ist durchgestrichen. "
    "In Word erscheinen die Unterschiede als nachverfolgte Änderungen von „KIM-Portal“ "
    "(Registerkarte „Überprüfen“), die sich einzeln annehmen oder ablehnen lassen. "
    "Abschnittstexte stehen in ihrer Markdown-Schreibweise."
)
SUMMARY_HEADING = "Übersicht"
SUMMARY_COLUMNS = ("Änderung", "Anzahl")
CHANGES_HEADING = "Abschnitte"
NO_SECTIONS = "Keine der beiden Versionen enthält Abschnitte."
STATE_NOTES = {ADDED: "Abschnitt neu aufgenommen", REMOVED: "Abschnitt gestrichen"}
NOTE_SEPARATOR = "; "

_SUMMARY_WIDTHS: tuple[Length, ...] = (Length(TEXT_WIDTH - Cm(3.0)), Cm(3.0))
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
_W = {
    name: qn(f"w:{name}")
    for name in ("p", "pPr", "pStyle", "r", "rPr", "t", "delText", "br", "ins", "del")
}
_XML_SPACE = qn("xml:space")


class _Revisions:
    """Hand out revision marks: one author and date, ids unique in the document."""

    def __init__(self, date: str) -> None:
        self.date = date
        self.last_id = 0

    def mark(self, parent: BaseOxmlElement, kind: str) -> BaseOxmlElement:
        """Append a ``w:ins`` or ``w:del`` element for a change of ``kind`` to ``parent``."""
        self.last_id += 1
        element = SubElement(parent, _W["ins"] if kind == INSERT else _W["del"])
        element.set(qn("w:id"), str(self.last_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        return element


def build_comparison_docx(export: ComparisonExport) -> bytes:
    """Build the comparison of two versions and return the .docx file's bytes."""
    old, new = export.from_number, export.to_number
    document = new_document(
        title=DOCUMENT_TITLE.format(title=export.title, old=old, new=new),
        author=export.body_name,
        created_at=export.generated_at,
        header_text=HEADER.format(body=export.body_name, title=export.title),
        footer_text=FOOTER.format(old=old, new=new),
    )
    _add_head(document, export)
    _add_summary(document, export.summary)
    add_text(document, CHANGES_HEADING, style="Heading 1")
    if not export.sections:
        add_text(document, NO_SECTIONS)
    revisions = _Revisions(f"{export.generated_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}")
    for section in export.sections:
        _add_section(document, section, revisions)
    return to_bytes(document)


def _add_head(document: DocumentObject, export: ComparisonExport) -> None:
    add_text(document, export.title, style="Title")
    add_text(
        document, SUBTITLE.format(old=export.from_number, new=export.to_number), style="Subtitle"
    )
    add_text(document, export.body_name)
    local = to_local(export.generated_at)
    add_text(document, GENERATED_LABEL.format(date=date_text(local), time=clock_text(local)))
    add_text(document, LEGEND)


def _add_summary(document: DocumentObject, summary: Sequence[tuple[str, int]]) -> None:
    add_text(document, SUMMARY_HEADING, style="Heading 1")
    table = add_table(document, SUMMARY_COLUMNS, _SUMMARY_WIDTHS)
    for label, count in summary:
        add_row(table, (label, str(count)))


def _add_section(document: DocumentObject, section: ComparedSection, revisions: _Revisions) -> None:
    """Write a section's heading and body with their changes, and notes on what happened."""
    whole = INSERT if section.state == ADDED else DELETE if section.state == REMOVED else None
    style = f"Heading {min(max(section.level, 1), 3)}"
    heading = add_text_paragraph(document, style=style)
    _write_segments(heading, section.heading_segments, whole, revisions)
    notes = [STATE_NOTES[section.state]] if section.state in STATE_NOTES else []
    notes += [note for note in section.notes if note.strip()]
    if notes:
        add_text_paragraph(document, NOTE_SEPARATOR.join(notes), italic=True)
    if any(text for _, text in section.body_segments):
        _write_segments(add_text_paragraph(document), section.body_segments, whole, revisions)


def _write_segments(
    p: BaseOxmlElement,
    segments: Sequence[tuple[str, str]],
    whole: str | None,
    revisions: _Revisions,
) -> None:
    """Write segments into ``p`` and the paragraphs that "\\n\\n" starts after it.

    ``whole`` (insert or delete) marks every segment and every paragraph mark, so accepting
    the change removes a deleted section completely, paragraphs and all.
    """
    for kind, raw in segments:
        kind = whole or kind
        for index, part in enumerate(_PARAGRAPH_BREAK.split(clean(raw))):
            if index:
                _mark_paragraph_end(p, kind, revisions)
                p = _next_paragraph(p)
            if part:
                _write_text(p, part, kind, revisions)
    if whole:
        _mark_paragraph_end(p, whole, revisions)


def _write_text(p: BaseOxmlElement, text: str, kind: str, revisions: _Revisions) -> None:
    """Write one stretch of a paragraph, "\\n" as line breaks, inside a revision if changed."""
    target = p if kind == EQUAL else revisions.mark(p, kind)
    text_tag = _W["delText"] if kind == DELETE else _W["t"]
    for index, line in enumerate(text.split("\n")):
        if index:
            SubElement(SubElement(target, _W["r"]), _W["br"])
        if line:
            t = SubElement(SubElement(target, _W["r"]), text_tag)
            t.text = line
            t.set(_XML_SPACE, "preserve")


def _mark_paragraph_end(p: BaseOxmlElement, kind: str, revisions: _Revisions) -> None:
    """Mark the paragraph mark itself as inserted or deleted (a new or a merged paragraph)."""
    if kind == EQUAL:
        return
    ppr = p.find(_W["pPr"])
    if ppr is None:
        ppr = SubElement(p, _W["pPr"])
        p.insert(0, ppr)
    rpr = ppr.find(_W["rPr"])
    if rpr is None:
        rpr = SubElement(ppr, _W["rPr"])
    revisions.mark(rpr, kind)


def _next_paragraph(p: BaseOxmlElement) -> BaseOxmlElement:
    """Start a paragraph after ``p`` in the same style."""
    following = p.makeelement(_W["p"], {})
    p.addnext(following)
    style = p.find(f"{_W['pPr']}/{_W['pStyle']}")
    if style is not None:
        ppr = SubElement(following, _W["pPr"])
        SubElement(ppr, _W["pStyle"]).set(qn("w:val"), style.get(qn("w:val")))
    return following
