"""User Markdown parsed into an HTML tree the way the web pages parse it, for the Word writer.

The web pages render user text with Python-Markdown ("tables", "sane_lists", see
``portal/markup.py``), so the Word export parses it the same way. Raw HTML is not interpreted:
the HTML block and inline patterns are switched off, so ``<script>`` stays the text it was
typed as. One tag is the exception: ``<br>`` inside a table cell becomes a line break, because a
pipe table row is one line and the Word import writes a cell's line breaks as ``<br>`` (the web
sanitiser keeps it too). Outside table cells ``<br>`` stays literal text, as before.

A typed ``<br>`` is stashed as raw HTML, as Python-Markdown's own HTML pattern does, so links
and emphasis around it parse exactly as they did while it was plain text; once the tree is
built, every stashed break outside a table cell is put back as the text that was typed.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree

import markdown
from lxml import html as lxml_html
from lxml.etree import _Element
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

#: ``<br>``, ``<br/>``, ``<BR />``: the spellings the web renderer turns into a line break.
_BREAK_TAG = r"(?i)<br\s*/?>"
_CELLS = ("td", "th")

_local = threading.local()


class _TypedBreak(InlineProcessor):
    """Stash a typed ``<br>`` as raw HTML and remember what was typed for its placeholder."""

    def __init__(self, pattern: str, md: markdown.Markdown) -> None:
        super().__init__(pattern, md)
        self.typed: dict[str, str] = {}

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        placeholder = self.md.htmlStash.store("<br>")
        self.typed[placeholder] = m.group(0)
        return placeholder, m.start(0), m.end(0)


class _CellBreaks(Treeprocessor):
    """Keep stashed breaks in table cells; put the typed text back everywhere else."""

    def __init__(self, md: markdown.Markdown, breaks: _TypedBreak) -> None:
        super().__init__(md)
        self.breaks = breaks

    def run(self, root: etree.Element) -> None:
        typed = self.breaks.typed
        if typed:
            _settle(root, False, typed)
            typed.clear()


def _settle(element: etree.Element, in_cell: bool, typed: dict[str, str]) -> None:
    """Replace the break placeholders in the text outside table cells by what was typed."""
    inside = in_cell or element.tag in _CELLS
    if not inside:
        element.text = _typed_text(element.text, typed)
    for child in element:
        _settle(child, inside, typed)
        if not inside:
            child.tail = _typed_text(child.tail, typed)


def _typed_text(text: str | None, typed: dict[str, str]) -> str | None:
    if not text or "\x02" not in text:
        return text
    return HTML_PLACEHOLDER_RE.sub(lambda m: typed.get(m.group(0), m.group(0)), text)


def _converter() -> markdown.Markdown:
    """Build the converter: the web's extensions, raw HTML off except breaks in cells."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    breaks = _TypedBreak(_BREAK_TAG, converter)
    # Where the HTML pattern was; the tree is complete after "inline" (20) has run.
    converter.inlinePatterns.register(breaks, "typed_break", 90)
    converter.treeprocessors.register(_CellBreaks(converter, breaks), "cell_breaks", 15)
    return converter


def parse(source: str) -> _Element | None:
    """Convert Markdown to an HTML tree, with one converter per thread (building one is slow)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _converter()
        # Without huge_tree libxml2 silently drops what is nested deeper than 256 levels.
        _local.parser = lxml_html.HTMLParser(huge_tree=True)
    html = converter.reset().convert(source)
    if not html:
        return None
    return lxml_html.fragment_fromstring(html, create_parent="div", parser=_local.parser)
