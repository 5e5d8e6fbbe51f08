"""User Markdown as real Word formatting: lists, emphasis, links, tables, quotes and code.

The web pages render user text with Python-Markdown ("tables", "sane_lists", see
``portal/markup.py``), so Word parses it the same way and walks the resulting HTML tree. The
tree is written as WordprocessingML with lxml directly: python-docx's object layer costs several
times more per run, and a Handlungskonzept has tens of thousands of them
(``python -m benchmarks.document_docx``).

Only what the walker knows becomes formatting, which makes it the sanitiser: raw HTML in the
source is not interpreted at all and stays literal text (``<script>`` prints as typed, as in the
meeting documents), and only http, https and mailto links become hyperlinks, the schemes the web
sanitiser allows. Control characters are removed first because XML cannot hold them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from weakref import ReferenceType, WeakKeyDictionary, ref

import markdown
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import html as lxml_html
from lxml.etree import SubElement, _Element

from meetings.docx_common import TEXT_WIDTH, clean

#: Colour and underline of hyperlinks (Word's own "Hyperlink" style is not in the template).
LINK_COLOUR = "0563C1"
CODE_FONT = "Courier New"
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

BOLD, ITALIC, CODE = 1, 2, 4
_NS_TAGS = (
    "p pPr pStyle keepNext numPr ilvl numId pBdr bottom left ind jc r rPr rFonts b i color u t br "
    "hyperlink tbl tblPr tblStyle tblW tblLook tblGrid gridCol tr trPr tblHeader tc tcPr tcW "
    "sectPr history"
)
_W = {name: qn(f"w:{name}") for name in _NS_TAGS.split()}
VAL, R_ID, XML_SPACE = qn("w:val"), qn("r:id"), qn("xml:space")
_INLINE_FLAGS = {"strong": BOLD, "b": BOLD, "em": ITALIC, "i": ITALIC, "code": CODE}
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BLOCKS = frozenset(("p", "ul", "ol", "blockquote", "pre", "hr", "table", "div")) | _HEADINGS
_SPACES = re.compile(r"[ \t\n\r\f]+")
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")
#: A run of text with its formatting flags and hyperlink relationship id; no text is a break.
Piece = tuple[str | None, int, str | None]

_local = threading.local()


@dataclass
class _PartState:
    """What one document part remembers between calls: style ids, link ids, list numbering.

    It holds its part weakly: the states are kept in a WeakKeyDictionary keyed by the part,
    and a strong reference from the value would keep every document built alive.
    """

    part_ref: ReferenceType[Part]
    style_ids: dict[str, str] = field(default_factory=dict)
    link_ids: dict[str, str] = field(default_factory=dict)
    abstract_numbers: dict[str, int] = field(default_factory=dict)

    def part(self) -> Part:
        part = self.part_ref()
        assert part is not None, "the state is dropped together with its part"
        return part

    def style_id(self, name: str) -> str:
        """Return the id of a style; python-docx looks names up in styles.xml on every call."""
        style_id = self.style_ids.get(name)
        if style_id is None:
            styles = self.part().package.main_document_part.styles
            style_id = self.style_ids[name] = styles[name].style_id
        return style_id

    def link_id(self, url: str) -> str:
        """Return the relationship id of an external link, adding it once per address."""
        link_id = self.link_ids.get(url)
        if link_id is None:
            link_id = self.part().relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            self.link_ids[url] = link_id
        return link_id

    def new_numbering(self, style_name: str, start: int) -> int:
        """Return a fresh numbering instance of a "List Number" style that starts at ``start``.

        Paragraphs that only carry the style share one counter, so the second list of a
        document would go on at 4; a new instance with a start override restarts it.
        """
        main = self.part().package.main_document_part
        numbering = main.numbering_part.element
        abstract = self.abstract_numbers.get(style_name)
        if abstract is None:
            style_num_id = main.styles[style_name].element.pPr.numPr.numId.val
            abstract = numbering.num_having_numId(style_num_id).abstractNumId.val
            self.abstract_numbers[style_name] = abstract
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId


_states: WeakKeyDictionary[Part, _PartState] = WeakKeyDictionary()


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
    tree = _parse(source)
    if tree is None:
        return
    with _appending(container) as (parent, state):
        base = state.style_id(base_style) if base_style else None
        _Writer(state, base).blocks(parent, tree, 0)


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
        p = _Writer(state, None).paragraph(parent, [], state.style_id(style) if style else None)
        _add_lines(p, clean(text), ITALIC if italic else 0)
    return p


@contextmanager
def _appending(
    container: DocumentObject | BlockItemContainer,
) -> Iterator[tuple[BaseOxmlElement, _PartState]]:
    """Let a writer append to a body or a cell, then put back what has to come last."""
    if isinstance(container, DocumentObject):
        parent, part = container.element.body, container.part
    else:
        parent, part = container._element, container.part
    state = _states.get(part)
    if state is None:
        state = _states[part] = _PartState(ref(part))
    try:
        last = parent[-1]  # an index from the end: find() would walk the whole body
    except IndexError:
        last = None
    section_properties = last if last is not None and last.tag == _W["sectPr"] else None
    is_cell = parent.tag == _W["tc"]
    if is_cell:
        _drop_placeholder(parent)
    try:
        yield parent, state
    finally:
        if section_properties is not None:
            parent.append(section_properties)  # moves it back to the end, where Word wants it
        if is_cell and (len(parent) == 0 or parent[-1].tag != _W["p"]):
            SubElement(parent, _W["p"])


def _parse(source: str) -> _Element | None:
    """Convert Markdown to an HTML tree, with one converter per thread (building one is slow)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["tables", "sane_lists"])
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        _local.converter = converter
        # Without huge_tree libxml2 silently drops what is nested deeper than 256 levels.
        _local.parser = lxml_html.HTMLParser(huge_tree=True)
    html = converter.reset().convert(source)
    if not html:
        return None
    return lxml_html.fragment_fromstring(html, create_parent="div", parser=_local.parser)


