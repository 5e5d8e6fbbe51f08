"""The blocks of a Markdown HTML tree as Word paragraphs: lists, quotes, code, rules, tables.

:class:`Writer` walks the tree Python-Markdown produced and appends WordprocessingML to a body
or a table cell. Only what it knows becomes formatting, which makes it the sanitiser: an
element it does not know is written as its text, and only http, https and mailto links become
hyperlinks, the schemes the web sanitiser allows. Nesting deeper than :data:`MAX_DEPTH` is
written as plain text instead of recursing further.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement, _Element

from documents.docx_part_state import PartState
from documents.docx_runs import (
    BOLD,
    CODE,
    ITALIC,
    VAL,
    Piece,
    W,
    add_lines,
    set_attributes,
    write_runs,
)
from meetings.docx_common import TEXT_WIDTH

#: Indent per blockquote level, in twips (1 cm).
QUOTE_INDENT = 567
QUOTE_BORDER_COLOUR = "999999"
#: Word has list styles for three levels; deeper Markdown lists use the third.
MAX_LIST_LEVEL = 3
#: Blocks nested deeper than this (quotes in quotes …) are written as their plain text.
MAX_DEPTH = 40
#: Quotes nested deeper than this are indented no further.
MAX_QUOTE_INDENT = 5
LINK_SCHEMES = ("http://", "https://", "mailto:")

_INLINE_FLAGS = {"strong": BOLD, "b": BOLD, "em": ITALIC, "i": ITALIC, "code": CODE}
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BLOCKS = frozenset(("p", "ul", "ol", "blockquote", "pre", "hr", "table", "div")) | _HEADINGS
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


class Writer:
    """Walk an HTML tree and write its blocks into a body or cell element."""

    def __init__(self, state: PartState, base_style: str | None) -> None:
        self.state = state
        self.base_style = base_style
        self.depth = 0

    def blocks(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        """Write the children of an element, and text between them as paragraphs."""
        for child in element:
            self.block(parent, child, quote)
            if child.tail and child.tail.strip():
                self.paragraph(parent, [(child.tail, 0, None)], self.base_style, quote=quote)

    def block(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        """Write one block, as plain text once the nesting is too deep."""
        tag = element.tag
        if self.depth > MAX_DEPTH and isinstance(tag, str):
            text = " ".join(element.itertext())  # deeper nesting stays text, not recursion
            self.paragraph(parent, [(text, 0, None)], self.base_style, quote=quote)
            return
        self.depth += 1
        self.block_of_kind(parent, element, quote)
        self.depth -= 1

    def block_of_kind(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        """Write one block by its tag."""
        tag = element.tag
        if tag == "p":
            self.paragraph(parent, self.pieces(element), self.base_style, quote=quote)
        elif tag in _HEADINGS:
            pieces = self.pieces(element, BOLD)
            self.paragraph(parent, pieces, self.base_style, quote=quote, keep_next=True)
        elif tag in ("ul", "ol"):
            self.list(parent, element, 1, quote)
        elif tag in ("blockquote", "div"):
            self.blocks(parent, element, quote + (tag == "blockquote"))
        elif tag == "pre":
            self.code(parent, element, quote)
        elif tag == "hr":
            self.rule(parent)
        elif tag == "table":
            self.table(parent, element)
        elif isinstance(tag, str):
            self.paragraph(parent, self.pieces(element), self.base_style, quote=quote)

    def list(self, parent: BaseOxmlElement, element: _Element, level: int, quote: int) -> None:
        """Write a list in "List Bullet"/"List Number" (2, 3 for nested lists)."""
        level = min(level, MAX_LIST_LEVEL)
        suffix = "" if level == 1 else f" {level}"
        ordered = element.tag == "ol"
        style_name = ("List Number" if ordered else "List Bullet") + suffix
        style = self.state.style_id(style_name)
        number = self.state.new_numbering(style_name, _start(element)) if ordered else None
        follow = self.state.style_id("List Continue" + suffix)
        for item in element:
            if item.tag == "li":
                self.item(parent, item, (style, number, follow, level), quote)

    def item(
        self,
        parent: BaseOxmlElement,
        item: _Element,
        styles: tuple[str, int | None, str, int],
        quote: int,
    ) -> None:
        """Write a list item: its first paragraph numbered, later ones indented under it."""
        style, number, follow, level = styles
        first = True
        pending: list[Piece] = [(item.text, 0, None)] if item.text else []
        for child in item:
            if child.tag not in _BLOCKS:
                self.inline_child(child, 0, None, pending)
            else:
                if _has_text(pending) or (first and child.tag != "p"):
                    self.paragraph(parent, pending, style if first else follow, number=number)
                    number, first = None, False
                pending = []
                if child.tag == "p":
                    pieces = self.pieces(child)
                    self.paragraph(parent, pieces, style if first else follow, number=number)
                    number, first = None, False
                elif child.tag in ("ul", "ol") and self.depth <= MAX_DEPTH:
                    self.depth += 1
                    self.list(parent, child, level + 1, quote)
                    self.depth -= 1
                else:
                    self.block(parent, child, quote)
            if child.tail:
                pending.append((child.tail, 0, None))
        if _has_text(pending) or first:
            self.paragraph(parent, pending, style if first else follow, number=number)

    def pieces(self, element: _Element, flags: int = 0) -> list[Piece]:
        """Return the formatted text of an element."""
        self.inline(element, flags, None, out := [])
        return out

    def inline(self, element: _Element, flags: int, link: str | None, out: list[Piece]) -> None:
        """Collect the text of an element and its inline children, with their formatting."""
        if element.text:
            out.append((element.text, flags, link))
        for child in element:
            self.inline_child(child, flags, link, out)
            if child.tail:
                out.append((child.tail, flags, link))

    def inline_child(self, child: _Element, flags: int, link: str | None, out: list[Piece]) -> None:
        """Collect one inline element (without the text that follows it)."""
        tag = child.tag
        if tag == "br":
            out.append((None, 0, None))
        elif tag == "img":
            out.append((child.get("alt", ""), flags, link))
        elif isinstance(tag, str):  # not a comment
            link = (self._link(child) or link) if tag == "a" else link
            self.inline(child, flags | _INLINE_FLAGS.get(tag, 0), link, out)

    def _link(self, anchor: _Element) -> str | None:
        href = (anchor.get("href") or "").strip()
        if not href.lower().startswith(LINK_SCHEMES):
            return None  # javascript:, data:, relative paths: the text stays, the link goes
        return self.state.link_id(href)

    def paragraph(
        self,
        parent: BaseOxmlElement,
        pieces: list[Piece],
        style: str | None,
        *,
        number: int | None = None,
        quote: int = 0,
        keep_next: bool = False,
        align: str | None = None,
    ) -> BaseOxmlElement:
        """Write one paragraph; whitespace collapses as a browser would show it."""
        p = SubElement(parent, W["p"])
        if style or number is not None or quote or keep_next or align:
            ppr = SubElement(p, W["pPr"])
            if style:
                SubElement(ppr, W["pStyle"]).set(VAL, style)
            if keep_next:
                SubElement(ppr, W["keepNext"])
            if number is not None:
                numpr = SubElement(ppr, W["numPr"])
                SubElement(numpr, W["ilvl"]).set(VAL, "0")
                SubElement(numpr, W["numId"]).set(VAL, str(number))
            if quote:
                _border(ppr, "left", QUOTE_BORDER_COLOUR)
                indent = QUOTE_INDENT * min(quote, MAX_QUOTE_INDENT)
                SubElement(ppr, W["ind"]).set(qn("w:left"), str(indent))
            if align:
                SubElement(ppr, W["jc"]).set(VAL, align)
        write_runs(p, pieces)
        return p

    def code(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        """Write a code block in a monospaced font, its lines and spaces as typed."""
        p = self.paragraph(parent, [], self.base_style, quote=quote)
        add_lines(p, "".join(element.itertext()).rstrip("\n"), CODE)

    def rule(self, parent: BaseOxmlElement) -> None:
        """Write a horizontal rule as an empty paragraph with a bottom border."""
        p = SubElement(parent, W["p"])
        _border(SubElement(p, W["pPr"]), "bottom", "auto")

    def table(self, parent: BaseOxmlElement, element: _Element) -> None:
        """Write a Markdown table as a grid table whose header row repeats on every page.

        A ``br`` in a cell (the ``<br>`` the Word import writes for a cell's line breaks)
        becomes a line break inside the cell's paragraph.
        """
        rows = [
            (row, [cell for cell in row if cell.tag in ("th", "td")]) for row in element.iter("tr")
        ]
        columns = max((len(cells) for _, cells in rows), default=0)
        if not columns:
            return
        width = str(TEXT_WIDTH.twips // columns)
        tbl = SubElement(parent, W["tbl"])
        tblpr = SubElement(tbl, W["tblPr"])
        SubElement(tblpr, W["tblStyle"]).set(VAL, self.state.style_id("Table Grid"))
        set_attributes(SubElement(tblpr, W["tblW"]), w="0", type="auto")
        SubElement(tblpr, W["tblLook"]).set(VAL, "04A0")
        grid = SubElement(tbl, W["tblGrid"])
        for _ in range(columns):
            SubElement(grid, W["gridCol"]).set(qn("w:w"), width)
        for row, cells in rows:
            tr = SubElement(tbl, W["tr"])
            is_header = row.getparent().tag == "thead"
            if is_header:
                SubElement(SubElement(tr, W["trPr"]), W["tblHeader"])
            for index in range(columns):
                cell = cells[index] if index < len(cells) else None
                tc = SubElement(tr, W["tc"])
                set_attributes(SubElement(SubElement(tc, W["tcPr"]), W["tcW"]), w=width, type="dxa")
                pieces = [] if cell is None else self.pieces(cell, BOLD if is_header else 0)
                align = _ALIGN.search(cell.get("style", "")) if cell is not None else None
                self.paragraph(tc, pieces, None, align=align.group(1) if align else None)


def _has_text(pieces: list[Piece]) -> bool:
    return any(text is None or text.strip() for text, _, _ in pieces)


def _start(element: _Element) -> int:
    try:
        return min(max(int(element.get("start", "1")), 0), 32767)
    except ValueError:
        return 1


def _border(ppr: BaseOxmlElement, side: str, colour: str) -> None:
    edge = SubElement(SubElement(ppr, W["pBdr"]), W[side])
    set_attributes(edge, val="single", sz="6", space="4", color=colour)
