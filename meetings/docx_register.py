"""The decision register and the implementation report (Umsetzungsstand), as .docx files.

Pure builders in the house style of ``docx_common``: the service decides beforehand which
decisions the reader may see and passes plain snapshots (:class:`DecisionEntry`); nothing here
touches the database. Values of enumerations are the plain strings the models store; the German
words for them are here, as in the minutes, because the documents are German whatever the
reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length
from docx.table import _Cell

from meetings.docx_common import (
    SENDER,
    TEXT_WIDTH,
    add_facts,
    add_markdown,
    add_row,
    add_table,
    add_text,
    new_document,
    to_bytes,
)
from portal.timeutil import date_text, to_local

REGISTER_TITLE = "Beschlussregister"
REPORT_TITLE = "Umsetzungsstand der Beschlüsse"
REGISTER_FOOTER = "Beschlussregister · Stand {date}"
REPORT_FOOTER = "Umsetzungsstand · {body} · Stand {date}"
AS_OF = "Stand: {date}"
FILTERS_LABEL = "Auswahl:"
ALL_DECISIONS = "alle Beschlüsse"
EMPTY_REGISTER = "Es gibt keine Beschlüsse, die dieser Auswahl entsprechen."
EMPTY_REPORT = "Es gibt keine Beschlüsse mit Maßnahmen."
DECISION_HEADING = "Beschluss {reference} vom {date}"
FACT_BODY, FACT_PLACE, FACT_OUTCOME = "Gremium:", "Beratung:", "Ergebnis:"
FACT_VOTES, FACT_REVIEW, FACT_STATUS = "Abstimmung:", "Wiedervorlage:", "Umsetzungsstand:"
FACT_CORRECTED_BY, FACT_CORRECTS = "Berichtigt durch:", "Berichtigt:"
WRITTEN_PROCEDURE = "Umlaufverfahren"
VOTES = "Ja: {yes}, Nein: {no}, Enthaltungen: {abstain}"
RESOLUTION_LABEL = "Beschlusstext"
ACTIONS_LABEL = "Maßnahmen"
ACTION_COLUMNS = ("Maßnahme", "Zuständig", "Frist", "Stand")
SUMMARY_HEADING = "Übersicht"
SUMMARY_COLUMNS = ("Umsetzungsstand", "Beschlüsse", "Maßnahmen")
LAST_NOTE = "Letzter Bericht ({date}): {text}"
OUTCOME_LABELS = {
    "adopted": "angenommen",
    "adopted_with_changes": "mit Änderungen angenommen",
    "rejected": "abgelehnt",
    "deferred": "vertagt",
    "referred_back": "an die Arbeitsgruppe zurückverwiesen",
}
STATUS_LABELS = {
    "open": "offen",
    "in_progress": "in Umsetzung",
    "done": "erledigt",
    "dropped": "nicht umsetzbar",
}
#: The light in words first; the colour only repeats it.
LIGHT_LABELS = {
    "green": "grün – umgesetzt",
    "yellow": "gelb – in Umsetzung",
    "red": "rot – überfällig oder nicht umsetzbar",
    None: "keine Maßnahmen",
}
#: Light cell shading (hex RGB), pale enough for black text to keep its contrast.
LIGHT_FILLS = {"green": "C8E6C9", "yellow": "FFF59D", "red": "FFCDD2"}

_ACTION_WIDTHS: tuple[Length, ...] = (Length(TEXT_WIDTH - Cm(10.5)), Cm(4.0), Cm(2.3), Cm(4.2))
_SUMMARY_WIDTHS: tuple[Length, ...] = (Length(TEXT_WIDTH - Cm(6.0)), Cm(3.0), Cm(3.0))


@dataclass(frozen=True, kw_only=True)
class ActionEntry:
    """One follow-up action as the documents show it."""

    description: str
    organisation: str = ""
    responsible: str = ""
    due_on: date | None = None
    #: ``meetings.models.ActionStatus`` value.
    status: str
    #: ``meetings.implementation.Light`` value.
    light: str
    last_note: str = ""
    last_note_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class DecisionEntry:
    """One decision as the documents show it."""

    reference: str
    decided_on: date
    body_name: str
    #: The meeting's title, or empty for a written procedure or a decision without a place.
    meeting_title: str = ""
    is_written_procedure: bool = False
    #: ``meetings.proposal_flow.Outcome`` value.
    outcome: str
    votes: tuple[int, int, int] | None = None
    resolution_text: str
    review_on: date | None = None
    corrected_by: str = ""
    corrects: str = ""
    #: ``meetings.implementation.Light`` value, or None without actions.
    light: str | None = None
    actions: tuple[ActionEntry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RegisterDocument:
    """The register as exported: the decisions a reader chose and may see."""

    operator_name: str
    created_at: datetime
    #: The filters in words ("Gremium: Lenkungsgruppe; Jahr: 2026"); empty for all.
    filters: str = ""
    decisions: tuple[DecisionEntry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ImplementationDocument:
    """The implementation report for a body's meeting."""

    operator_name: str
    created_at: datetime
    #: The body the report is for, or empty for all bodies the reader sees.
    body_name: str = ""
    decisions: tuple[DecisionEntry, ...] = ()


