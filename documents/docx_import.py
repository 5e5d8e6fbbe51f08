"""Import a Word file (.docx) as the sections of a document: level, heading and Markdown body.

The secretariat keeps the kreisweites Handlungskonzept in Word; uploading the file creates a
draft. Word holds far more than the portal's Markdown (images, text boxes, footnotes, tracked
changes, fields), so the import carries over what Markdown can say and reports everything else
as an :class:`ImportProblem` with a German location. Nothing is dropped silently: the
secretariat fixes the draft by hand instead of finding gaps after adoption.

python-docx only opens the package (zip, content types, relationships). The body is walked as
XML in one pass, because hyperlinks, fields, tracked changes and drawings are invisible through
python-docx's paragraph API, and one pass keeps a long document linear.

Text before the first heading becomes a level-1 section "Vorbemerkung" and is reported: a
preamble stays visible where the secretariat can move or delete it, instead of being glued onto
the first real section or lost. Page breaks and direct layout (indents, fonts, colours) are not
content and are left out without a note.

The Markdown is the dialect ``portal.markup`` renders (Python-Markdown with ``tables`` and
``sane_lists``). Word text is escaped so that it shows literally; paragraphs and line breaks
inside a table cell become ``<br>``, which that renderer keeps.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree

PREFACE_HEADING = "Vorbemerkung"
#: Headings longer than this are cut: the column and the page title hold no more.
MAX_HEADING = 300
#: More problems than this are counted, not listed: nobody reads a thousand lines.
MAX_PROBLEMS = 500
#: Packages that unpack to more than this are refused (a zip bomb would exhaust the worker).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024

NOT_DOCX = "Die Datei ist kein Word-Dokument im DOCX-Format."
OLD_DOC = (
    "Die Datei ist im alten Word-Format (.doc). Bitte in Word als „Word-Dokument (*.docx)“ "
    "speichern und erneut hochladen."
)
ENCRYPTED = (
    "Das Word-Dokument ist mit einem Kennwort geschützt. Bitte den Kennwortschutz entfernen "
    "und erneut hochladen."
)
BROKEN = "Das Word-Dokument ist beschädigt und kann nicht gelesen werden."
TOO_BIG = "Das Word-Dokument ist entpackt zu groß, um es zu übernehmen."

DOCUMENT = "Dokument"
BEFORE_FIRST_HEADING = "Vor der ersten Überschrift"
HEADERS_FOOTERS = "Kopf- und Fußzeilen"
EMPTY = "Das Dokument enthält keinen übernehmbaren Text."
NO_HEADINGS = (
    "Keine Überschriften gefunden: der ganze Text wurde als Abschnitt „Vorbemerkung“ "
    "übernommen. Überschriften bitte mit den Formatvorlagen „Überschrift 1“ bis "
    "„Überschrift 3“ auszeichnen."
)
PREFACE = "Text vor der ersten Überschrift als Abschnitt „Vorbemerkung“ übernommen"
DEEP_HEADING = "Überschrift der Ebene {level} als fett gesetzter Absatz übernommen"
LONG_HEADING = "Überschrift auf {limit} Zeichen gekürzt"
HEADING_LINK = "Verweis in der Überschrift als Text übernommen"
TITLE_IGNORED = "Titel „{text}“ nicht übernommen (Dokumenttitel „{title}“ verwendet)"
HEADER_FOOTER = "Inhalt der Kopf- und Fußzeilen nicht übernommen"
SECTION_BREAK = "Abschnittswechsel (Seitenformat, Spalten) nicht übernommen"
COLUMNS = "Mehrspaltiger Satz nicht übernommen"
ALT_CHUNK = "Eingebundener Fremdinhalt (HTML/RTF) nicht übernommen"
LIST_KIND = "Aufzählung und Nummerierung innerhalb einer Liste vereinheitlicht"
MERGED_CELLS = "Verbundene Zellen getrennt: der Text steht in der ersten Zelle"
NESTED_TABLE = "Verschachtelte Tabelle in der Zelle als Text übernommen"
DELETED_ROW = "Nachverfolgte Änderung: gelöschte Tabellenzeile nicht übernommen"
TOC = "Inhaltsverzeichnis nicht übernommen (wird beim Export neu erzeugt)"
INSERTED = "Nachverfolgte Änderung: eingefügter Text übernommen"
DELETED = "Nachverfolgte Änderung: gelöschter Text nicht übernommen"
EQUATION = "Formel nicht übernommen"
EMBEDDED_OBJECT = "Eingebettetes Objekt nicht übernommen"
SYMBOL = "Sonderzeichen aus einer Symbolschrift nicht übernommen"
TEXT_BOX = "Textfeld nicht übernommen"
GRAPHIC = "{what} nicht übernommen"
ALT_TEXT = " (Alternativtext: „{text}“)"
NOTE_DROPPED = {
    "footnote": "Fußnote nicht übernommen",
    "endnote": "Endnote nicht übernommen",
    "comment": "Kommentar nicht übernommen",
}
QUOTED = "{message}: „{text}“"
FIELD = "Feld „{kind}“ als fester Text übernommen"
FIELD_DROPPED = "Feld „{kind}“ ohne angezeigten Text nicht übernommen"
INTERNAL_LINK = "Verweis innerhalb des Dokuments als Text übernommen"
LINK_DROPPED = "Verweis auf „{target}“ als Text übernommen (nur http, https und mailto)"
SKIPPED = "{count} weitere Hinweise nicht einzeln aufgeführt"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx is an OLE container holding this stream; a plain .doc has none.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_BULLET, _ORDERED = "bullet", "ordered"
_INDENT = "    "
# A Markdown table row is one line; portal.markup keeps this inline HTML as the line break.
_CELL_BREAK = "<br>"
_LINK_SCHEMES = ("http", "https", "mailto")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL, _ID, _TYPE = _W + "val", _W + "id", _W + "type"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_GRAPHIC_DATA = "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_IMAGE_DATA = "{urn:schemas-microsoft-com:vml}imagedata"
_P, _R, _T, _TBL, _TR, _TC = _W + "p", _W + "r", _W + "t", _W + "tbl", _W + "tr", _W + "tc"
_PPR, _RPR, _SDT, _SDT_CONTENT = _W + "pPr", _W + "rPr", _W + "sdt", _W + "sdtContent"
_SECT_PR, _HYPERLINK, _TXBX = _W + "sectPr", _W + "hyperlink", _W + "txbxContent"
_CONTAINERS = {_W + name for name in ("sdt", "sdtContent", "customXml", "smartTag", "bdo", "dir")}
_INSERTS, _DELETES = {_W + "ins", _W + "moveTo"}, {_W + "del", _W + "moveFrom"}
_OBJECTS = {_W + "drawing", _W + "pict", _W + "object"}
_NOTE_REFS = {
    _W + "footnoteReference": "footnote",
    _W + "endnoteReference": "endnote",
    _W + "commentReference": "comment",
}
_ALTERNATE = _MC + "AlternateContent"

_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), *range(127, 160), 0xFFFE, 0xFFFF])
# Whitespace except the no-break spaces German typesetting relies on ("§ 5", "z. B.").
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]|"})
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_BLOCK_START = re.compile(r"(?:([#>+-])|(\d+)\.(?=\s|$))")
_SETEXT_RULE = re.compile(r"=+\s*$")
_HEADING_NAME = re.compile(r"(?:heading|überschrift) ?([1-9])")
_HEADING_ID = re.compile(r"(?:heading|berschrift|überschrift)([1-9])")
_LIST_NAME = re.compile(
    r"(list bullet|list number|list paragraph|listenabsatz|aufzählungszeichen|listennummer)"
    r"(?: ([2-9]))?"
)
# Word writes the English names even in German Word; other tools write the German ones.
_TOC_NAME = re.compile(r"toc heading|toc [1-9]|inhaltsverzeichnisüberschrift|verzeichnis [1-9]")
_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"?([^"\s\\][^"]*?)"?(?:\s|$)', re.IGNORECASE)
_URL_UNSAFE = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})


@dataclass(frozen=True)
class ImportedSection:
    """One section as the import found it: level 1–3, plain heading, Markdown body."""

    level: int
    heading: str
    body: str


@dataclass(frozen=True)
class ImportProblem:
    """Something the import could not carry over, and where it is (German, for the page).

    The location names the section and counts its non-empty paragraphs and its tables from
    the heading on, as a reader counts them in Word: 'Abschnitt „2.1 Ziele“, Absatz 3'.
    """

    location: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    """The sections in document order, what was lost on the way, and the document's title."""

    sections: tuple[ImportedSection, ...]
    problems: tuple[ImportProblem, ...]
    title: str


