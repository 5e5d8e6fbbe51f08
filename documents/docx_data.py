"""What the Word builders of the Handlungskonzept need, as plain frozen data.

The service loads a version (or two), checks who may see it and fills these records; the
builders never touch the database, so they can be tested and benchmarked on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ExportSection:
    """One section of a version: a heading of level 1–3 and its Markdown body."""

    level: int
    heading: str
    body: str


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the version history ("Versionsverlauf")."""

    number: str
    #: The German label of the status ("Entwurf", "beschlossen", …).
    status: str
    stand: date | None
    change_note: str
    #: The reference of the adopting decision ("LG 2026/07"), or "".
    decision: str


@dataclass(frozen=True)
class VersionExport:
    """One version of a document, with the history of all versions up to it."""

    title: str
    body_name: str
    number: str
    status: str
    stand: date | None
    decision: str
    #: SHA-256 of the version's content, printed so a reader can check a copy.
    content_hash: str
    change_note: str
    sections: tuple[ExportSection, ...]
    history: tuple[HistoryEntry, ...]
    generated_at: datetime


@dataclass(frozen=True)
class ComparedSection:
    """One section of a comparison, with its heading and body as word-level segments."""

    heading: str
    level: int
    #: "added", "removed", "changed" or "same" (the constants of :mod:`meetings.textdiff`).
    state: str
    #: German remarks such as "verschoben" or "umbenannt: alt → neu".
    notes: tuple[str, ...]
    #: (kind, text) pairs, kind being "equal", "insert" or "delete".
    heading_segments: tuple[tuple[str, str], ...]
    body_segments: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ComparisonExport:
    """Two versions of a document compared section by section."""

    title: str
    body_name: str
    from_number: str
    to_number: str
    #: (German label, count) pairs, e.g. ("geändert", 3), in the order they are shown.
    summary: tuple[tuple[str, int], ...]
    sections: tuple[ComparedSection, ...]
    generated_at: datetime
