"""The report of what a Word import could not carry over: German messages and their places.

Word holds far more than the portal's Markdown (images, text boxes, footnotes, tracked
changes, fields), so the import carries over what Markdown can say and reports everything else
as an :class:`ImportProblem` with a German location. Nothing is dropped silently: the
secretariat fixes the draft by hand instead of finding gaps after adoption. All wording of the
report lives here, so the page and the tests read one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.docx_import.inline import clean, snippet

#: More problems than this are counted, not listed: nobody reads a thousand lines.
MAX_PROBLEMS = 500

DOCUMENT = "Dokument"
BEFORE_FIRST_HEADING = "Vor der ersten Überschrift"
HEADERS_FOOTERS = "Kopf- und Fußzeilen"
EMPTY = "Das Dokument enthält keinen übernehmbaren Text."
NO_HEADINGS = (
    "Keine Überschriften gefunden: der ganze Text wurde als Abschnitt „Vorbemerkung“ "
    "übernommen. Überschriften bitte mit den Formatvorlagen „Überschrift 1“ bis "
    "„Überschrift 3“ auszeichnen."
)
PREFACE = "Text vor der ersten Überschrift als Abschnitt „Vorbemerkung“ übernommen"
DEEP_HEADING = "Überschrift der Ebene {level} als fett gesetzter Absatz übernommen"
LONG_HEADING = "Überschrift auf {limit} Zeichen gekürzt"
HEADING_LINK = "Verweis in der Überschrift als Text übernommen"
TITLE_IGNORED = "Titel „{text}“ nicht übernommen (Dokumenttitel „{title}“ verwendet)"
HEADER_FOOTER = "Inhalt der Kopf- und Fußzeilen nicht übernommen"
SECTION_BREAK = "Abschnittswechsel (Seitenformat, Spalten) nicht übernommen"
COLUMNS = "Mehrspaltiger Satz nicht übernommen"
ALT_CHUNK = "Eingebundener Fremdinhalt (HTML/RTF) nicht übernommen"
LIST_KIND = "Aufzählung und Nummerierung innerhalb einer Liste vereinheitlicht"
MERGED_CELLS = "Verbundene Zellen getrennt: der Text steht in der ersten Zelle"
NESTED_TABLE = "Verschachtelte Tabelle in der Zelle als Text übernommen"
DELETED_ROW = "Nachverfolgte Änderung: gelöschte Tabellenzeile nicht übernommen"
TOC = "Inhaltsverzeichnis nicht übernommen (wird beim Export neu erzeugt)"
INSERTED = "Nachverfolgte Änderung: eingefügter Text übernommen"
DELETED = "Nachverfolgte Änderung: gelöschter Text nicht übernommen"
EQUATION = "Formel nicht übernommen"
EMBEDDED_OBJECT = "Eingebettetes Objekt nicht übernommen"
SYMBOL = "Sonderzeichen aus einer Symbolschrift nicht übernommen"
TEXT_BOX = "Textfeld nicht übernommen"
GRAPHIC = "{what} nicht übernommen"
ALT_TEXT = " (Alternativtext: „{text}“)"
NOTE_DROPPED = {
    "footnote": "Fußnote nicht übernommen",
    "endnote": "Endnote nicht übernommen",
    "comment": "Kommentar nicht übernommen",
}
QUOTED = "{message}: „{text}“"
FIELD = "Feld „{kind}“ als fester Text übernommen"
FIELD_DROPPED = "Feld „{kind}“ ohne angezeigten Text nicht übernommen"
INTERNAL_LINK = "Verweis innerhalb des Dokuments als Text übernommen"
LINK_DROPPED = "Verweis auf „{target}“ als Text übernommen (nur http, https und mailto)"
SKIPPED = "{count} weitere Hinweise nicht einzeln aufgeführt"


@dataclass(frozen=True)
class ImportProblem:
    """Something the import could not carry over, and where it is (German, for the page).

    The location names the section and counts its non-empty paragraphs and its tables from
    the heading on, as a reader counts them in Word: 'Abschnitt „2.1 Ziele“, Absatz 3'.
    """

    location: str
    message: str


def quoted(message: str, text: str) -> str:
    """Append the start of a lost text to its message, so it can be found and re-added."""
    text = clean(text).strip()
    return QUOTED.format(message=message, text=snippet(text, 80)) if text else message


class Problems:
    """Collects each problem once, and counts instead of lists beyond :data:`MAX_PROBLEMS`."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._items: list[ImportProblem] = []
        self._skipped = 0

    def add(self, location: str, message: str) -> None:
        """Record a problem unless the same one is already recorded at that place."""
        if (location, message) in self._seen:
            return
        self._seen.add((location, message))
        if len(self._items) < MAX_PROBLEMS:
            self._items.append(ImportProblem(location, message))
        else:
            self._skipped += 1

    def result(self) -> tuple[ImportProblem, ...]:
        """Return the problems in the order found, plus a count of those not listed."""
        if self._skipped:
            return (*self._items, ImportProblem(DOCUMENT, SKIPPED.format(count=self._skipped)))
        return tuple(self._items)