class UnreadableDocument(ValueError):
    """The bytes are not a Word document the import can read; the message is German."""


def import_docx(data: bytes) -> ImportResult:
    """Read a .docx file into sections, reporting everything that could not be carried over."""
    return _Importer(_open(data)).run()


def _open(data: bytes) -> DocxDocument:
    """Open the package with python-docx, or say in German why the file cannot be read."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(ENCRYPTED if _ENCRYPTION_STREAM in data else OLD_DOC)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise UnreadableDocument(NOT_DOCX) from error
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise UnreadableDocument(NOT_DOCX)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(TOO_BIG)
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
    except ValueError as error:
        raise UnreadableDocument(NOT_DOCX if "not a Word file" in str(error) else BROKEN) from error
    except Exception as error:  # python-docx fails in many ways on broken parts
        raise UnreadableDocument(BROKEN) from error
    if body is None:
        raise UnreadableDocument(BROKEN)
    return document


# --- text and Markdown ------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Remove control characters and collapse whitespace to single spaces."""
    return _SPACES.sub(" ", text.translate(_CONTROLS))


def _snippet(text: str, limit: int) -> str:
    """Shorten text for a problem message or a location."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(message: str, text: str) -> str:
    """Append the start of a lost text to its message, so it can be found and re-added."""
    text = _clean(text).strip()
    return QUOTED.format(message=message, text=_snippet(text, 80)) if text else message


def _escape(text: str) -> str:
    """Escape Markdown's inline syntax (and HTML) so that Word text shows literally."""
    text = text.translate(_ESCAPES)
    if "&" in text:
        text = _ENTITY.sub("&amp;", text)
    if "<" in text:
        text = _TAG_START.sub("&lt;", text)
    return text


