"""One version of the Handlungskonzept as a .docx file.

One builder per part (title page, table of contents, sections, version history) and one
assembler, :func:`build_version_docx`. Headings use Word's built-in "Heading 1–3" styles, so the
navigation pane, the table of contents and a later re-import all see the document's structure.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph

from documents.docx_data import HistoryEntry, VersionExport
from documents.docx_markdown import add_markdown, add_text_paragraph
from meetings.docx_common import (
    TEXT_WIDTH,
    add_row,
    add_table,
    add_text,
    clock_text,
    new_document,
    to_bytes,
)
from portal.timeutil import date_text, to_local

DOCUMENT_TITLE = "{title}, Version {number}"
HEADER = "{body} · {title}"
FOOTER = "{title} · Version {number}"
VERSION_LABEL = "Version {number}"
STATUS_LABEL = "Status: {status}"
STAND_LABEL = "Stand: {date}"
DECISION_LABEL = "Beschluss {decision}"
HASH_LABEL = "Prüfsumme (SHA-256): {hash}"
CHANGE_LABEL = "Änderungen gegenüber der Vorfassung: {note}"
GENERATED_LABEL = "Ausgabe erstellt am {date}, {time}"
TOC_HEADING = "Inhaltsverzeichnis"
TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
TOC_PLACEHOLDER = (
    "Das Inhaltsverzeichnis erscheint, sobald die Felder aktualisiert werden: in Word mit "
    "Strg+A und F9 oder über Rechtsklick → „Feld aktualisieren“, in LibreOffice über "
    "Extras → Aktualisieren → Verzeichnisse."
)
NO_SECTIONS = "Diese Version enthält noch keine Abschnitte."
HISTORY_HEADING = "Versionsverlauf"
HISTORY_COLUMNS = ("Version", "Status", "Stand", "Änderungen", "Beschluss")
NO_HISTORY = "Es ist kein Versionsverlauf verzeichnet."

_VERSION_SIZE = Pt(16)
_HISTORY_WIDTHS: tuple[Length, ...] = (
    Cm(1.8),
    Cm(2.7),
    Cm(2.3),
    Length(TEXT_WIDTH - Cm(9.8)),
    Cm(3.0),
)
# settings.xml children that must follow w:updateFields (ECMA-376 Part 1, CT_Settings).
_AFTER_UPDATE_FIELDS = frozenset(
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
) | {qn("m:mathPr"), qn("sl:schemaLibrary")}


def build_version_docx(export: VersionExport) -> bytes:
    """Build a version of a document and return the .docx file's bytes."""
    document = new_document(
        title=DOCUMENT_TITLE.format(title=export.title, number=export.number),
        author=export.body_name,
        created_at=export.generated_at,
        header_text=HEADER.format(body=export.body_name, title=export.title),
        footer_text=FOOTER.format(title=export.title, number=export.number),
    )
    _add_title_page(document, export)
    _add_contents(document)
    _add_sections(document, export)
    _add_history(document, export.history)
    _ask_to_update_fields(document)
    return to_bytes(document)


def _add_title_page(document: DocumentObject, export: VersionExport) -> None:
    """Name the document, its owner and version, and what makes this version binding."""
    add_text(document, export.title, style="Title")
    add_text(document, export.body_name, style="Subtitle")
    version = add_text(document, VERSION_LABEL.format(number=export.number), bold=True)
    version.runs[0].font.size = _VERSION_SIZE
    lines = [STATUS_LABEL.format(status=export.status)]
    if export.stand is not None:
        lines.append(STAND_LABEL.format(date=date_text(export.stand)))
    if export.decision.strip():
        lines.append(DECISION_LABEL.format(decision=export.decision.strip()))
    if export.change_note.strip():
        lines.append(CHANGE_LABEL.format(note=export.change_note.strip()))
    if export.content_hash.strip():
        lines.append(HASH_LABEL.format(hash=export.content_hash.strip()))
    local = to_local(export.generated_at)
    lines.append(GENERATED_LABEL.format(date=date_text(local), time=clock_text(local)))
    for line in lines:
        add_text(document, line)
    _page_break(document)


def _add_contents(document: DocumentObject) -> None:
    """Add a table-of-contents field; Word fills it in when it updates the fields."""
    document.add_paragraph(TOC_HEADING, style="TOC Heading")
    paragraph = document.add_paragraph()
    begin = _field_char(paragraph, "begin")
    begin.set(qn("w:dirty"), "true")  # ask Word to rebuild it, not to show the placeholder
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = TOC_INSTRUCTION
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(TOC_PLACEHOLDER).italic = True
    _field_char(paragraph, "end")
    _page_break(document)


def _field_char(paragraph: Paragraph, kind: str) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)
    return element


def _page_break(document: DocumentObject) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _add_sections(document: DocumentObject, export: VersionExport) -> None:
    """Write each section: its heading in Word's heading style, then its Markdown body."""
    if not export.sections:
        add_text(document, NO_SECTIONS)
    for section in export.sections:
        level = min(max(section.level, 1), 3)
        add_text_paragraph(document, section.heading, style=f"Heading {level}")
        add_markdown(document, section.body)


def _add_history(document: DocumentObject, history: tuple[HistoryEntry, ...]) -> None:
    """List every version with status, date, change note and the adopting decision."""
    add_text(document, HISTORY_HEADING, style="Heading 1")
    if not history:
        add_text(document, NO_HISTORY)
        return
    table = add_table(document, HISTORY_COLUMNS, _HISTORY_WIDTHS)
    for entry in history:
        stand = date_text(entry.stand) if entry.stand else ""
        add_row(table, (entry.number, entry.status, stand, entry.change_note, entry.decision))


def _ask_to_update_fields(document: DocumentObject) -> None:
    """Make Word offer to update the fields on opening, so the table of contents is filled."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    for child in settings:
        if child.tag in _AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            return
    settings.append(update)
