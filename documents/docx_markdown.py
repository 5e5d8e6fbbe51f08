"""User Markdown as real Word formatting: lists, emphasis, links, tables, quotes and code.

The web pages render user text with Python-Markdown ("tables", "sane_lists", see
``portal/markup.py``), so Word parses it the same way and walks the resulting HTML tree. The
tree is written as WordprocessingML with lxml directly: python-docx's object layer costs several
times more per run, and a Handlungskonzept has tens of thousands of them
(``python -m benchmarks.document_docx``).

Only what the walker knows becomes formatting, which makes it the sanitiser: raw HTML in the
source is not interpreted at all and stays literal text (``<script>`` prints as typed, as in the
meeting documents); the one exception is ``<br>`` inside a table cell, which the Word import
writes for a cell's line breaks. Only http, https and mailto links become hyperlinks, the
schemes the web sanitiser allows. Control characters are removed first because XML cannot hold
them.

This module is the entry point; the work is split by layer:
:mod:`documents.docx_markdown_tree` parses, :mod:`documents.docx_blocks` writes blocks,
:mod:`documents.docx_runs` writes runs and :mod:`documents.docx_part_state` remembers style
and link ids per document part.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocumentObject
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement

from documents.docx_blocks import (
    LINK_SCHEMES,
    MAX_DEPTH,
    MAX_LIST_LEVEL,
    MAX_QUOTE_INDENT,
    QUOTE_BORDER_COLOUR,
    QUOTE_INDENT,
    Writer,
)
from documents.docx_markdown_tree import parse
from documents.docx_part_state import PartState, state_for
from documents.docx_runs import (
    BOLD,
    CODE,
    CODE_FONT,
    ITALIC,
    LINK_COLOUR,
    R_ID,
    VAL,
    XML_SPACE,
    Piece,
    W,
    add_lines,
)
from meetings.docx_common import clean

__all__ = [
    "BOLD",
    "CODE",
    "CODE_FONT",
    "ITALIC",
    "LINK_COLOUR",
    "LINK_SCHEMES",
    "MAX_DEPTH",
    "MAX_LIST_LEVEL",
    "MAX_QUOTE_INDENT",
    "QUOTE_BORDER_COLOUR",
    "QUOTE_INDENT",
    "R_ID",
    "VAL",
    "XML_SPACE",
    "Piece",
    "add_markdown",
    "add_text_paragraph",
]


def add_markdown(
    container: DocumentObject | BlockItemContainer, text: str, *, base_style: str | None = None
) -> None:
    """Append user Markdown to a document body or a table cell as Word formatting.

    Plain paragraphs get ``base_style`` (None: "Normal"). An empty cell's placeholder
    paragraph is replaced, and a cell still ends with a paragraph, as Word requires.
    """
    source = clean(text or "")
    if not source.strip():
        return
    tree = parse(source)
    if tree is None:
        return
    with _appending(container) as (parent, state):
        base = state.style_id(base_style) if base_style else None
        Writer(state, base).blocks(parent, tree, 0)


def add_text_paragraph(
    container: DocumentObject | BlockItemContainer,
    text: str = "",
    *,
    style: str | None = None,
    italic: bool = False,
) -> BaseOxmlElement:
    """Append a paragraph of plain text (cleaned, not parsed) in a style and return its w:p.

    Long documents need this: python-docx's ``add_paragraph`` looks for the section
    properties from the start of the body each time, which grows with every paragraph.
    """
    with _appending(container) as (parent, state):
        p = Writer(state, None).paragraph(parent, [], state.style_id(style) if style else None)
        add_lines(p, clean(text), ITALIC if italic else 0)
    return p


@contextmanager
def _appending(
    container: DocumentObject | BlockItemContainer,
) -> Iterator[tuple[BaseOxmlElement, PartState]]:
    """Let a writer append to a body or a cell, then put back what has to come last."""
    if isinstance(container, DocumentObject):
        parent, part = container.element.body, container.part
    else:
        parent, part = container._element, container.part
    state = state_for(part)
    try:
        last = parent[-1]  # an index from the end: find() would walk the whole body
    except IndexError:
        last = None
    section_properties = last if last is not None and last.tag == W["sectPr"] else None
    is_cell = parent.tag == W["tc"]
    if is_cell:
        _drop_placeholder(parent)
    try:
        yield parent, state
    finally:
        if section_properties is not None:
            parent.append(section_properties)  # moves it back to the end, where Word wants it
        if is_cell and (len(parent) == 0 or parent[-1].tag != W["p"]):
            SubElement(parent, W["p"])


def _drop_placeholder(cell: BaseOxmlElement) -> None:
    blocks = [child for child in cell if child.tag != W["tcPr"]]
    if len(blocks) == 1 and blocks[0].tag == W["p"] and blocks[0].find(W["r"]) is None:
        cell.remove(blocks[0])
