"""Shared parts of the meeting documents: page setup, header and footer, tables, Markdown.

Every string from users goes through :func:`clean` before it reaches the XML, because lxml
refuses control characters and would turn one stray byte in a title into a failed export. User
Markdown becomes runs of plain text, never markup, so ``<script>`` stays a literal string.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Protocol

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from portal.timeutil import date_text, time_text, to_local

#: Strings both documents print.
SENDER = "Koordinierende Stelle Kommunales Integrationsmanagement"
PUBLIC_VERSION = "Öffentliche Fassung"
PUBLIC_PART = "Öffentlicher Teil"
NON_PUBLIC_PART = "Nichtöffentlicher Teil"
NON_PUBLIC_MARK = " (nichtöffentlich)"
PAGE_LABEL = "Seite"
OF_LABEL = "von"
CLOCK_SUFFIX = "Uhr"
UNTIL_LABEL = "bis"
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

LANGUAGE = "de-DE"
FONT_NAME = "Arial"
FONT_SIZE = Pt(11)
# A4 in the twips Word itself writes for it (210 × 297 mm).
PAGE_WIDTH, PAGE_HEIGHT = Twips(11906), Twips(16838)
# DIN 5008 margins: a wider left margin leaves room for punching and filing.
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = Cm(2.5), Cm(2.0), Cm(2.0), Cm(2.0)
TEXT_WIDTH = Length(PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN)
#: Word refuses core properties longer than this.
CORE_PROPERTY_LIMIT = 255
_STYLED = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3")
#: The template's styles the builders use, by name.
STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")
_LIST_INDENT = Cm(0.63)

# Characters XML 1.0 forbids (C0 controls except tab/newline/CR, lone surrogates, non-characters).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BULLET = re.compile(r"[-*+]\s+(.*)")
_NUMBERED = re.compile(r"(\d{1,9})[.)]\s+(.*)")
# A span is at most 500 characters: unbounded, a text full of unclosed stars takes quadratic
# time (30,000 of them took half a minute); a longer "span" stays literal.
_INLINE = re.compile(r"\*\*(?=\S)(.{1,500}?)(?<=\S)\*\*|\*(?=\S)(.{1,500}?)(?<=\S)\*")


class Container(Protocol):
    """Anything paragraphs and tables can be added to: the document body or a table cell."""

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph: ...


def clean(text: str) -> str:
    """Drop the characters XML cannot hold and unify line ends; everything else stays."""
    return _INVALID_XML.sub("", text.replace("\r\n", "\n"))


def local_date_text(value: datetime) -> str:
    """Format the Berlin date of a moment with its weekday: "Sonntag, 29.03.2026"."""
    local = to_local(value)
    return f"{WEEKDAYS[local.weekday()]}, {date_text(local)}"


def clock_text(value: datetime) -> str:
    """Format the Berlin clock time of a moment: "10:00 Uhr"."""
    return f"{time_text(to_local(value))} {CLOCK_SUFFIX}"


def period_text(start: datetime, end: datetime) -> str:
    """Format a span of time: "10:00 Uhr bis 12:00 Uhr", with the end's date if it differs."""
    end_text = clock_text(end)
    if to_local(end).date() != to_local(start).date():
        end_text = f"{date_text(to_local(end))}, {end_text}"
    return f"{clock_text(start)} {UNTIL_LABEL} {end_text}"


def new_document(
    *, title: str, author: str, created_at: datetime, header_text: str, footer_text: str = ""
) -> DocumentObject:
    """Start a German A4 document with header, "Seite X von Y" footer and core properties."""
    document = Document(io.BytesIO(_template()))
    _set_core_properties(document, title=title, author=author, created_at=created_at)
    section = document.sections[0]
    section.header.paragraphs[0].text = clean(header_text)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{clean(footer_text)}\t{PAGE_LABEL} ")
    _add_field(footer, "PAGE")
    footer.add_run(f" {OF_LABEL} ")
    _add_field(footer, "NUMPAGES")
    return document


