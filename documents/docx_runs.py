"""Runs of WordprocessingML written with lxml: formatting flags, line breaks and hyperlinks.

The writer builds the XML directly rather than through python-docx's object layer, which costs
several times more per run (``python -m benchmarks.document_docx``). This module holds the
lowest layer: the tag names, a run with bold, italic, code font or link colour, and a line of
pieces whose whitespace collapses the way a browser shows it.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement, _Element

from meetings.docx_common import clean

#: Colour and underline of hyperlinks (Word's own "Hyperlink" style is not in the template).
LINK_COLOUR = "0563C1"
CODE_FONT = "Courier New"

BOLD, ITALIC, CODE = 1, 2, 4
_NS_TAGS = (
    "p pPr pStyle keepNext numPr ilvl numId pBdr bottom left ind jc r rPr rFonts b i color u t br "
    "hyperlink tbl tblPr tblStyle tblW tblLook tblGrid gridCol tr trPr tblHeader tc tcPr tcW "
    "sectPr history"
)
#: Qualified WordprocessingML tag names by local name: ``W["p"]`` is ``{…/main}p``.
W = {name: qn(f"w:{name}") for name in _NS_TAGS.split()}
VAL, R_ID, XML_SPACE = qn("w:val"), qn("r:id"), qn("xml:space")
_SPACES = re.compile(r"[ \t\n\r\f]+")
#: A run of text with its formatting flags and hyperlink relationship id; no text is a break.
Piece = tuple[str | None, int, str | None]


def set_attributes(element: _Element, **values: str) -> None:
    """Set ``w:``-namespaced attributes on an element."""
    for name, value in values.items():
        element.set(qn(f"w:{name}"), value)


def write_runs(p: BaseOxmlElement, pieces: list[Piece]) -> None:
    """Write pieces as runs, grouping linked ones in hyperlinks, collapsing whitespace."""
    at_line_start = True
    last_text = None
    link, target = None, p
    for text, flags, link_id in pieces:
        if text is None:
            if last_text is not None:
                last_text.text = last_text.text.rstrip(" ")
            SubElement(SubElement(p, W["r"]), W["br"])
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
                target = SubElement(p, W["hyperlink"])
                target.set(R_ID, link_id)
                target.set(W["history"], "1")
        last_text = add_run(target, text, flags, link_id is not None)
        at_line_start = text.endswith(" ")
    if last_text is not None:
        last_text.text = last_text.text.rstrip(" ")


def add_lines(p: BaseOxmlElement, text: str, flags: int) -> None:
    """Write text as typed, each newline a line break."""
    for index, line in enumerate(text.split("\n")):
        if index:
            SubElement(SubElement(p, W["r"]), W["br"])
        if line:
            add_run(p, line, flags, False)


def add_run(parent: BaseOxmlElement, text: str, flags: int, linked: bool) -> _Element:
    """Append one run of text in the given formatting and return its ``w:t``."""
    r = SubElement(parent, W["r"])
    if flags or linked:
        rpr = SubElement(r, W["rPr"])
        if flags & CODE:
            set_attributes(
                SubElement(rpr, W["rFonts"]), ascii=CODE_FONT, hAnsi=CODE_FONT, cs=CODE_FONT
            )
        if flags & BOLD:
            SubElement(rpr, W["b"])
        if flags & ITALIC:
            SubElement(rpr, W["i"])
        if linked:
            SubElement(rpr, W["color"]).set(VAL, LINK_COLOUR)
            SubElement(rpr, W["u"]).set(VAL, "single")
    t = SubElement(r, W["t"])
    # Python-Markdown can leave its placeholder controls in odd input ("*>**>*"): XML cannot hold
    # them, and one of them must not break the whole export.
    t.text = clean(text)
    t.set(XML_SPACE, "preserve")
    return t
