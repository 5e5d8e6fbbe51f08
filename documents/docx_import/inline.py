"""One Word paragraph's text as Markdown the portal renders, shown exactly as Word showed it.

The Markdown is the dialect ``portal.markup`` renders (Python-Markdown with ``tables`` and
``sane_lists``). Word text is escaped so that it shows literally: an asterisk typed in Word
stays an asterisk, a line starting with "1." is not turned into a list. Runs with the same
formatting merge before the emphasis markers are written, so Word's habit of splitting text
into many runs leaves no ``****`` behind.
"""

from __future__ import annotations

import re

_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), *range(127, 160), 0xFFFE, 0xFFFF])
# Whitespace except the no-break spaces German typesetting relies on ("§ 5", "z. B.").
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]|"})
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_BLOCK_START = re.compile(r"(?:([#>+-])|(\d+)\.(?=\s|$))")
_SETEXT_RULE = re.compile(r"=+\s*$")
_LINK_SCHEMES = ("http", "https", "mailto")
_URL_UNSAFE = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})

#: One rendered piece of a line: space before, Markdown, space after, link target.
_Atom = tuple[bool, str, bool, str | None]


def clean(text: str) -> str:
    """Remove control characters and collapse whitespace to single spaces."""
    return _SPACES.sub(" ", text.translate(_CONTROLS))


def snippet(text: str, limit: int) -> str:
    """Shorten text for a problem message or a location."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def url(target: str) -> str | None:
    """Return a link target safe for Markdown, or None unless it is http(s) or mailto."""
    target = clean(target).strip()
    scheme, colon, _rest = target.partition(":")
    if not colon or scheme.lower() not in _LINK_SCHEMES:
        return None
    return target.translate(_URL_UNSAFE).replace("\\", "%5C").replace('"', "%22")


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


class Inline:
    """One paragraph's text as formatted pieces, plus the notes on what could not be kept.

    A piece is ``[chunks, bold, italic, href]``; ``None`` stands for a line break. Adjacent
    runs with the same formatting merge, so Word's run splitting leaves no ``****`` behind.
    """

    def __init__(self) -> None:
        self.parts: list[list | None] = []
        self.notes: list[str] = []
        self._sealed = False

    def add(self, text: str, bold: bool, italic: bool, href: str | None) -> None:
        """Append text in a formatting, merging it into the last piece where that matches."""
        if not text:
            return
        last = self.parts[-1] if self.parts else None
        if last is not None and not self._sealed and last[1:] == [bold, italic, href]:
            last[0].append(text)
        else:
            self.parts.append([[text], bold, italic, href])
        self._sealed = False

    def br(self) -> None:
        """Append a line break."""
        self.parts.append(None)

    def seal(self) -> None:
        """Start a new piece with the next text, so a field result can become a link."""
        self._sealed = True

    def note(self, message: str) -> None:
        """Remember something the paragraph lost, once."""
        if message not in self.notes:
            self.notes.append(message)

    def embolden(self) -> None:
        """Set all text in bold (a heading too deep for a section)."""
        for part in self.parts:
            if part is not None:
                part[1] = True

    def has_links(self) -> bool:
        """Say whether any text is linked."""
        return any(part is not None and part[3] for part in self.parts)

    def plain(self) -> str:
        """Return the text without formatting, line breaks as spaces (for headings)."""
        text = "".join(" " if part is None else "".join(part[0]) for part in self.parts)
        return clean(text).strip()

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
    atoms: list[_Atom] = []
    for chunks, bold, italic, href in parts:
        text = clean("".join(chunks))
        core = text.strip(" ")
        if not core:
            if text and atoms:
                atoms[-1] = (*atoms[-1][:2], True, atoms[-1][3])
            continue
        marker = "***" if bold and italic else "**" if bold else "*" if italic else ""
        atoms.append((text[0] == " ", f"{marker}{_escape(core)}{marker}", text[-1] == " ", href))
    linked: list[_Atom] = []
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


def _join(atoms: list[_Atom]) -> str:
    pieces = []
    for index, (lead, markdown, _trail, _href) in enumerate(atoms):
        if index and (lead or atoms[index - 1][2]):
            pieces.append(" ")
        pieces.append(markdown)
    return "".join(pieces)
