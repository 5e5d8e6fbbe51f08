"""Word-level comparison of two texts, and of two documents made of named text sections.

The minutes keep every saved state; readers compare two of them. A text is split into words and
the whitespace between them, and difflib's longest-matching-blocks algorithm runs on those
tokens, so a changed word shows as that word and not as a changed line. Whitespace inside a line
compares as one space and a line break as a line break (two or more as a paragraph break): a
re-typed double space is no change, a new paragraph or list item is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

#: Sections of a document: the same key in both states is the same section.
SAME = "same"
CHANGED = "changed"
ADDED = "added"
REMOVED = "removed"

_TOKEN = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Segment:
    """A stretch of text that both states share (equal), or only the new (insert) or old one."""

    kind: str
    text: str


def tokens(text: str) -> list[str]:
    """Split a text into words and whitespace runs; joined again they give the text back."""
    return _TOKEN.findall(text.replace("\r\n", "\n").replace("\r", "\n"))


def _key(token: str) -> str:
    if not token[0].isspace():
        return token
    breaks = token.count("\n")
    return "\n\n" if breaks >= 2 else "\n" if breaks else " "


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def diff_words(old: str, new: str) -> list[Segment]:
    """Return the segments that turn ``old`` into ``new``: equal, delete and insert.

    Equal stretches carry the new text (its whitespace); a replaced stretch is a delete
    followed by an insert. A lone space between two changes joins them, so "eins zwei" →
    "drei vier" reads as one replaced phrase, not as two words with a shared space.
    """
    before, after = tokens(old or ""), tokens(new or "")
    matcher = SequenceMatcher(
        None, [_key(t) for t in before], [_key(t) for t in after], autojunk=False
    )
    opcodes = matcher.get_opcodes()
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for position, (operation, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < position < len(opcodes) - 1
        if operation == "equal" and not (between_changes and not "".join(after[j1:j2]).strip()):
            _append(segments, DELETE, "".join(deleted))
            _append(segments, INSERT, "".join(inserted))
            deleted, inserted = [], []
            _append(segments, EQUAL, "".join(after[j1:j2]))
            continue
        deleted += before[i1:i2]
        inserted += after[j1:j2]
    _append(segments, DELETE, "".join(deleted))
    _append(segments, INSERT, "".join(inserted))
    return segments


def is_changed(segments: Sequence[Segment]) -> bool:
    """Tell whether the segments record any change."""
    return any(segment.kind != EQUAL for segment in segments)


@dataclass(frozen=True)
class Section:
    """A named part of a document (a header, one agenda item) with labelled text fields."""

    key: str
    title: str
    #: (label, text) pairs in reading order.
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldDiff:
    label: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return is_changed(self.segments)


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    #: same / changed / added / removed.
    state: str
    fields: tuple[FieldDiff, ...]


def _compare_section(old: Section | None, new: Section | None) -> SectionDiff:
    old_fields = dict(old.fields) if old else {}
    new_fields = dict(new.fields) if new else {}
    labels = [label for label, _ in (new.fields if new else ())]
    labels += [label for label, _ in (old.fields if old else ()) if label not in new_fields]
    fields = tuple(
        FieldDiff(label, tuple(diff_words(old_fields.get(label, ""), new_fields.get(label, ""))))
        for label in labels
    )
    if old is None:
        state = ADDED
    elif new is None:
        state = REMOVED
    else:
        changed = old.title != new.title or any(field.changed for field in fields)
        state = CHANGED if changed else SAME
    shown = new or old
    return SectionDiff(key=shown.key, title=shown.title, state=state, fields=fields)


def compare_sections(old: Sequence[Section], new: Sequence[Section]) -> list[SectionDiff]:
    """Compare two states section by section, in the new state's order.

    A section only in the old state is listed as removed after the section that preceded it
    there, so the reader finds it where it used to be.
    """
    old_by_key = {section.key: section for section in old}
    new_keys = {section.key for section in new}
    removed_after: dict[str | None, list[Section]] = {}
    previous: str | None = None
    for section in old:
        if section.key not in new_keys:
            removed_after.setdefault(previous, []).append(section)
        else:
            previous = section.key
    result = [_compare_section(gone, None) for gone in removed_after.get(None, [])]
    for section in new:
        result.append(_compare_section(old_by_key.get(section.key), section))
        result += [_compare_section(gone, None) for gone in removed_after.get(section.key, [])]
    return result
