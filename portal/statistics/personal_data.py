"""Warnings for interface observations that look like they describe a person.

Observations are about how authorities and services work together, never about individual
clients, so the entry form warns when the text contains what identifies someone: a birth date,
a file or customer number, a phone number or an e-mail address. These are warnings, not a
filter: the heuristics prefer missing an odd case to nagging about every meeting date. A date
only counts as a birth date with a marker ("geb.", "geboren", "*") or right next to something
that looks like a person's name ("Herr K.", "Ahmad Karimi", "Karimi, Ahmad"), and not after a
word that makes it an event date ("am", "seit", "vom", ...).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from portal.statistics.catalogue import N_

BIRTH_DATE = "birth_date"
FILE_NUMBER = "file_number"
PHONE = "phone"
EMAIL = "email"

#: Kind → German label (message id) for the warning.
KIND_LABELS: dict[str, str] = {
    BIRTH_DATE: N_("Geburtsdatum"),
    FILE_NUMBER: N_("Aktenzeichen oder Kundennummer"),
    PHONE: N_("Telefonnummer"),
    EMAIL: N_("E-Mail-Adresse"),
}

#: Longest excerpt returned, so a warning quotes the spot and not the whole text.
EXCERPT_LENGTH = 60

_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_DATE = re.compile(
    r"(?<![\d.])(?:0?[1-9]|[12][0-9]|3[01])\.\s?"
    rf"(?:(?:0?[1-9]|1[0-2])\.\s?|(?:{_MONTHS})\s)(?:19|20)?[0-9]{{2}}(?![0-9])"
)
_YEAR = r"(?:19|20)[0-9]{2}(?![0-9])"
#: A birth marker before a year alone: "geb. 1999", "geboren im Jahr 1999", "(* 1999)".
_MARKED_YEAR = re.compile(
    rf"(?i)(?:(?<!\w)(?:geb\.|geboren|geburtsjahr)\s*(?:(?:im\s+jahr|im|in)\s+)?|\(\*\s?){_YEAR}"
)
_MARKER_BEFORE = re.compile(
    r"(?i)(?:(?<!\w)(?:geb\.|geboren|geburtsdatum|geburtstag|geb\.-?dat(?:um|\.)?)"
    r"|(?<![\w*])\*)\s*(?::|am|den)?\s*$"
)
_MARKER_AFTER = re.compile(r"\s*(?:geboren|geb\.)(?!\w)")
#: A word right before a date that makes it the date of an event rather than of a birth.
_EVENT_WORD = re.compile(
    r"(?i)(?<!\w)(?:am|vom|von|seit|ab|bis|zum|zur|den|dem|für|nach|vor|bis zum|ab dem|"
    r"stand|frist|termin|datum|spätestens|zwischen|und|oder|bzw\.|sowie|heute|gestern)"
    r"\s*[:,]?\s*$"
)
_WORD = r"[^\W\d_][\w'’-]*\.?"
#: Up to three words (maybe "Name, Vorname") ending right before a date, after "," or "(".
#: A line break ends the phrase: a date at the end of one line and a name at the start of the
#: next (a list of notes) are not a person's birth date.
_GAP = r"[^\S\n]"
_WORDS_BEFORE = re.compile(
    rf"(?<![\w'’.-])((?:{_WORD},?{_GAP}+){{0,2}}{_WORD}){_GAP}*[,(]?{_GAP}*$"
)
_WORDS_AFTER = re.compile(rf"^{_GAP}*[,)]?{_GAP}*((?:{_WORD},?{_GAP}+){{0,2}}{_WORD})")
_HONORIFICS = frozenset({"herr", "herrn", "frau", "hr.", "fr."})
_TITLES = frozenset({"dr.", "prof."})
#: Capitalised words that are no names: sentence starts, places, partners, meeting words.
_NOT_NAMES = frozenset({
    "am", "im", "an", "auf", "aus", "bei", "bis", "da", "das", "dem", "den", "der", "des", "die",
    "ein", "eine", "einem", "einen", "einer", "für", "heute", "mit", "nach", "seit", "so", "sowie",
    "und", "oder", "vom", "von", "vor", "zum", "zur", "zu", "laut", "gemäß", "wegen", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "januar", "februar",
    "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
    "dezember", "neuss", "dormagen", "grevenbroich", "meerbusch", "kaarst", "korschenbroich",
    "jüchen", "rommerskirchen", "düsseldorf", "köln", "mönchengladbach", "krefeld", "nrw",
    "rhein-kreis", "kreis", "stadt", "gemeinde", "kommune", "jobcenter", "agentur", "arbeit",
    "ausländerbehörde", "bamf", "kim", "mbe", "jmd", "caritas", "diakonie", "awo", "drk",
    "integrationskurs", "sprachkurs", "schule", "kita", "ausbildung", "stand", "frist", "datum",
    "anlage", "seite", "e-mail", "mail", "brief", "telefonat", "anruf", "woche", "monat", "jahr",
    "quartal", "gesamt", "summe", "bericht"
})  # fmt: skip
#: Endings of German nouns that occur next to dates in minutes ("Lenkungsgruppe 03.04.2025").
_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "tion", "tät", "amt", "rat", "behörde", "center", "stelle",
    "gruppe", "kreis", "konferenz", "treffen", "gespräch", "termin", "runde", "kurs", "dienst",
    "bericht", "protokoll", "antrag", "bescheid", "vertrag", "schreiben", "verfahren", "gesetz",
    "datum", "frist", "woche", "monat", "jahr", "quartal", "tag", "plan", "liste",
)  # fmt: skip

_FILE_KEYWORDS = (
    r"az|aktenzeichen|gz|geschäftszeichen|vorgangsnummer|vorgangs-?nr|kundennummer|kunden-?nr"
    r"|bg-?nummer|bg-?nr|bedarfsgemeinschaftsnummer|fallnummer|personenkennziffer|pkz"
    r"|azr-?nummer|passnummer|ausweisnummer"
)
_FILE_NUMBERS = (
    # A keyword and a token with a digit: "Az. 123/45", "AZ: 5-123-2024", "Kunden-Nr. 123A456789".
    re.compile(
        rf"(?i)(?<!\w)(?:{_FILE_KEYWORDS})(?!\w)\.?\s*(?:\([^)\n]{{0,20}}\)\s*)?"
        r"(?:[:#]|nr\.?:?)?\s*(?=[\w/.-]{0,30}[0-9])[A-Za-z0-9](?:[A-Za-z0-9/.-]*[A-Za-z0-9])?"
    ),
    re.compile(r"(?<![\w-])[0-9]{7,8}-[0-9]{3}(?![\w-])"),  # BAMF: "1234567-423"
    re.compile(r"(?<!\w)[0-9]{3}[A-Z][0-9]{6}(?!\w)"),  # customer number of the BA
    re.compile(r"(?<!\w)[0-9]{5}BG[0-9]{7}(?!\w)"),  # Bedarfsgemeinschaft of the Jobcenter
)
_PHONE = re.compile(
    r"(?<![\w+/.-])"
    r"(?:(?:\+|00)\s?49[\s-]?(?:\(0\)\s?)?\(?[1-9][0-9]{1,4}\)?|\(?0[1-9][0-9]{1,4}\)?)"
    # Subscriber groups; one after a space never starts with 0, which would begin a new number.
    r"(?:[/-]?[0-9]{2,}| [1-9][0-9]+){1,4}"
    r"(?!\w|[.,][0-9])"
)
#: Digits of a German number written nationally: trunk 0, area code, subscriber.
_PHONE_DIGITS = range(7, 16)
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")

#: When findings overlap, the earlier kind in this order wins.
_PRIORITY = (EMAIL, FILE_NUMBER, BIRTH_DATE, PHONE)


@dataclass(frozen=True)
class Finding:
    """Something in the text that looks like personal data; ``excerpt`` shows where."""

    kind: str
    excerpt: str


def findings(text: str) -> list[Finding]:
    """Return what in ``text`` looks like personal data, in text order, each spot once."""
    spans = {
        EMAIL: [match.span() for match in _EMAIL.finditer(text)],
        FILE_NUMBER: [
            match.span() for pattern in _FILE_NUMBERS for match in pattern.finditer(text)
        ],
        BIRTH_DATE: _birth_dates(text),
        PHONE: _phones(text),
    }
    taken: list[tuple[int, int, str]] = []  # sorted by start, never overlapping
    for kind in _PRIORITY:
        for start, end in spans[kind]:
            index = bisect.bisect(taken, (start,))
            if index and taken[index - 1][1] > start:
                continue
            if index < len(taken) and taken[index][0] < end:
                continue
            taken.insert(index, (start, end, kind))
    found = dict.fromkeys(Finding(kind, _excerpt(text[start:end])) for start, end, kind in taken)
    return list(found)


def _birth_dates(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in _MARKED_YEAR.finditer(text)]
    for match in _DATE.finditer(text):
        start, end = match.span()
        before_start = max(0, start - 60)
        before, after = text[before_start:start], text[end : end + 60]
        if marker := _MARKER_BEFORE.search(before):
            spans.append((before_start + marker.start(), end))
        elif marker := _MARKER_AFTER.match(after):
            spans.append((start, end + marker.end()))
        elif _EVENT_WORD.search(before):
            continue
        elif (words := _WORDS_BEFORE.search(before)) and (
            name := _name_span(words.group(1), before_date=True)
        ):
            spans.append((before_start + words.start(1) + name[0], end))
        elif (words := _WORDS_AFTER.match(after)) and (
            name := _name_span(words.group(1), before_date=False)
        ):
            spans.append((start, end + words.start(1) + name[1]))
    return spans


def _name_span(phrase: str, before_date: bool) -> tuple[int, int] | None:
    """Find who the words next to a date name ("Frau K.", "Ahmad Karimi", "A. K.") in ``phrase``.

    Before a date the name must end the phrase, after a date start it.
    """
    spans = [(word.start(), word.end()) for word in re.finditer(r"[^\s,]+", phrase)]
    words = [phrase[start:end] for start, end in spans]
    for index in range(len(words)) if before_date else range(1):
        if words[index].casefold() in _HONORIFICS:
            rest = [i for i in range(index + 1, len(words)) if words[i].casefold() not in _TITLES]
            if rest and words[rest[0]][0].isupper() and (not before_date or len(rest) == 1):
                return spans[index][0], spans[rest[0]][1]
    pair = spans[-2:] if before_date else spans[:2]
    if len(pair) == 2 and all(_could_be_name(phrase[start:end]) for start, end in pair):
        return pair[0][0], pair[1][1]
    return None


def _could_be_name(word: str) -> bool:
    bare = word.rstrip(".")
    if not bare[:1].isupper():
        return False
    if len(bare) == 1:
        return word.endswith(".")  # an initial
    folded = bare.casefold()
    return (
        any(char.islower() for char in bare)
        and folded not in _NOT_NAMES
        and not folded.endswith(_NOUN_ENDINGS)
    )


def _phones(text: str) -> list[tuple[int, int]]:
    """Find phone numbers; of digit groups run together, take the longest valid number first."""
    spans: list[tuple[int, int]] = []
    position = 0
    while match := _PHONE.search(text, position):
        candidate = match.group()
        cuts = [sep.start() for sep in re.finditer(r"[ /-]", candidate)] + [len(candidate)]
        length = next((cut for cut in reversed(cuts) if _is_phone(candidate[:cut])), 0)
        if length:
            spans.append((match.start(), match.start() + length))
        position = match.start() + length if length else match.end()
    return spans


def _is_phone(candidate: str) -> bool:
    """Check the digit count once the country code is written as the trunk 0."""
    digits = re.sub(r"[^0-9]", "", candidate)
    if candidate.startswith("+"):
        digits = "0" + digits[2:]
    elif digits.startswith("0049"):
        digits = "0" + digits[4:]
    if digits.startswith("00"):  # "+49 (0) 211": the bracketed trunk counted twice
        digits = digits[1:]
    return len(digits) in _PHONE_DIGITS


def _excerpt(text: str) -> str:
    collapsed = " ".join(text.split())
    if len(collapsed) <= EXCERPT_LENGTH:
        return collapsed
    return collapsed[: EXCERPT_LENGTH - 1] + "…"