def _escape_line_start(line: str) -> str:
    """Keep a line from starting a heading, quote, list or rule it never was in Word."""
    if _SETEXT_RULE.match(line):
        return "&#61;" + line[1:]
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(1):
        return "\\" + line
    return f"{match.group(2)}\\.{line[match.end() :]}"


class _Inline:
    """One paragraph's text as formatted pieces, plus the notes on what could not be kept.

    A piece is ``[chunks, bold, italic, href]``; ``None`` stands for a line break. Adjacent
    runs with the same formatting merge, so Word's run splitting leaves no ``****`` behind.
    """

    def __init__(self) -> None:
        self.parts: list[list | None] = []
        self.notes: list[str] = []
        self._sealed = False

    def add(self, text: str, bold: bool, italic: bool, href: str | None) -> None:
        if not text:
            return
        last = self.parts[-1] if self.parts else None
        if last is not None and not self._sealed and last[1:] == [bold, italic, href]:
            last[0].append(text)
        else:
            self.parts.append([[text], bold, italic, href])
        self._sealed = False

    def br(self) -> None:
        self.parts.append(None)

    def seal(self) -> None:
        """Start a new piece with the next text, so a field result can become a link."""
        self._sealed = True

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def embolden(self) -> None:
        for part in self.parts:
            if part is not None:
                part[1] = True

    def has_links(self) -> bool:
        return any(part is not None and part[3] for part in self.parts)

    def plain(self) -> str:
        """Return the text without formatting, line breaks as spaces (for headings)."""
        text = "".join(" " if part is None else "".join(part[0]) for part in self.parts)
        return _clean(text).strip()

    def lines(self) -> list[str]:
        """Return the Markdown lines of the paragraph; empty lines are left out."""
        result, line = [], []
        for part in [*self.parts, None]:
            if part is not None:
                line.append(part)
                continue
            text = _render_line(line).strip()
            if text:
                result.append(_escape_line_start(text))
            line = []
        return result


def _render_line(parts: list[list]) -> str:
    """Render the pieces of one line, keeping spaces outside the emphasis markers."""
    atoms: list[tuple[bool, str, bool, str | None]] = []
    for chunks, bold, italic, href in parts:
        text = _clean("".join(chunks))
        core = text.strip(" ")
        if not core:
            if text and atoms:
                atoms[-1] = (*atoms[-1][:2], True, atoms[-1][3])
            continue
        marker = "***" if bold and italic else "**" if bold else "*" if italic else ""
        atoms.append((text[0] == " ", f"{marker}{_escape(core)}{marker}", text[-1] == " ", href))
    linked: list[tuple[bool, str, bool, str | None]] = []
    start = 0
    while start < len(atoms):
        end, href = start + 1, atoms[start][3]
        if href is None:
            linked.append(atoms[start])
        else:
            while end < len(atoms) and atoms[end][3] == href:
                end += 1
            label = _join(atoms[start:end])
            linked.append((atoms[start][0], f"[{label}]({href})", atoms[end - 1][2], None))
        start = end
    return _join(linked)


def _join(atoms: list[tuple[bool, str, bool, str | None]]) -> str:
    pieces = []
    for index, (lead, markdown, _trail, _href) in enumerate(atoms):
        if index and (lead or atoms[index - 1][2]):
            pieces.append(" ")
        pieces.append(markdown)
    return "".join(pieces)


# --- package parts ----------------------------------------------------------------------------


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _val(element: etree._Element | None, name: str) -> str | None:
    """Return the ``w:val`` of a child element, or None when the child is missing."""
    if element is None:
        return None
    child = element.find(_W + name)
    return None if child is None else child.get(_VAL)


def _part_root(part: Part) -> etree._Element | None:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return etree.fromstring(part.blob, _XML_PARSER)
    except etree.LxmlError:
        return None


