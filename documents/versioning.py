"""Version numbers, statuses and content hashes of a document's versions.

Pure: the services ask this module which number a new draft gets, which status changes are
allowed, and what the content hash of a version is; they store the answers. A version number is
``major.minor``: a new draft raises the minor number of the version it was copied from (1.0 →
1.1), or the major one when the secretariat starts a new main version (1.1 → 2.0).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class VersionStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"


#: Statuses whose text can still change.
OPEN_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.IN_REVIEW})
#: Statuses whose text is fixed for good: an adopted version, and one a later adoption replaced.
FROZEN_STATUSES = frozenset({VersionStatus.ADOPTED, VersionStatus.SUPERSEDED})

#: Every status change the portal makes; anything else is a programming error.
TRANSITIONS: dict[VersionStatus, frozenset[VersionStatus]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.IN_REVIEW, VersionStatus.ADOPTED}),
    VersionStatus.IN_REVIEW: frozenset({VersionStatus.DRAFT, VersionStatus.ADOPTED}),
    VersionStatus.ADOPTED: frozenset({VersionStatus.SUPERSEDED}),
    VersionStatus.SUPERSEDED: frozenset(),
}

#: Heading levels a section may have (Word's Heading 1–3).
LEVELS = (1, 2, 3)

_NUMBER = re.compile(r"(\d{1,4})\.(\d{1,4})")


class TransitionError(ValueError):
    """A status change the lifecycle does not allow."""


@dataclass(frozen=True, order=True)
class VersionNumber:
    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    def next_minor(self) -> VersionNumber:
        return VersionNumber(self.major, self.minor + 1)

    def next_major(self) -> VersionNumber:
        return VersionNumber(self.major + 1, 0)


FIRST = VersionNumber(1, 0)


def parse_number(text: str | None) -> VersionNumber | None:
    """Return the version number written as ``1.0``, or None for anything else."""
    match = _NUMBER.fullmatch((text or "").strip())
    if match is None:
        return None
    return VersionNumber(int(match.group(1)), int(match.group(2)))


def next_number(
    taken: Iterable[VersionNumber], based_on: VersionNumber | None, *, major: bool = False
) -> VersionNumber:
    """Return the number of a new draft copied from ``based_on`` (None: an empty document).

    A number still taken is skipped: with 1.1 kept as a rejected draft and 1.0 in force, the next
    minor number is 1.2. A major step goes above every major number taken.
    """
    numbers = set(taken)
    if not numbers:
        return FIRST
    if major:
        return VersionNumber(max(number.major for number in numbers) + 1, 0)
    candidate = (based_on or max(numbers)).next_minor()
    while candidate in numbers:
        candidate = candidate.next_minor()
    return candidate


def check_transition(current: VersionStatus | str, target: VersionStatus | str) -> None:
    """Raise ``TransitionError`` unless the lifecycle allows ``current`` → ``target``."""
    current, target = VersionStatus(current), VersionStatus(target)
    if target not in TRANSITIONS[current]:
        raise TransitionError(f"a version cannot go from {current} to {target}")


def content_hash(sections: Iterable[tuple[int, str, str]]) -> str:
    """Return the SHA-256 of a version's text: its sections' (level, heading, body) in order.

    Canonical JSON, so the same text always gives the same hash on every machine; line endings
    are normalised, as browsers send CRLF and Word files LF.
    """
    canonical = [
        [int(level), heading, body.replace("\r\n", "\n").replace("\r", "\n")]
        for level, heading, body in sections
    ]
    data = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