def to_bytes(document: DocumentObject) -> bytes:
    """Serialise the document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _template() -> bytes:
    """Return the prepared empty document: page, fonts and language are the same every time.

    Setting up styles means many lookups in styles.xml; doing it once per process and loading
    the result costs no more than loading python-docx's own default template.
    """
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    for name in _STYLED:
        _set_style_font(document.styles[name])
    document.styles["Normal"].font.size = FONT_SIZE
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    footer_tabs = document.styles["Footer"].paragraph_format.tab_stops
    footer_tabs.clear_all()
    footer_tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    return to_bytes(document)


@lru_cache(maxsize=1)
def _style_ids() -> dict[str, str]:
    """Map the style names the builders use to the ids the XML refers to them by."""
    styles = Document(io.BytesIO(_template())).styles
    return {name: styles[name].style_id for name in STYLES}


def add_paragraph(container: Container, style: str | None = None) -> Paragraph:
    """Add an empty paragraph in one of :data:`STYLES` (None: the normal style).

    The style is set by id: python-docx looks a style name up in styles.xml on every call,
    which took 60 % of the time of a 40-item minutes document.
    """
    paragraph = container.add_paragraph()
    if style is not None:
        paragraph._p.get_or_add_pPr().style = _style_ids()[style]
    return paragraph


def _set_style_font(style: BaseStyle) -> None:
    """Use the plain font in black: theme fonts and colours would win over ``font.name``."""
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attribute), FONT_NAME)
    if style.name != "Normal":
        style.font.color.rgb = RGBColor(0, 0, 0)


def _set_core_properties(
    document: DocumentObject, *, title: str, author: str, created_at: datetime
) -> None:
    """Fill title, author, language and dates (python-docx writes datetimes as UTC "Z")."""
    properties = document.core_properties
    properties.title = _core_text(title)
    properties.author = properties.last_modified_by = _core_text(author)
    properties.language = LANGUAGE
    created = created_at.astimezone(UTC)
    properties.created = properties.modified = created
    properties.revision = 1


def _core_text(value: str) -> str:
    """Shorten a text to what a core property may hold."""
    value = clean(value).replace("\n", " ")
    if len(value) <= CORE_PROPERTY_LIMIT:
        return value
    return value[: CORE_PROPERTY_LIMIT - 1] + "…"


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """Append a field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    for content in (_fld_char("begin"), instr, _fld_char("separate"), "1", _fld_char("end")):
        if isinstance(content, str):
            paragraph.add_run(content)  # the result shown until the field is updated
        else:
            paragraph.add_run()._r.append(content)


def _fld_char(kind: str) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def add_text(
    container: Container, text: str, *, style: str | None = None, bold: bool = False
) -> Paragraph:
    """Add a paragraph of user text (cleaned), optionally bold."""
    paragraph = add_paragraph(container, style)
    if text:
        _add_run(paragraph, clean(text), bold=bold)
    return paragraph


def add_table(
    container: DocumentObject | _Cell, headers: Sequence[str], widths: Sequence[Length]
) -> Table:
    """Add a grid table whose bold header row repeats at the top of every page it spans."""
    table = container.add_table(rows=1, cols=len(headers))
    table._tbl.tblPr.style = _style_ids()["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text, width in zip(header.cells, headers, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
    return table


def add_row(table: Table, values: Sequence[str]) -> tuple[_Cell, ...]:
    """Add a row of plain texts (cleaned) and return its cells for richer content."""
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        if value:
            cell.paragraphs[0].add_run(clean(value))
    return cells


def add_facts(container: DocumentObject, facts: Sequence[tuple[str, str]]) -> Table:
    """Add a borderless label/value table ("Datum:", "Ort:" …) for a letter's head."""
    table = container.add_table(rows=0, cols=2)
    table.autofit = False
    widths = (Cm(4.0), Length(TEXT_WIDTH - Cm(4.0)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for label, value in facts:
        label_cell = add_row(table, ("", value))[0]
        label_cell.paragraphs[0].add_run(label).bold = True
    return table


def add_markdown(container: Container, text: str) -> None:
    """Add user Markdown as paragraphs: blank-line paragraphs, - and 1. lists, bold, italic.

    A deliberately small subset; anything else (headings, links, HTML) stays literal text.
    """
    pending: list[str] = []
    marker: str | None = None  # None: a plain paragraph; "-": a bullet; "3.": a numbered item
    number = 0  # the last number of the current numbered list; blank lines do not end a list
    for raw_line in clean(text).split("\n"):
        line = raw_line.strip()
        bullet = _BULLET.fullmatch(line)
        numbered = None if bullet else _NUMBERED.fullmatch(line)
        goes_on = marker is None or raw_line[:1].isspace()
        if line and pending and goes_on and not bullet and not numbered:
            pending.append(line)  # the same paragraph, or an indented list item goes on
            continue
        _flush(container, pending, marker)
        if numbered:
            number = number + 1 if number else int(numbered.group(1))
            pending, marker = [numbered.group(2)], f"{number}."
        elif bullet:
            pending, marker, number = [bullet.group(1)], "-", 0
        elif line:
            pending, marker, number = [line], None, 0
        else:
            pending, marker = [], None
    _flush(container, pending, marker)


def _flush(container: Container, lines: list[str], marker: str | None) -> None:
    """Write one collected paragraph or list item."""
    if not lines:
        return
    if marker == "-":
        paragraph = add_paragraph(container, "List Bullet")
    else:
        paragraph = container.add_paragraph()
        if marker is not None:
            # Literal numbers: Word's list numbering would run on across every list in the file.
            paragraph.paragraph_format.left_indent = _LIST_INDENT
            paragraph.paragraph_format.first_line_indent = -_LIST_INDENT
            paragraph.add_run(f"{marker}\t")
    add_inline(paragraph, " ".join(lines))


def add_inline(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    """Add text with **bold** and *italic* spans as runs; unmatched stars stay literal."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            _add_run(paragraph, text[position : match.start()], bold=bold)
        strong, emphasis = match.group(1), match.group(2)
        if strong is not None and not bold:
            add_inline(paragraph, strong, bold=True)
        else:
            _add_run(paragraph, emphasis or strong, bold=bold, italic=True)
        position = match.end()
    if position < len(text):
        _add_run(paragraph, text[position:], bold=bold)


def _add_run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Add a run, touching its formatting only when there is some (an empty rPr costs time)."""
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
