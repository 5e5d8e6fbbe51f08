"""WordprocessingML names and the small readers every part of the Word import shares.

python-docx only opens the package (zip, content types, relationships). The body is walked as
XML in one pass, because hyperlinks, fields, tracked changes and drawings are invisible through
python-docx's paragraph API, and one pass keeps a long document linear. The tag names and the
helpers that look through content controls, custom XML and ``mc:AlternateContent`` live here,
so the modules that read paragraphs, styles and tables spell them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from docx.opc.part import Part
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL, ID, TYPE = W + "val", W + "id", W + "type"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
GRAPHIC_DATA = "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
IMAGE_DATA = "{urn:schemas-microsoft-com:vml}imagedata"
P, R, T, TBL, TR, TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
PPR, RPR, SDT, SDT_CONTENT = W + "pPr", W + "rPr", W + "sdt", W + "sdtContent"
SECT_PR, HYPERLINK, TXBX = W + "sectPr", W + "hyperlink", W + "txbxContent"
CONTAINERS = {W + name for name in ("sdt", "sdtContent", "customXml", "smartTag", "bdo", "dir")}
INSERTS, DELETES = {W + "ins", W + "moveTo"}, {W + "del", W + "moveFrom"}
OBJECTS = {W + "drawing", W + "pict", W + "object"}
NOTE_REFS = {
    W + "footnoteReference": "footnote",
    W + "endnoteReference": "endnote",
    W + "commentReference": "comment",
}
ALTERNATE = MC + "AlternateContent"

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def to_int(value: str | None, default: int) -> int:
    """Read a number attribute, falling back to ``default`` when it is missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def val(element: etree._Element | None, name: str) -> str | None:
    """Return the ``w:val`` of a child element, or None when the child is missing."""
    if element is None:
        return None
    child = element.find(W + name)
    return None if child is None else child.get(VAL)


def toggle(element: etree._Element | None) -> bool | None:
    """Read an on/off property such as ``w:b``: present means on unless its value says off."""
    if element is None:
        return None
    return (element.get(VAL) or "true").lower() not in ("0", "false", "off", "none")


def part_root(part: Part) -> etree._Element | None:
    """Return a part's XML root, parsing parts python-docx keeps as bytes (None if broken)."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return etree.fromstring(part.blob, _XML_PARSER)
    except etree.LxmlError:
        return None


def choice(alternate: etree._Element) -> Iterable[etree._Element]:
    """Pick the preferred branch of ``mc:AlternateContent``; both would report twice."""
    for branch in (MC + "Choice", MC + "Fallback"):
        found = alternate.find(branch)
        if found is not None:
            return found
    return ()


def body_blocks(container: Iterable[etree._Element]) -> Iterator[etree._Element]:
    """Yield paragraphs, tables and other body-level elements in document order.

    Content controls and custom XML are looked through; a table-of-contents control is
    yielded whole so that the caller can report it instead of importing its entries.
    """
    for child in container:
        tag = child.tag
        if tag in (P, TBL, SECT_PR, W + "altChunk"):
            yield child
        elif tag == SDT:
            gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
            if gallery is not None and (gallery.get(VAL) or "").startswith("Table of Contents"):
                yield child
            else:
                content = child.find(SDT_CONTENT)
                yield from () if content is None else body_blocks(content)
        elif tag == W + "customXml":
            yield from body_blocks(child)
        elif tag == ALTERNATE:
            yield from body_blocks(choice(child))


def children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield the rows of a table or the cells of a row, looking through content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in CONTAINERS:
            yield from children(child, tag)


def has_columns(sect_pr: etree._Element) -> bool:
    """Say whether section properties set more than one text column."""
    cols = sect_pr.find(W + "cols")
    return cols is not None and to_int(cols.get(W + "num"), 1) > 1
