"""Compare two versions of a document section by section, and word by word within a section.

A section keeps its integer key across versions, so it is matched by key and not by heading: a
renamed section is the same section with a new heading, not one removed and one added. Each
section reports what happened to it on independent axes, because they combine freely (a section
can be moved, renamed and rewritten at once):

- ``state`` is about existence and body text only: ``added``, ``removed``, ``changed`` (the body
  differs word by word) or ``same``. A section that was only moved, renamed or re-levelled keeps
  state ``same`` and carries the flag, so the summary can count each kind of change on its own.
- ``moved``: its place relative to the other surviving sections changed. The sections that kept
  their relative order are the longest common subsequence of both orders; everything else moved.
  So moving one section marks that one, not every section it jumped over.
- ``renamed`` / ``level_changed``: the heading text or the heading level differs.

Leading and trailing whitespace of headings and bodies is ignored: Markdown renders without it,
and a final line break added by the editor is no change to the reader. Inside the text the rules
of :func:`meetings.textdiff.diff_words` hold (a re-typed double space is no change, a new
paragraph is).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from meetings.textdiff import (
    ADDED,
    CHANGED,
    DELETE,
    EQUAL,
    INSERT,
    REMOVED,
    SAME,
    Segment,
    diff_words,
    is_changed,
)

__all__ = [
    "ADDED",
    "CHANGED",
    "REMOVED",
    "SAME",
    "Comparison",
    "SectionChange",
    "SectionText",
    "Summary",
    "compare_versions",
]

#: A whitespace run holding a line break: the seam between two lines.
_LINE_BREAK = re.compile(r"(\s*\n\s*)")


@dataclass(frozen=True)
class SectionText:
    """One section of one version: its stable key, heading level (1–3), heading and Markdown."""

    key: int
    level: int
    heading: str
    body: str


@dataclass(frozen=True)
class SectionChange:
    """What happened to one section between two versions."""

    key: int
    #: added / removed / changed (body text) / same.
    state: str
    moved: bool
    renamed: bool
    level_changed: bool
    old: SectionText | None
    new: SectionText | None
    heading_segments: tuple[Segment, ...]
    body_segments: tuple[Segment, ...]
    #: 0-based index in the old / new version; None where the section does not exist.
    old_position: int | None
    new_position: int | None

    @property
    def current(self) -> SectionText:
        """The section as the reader should see it: the new state, or the old one if removed."""
        shown = self.new or self.old
        assert shown is not None
        return shown

    @property
    def heading(self) -> str:
        return self.current.heading

    @property
    def level(self) -> int:
        return self.current.level

    @property
    def changed_anything(self) -> bool:
        """Tell whether anything at all differs, so unchanged sections can be folded away."""
        return self.state != SAME or self.moved or self.renamed or self.level_changed


@dataclass(frozen=True)
class Summary:
    """The keys of the sections per kind of change, in result order; a key may be in several."""

    added: tuple[int, ...]
    removed: tuple[int, ...]
    moved: tuple[int, ...]
    renamed: tuple[int, ...]
    #: Body text changed.
    changed: tuple[int, ...]
    level_changed: tuple[int, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Count each kind of change, for the header of the comparison page."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "moved": len(self.moved),
            "renamed": len(self.renamed),
            "changed": len(self.changed),
            "level_changed": len(self.level_changed),
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())


@dataclass(frozen=True)
class Comparison:
    sections: tuple[SectionChange, ...]
    summary: Summary

    @property
    def changed_sections(self) -> tuple[SectionChange, ...]:
        """Every section that is not plainly the same in both versions."""
        return tuple(section for section in self.sections if section.changed_anything)


def _lines(text: str) -> list[str]:
    """Split a text into lines, each carrying the whitespace run (with its break) before it."""
    pieces = _LINE_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [pieces[0]] + [pieces[k] + pieces[k + 1] for k in range(1, len(pieces), 2)]


def _merged(segments: list[Segment], more: Sequence[Segment]) -> None:
    for segment in more:
        if segments and segments[-1].kind == segment.kind:
            segments[-1] = Segment(segment.kind, segments[-1].text + segment.text)
        elif segment.text:
            segments.append(segment)


def _segments(old: str, new: str) -> tuple[Segment, ...]:
    """Diff two texts word by word, only within the runs of lines that differ.

    diff_words alone grows about quadratically with the text (every space is a token that
    matches every other space): some 40 ms for 500 words. Matching unchanged lines first and
    word-diffing only the lines that differ, pairwise where as many lines replace as many,
    keeps a typical edit of such a section at a few milliseconds. A run of changed lines whose
    count differs (a paragraph split or merged) is word-diffed as one piece.
    """
    old, new = old.strip(), new.strip()
    if old == new:
        return (Segment(EQUAL, new),) if new else ()
    if not old:
        return (Segment(INSERT, new),)
    if not new:
        return (Segment(DELETE, old),)
    before, after = _lines(old), _lines(new)
    # Lines re-typed with other whitespace differ here; diff_words then finds them equal.
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            _merged(segments, [Segment(EQUAL, "".join(after[j1:j2]))])
        elif i2 - i1 == j2 - j1:
            # As many lines as before: each was edited in place, so diff them pairwise.
            for old_line, new_line in zip(before[i1:i2], after[j1:j2], strict=True):
                _merged(segments, diff_words(old_line, new_line))
        else:
            _merged(segments, diff_words("".join(before[i1:i2]), "".join(after[j1:j2])))
    return tuple(segments)


def _index_by_key(sections: Sequence[SectionText], which: str) -> dict[int, int]:
    positions = {section.key: index for index, section in enumerate(sections)}
    if len(positions) != len(sections):
        raise ValueError(f"duplicate section keys in the {which} version")
    return positions


def _stable_keys(old_order: list[int], new_rank: dict[int, int]) -> set[int]:
    """Return the keys that kept their relative order: a longest common subsequence.

    The common keys in old order, mapped to their rank in the new order, form a permutation;
    its longest increasing subsequence is the largest set that did not move. Among equally long
    ones, the one whose members moved least (sum of rank shifts) wins, so swapping the 2nd and
    4th of five marks those two and not the 3rd. A Fenwick tree of prefix maxima over new ranks
    keeps this O(n log n).
    """
    size = len(old_order)
    # (length, -total shift, index in old_order) of the best chain ending at each new rank.
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)
    previous = [-1] * size
    best = (0, 0, -1)
    for index, key in enumerate(old_order):
        rank = new_rank[key]
        found, node = (0, 0, -1), rank
        while node > 0:
            found = max(found, tree[node])
            node -= node & -node
        entry = (found[0] + 1, found[1] - abs(index - rank), index)
        previous[index] = found[2]
        best = max(best, entry)
        node = rank + 1
        while node <= size:
            tree[node] = max(tree[node], entry)
            node += node & -node
    stable: set[int] = set()
    index = best[2]
    while index >= 0:
        stable.add(old_order[index])
        index = previous[index]
    return stable


def _change(
    old: SectionText | None,
    new: SectionText | None,
    old_position: int | None,
    new_position: int | None,
    moved: bool,
) -> SectionChange:
    heading = _segments(old.heading if old else "", new.heading if new else "")
    body = _segments(old.body if old else "", new.body if new else "")
    renamed = level_changed = False
    if old is None:
        assert new is not None
        key, state = new.key, ADDED
    elif new is None:
        key, state = old.key, REMOVED
    else:
        key, state = new.key, CHANGED if is_changed(body) else SAME
        renamed, level_changed = is_changed(heading), old.level != new.level
    return SectionChange(
        key=key,
        state=state,
        moved=moved,
        renamed=renamed,
        level_changed=level_changed,
        old=old,
        new=new,
        heading_segments=heading,
        body_segments=body,
        old_position=old_position,
        new_position=new_position,
    )


def _summarise(sections: Sequence[SectionChange]) -> Summary:
    def keys(include: Callable[[SectionChange], bool]) -> tuple[int, ...]:
        return tuple(section.key for section in sections if include(section))

    return Summary(
        added=keys(lambda s: s.state == ADDED),
        removed=keys(lambda s: s.state == REMOVED),
        moved=keys(lambda s: s.moved),
        renamed=keys(lambda s: s.renamed),
        changed=keys(lambda s: s.state == CHANGED),
        level_changed=keys(lambda s: s.level_changed),
    )


def compare_versions(old: Sequence[SectionText], new: Sequence[SectionText]) -> Comparison:
    """Compare two versions section by section, in the new version's order.

    A section only in the old version is listed as removed right after the surviving section
    that preceded it there (first if none did), so the reader finds it where it used to be.
    Raises ``ValueError`` if a version holds one key twice.
    """
    old_index = _index_by_key(old, "old")
    new_index = _index_by_key(new, "new")
    common_new = [section.key for section in new if section.key in old_index]
    new_rank = {key: rank for rank, key in enumerate(common_new)}
    common_old = [section.key for section in old if section.key in new_index]
    stable = _stable_keys(common_old, new_rank)

    removed_after: dict[int | None, list[int]] = {}
    previous: int | None = None
    for section in old:
        if section.key in new_index:
            previous = section.key
        else:
            removed_after.setdefault(previous, []).append(section.key)

    def removed(after: int | None) -> list[SectionChange]:
        return [
            _change(old[old_index[key]], None, old_index[key], None, False)
            for key in removed_after.get(after, ())
        ]

    result = removed(None)
    for position, section in enumerate(new):
        before = old_index.get(section.key)
        previous_state = old[before] if before is not None else None
        moved = before is not None and section.key not in stable
        result.append(_change(previous_state, section, before, position, moved))
        result += removed(section.key)
    return Comparison(sections=tuple(result), summary=_summarise(result))
