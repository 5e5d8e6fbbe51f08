"""The Word body, walked once, as the sections of a document: level, heading, Markdown body.

Headings 1–3 start sections; deeper headings become bold paragraphs. Paragraphs and list
items collect into the current section's body, tables come from :mod:`.tables`. Text before the
first heading becomes a level-1 section "Vorbemerkung" and is reported: a preamble stays visible
where the secretariat can move or delete it, instead of being glued onto the first real section
or lost. Page breaks and direct layout are not content and are left out without a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree

from documents.docx_import.inline import Inline, clean, snippet
from documents.docx_import.package import note_texts, open_document
from documents.docx_import.reading import Reader
from documents.docx_import.report import (
    ALT_CHUNK,
    BEFORE_FIRST_HEADING,
    COLUMNS,
    DEEP_HEADING,
    DOCUMENT,
    EMPTY,
    HEADER_FOOTER,
    HEADERS_FOOTERS,
    HEADING_LINK,
    LIST_KIND,
    LONG_HEADING,
    NO_HEADINGS,
    PREFACE,
    SECTION_BREAK,
    TITLE_IGNORED,
    TOC,
    ImportProblem,
    Problems,
)
from documents.docx_import.styles import BULLET, Numbering, ParagraphStyle, Styles
from documents.docx_import.tables import TableReader
from documents.docx_import.wordml import (
    OBJECTS,
    SDT,
    SECT_PR,
    TBL,
    P,
    T,
    body_blocks,
    has_columns,
    part_root,
)

PREFACE_HEADING = "Vorbemerkung"
#: Headings longer than this are cut: the column and the page title hold no more.
MAX_HEADING = 300

_INDENT = "    "


@dataclass(frozen=True)
class ImportedSection:
    """One section as the import found it: level 1–3, plain heading, Markdown body."""

    level: int
    heading: str
    body: str


@dataclass(frozen=True)
class ImportResult:
    """The sections in document order, what was lost on the way, and the document's title."""

    sections: tuple[ImportedSection, ...]
    problems: tuple[ImportProblem, ...]
    title: str


def import_docx(data: bytes) -> ImportResult:
    """Read a .docx file into sections, reporting everything that could not be carried over."""
    return _Importer(open_document(data)).run()