def _note_texts(*roots: etree._Element | None) -> dict[tuple[str, str], str]:
    """Map (kind, id) of footnotes, endnotes and comments to their text, for the notes."""
    texts = {}
    for root in roots:
        for note in () if root is None else root:
            if isinstance(note.tag, str):
                text = _clean(
                    " ".join("".join(t.text or "" for t in p.iter(_T)) for p in note.iter(_P))
                )
                texts[(etree.QName(note).localname, note.get(_ID) or "")] = text.strip()
    return texts


def _choice(alternate: etree._Element) -> Iterable[etree._Element]:
    """Pick the preferred branch of ``mc:AlternateContent``; both would report twice."""
    for branch in (_MC + "Choice", _MC + "Fallback"):
        found = alternate.find(branch)
        if found is not None:
            return found
    return ()


def _blocks(container: Iterable[etree._Element]) -> Iterator[etree._Element]:
    """Yield paragraphs, tables and other body-level elements in document order.

    Content controls and custom XML are looked through; a table-of-contents control is
    yielded whole so that the caller can report it instead of importing its entries.
    """
    for child in container:
        tag = child.tag
        if tag in (_P, _TBL, _SECT_PR, _W + "altChunk"):
            yield child
        elif tag == _SDT:
            gallery = child.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
            if gallery is not None and (gallery.get(_VAL) or "").startswith("Table of Contents"):
                yield child
            else:
                content = child.find(_SDT_CONTENT)
                yield from () if content is None else _blocks(content)
        elif tag == _W + "customXml":
            yield from _blocks(child)
        elif tag == _ALTERNATE:
            yield from _blocks(_choice(child))


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield the rows of a table or the cells of a row, looking through content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _has_columns(sect_pr: etree._Element) -> bool:
    cols = sect_pr.find(_W + "cols")
    return cols is not None and _int(cols.get(_W + "num"), 1) > 1


def _object_message(element: etree._Element) -> str:
    """Say which drawing, picture or object was left out, with its alternative text."""
    text_box = element.find(f".//{_TXBX}")
    if text_box is not None:
        return _quoted(TEXT_BOX, "".join(t.text or "" for t in text_box.iter(_T)))
    if element.tag == _W + "object":
        return EMBEDDED_OBJECT
    graphic = element.find(f".//{_GRAPHIC_DATA}")
    uri = "" if graphic is None else graphic.get("uri", "")
    if uri.endswith("/picture") or element.find(f".//{_IMAGE_DATA}") is not None:
        what = "Bild"
    elif "chart" in uri:
        what = "Diagramm"
    elif "diagram" in uri:
        what = "SmartArt-Grafik"
    else:
        what = "Grafik"
    doc_pr = element.find(f".//{_DOC_PR}")
    alt = "" if doc_pr is None else _clean(doc_pr.get("descr") or doc_pr.get("title") or "")
    suffix = ALT_TEXT.format(text=_snippet(alt.strip(), 80)) if alt.strip() else ""
    return GRAPHIC.format(what=what) + suffix


def _url(target: str) -> str | None:
    """Return a link target safe for Markdown, or None unless it is http(s) or mailto."""
    target = _clean(target).strip()
    scheme, colon, _rest = target.partition(":")
    if not colon or scheme.lower() not in _LINK_SCHEMES:
        return None
    return target.translate(_URL_UNSAFE).replace("\\", "%5C").replace('"', "%22")


# --- styles and numbering ---------------------------------------------------------------------


