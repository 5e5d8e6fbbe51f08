"""Read one Word paragraph's runs, links and fields into formatted text, noting what is lost.

Hyperlinks, fields, tracked changes and drawings are invisible through python-docx's
paragraph API, so the paragraph XML is walked directly. A complex field (``w:fldChar``) may
begin in one paragraph and end in another, which is why one :class:`Reader` reads all
paragraphs of a document in order and keeps the open fields between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from documents.docx_import.inline import Inline, clean, snippet, url
from documents.docx_import.report import (
    ALT_TEXT,
    DELETED,
    EMBEDDED_OBJECT,
    EQUATION,
    FIELD,
    FIELD_DROPPED,
    GRAPHIC,
    INSERTED,
    INTERNAL_LINK,
    LINK_DROPPED,
    NOTE_DROPPED,
    SYMBOL,
    TEXT_BOX,
    TOC,
    quoted,
)
from documents.docx_import.styles import Styles
from documents.docx_import.wordml import (
    ALTERNATE,
    CONTAINERS,
    DELETES,
    DOC_PR,
    GRAPHIC_DATA,
    HYPERLINK,
    ID,
    IMAGE_DATA,
    INSERTS,
    NOTE_REFS,
    OBJECTS,
    R_ID,
    RPR,
    TXBX,
    TYPE,
    M,
    R,
    T,
    W,
    choice,
    toggle,
    val,
)

_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"?([^"\s\\][^"]*?)"?(?:\s|$)', re.IGNORECASE)


@dataclass
class _Field:
    """A complex field (``w:fldChar``) being read; its result may span paragraphs."""

    instructions: list[str] = field(default_factory=list)
    result: bool = False
    hidden: bool = False
    href: str | None = None
    inline: Inline | None = None
    start: int = 0


class Reader:
    """Reads paragraphs into :class:`Inline`, keeping field state across paragraphs."""

    def __init__(
        self, styles: Styles, links: dict[str, str], notes: dict[tuple[str, str], str]
    ) -> None:
        self.styles = styles
        self._links = links
        self._notes = notes
        self._fields: list[_Field] = []
        # True inside a field's instruction or a table of contents: nothing there is shown.
        self._muted = False

    def read(self, p: etree._Element) -> Inline:
        """Read one paragraph's runs, links and fields."""
        inline = Inline()
        self._walk(p, inline, None)
        return inline

    def _note(self, inline: Inline, message: str) -> None:
        if not self._muted:
            inline.note(message)

    def _walk(self, parent: Iterable[etree._Element], inline: Inline, href: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == R:
                self._run(child, inline, href, self._format(child))
            elif tag == HYPERLINK:
                self._walk(child, inline, self._hyperlink(child, inline) or href)
            elif tag in INSERTS:
                self._note(inline, INSERTED)
                self._walk(child, inline, href)
            elif tag in DELETES:
                self._note(inline, DELETED)
            elif tag == W + "fldSimple":
                self._simple_field(child, inline, href)
            elif tag in (M + "oMath", M + "oMathPara"):
                self._note(inline, EQUATION)
            elif tag == ALTERNATE:
                self._walk(choice(child), inline, href)
            elif tag in CONTAINERS:
                self._walk(child, inline, href)

    def _run(
        self,
        run: Iterable[etree._Element],
        inline: Inline,
        href: str | None,
        style: tuple[bool, bool],
    ) -> None:
        for child in run:
            tag = child.tag
            if tag == T:
                text = child.text or ""
            elif tag in (W + "tab", W + "ptab"):
                text = " "
            elif tag == W + "noBreakHyphen":
                text = "-"
            elif tag in (W + "br", W + "cr"):
                if not self._muted and child.get(TYPE) not in ("page", "column"):
                    inline.br()
                continue
            else:
                self._run_special(child, inline, href, style)
                continue
            if not self._muted:
                inline.add(text, *style, href)

    def _run_special(
        self, child: etree._Element, inline: Inline, href: str | None, style: tuple[bool, bool]
    ) -> None:
        tag = child.tag
        if tag == W + "fldChar":
            self._field_char(child, inline)
        elif tag == W + "instrText":
            if self._fields and not self._fields[-1].result:
                self._fields[-1].instructions.append(child.text or "")
        elif tag in OBJECTS:
            self._note(inline, _object_message(child))
        elif tag in NOTE_REFS:
            kind = NOTE_REFS[tag]
            text = self._notes.get((kind, child.get(ID) or ""), "")
            self._note(inline, quoted(NOTE_DROPPED[kind], text))
        elif tag == W + "sym":
            self._note(inline, SYMBOL)
        elif tag == ALTERNATE:
            self._run(choice(child), inline, href, style)
        elif tag == W + "ruby":
            self._walk(child.iterfind(W + "rubyBase"), inline, href)

    def _format(self, run: etree._Element) -> tuple[bool, bool]:
        rpr = run.find(RPR)
        if rpr is None:
            return False, False
        style_bold, style_italic = self.styles.run_format(val(rpr, "rStyle"))
        bold, italic = toggle(rpr.find(W + "b")), toggle(rpr.find(W + "i"))
        return bool(style_bold if bold is None else bold), bool(
            style_italic if italic is None else italic
        )

    def _hyperlink(self, element: etree._Element, inline: Inline) -> str | None:
        rid = element.get(R_ID)
        if rid is None:
            if element.get(W + "anchor"):
                self._note(inline, INTERNAL_LINK)
            return None
        return self._link(self._links.get(rid, ""), inline)

    def _link(self, target: str, inline: Inline) -> str | None:
        href = url(target)
        if href is None:
            shown = snippet(clean(target).strip(), 80)
            self._note(inline, LINK_DROPPED.format(target=shown) if shown else INTERNAL_LINK)
        return href

    def _field_link(self, instruction: str, inline: Inline) -> str | None:
        match = _HYPERLINK_FIELD.match(instruction)
        if match is None:
            self._note(inline, INTERNAL_LINK)
            return None
        return self._link(match.group(1), inline)

    def _simple_field(self, element: etree._Element, inline: Inline, href: str | None) -> None:
        instruction, kind = _instruction([element.get(W + "instr") or ""])
        if kind == "TOC":
            self._note(inline, TOC)
            return
        if kind == "HYPERLINK":
            href = self._field_link(instruction, inline) or href
        elif kind:
            self._note(inline, FIELD.format(kind=kind))
        self._walk(element, inline, href)

    def _field_char(self, element: etree._Element, inline: Inline) -> None:
        """Follow a complex field: instruction, then the result Word last displayed."""
        kind = element.get(W + "fldCharType")
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

    def _field_result(self, current: _Field, inline: Inline) -> None:
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
    instruction = clean("".join(pieces)).strip()
    kind = instruction.split(" ", 1)[0].upper() if instruction else ""
    return instruction, snippet(kind, 30)


def _object_message(element: etree._Element) -> str:
    """Say which drawing, picture or object was left out, with its alternative text."""
    text_box = element.find(f".//{TXBX}")
    if text_box is not None:
        return quoted(TEXT_BOX, "".join(t.text or "" for t in text_box.iter(T)))
    if element.tag == W + "object":
        return EMBEDDED_OBJECT
    graphic = element.find(f".//{GRAPHIC_DATA}")
    uri = "" if graphic is None else graphic.get("uri", "")
    if uri.endswith("/picture") or element.find(f".//{IMAGE_DATA}") is not None:
        what = "Bild"
    elif "chart" in uri:
        what = "Diagramm"
    elif "diagram" in uri:
        what = "SmartArt-Grafik"
    else:
        what = "Grafik"
    doc_pr = element.find(f".//{DOC_PR}")
    alt = "" if doc_pr is None else clean(doc_pr.get("descr") or doc_pr.get("title") or "")
    suffix = ALT_TEXT.format(text=snippet(alt.strip(), 80)) if alt.strip() else ""
    return GRAPHIC.format(what=what) + suffix
