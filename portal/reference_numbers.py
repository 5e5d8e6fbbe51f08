"""Reference numbers of proposals and decisions: a body's prefix, the year, a running number.

Proposals are numbered per originating body and year with three digits (``AG-V 2026/004``),
decisions per deciding body and year with two (``LG 2026/07``). A number beyond the width is
written in full (``LG 2026/123``). Prefixes are plain ASCII so that a reference can be typed,
searched for and used in file names and exports without surprises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

#: Digits of a proposal's running number (``AG-V 2026/004``).
PROPOSAL_WIDTH = 3
#: Digits of a decision's running number (``LG 2026/07``).
DECISION_WIDTH = 2
MAX_PREFIX_LENGTH = 12
#: Six digits are far beyond any body's yearly count and keep a reference short.
MAX_NUMBER = 999_999
#: Prefix, space, year, slash, number.
MAX_REFERENCE_LENGTH = MAX_PREFIX_LENGTH + 1 + 4 + 1 + len(str(MAX_NUMBER))

#: A letter first, then letters and digits in groups joined by single hyphens: "AG-V", "LG2".
_PREFIX = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
#: The shape only; the prefix rules and ranges are checked afterwards for a precise message.
_REFERENCE = re.compile(r"(?P<prefix>[A-Z0-9-]+) (?P<year>[0-9]{4})/(?P<number>[0-9]{1,6})")

_EMPTY = "Bitte geben Sie eine Nummer an."
_TOO_LONG = f"Die Nummer ist zu lang (höchstens {MAX_REFERENCE_LENGTH} Zeichen)."
_SHAPE = (
    "Die Nummer muss die Form „LG 2026/07“ haben: Kürzel, Leerzeichen, Jahr, Schrägstrich, "
    "laufende Nummer."
)
_BAD_PREFIX = (
    "Das Kürzel muss mit einem Großbuchstaben beginnen und darf nur Großbuchstaben, Ziffern "
    f"und einzelne Bindestriche enthalten (höchstens {MAX_PREFIX_LENGTH} Zeichen)."
)
_BAD_YEAR = "Das Jahr muss vierstellig sein (z. B. 2026)."
_BAD_NUMBER = f"Die laufende Nummer muss zwischen 1 und {MAX_NUMBER} liegen."


class InvalidReference(ValueError):
    """A reference or one of its parts is not valid; the message is German."""


@dataclass(frozen=True, order=True)
class Reference:
    """A parsed reference; sorts by prefix, then year, then number."""

    prefix: str
    year: int
    number: int


def valid_prefix(prefix: str) -> bool:
    """Say whether the prefix has 1–12 characters: A–Z, digits, inner hyphens, a letter first.

    A trailing or doubled hyphen ("AG-", "AG--V") is refused as the typing slip it usually is.
    """
    return (
        isinstance(prefix, str)
        and len(prefix) <= MAX_PREFIX_LENGTH
        and _PREFIX.fullmatch(prefix) is not None
    )


def format_reference(prefix: str, year: int, number: int, width: int = PROPOSAL_WIDTH) -> str:
    """Write a reference: ``format_reference("AG-V", 2026, 4)`` is ``"AG-V 2026/004"``."""
    if not 1 <= width <= len(str(MAX_NUMBER)):
        raise ValueError(f"width must be between 1 and {len(str(MAX_NUMBER))}, not {width}")
    _check_parts(prefix, year, number)
    return f"{prefix} {year}/{number:0{width}d}"


def parse_reference(text: str) -> Reference:
    """Read a reference such as ``"LG 2026/07"``; whitespace around it is ignored, nothing else."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidReference(_EMPTY)
    text = text.strip()
    if len(text) > MAX_REFERENCE_LENGTH:
        raise InvalidReference(_TOO_LONG)
    match = _REFERENCE.fullmatch(text)
    if match is None:
        raise InvalidReference(_SHAPE)
    reference = Reference(match["prefix"], int(match["year"]), int(match["number"]))
    _check_parts(reference.prefix, reference.year, reference.number)
    return reference