def _drop_placeholder(cell: BaseOxmlElement) -> None:
    blocks = [child for child in cell if child.tag != _W["tcPr"]]
    if len(blocks) == 1 and blocks[0].tag == _W["p"] and blocks[0].find(_W["r"]) is None:
        cell.remove(blocks[0])


class _Writer:
    """Walk an HTML tree and write its blocks into a body or cell element."""

    def __init__(self, state: _PartState, base_style: str | None) -> None:
        self.state = state
        self.base_style = base_style
        self.depth = 0

    def blocks(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        for child in element:
            self.block(parent, child, quote)
            if child.tail and child.tail.strip():
                self.paragraph(parent, [(child.tail, 0, None)], self.base_style, quote=quote)

    def block(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        tag = element.tag
        if self.depth > MAX_DEPTH and isinstance(tag, str):
            text = " ".join(element.itertext())  # deeper nesting stays text, not recursion
            self.paragraph(parent, [(text, 0, None)], self.base_style, quote=quote)
            return
        self.depth += 1
        self.block_of_kind(parent, element, quote)
        self.depth -= 1

    def block_of_kind(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
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
        p = SubElement(parent, _W["p"])
        if style or number is not None or quote or keep_next or align:
            ppr = SubElement(p, _W["pPr"])
            if style:
                SubElement(ppr, _W["pStyle"]).set(VAL, style)
            if keep_next:
                SubElement(ppr, _W["keepNext"])
            if number is not None:
                numpr = SubElement(ppr, _W["numPr"])
                SubElement(numpr, _W["ilvl"]).set(VAL, "0")
                SubElement(numpr, _W["numId"]).set(VAL, str(number))
            if quote:
                _border(ppr, "left", QUOTE_BORDER_COLOUR)
                indent = QUOTE_INDENT * min(quote, MAX_QUOTE_INDENT)
                SubElement(ppr, _W["ind"]).set(qn("w:left"), str(indent))
            if align:
                SubElement(ppr, _W["jc"]).set(VAL, align)
        _write_runs(p, pieces)
        return p

    def code(self, parent: BaseOxmlElement, element: _Element, quote: int) -> None:
        """Write a code block in a monospaced font, its lines and spaces as typed."""
        p = self.paragraph(parent, [], self.base_style, quote=quote)
        _add_lines(p, "".join(element.itertext()).rstrip("\n"), CODE)

    def rule(self, parent: BaseOxmlElement) -> None:
        p = SubElement(parent, _W["p"])
        _border(SubElement(p, _W["pPr"]), "bottom", "auto")

    def table(self, parent: BaseOxmlElement, element: _Element) -> None:
        """Write a Markdown table as a grid table whose header row repeats on every page."""
        rows = [
            (row, [cell for cell in row if cell.tag in ("th", "td")]) for row in element.iter("tr")
        ]
        columns = max((len(cells) for _, cells in rows), default=0)
        if not columns:
            return
        width = str(TEXT_WIDTH.twips // columns)
        tbl = SubElement(parent, _W["tbl"])
        tblpr = SubElement(tbl, _W["tblPr"])
        SubElement(tblpr, _W["tblStyle"]).set(VAL, self.state.style_id("Table Grid"))
        _attributes(SubElement(tblpr, _W["tblW"]), w="0", type="auto")
        SubElement(tblpr, _W["tblLook"]).set(VAL, "04A0")
        grid = SubElement(tbl, _W["tblGrid"])
        for _ in range(columns):
            SubElement(grid, _W["gridCol"]).set(qn("w:w"), width)
        for row, cells in rows:
            tr = SubElement(tbl, _W["tr"])
            is_header = row.getparent().tag == "thead"
            if is_header:
                SubElement(SubElement(tr, _W["trPr"]), _W["tblHeader"])
            for index in range(columns):
                cell = cells[index] if index < len(cells) else None
                tc = SubElement(tr, _W["tc"])
                _attributes(SubElement(SubElement(tc, _W["tcPr"]), _W["tcW"]), w=width, type="dxa")
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
    edge = SubElement(SubElement(ppr, _W["pBdr"]), _W[side])
    _attributes(edge, val="single", sz="6", space="4", color=colour)


def _attributes(element: _Element, **values: str) -> None:
    for name, value in values.items():
        element.set(qn(f"w:{name}"), value)


def _write_runs(p: BaseOxmlElement, pieces: list[Piece]) -> None:
    """Write pieces as runs, grouping linked ones in hyperlinks, collapsing whitespace."""
    at_line_start = True
    last_text = None
    link, target = None, p
    for text, flags, link_id in pieces:
        if text is None:
            if last_text is not None:
                last_text.text = last_text.text.rstrip(" ")
            SubElement(SubElement(p, _W["r"]), _W["br"])
            at_line_start, last_text, link, target = True, None, None, p
            continue
        text = _SPACES.sub(" ", text)
        if at_line_start:
            text = text.lstrip(" ")
        if not text:
            continue
        if link_id != link:
            link, target = link_id, p
            if link_id is not None:
                target = SubElement(p, _W["hyperlink"])
                target.set(R_ID, link_id)
                target.set(_W["history"], "1")
        last_text = _add_run(target, text, flags, link_id is not None)
        at_line_start = text.endswith(" ")
    if last_text is not None:
        last_text.text = last_text.text.rstrip(" ")


def _add_lines(p: BaseOxmlElement, text: str, flags: int) -> None:
    """Write text as typed, each newline a line break."""
    for index, line in enumerate(text.split("\n")):
        if index:
            SubElement(SubElement(p, _W["r"]), _W["br"])
        if line:
            _add_run(p, line, flags, False)


def _add_run(parent: BaseOxmlElement, text: str, flags: int, linked: bool) -> _Element:
    r = SubElement(parent, _W["r"])
    if flags or linked:
        rpr = SubElement(r, _W["rPr"])
        if flags & CODE:
            _attributes(
                SubElement(rpr, _W["rFonts"]), ascii=CODE_FONT, hAnsi=CODE_FONT, cs=CODE_FONT
            )
        if flags & BOLD:
            SubElement(rpr, _W["b"])
        if flags & ITALIC:
            SubElement(rpr, _W["i"])
        if linked:
            SubElement(rpr, _W["color"]).set(VAL, LINK_COLOUR)
            SubElement(rpr, _W["u"]).set(VAL, "single")
    t = SubElement(r, _W["t"])
    t.text = text
    t.set(XML_SPACE, "preserve")
    return t