def build_register_docx(data: RegisterDocument) -> bytes:
    """Build the register export and return the .docx file's bytes."""
    day = date_text(to_local(data.created_at))
    document = new_document(
        title=REGISTER_TITLE,
        author=data.operator_name,
        created_at=data.created_at,
        header_text=f"{data.operator_name} · {SENDER}",
        footer_text=REGISTER_FOOTER.format(date=day),
    )
    add_text(document, REGISTER_TITLE, style="Title")
    add_text(document, AS_OF.format(date=day), style="Subtitle")
    selection = add_text(document, f"{FILTERS_LABEL} ", bold=True)
    selection.add_run(data.filters or ALL_DECISIONS)
    if not data.decisions:
        add_text(document, EMPTY_REGISTER)
    for entry in data.decisions:
        _add_decision(document, entry)
    return to_bytes(document)


def build_implementation_docx(data: ImplementationDocument) -> bytes:
    """Build the implementation report and return the .docx file's bytes."""
    day = date_text(to_local(data.created_at))
    document = new_document(
        title=f"{REPORT_TITLE}: {data.body_name}" if data.body_name else REPORT_TITLE,
        author=data.operator_name,
        created_at=data.created_at,
        header_text=f"{data.operator_name} · {SENDER}",
        footer_text=REPORT_FOOTER.format(body=data.body_name or REGISTER_TITLE, date=day),
    )
    add_text(document, REPORT_TITLE, style="Title")
    if data.body_name:
        add_text(document, data.body_name, style="Heading 1")
    add_text(document, AS_OF.format(date=day), style="Subtitle")
    if not data.decisions:
        add_text(document, EMPTY_REPORT)
        return to_bytes(document)
    _add_summary(document, data.decisions)
    for entry in data.decisions:
        _add_decision(document, entry, with_resolution=False)
    return to_bytes(document)


def _add_summary(document: DocumentObject, decisions: Sequence[DecisionEntry]) -> None:
    """Count decisions and actions per light, worst first."""
    add_text(document, SUMMARY_HEADING, style="Heading 2")
    table = add_table(document, SUMMARY_COLUMNS, _SUMMARY_WIDTHS)
    for light in ("red", "yellow", "green"):
        decided = sum(1 for entry in decisions if entry.light == light)
        acted = sum(1 for entry in decisions for action in entry.actions if action.light == light)
        cells = add_row(table, (LIGHT_LABELS[light], str(decided), str(acted)))
        _shade(cells[0], light)


def _facts(entry: DecisionEntry) -> list[tuple[str, str]]:
    place = entry.meeting_title or (WRITTEN_PROCEDURE if entry.is_written_procedure else "")
    facts = [(FACT_BODY, entry.body_name)]
    if place:
        facts.append((FACT_PLACE, place))
    facts.append((FACT_OUTCOME, OUTCOME_LABELS.get(entry.outcome, entry.outcome)))
    if entry.votes is not None:
        yes, no, abstain = entry.votes
        facts.append((FACT_VOTES, VOTES.format(yes=yes, no=no, abstain=abstain)))
    if entry.corrects:
        facts.append((FACT_CORRECTS, entry.corrects))
    if entry.corrected_by:
        facts.append((FACT_CORRECTED_BY, entry.corrected_by))
    if entry.review_on is not None:
        facts.append((FACT_REVIEW, date_text(entry.review_on)))
    facts.append((FACT_STATUS, LIGHT_LABELS[entry.light]))
    return facts


def _add_decision(
    document: DocumentObject, entry: DecisionEntry, *, with_resolution: bool = True
) -> None:
    """Add one decision: heading, facts, resolution text, and its actions."""
    heading = DECISION_HEADING.format(reference=entry.reference, date=date_text(entry.decided_on))
    add_text(document, heading, style="Heading 2")
    facts = add_facts(document, _facts(entry))
    if entry.light is not None:
        _shade(facts.rows[-1].cells[1], entry.light)
    if with_resolution:
        add_text(document, RESOLUTION_LABEL, style="Heading 3")
        add_markdown(document, entry.resolution_text)
    if entry.actions:
        add_text(document, ACTIONS_LABEL, style="Heading 3")
        _add_actions(document, entry.actions)


def _add_actions(document: DocumentObject, actions: Sequence[ActionEntry]) -> None:
    table = add_table(document, ACTION_COLUMNS, _ACTION_WIDTHS)
    for action in actions:
        who = ", ".join(part for part in (action.organisation, action.responsible) if part)
        due = date_text(action.due_on) if action.due_on else ""
        status = f"{STATUS_LABELS.get(action.status, action.status)} ({LIGHT_LABELS[action.light]})"
        cells = add_row(table, (action.description, who, due, status))
        if action.last_note:
            note_date = date_text(action.last_note_on) if action.last_note_on else ""
            add_text(cells[0], LAST_NOTE.format(date=note_date, text=action.last_note))
        _shade(cells[3], action.light)


def _shade(cell: _Cell, light: str) -> None:
    """Fill a cell with the light's colour (the text beside it says the same in words)."""
    fill = LIGHT_FILLS.get(light)
    if fill is None:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