def next_number(existing_numbers: Iterable[int]) -> int:
    """Return the number after the highest one taken (1 for none).

    Gaps stay gaps: the number of a withdrawn proposal is never given out again.
    """
    return max(existing_numbers, default=0) + 1


def _check_parts(prefix: str, year: int, number: int) -> None:
    if not valid_prefix(prefix):
        raise InvalidReference(_BAD_PREFIX)
    if not 1000 <= year <= 9999:
        raise InvalidReference(_BAD_YEAR)
    if not 1 <= number <= MAX_NUMBER:
        raise InvalidReference(_BAD_NUMBER)


#: Words naming the kind of body, with their usual abbreviation (ASCII, lower case).
_BODY_WORDS = {
    "lenkungsgruppe": "LG",
    "lg": "LG",
    "lenkungskreis": "LK",
    "lenkungsausschuss": "LA",
    "steuerungsgruppe": "SG",
    "steuerungskreis": "SK",
    "arbeitsgruppe": "AG",
    "ag": "AG",
    "unterarbeitsgruppe": "UAG",
    "uag": "UAG",
    "arbeitskreis": "AK",
    "ak": "AK",
    "projektgruppe": "PG",
    "fachgruppe": "FG",
}
_DEFAULT_BASE = {"steering": "LG", "working_group": "AG"}
#: Articles and prepositions that do not name a topic ("AG für Sprache" is "AG-S").
_FILLERS = frozenset(
    {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "fuer", "und", "oder"}
    | {"zur", "zum", "zu", "im", "in", "am", "an", "auf", "von", "vom", "mit", "bei", "aus"}
)
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def suggest_prefix(body_name: str, kind: str, *, taken: Collection[str] = ()) -> str:
    """Suggest a prefix for a body that has none yet, avoiding the prefixes in ``taken``.

    The heuristic: the name is transliterated to ASCII (ä → ae, é → e) and split into words.
    The first word naming a kind of body ("Lenkungsgruppe", "Arbeitsgruppe", "AG", …) gives the
    base ("LG", "AG", …); without one, the base follows ``kind`` ("LG" or "AG").

    * A steering group gets the base alone: its name carries the programme and the district
      ("Lenkungsgruppe KIM Rhein-Kreis Neuss" → "LG"), which tell nothing apart in one portal.
    * A working group adds the initial of its first topic word, articles and prepositions
      skipped: "AG Verfahrensebene" → "AG-V", "Arbeitsgruppe für Fallebene" → "AG-F".

    If the suggestion is taken, further letters of the topic word follow ("AG-FA", "AG-FAL"),
    then a counter ("AG-F2", "LG2").
    """
    if kind not in _DEFAULT_BASE:
        raise ValueError(f"unknown body kind {kind!r}")
    words = _ascii_words(body_name)
    bodies = [_BODY_WORDS[word.lower()] for word in words if word.lower() in _BODY_WORDS]
    base = bodies[0] if bodies else _DEFAULT_BASE[kind]
    topic = next(
        (w for w in words if w.lower() not in _BODY_WORDS and w.lower() not in _FILLERS), ""
    )
    if kind == "steering" or not topic:
        candidates = [base]
    else:
        stem = topic.upper()[: MAX_PREFIX_LENGTH - len(base) - 1]
        candidates = [f"{base}-{stem[:end]}" for end in range(1, len(stem) + 1)]
    taken_upper = {prefix.upper() for prefix in taken}
    for candidate in candidates:
        if candidate not in taken_upper:
            return candidate
    counter = 2
    while f"{candidates[0]}{counter}" in taken_upper:
        counter += 1
    return f"{candidates[0]}{counter}"


def _ascii_words(text: str) -> list[str]:
    """Split text into ASCII words, transliterating German umlauts and dropping accents."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UMLAUTS))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[A-Za-z0-9]+", ascii_text)