class _Importer:
    """One import: walks the body once and builds the sections as it goes."""

    def __init__(self, document: DocxDocument) -> None:
        part = document.part
        parts: dict[str, list[Part]] = {}
        for rel in part.rels.values():
            if not rel.is_external:
                parts.setdefault(rel.reltype.rsplit("/", 1)[-1], []).append(rel.target_part)

        def root(kind: str) -> etree._Element | None:
            return part_root(parts[kind][0]) if kind in parts else None

        self._body = document.element.body
        self._headers_footers = parts.get("header", []) + parts.get("footer", [])
        self._reader = Reader(
            Styles(root("styles")),
            {rid: rel.target_ref for rid, rel in part.rels.items() if rel.is_external},
            note_texts(root("footnotes"), root("endnotes"), root("comments")),
        )
        self._numbering = Numbering(root("numbering"))
        has_core = any(rel.reltype == RT.CORE_PROPERTIES for rel in part.package.rels.values())
        self._title = clean(document.core_properties.title or "").strip() if has_core else ""
        self._title_seen = False
        self._problems = Problems()
        self._tables_reader = TableReader(self._reader, self._numbering, self._problems)
        self._sections: list[ImportedSection] = []
        self._heading: tuple[int, str] | None = None
        self._blocks: list[str] = []
        self._list: list[str] = []
        self._list_kinds: list[str] = []
        self._paragraphs = self._tables = 0
        self._label = BEFORE_FIRST_HEADING

    def run(self) -> ImportResult:
        """Walk the body and return the sections and the report."""
        for block in body_blocks(self._body):
            tag = block.tag
            if tag == P:
                self._paragraph(block)
            elif tag == TBL:
                self._close_list()
                self._table(block)
            elif tag == SDT:
                self._problems.add(self._label, TOC)
            elif tag == SECT_PR:
                if has_columns(block):
                    self._problems.add(DOCUMENT, COLUMNS)
            else:
                self._problems.add(self._label, ALT_CHUNK)
        self._finish_section()
        self._check_headers_footers()
        if not self._sections:
            self._problems.add(DOCUMENT, EMPTY)
        elif self._heading is None:
            self._problems.add(DOCUMENT, NO_HEADINGS)
        return ImportResult(tuple(self._sections), self._problems.result(), self._title)

    def _paragraph(self, p: etree._Element) -> None:
        style = self._reader.styles.paragraph(p)
        if style.section_properties is not None:
            self._problems.add(self._label, SECTION_BREAK)
            if has_columns(style.section_properties):
                self._problems.add(DOCUMENT, COLUMNS)
        inline = self._reader.read(p)
        if style.is_toc:
            if inline.plain():
                self._problems.add(self._label, TOC)
        elif style.heading is not None and style.heading <= 3 and inline.plain():
            self._start_section(style.heading, inline)
        elif style.is_title and not self._title_seen and inline.plain():
            self._take_title(inline)
        else:
            self._body_paragraph(style, inline)

    def _body_paragraph(self, style: ParagraphStyle, inline: Inline) -> None:
        notes = list(inline.notes)
        if style.heading is not None and style.heading > 3:
            inline.embolden()
            notes.append(DEEP_HEADING.format(level=style.heading))
        lines = inline.lines()
        if not lines and not notes:
            return
        self._paragraphs += 1
        item = None if style.heading else self._numbering.item(style)
        if lines and item is not None:
            if self._add_item(*item, lines):
                notes.append(LIST_KIND)
        elif lines:
            self._close_list()
            self._blocks.append("  \n".join(lines))
        for note in notes:
            self._problems.add(f"{self._label}, Absatz {self._paragraphs}", note)

    def _add_item(self, kind: str, level: int, number: int, lines: list[str]) -> bool:
        """Append a list item; return whether it had to take its siblings' kind.

        Python-Markdown cannot switch between bullets and numbers inside one nested list, so
        a nested item follows its siblings; at the top level a switch starts a new list. Word
        may skip levels; Markdown nests one level at a time, so the level is capped.
        """
        if self._list_kinds and level == 0 and self._list_kinds[0] != kind:
            self._close_list()
        kinds = self._list_kinds
        level = min(level, len(kinds))
        del kinds[level + 1 :]
        changed = level < len(kinds) and kinds[level] != kind
        if level < len(kinds):
            kind = kinds[level]
        else:
            kinds.append(kind)
        marker = "- " if kind == BULLET else f"{number}. "
        indent = _INDENT * level
        self._list.append(indent + marker + f"  \n{indent}{_INDENT}".join(lines))
        return changed

    def _close_list(self) -> None:
        if self._list:
            self._blocks.append("\n".join(self._list))
        self._list = []
        self._list_kinds = []

    def _table(self, tbl: etree._Element) -> None:
        self._tables += 1
        table = self._tables_reader.markdown(tbl, f"{self._label}, Tabelle {self._tables}")
        if table is not None:
            self._blocks.append(table)

    def _start_section(self, level: int, inline: Inline) -> None:
        if self._heading is None and (self._blocks or self._list):
            self._problems.add(BEFORE_FIRST_HEADING, PREFACE)
        self._finish_section()
        heading = inline.plain()
        notes = list(inline.notes)
        if len(heading) > MAX_HEADING:
            heading = snippet(heading, MAX_HEADING)
            notes.append(LONG_HEADING.format(limit=MAX_HEADING))
        if inline.has_links():
            notes.append(HEADING_LINK)
        self._heading = (level, heading)
        self._label = f"Abschnitt „{snippet(heading, 60)}“"
        self._paragraphs = self._tables = 0
        for note in notes:
            self._problems.add(f"Überschrift „{snippet(heading, 60)}“", note)

    def _finish_section(self) -> None:
        self._close_list()
        body = "\n\n".join(self._blocks)
        self._blocks = []
        if self._heading is not None:
            self._sections.append(ImportedSection(*self._heading, body))
        elif body:
            self._sections.append(ImportedSection(1, PREFACE_HEADING, body))

    def _take_title(self, inline: Inline) -> None:
        self._title_seen = True
        text = inline.plain()
        if not self._title:
            self._title = text
        elif text != self._title:
            message = TITLE_IGNORED.format(text=snippet(text, 80), title=self._title)
            self._problems.add(self._label, message)
        for note in inline.notes:
            self._problems.add(f"Titel „{snippet(text, 60)}“", note)

    def _check_headers_footers(self) -> None:
        for part in self._headers_footers:
            root = part_root(part)
            if root is None:
                continue
            texts = (t.text for t in root.iter(T) if t.text and t.text.strip())
            if next(texts, None) is not None or next(root.iter(*OBJECTS), None) is not None:
                self._problems.add(HEADERS_FOOTERS, HEADER_FOOTER)
                return
