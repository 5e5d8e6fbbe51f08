"""What Word's styles and numbering say about a paragraph: heading level, title, list item.

Secretariats format with styles, not by hand, so the structure of a Handlungskonzept is in
styles.xml and numbering.xml: which style is "Überschrift 2", which paragraphs belong to a
numbered list and at which number it stands. Direct layout (indents, fonts, colours) is not
content and is not read at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from documents.docx_import.inline import clean
from documents.docx_import.wordml import PPR, RPR, SECT_PR, TYPE, W, to_int, toggle, val

BULLET, ORDERED = "bullet", "ordered"

_HEADING_NAME = re.compile(r"(?:heading|überschrift) ?([1-9])")
_HEADING_ID = re.compile(r"(?:heading|berschrift|überschrift)([1-9])")
_LIST_NAME = re.compile(
    r"(list bullet|list number|list paragraph|listenabsatz|aufzählungszeichen|listennummer)"
    r"(?: ([2-9]))?"
)
# Word writes the English names even in German Word; other tools write the German ones.
_TOC_NAME = re.compile(r"toc heading|toc [1-9]|inhaltsverzeichnisüberschrift|verzeichnis [1-9]")


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
class ParagraphStyle:
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
    ppr, rpr = style.find(PPR), style.find(RPR)
    match = _HEADING_NAME.fullmatch(name) or _HEADING_ID.fullmatch(style_id.lower())
    outline = to_int(val(ppr, "outlineLvl"), -1)
    heading = int(match.group(1)) if match else (outline + 1) % 10 if outline >= 0 else None
    num_pr = None if ppr is None else ppr.find(W + "numPr")
    ilvl = val(num_pr, "ilvl")
    listed = _LIST_NAME.fullmatch(name)
    hint = None
    if listed:
        hint = (ORDERED if "num" in listed.group(1) else BULLET, to_int(listed.group(2), 1) - 1)
    return _StyleDef(
        based_on=val(style, "basedOn"),
        heading=heading,
        num_id=val(num_pr, "numId"),
        ilvl=None if ilvl is None else to_int(ilvl, 0),
        list_hint=hint,
        bold=None if rpr is None else toggle(rpr.find(W + "b")),
        italic=None if rpr is None else toggle(rpr.find(W + "i")),
    )


class Styles:
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
        for style in () if root is None else root.iter(W + "style"):
            style_id = style.get(W + "styleId") or ""
            name = clean(val(style, "name") or "").strip().lower()
            self._defs[style_id] = _style_def(style, style_id, name)
            if name in ("title", "titel") or style_id.lower() in ("title", "titel"):
                self._titles.add(style_id)
            if _TOC_NAME.fullmatch(name):
                self._tocs.add(style_id)
            if style.get(TYPE) == "paragraph" and style.get(W + "default") in ("1", "true"):
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

    def paragraph(self, p: etree._Element) -> ParagraphStyle:
        """Resolve a paragraph's own properties against its style."""
        ppr = p.find(PPR)
        style_id = val(ppr, "pStyle") or self.default
        outline = to_int(val(ppr, "outlineLvl"), -1)
        heading = self._lookup(style_id, "heading") if outline < 0 else (outline + 1) % 10
        num_pr = None if ppr is None else ppr.find(W + "numPr")
        ilvl = val(num_pr, "ilvl")
        return ParagraphStyle(
            heading=heading or None,
            is_title=style_id in self._titles,
            is_toc=style_id in self._tocs,
            num_id=val(num_pr, "numId") or self._lookup(style_id, "num_id"),
            ilvl=self._lookup(style_id, "ilvl") if ilvl is None else to_int(ilvl, 0),
            list_hint=self._lookup(style_id, "list_hint"),
            section_properties=None if ppr is None else ppr.find(SECT_PR),
        )

    def run_format(self, style_id: str | None) -> tuple[bool | None, bool | None]:
        """Return bold and italic of a character style (Word's "Strong", "Emphasis")."""
        return self._lookup(style_id, "bold"), self._lookup(style_id, "italic")


class Numbering:
    """List formats from numbering.xml, and the running numbers of numbered lists."""

    def __init__(self, root: etree._Element | None) -> None:
        self._formats: dict[str, dict[int, tuple[str, int]]] = {}
        self._counters: dict[tuple[str, int], int] = {}
        if root is None:
            return
        abstract = {}
        for definition in root.iter(W + "abstractNum"):
            abstract[definition.get(W + "abstractNumId") or ""] = {
                to_int(level.get(W + "ilvl"), 0): (
                    val(level, "numFmt") or "decimal",
                    to_int(val(level, "start"), 1),
                )
                for level in definition.iter(W + "lvl")
            }
        for num in root.iter(W + "num"):
            self._formats[num.get(W + "numId") or ""] = abstract.get(
                val(num, "abstractNumId") or "", {}
            )

    def item(self, style: ParagraphStyle) -> tuple[str, int, int] | None:
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
            kind = BULLET if number_format == "bullet" else ORDERED
        else:
            kind = hint[0] if hint else BULLET
        key = style.num_id or kind
        for deeper in range(level + 1, 9):
            self._counters.pop((key, deeper), None)
        number = self._counters.get((key, level), start - 1) + 1
        self._counters[(key, level)] = number
        return kind, level, number