def _toggle(element: etree._Element | None) -> bool | None:
    """Read an on/off property such as ``w:b``: present means on unless its value says off."""
    if element is None:
        return None
    return (element.get(_VAL) or "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class _StyleDef:
    """What one style says itself; None where it leaves the answer to its base style."""

    based_on: str | None
    #: 1–9 for headings, 0 where the style explicitly makes body text (outline level 9).
    heading: int | None
    num_id: str | None
    ilvl: int | None
    list_hint: tuple[str, int] | None
    bold: bool | None
    italic: bool | None


@dataclass(frozen=True)
class _ParagraphStyle:
    """How a paragraph is meant: heading level, title, list membership, section break."""

    heading: int | None
    is_title: bool
    #: A table-of-contents entry or its heading, written by Word or typed by hand.
    is_toc: bool
    num_id: str | None
    ilvl: int | None
    list_hint: tuple[str, int] | None
    section_properties: etree._Element | None


def _style_def(style: etree._Element, style_id: str, name: str) -> _StyleDef:
    ppr, rpr = style.find(_PPR), style.find(_RPR)
    match = _HEADING_NAME.fullmatch(name) or _HEADING_ID.fullmatch(style_id.lower())
    outline = _int(_val(ppr, "outlineLvl"), -1)
    heading = int(match.group(1)) if match else (outline + 1) % 10 if outline >= 0 else None
    num_pr = None if ppr is None else ppr.find(_W + "numPr")
    ilvl = _val(num_pr, "ilvl")
    listed = _LIST_NAME.fullmatch(name)
    hint = None
    if listed:
        hint = (_ORDERED if "num" in listed.group(1) else _BULLET, _int(listed.group(2), 1) - 1)
    return _StyleDef(
        based_on=_val(style, "basedOn"),
        heading=heading,
        num_id=_val(num_pr, "numId"),
        ilvl=None if ilvl is None else _int(ilvl, 0),
        list_hint=hint,
        bold=None if rpr is None else _toggle(rpr.find(_W + "b")),
        italic=None if rpr is None else _toggle(rpr.find(_W + "i")),
    )


class _Styles:
    """Word styles by id; inheritance through ``w:basedOn`` is resolved once per question.

    Headings are recognised by the English names Word writes (``heading 1``), by German names
    and ids other tools write (``Überschrift 1``, ``berschrift1``) and by outline level.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._defs: dict[str, _StyleDef] = {}
        self._titles: set[str] = set()
        self._tocs: set[str] = set()
        self._cache: dict[tuple[str, str], Any] = {}
        self.default: str | None = None
        for style in () if root is None else root.iter(_W + "style"):
            style_id = style.get(_W + "styleId") or ""
            name = _clean(_val(style, "name") or "").strip().lower()
            self._defs[style_id] = _style_def(style, style_id, name)
            if name in ("title", "titel") or style_id.lower() in ("title", "titel"):
                self._titles.add(style_id)
            if _TOC_NAME.fullmatch(name):
                self._tocs.add(style_id)
            if style.get(_TYPE) == "paragraph" and style.get(_W + "default") in ("1", "true"):
                self.default = style_id

    def _lookup(self, style_id: str | None, attribute: str) -> Any:
        key = (style_id or "", attribute)
        if key not in self._cache:
            value, steps = None, 0
            while style_id and value is None and steps < 16:
                definition = self._defs.get(style_id)
                if definition is None:
                    break
                value = getattr(definition, attribute)
                style_id, steps = definition.based_on, steps + 1
            self._cache[key] = value
        return self._cache[key]

    def paragraph(self, p: etree._Element) -> _ParagraphStyle:
        """Resolve a paragraph's own properties against its style."""
        ppr = p.find(_PPR)
        style_id = _val(ppr, "pStyle") or self.default
        outline = _int(_val(ppr, "outlineLvl"), -1)
        heading = self._lookup(style_id, "heading") if outline < 0 else (outline + 1) % 10
        num_pr = None if ppr is None else ppr.find(_W + "numPr")
        ilvl = _val(num_pr, "ilvl")
        return _ParagraphStyle(
            heading=heading or None,
            is_title=style_id in self._titles,
            is_toc=style_id in self._tocs,
            num_id=_val(num_pr, "numId") or self._lookup(style_id, "num_id"),
            ilvl=self._lookup(style_id, "ilvl") if ilvl is None else _int(ilvl, 0),
            list_hint=self._lookup(style_id, "list_hint"),
            section_properties=None if ppr is None else ppr.find(_SECT_PR),
        )

    def run_format(self, style_id: str | None) -> tuple[bool | None, bool | None]:
        """Return bold and italic of a character style (Word's "Strong", "Emphasis")."""
        return self._lookup(style_id, "bold"), self._lookup(style_id, "italic")


class _Numbering:
    """List formats from numbering.xml, and the running numbers of numbered lists."""

    def __init__(self, root: etree._Element | None) -> None:
        self._formats: dict[str, dict[int, tuple[str, int]]] = {}
        self._counters: dict[tuple[str, int], int] = {}
        if root is None:
            return
        abstract = {}
        for definition in root.iter(_W + "abstractNum"):
            abstract[definition.get(_W + "abstractNumId") or ""] = {
                _int(level.get(_W + "ilvl"), 0): (
                    _val(level, "numFmt") or "decimal",
                    _int(_val(level, "start"), 1),
                )
                for level in definition.iter(_W + "lvl")
            }
        for num in root.iter(_W + "num"):
            self._formats[num.get(_W + "numId") or ""] = abstract.get(
                _val(num, "abstractNumId") or "", {}
            )

    def item(self, style: _ParagraphStyle) -> tuple[str, int, int] | None:
        """Return (kind, level, number) if the paragraph is a list item, else None."""
        hint = style.list_hint
        if style.num_id == "0" or (style.num_id is None and hint is None):
            return None
        level = style.ilvl if style.ilvl is not None else hint[1] if hint else 0
        level = max(0, min(level, 8))
        number_format, start = self._formats.get(style.num_id or "", {}).get(level, ("", 1))
        if number_format == "none":
            return None
        if number_format:
            kind = _BULLET if number_format == "bullet" else _ORDERED
        else:
            kind = hint[0] if hint else _BULLET
        key = style.num_id or kind
        for deeper in range(level + 1, 9):
            self._counters.pop((key, deeper), None)
        number = self._counters.get((key, level), start - 1) + 1
        self._counters[(key, level)] = number
        return kind, level, number


# --- paragraphs -------------------------------------------------------------------------------


@dataclass
class _Field:
    """A complex field (``w:fldChar``) being read; its result may span paragraphs."""

    instructions: list[str] = field(default_factory=list)
    result: bool = False
    hidden: bool = False
    href: str | None = None
    inline: _Inline | None = None
    start: int = 0


class _Reader:
    """Reads paragraphs into :class:`_Inline`, keeping field state across paragraphs."""

    def __init__(
        self, styles: _Styles, links: dict[str, str], notes: dict[tuple[str, str], str]
    ) -> None:
        self.styles = styles
        self._links = links
        self._notes = notes
        self._fields: list[_Field] = []
        # True inside a field's instruction or a table of contents: nothing there is shown.
        self._muted = False

    def read(self, p: etree._Element) -> _Inline:
        """Read one paragraph's runs, links and fields."""
        inline = _Inline()
        self._walk(p, inline, None)
        return inline

    def _note(self, inline: _Inline, message: str) -> None:
        if not self._muted:
            inline.note(message)

    def _walk(self, parent: Iterable[etree._Element], inline: _Inline, href: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self._run(child, inline, href, self._format(child))
            elif tag == _HYPERLINK:
                self._walk(child, inline, self._hyperlink(child, inline) or href)
            elif tag in _INSERTS:
                self._note(inline, INSERTED)
                self._walk(child, inline, href)
            elif tag in _DELETES:
                self._note(inline, DELETED)
            elif tag == _W + "fldSimple":
                self._simple_field(child, inline, href)
            elif tag in (_M + "oMath", _M + "oMathPara"):
                self._note(inline, EQUATION)
            elif tag == _ALTERNATE:
                self._walk(_choice(child), inline, href)
            elif tag in _CONTAINERS:
                self._walk(child, inline, href)

    def _run(
        self,
        run: Iterable[etree._Element],
        inline: _Inline,
        href: str | None,
        style: tuple[bool, bool],
    ) -> None:
        for child in run:
            tag = child.tag
            if tag == _T:
                text = child.text or ""
            elif tag in (_W + "tab", _W + "ptab"):
                text = " "
            elif tag == _W + "noBreakHyphen":
                text = "-"
            elif tag in (_W + "br", _W + "cr"):
                if not self._muted and child.get(_TYPE) not in ("page", "column"):
                    inline.br()
                continue
            else:
                self._run_special(child, inline, href, style)
                continue
            if not self._muted:
                inline.add(text, *style, href)

    def _run_special(
        self, child: etree._Element, inline: _Inline, href: str | None, style: tuple[bool, bool]
    ) -> None:
        tag = child.tag
        if tag == _W + "fldChar":
            self._field_char(child, inline)
        elif tag == _W + "instrText":
            if self._fields and not self._fields[-1].result:
                self._fields[-1].instructions.append(child.text or "")
        elif tag in _OBJECTS:
            self._note(inline, _object_message(child))
        elif tag in _NOTE_REFS:
            kind = _NOTE_REFS[tag]
            text = self._notes.get((kind, child.get(_ID) or ""), "")
            self._note(inline, _quoted(NOTE_DROPPED[kind], text))
        elif tag == _W + "sym":
            self._note(inline, SYMBOL)
        elif tag == _ALTERNATE:
            self._run(_choice(child), inline, href, style)
        elif tag == _W + "ruby":
            self._walk(child.iterfind(_W + "rubyBase"), inline, href)

    def _format(self, run: etree._Element) -> tuple[bool, bool]:
        rpr = run.find(_RPR)
        if rpr is None:
            return False, False
        style_bold, style_italic = self.styles.run_format(_val(rpr, "rStyle"))
        bold, italic = _toggle(rpr.find(_W + "b")), _toggle(rpr.find(_W + "i"))
        return bool(style_bold if bold is None else bold), bool(
            style_italic if italic is None else italic
        )

    def _hyperlink(self, element: etree._Element, inline: _Inline) -> str | None:
        rid = element.get(_R_ID)
        if rid is None:
            if element.get(_W + "anchor"):
                self._note(inline, INTERNAL_LINK)
            return None
        return self._link(self._links.get(rid, ""), inline)

    def _link(self, target: str, inline: _Inline) -> str | None:
        href = _url(target)
        if href is None:
            shown = _snippet(_clean(target).strip(), 80)
            self._note(inline, LINK_DROPPED.format(target=shown) if shown else INTERNAL_LINK)
        return href

    def _field_link(self, instruction: str, inline: _Inline) -> str | None:
        match = _HYPERLINK_FIELD.match(instruction)
        if match is None:
            self._note(inline, INTERNAL_LINK)
            return None
        return self._link(match.group(1), inline)

    def _simple_field(self, element: etree._Element, inline: _Inline, href: str | None) -> None:
        instruction, kind = _instruction([element.get(_W + "instr") or ""])
        if kind == "TOC":
            self._note(inline, TOC)
            return
        if kind == "HYPERLINK":
            href = self._field_link(instruction, inline) or href
        elif kind:
            self._note(inline, FIELD.format(kind=kind))
        self._walk(element, inline, href)

    def _field_char(self, element: etree._Element, inline: _Inline) -> None:
        """Follow a complex field: instruction, then the result Word last displayed."""
        kind = element.get(_W + "fldCharType")
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields and not self._fields[-1].result:
            current = self._fields[-1]
            current.result = True
            self._update_muted()
            self._field_result(current, inline)
        elif kind == "end" and self._fields:
            current = self._fields.pop()
            self._update_muted()
            if not current.result:
                name = _instruction(current.instructions)[1]
                if name:
                    self._note(inline, TOC if name == "TOC" else FIELD_DROPPED.format(kind=name))
            elif current.href and current.inline is inline:
                for part in inline.parts[current.start :]:
                    if part is not None and part[3] is None:
                        part[3] = current.href
                inline.seal()
        self._update_muted()

    def _field_result(self, current: _Field, inline: _Inline) -> None:
        instruction, kind = _instruction(current.instructions)
        if kind == "TOC":
            self._note(inline, TOC)
            current.hidden = True
        elif kind == "HYPERLINK":
            current.href = self._field_link(instruction, inline)
            current.inline, current.start = inline, len(inline.parts)
            inline.seal()
        elif kind:
            self._note(inline, FIELD.format(kind=kind))

    def _update_muted(self) -> None:
        self._muted = any(field.hidden or not field.result for field in self._fields)


def _instruction(pieces: list[str]) -> tuple[str, str]:
    """Return a field's instruction and its kind in capitals ("HYPERLINK", "TOC", "PAGE")."""
    instruction = _clean("".join(pieces)).strip()
    kind = instruction.split(" ", 1)[0].upper() if instruction else ""
    return instruction, _snippet(kind, 30)


# --- sections ---------------------------------------------------------------------------------


class _Problems:
    """Collects each problem once, and counts instead of lists beyond :data:`MAX_PROBLEMS`."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._items: list[ImportProblem] = []
        self._skipped = 0

    def add(self, location: str, message: str) -> None:
        if (location, message) in self._seen:
            return
        self._seen.add((location, message))
        if len(self._items) < MAX_PROBLEMS:
            self._items.append(ImportProblem(location, message))
        else:
            self._skipped += 1

    def result(self) -> tuple[ImportProblem, ...]:
        if self._skipped:
            return (*self._items, ImportProblem(DOCUMENT, SKIPPED.format(count=self._skipped)))
        return tuple(self._items)


class _Importer:
    """One import: walks the body once and builds the sections as it goes."""

    def __init__(self, document: DocxDocument) -> None:
        part = document.part
        parts: dict[str, list[Part]] = {}
        for rel in part.rels.values():
            if not rel.is_external:
                parts.setdefault(rel.reltype.rsplit("/", 1)[-1], []).append(rel.target_part)

        def root(kind: str) -> etree._Element | None:
            return _part_root(parts[kind][0]) if kind in parts else None

        self._body = document.element.body
        self._headers_footers = parts.get("header", []) + parts.get("footer", [])
        self._reader = _Reader(
            _Styles(root("styles")),
            {rid: rel.target_ref for rid, rel in part.rels.items() if rel.is_external},
            _note_texts(root("footnotes"), root("endnotes"), root("comments")),
        )
        self._numbering = _Numbering(root("numbering"))
        has_core = any(rel.reltype == RT.CORE_PROPERTIES for rel in part.package.rels.values())
        self._title = _clean(document.core_properties.title or "").strip() if has_core else ""
        self._title_seen = False
        self._problems = _Problems()
        self._sections: list[ImportedSection] = []
        self._heading: tuple[int, str] | None = None
        self._blocks: list[str] = []
        self._list: list[str] = []
        self._list_kinds: list[str] = []
        self._paragraphs = self._tables = 0
        self._label = BEFORE_FIRST_HEADING

    def run(self) -> ImportResult:
        for block in _blocks(self._body):
            tag = block.tag
            if tag == _P:
                self._paragraph(block)
            elif tag == _TBL:
                self._close_list()
                self._table(block)
            elif tag == _SDT:
                self._problems.add(self._label, TOC)
            elif tag == _SECT_PR:
                if _has_columns(block):
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
            if _has_columns(style.section_properties):
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

    def _body_paragraph(self, style: _ParagraphStyle, inline: _Inline) -> None:
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
        marker = "- " if kind == _BULLET else f"{number}. "
        indent = _INDENT * level
        self._list.append(indent + marker + f"  \n{indent}{_INDENT}".join(lines))
        return changed

    def _close_list(self) -> None:
        if self._list:
            self._blocks.append("\n".join(self._list))
        self._list = []
        self._list_kinds = []

    def _start_section(self, level: int, inline: _Inline) -> None:
        if self._heading is None and (self._blocks or self._list):
            self._problems.add(BEFORE_FIRST_HEADING, PREFACE)
        self._finish_section()
        heading = inline.plain()
        notes = list(inline.notes)
        if len(heading) > MAX_HEADING:
            heading = _snippet(heading, MAX_HEADING)
            notes.append(LONG_HEADING.format(limit=MAX_HEADING))
        if inline.has_links():
            notes.append(HEADING_LINK)
        self._heading = (level, heading)
        self._label = f"Abschnitt „{_snippet(heading, 60)}“"
        self._paragraphs = self._tables = 0
        for note in notes:
            self._problems.add(f"Überschrift „{_snippet(heading, 60)}“", note)

    def _finish_section(self) -> None:
        self._close_list()
        body = "\n\n".join(self._blocks)
        self._blocks = []
        if self._heading is not None:
            self._sections.append(ImportedSection(*self._heading, body))
        elif body:
            self._sections.append(ImportedSection(1, PREFACE_HEADING, body))

    def _take_title(self, inline: _Inline) -> None:
        self._title_seen = True
        text = inline.plain()
        if not self._title:
            self._title = text
        elif text != self._title:
            message = TITLE_IGNORED.format(text=_snippet(text, 80), title=self._title)
            self._problems.add(self._label, message)
        for note in inline.notes:
            self._problems.add(f"Titel „{_snippet(text, 60)}“", note)

    def _table(self, tbl: etree._Element) -> None:
        self._tables += 1
        where = f"{self._label}, Tabelle {self._tables}"
        rows = []
        for number, tr in enumerate(_children(tbl, _TR), 1):
            trpr = tr.find(_W + "trPr")
            if trpr is not None and trpr.find(_W + "del") is not None:
                self._problems.add(f"{where}, Zeile {number}", DELETED_ROW)
                continue
            cells = [""] * _int(_val(trpr, "gridBefore"), 0)
            for tc in _children(tr, _TC):
                tcpr = tc.find(_W + "tcPr")
                span = max(1, _int(_val(tcpr, "gridSpan"), 1))
                merged = tcpr is not None and tcpr.find(_W + "vMerge") is not None
                text = self._cell(tc, f"{where}, Zeile {number}, Spalte {len(cells) + 1}")
                if span > 1 or (merged and _val(tcpr, "vMerge") != "restart"):
                    self._problems.add(where, MERGED_CELLS)
                cells.append(text)
                cells.extend([""] * (span - 1))
            rows.append(cells)
        width = max((len(row) for row in rows), default=0)
        if width:
            lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
            lines.insert(1, "|" + " --- |" * width)
            self._blocks.append("\n".join(lines))

    def _cell(self, tc: etree._Element, where: str) -> str:
        """Render a cell as one line of inline Markdown, its paragraphs joined by ``<br>``."""
        pieces = []
        for block in _blocks(tc):
            if block.tag == _P:
                pieces.extend(self._cell_paragraph(block, where))
            elif block.tag == _TBL:
                self._problems.add(where, NESTED_TABLE)
                for tr in _children(block, _TR):
                    texts = [self._cell(inner, where) for inner in _children(tr, _TC)]
                    pieces.append(" / ".join(text for text in texts if text))
            elif block.tag == _SDT:
                self._problems.add(where, TOC)
        return _CELL_BREAK.join(piece for piece in pieces if piece)

    def _cell_paragraph(self, p: etree._Element, where: str) -> list[str]:
        style = self._reader.styles.paragraph(p)
        inline = self._reader.read(p)
        for note in inline.notes:
            self._problems.add(where, note)
        lines = inline.lines()
        item = None if style.heading else self._numbering.item(style)
        if lines and item is not None:
            kind, _level, number = item
            lines[0] = ("• " if kind == _BULLET else f"{number}. ") + lines[0]
        return lines

    def _check_headers_footers(self) -> None:
        for part in self._headers_footers:
            root = _part_root(part)
            if root is None:
                continue
            texts = (t.text for t in root.iter(_T) if t.text and t.text.strip())
            if next(texts, None) is not None or next(root.iter(*_OBJECTS), None) is not None:
                self._problems.add(HEADERS_FOOTERS, HEADER_FOOTER)
                return
