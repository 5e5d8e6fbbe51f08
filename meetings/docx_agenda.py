"""The invitation letter with the agenda of a meeting, as a .docx file.

One builder per part of the letter and one assembler, :func:`build_agenda_docx`. The service
decides who may get which version before it calls the builder: the public version leaves out
non-public items altogether, the internal one lists them in a separate, marked part.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import _Cell

from meetings.docx_common import (
    NON_PUBLIC_MARK,
    NON_PUBLIC_PART,
    PUBLIC_PART,
    PUBLIC_VERSION,
    SENDER,
    TEXT_WIDTH,
    add_facts,
    add_markdown,
    add_row,
    add_table,
    add_text,
    clean,
    clock_text,
    local_date_text,
    new_document,
    period_text,
    to_bytes,
)
from meetings.docx_data import (
    KIND_DECISION,
    KIND_DISCUSSION,
    KIND_INFORMATION,
    AgendaLetter,
    LetterItem,
)
from portal.timeutil import date_text, to_local

DOCUMENT_TITLE = "Einladung"
CANCELLED = "ABGESAGT"
CANCELLED_TEXT = "Die Sitzung findet nicht statt."
REASON_LABEL = "Grund:"
LETTER_DATE = "Datum: {date}"
SALUTATION = "Sehr geehrte Damen und Herren,"
INTRO = "hiermit lade ich Sie zur Sitzung „{title}“ des Gremiums „{body}“ am {date}, um {time} ein."
INTRO_CANCELLED = (
    "die Sitzung „{title}“ des Gremiums „{body}“ am {date}, um {time} muss leider entfallen."
)
FACT_BODY, FACT_DATE, FACT_TIME = "Gremium:", "Datum:", "Zeit:"
FACT_PLACE, FACT_ONLINE = "Ort:", "Online:"
PLACE_UNKNOWN = "wird noch bekannt gegeben"
AGENDA_HEADING = "Tagesordnung"
AGENDA_EMPTY = "Die Tagesordnung wird nachgereicht."
COLUMNS = ("TOP", "Gegenstand", "Art", "Dauer")
KIND_LABELS = {
    KIND_INFORMATION: "Information",
    KIND_DISCUSSION: "Beratung",
    KIND_DECISION: "Beschluss",
}
SUPPLEMENT_MARK = " (Nachtrag)"
PRESENTER = "Berichterstattung: {name}"
MINUTES_UNIT = "{minutes} Min."
NOTICE_KEPT = "Die Einladung ergeht fristgerecht unter Wahrung der Ladungsfrist von {days}."
NOTICE_SHORTENED = (
    "Die Ladungsfrist von {days} konnte nicht eingehalten werden; "
    "die Einladung ergeht daher mit verkürzter Frist."
)
DAY, DAYS = "{n} Tag", "{n} Tagen"
CLOSING = "Mit freundlichen Grüßen"
FOOTER = "Einladung · {body} · {date}"

_WIDTHS: tuple[Length, ...] = (
    Cm(1.4),
    Length(TEXT_WIDTH - Cm(1.4) - Cm(2.6) - Cm(1.8)),
    Cm(2.6),
    Cm(1.8),
)
_ALERT = RGBColor(0xB0, 0x00, 0x20)


def build_agenda_docx(data: AgendaLetter) -> bytes:
    """Build the invitation letter with its agenda and return the .docx file's bytes."""
    document = new_document(
        title=f"{DOCUMENT_TITLE}: {data.meeting_title} ({data.body_name})",
        author=data.operator_name,
        created_at=data.created_at,
        header_text=f"{data.operator_name} · {SENDER}",
        footer_text=_footer_text(data),
    )
    _add_sender(document, data)
    if data.is_cancelled:
        _add_cancellation(document, data.cancel_reason)
    _add_title(document, data)
    _add_intro(document, data)
    _add_agenda(document, data)
    if not data.is_cancelled:
        add_text(document, _notice_text(data.notice_days, data.invited_late))
    _add_closing(document, data)
    return to_bytes(document)


def _footer_text(data: AgendaLetter) -> str:
    text = FOOTER.format(body=data.body_name, date=date_text(to_local(data.starts_at)))
    return f"{text} · {PUBLIC_VERSION}" if data.public_version else text


def _add_sender(document: DocumentObject, data: AgendaLetter) -> None:
    """Name the sender, the secretariat of the operator, and date the letter."""
    add_text(document, data.operator_name, bold=True).paragraph_format.space_after = Pt(0)
    add_text(document, SENDER)
    dated = LETTER_DATE.format(date=date_text(to_local(data.created_at)))
    add_text(document, dated).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _add_cancellation(document: DocumentObject, reason: str) -> None:
    """Put the cancellation where nobody can miss it: large, red, centred, before the title."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(CANCELLED)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(28), _ALERT
    text = f"{CANCELLED_TEXT} {REASON_LABEL} {reason}" if reason.strip() else CANCELLED_TEXT
    add_text(document, text, bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add_title(document: DocumentObject, data: AgendaLetter) -> None:
    """Title the letter and list the facts: body, date, time and where the meeting is held."""
    add_text(document, DOCUMENT_TITLE, style="Title")
    add_text(document, data.meeting_title, style="Heading 1")
    facts = [
        (FACT_BODY, data.body_name),
        (FACT_DATE, local_date_text(data.starts_at)),
        (FACT_TIME, period_text(data.starts_at, data.ends_at)),
    ]
    if data.location.strip() or not data.online_url.strip():
        facts.append((FACT_PLACE, data.location.strip() or PLACE_UNKNOWN))
    if data.online_url.strip():
        facts.append((FACT_ONLINE, data.online_url.strip()))
    add_facts(document, facts)


def _add_intro(document: DocumentObject, data: AgendaLetter) -> None:
    """Greet and invite (or call off) in one sentence that repeats the essentials."""
    add_text(document, "")
    add_text(document, SALUTATION)
    template = INTRO_CANCELLED if data.is_cancelled else INTRO
    values = {
        "title": data.meeting_title,
        "body": data.body_name,
        "date": local_date_text(data.starts_at),
        "time": clock_text(data.starts_at),
    }
    add_text(document, template.format(**values))


def _add_agenda(document: DocumentObject, data: AgendaLetter) -> None:
    """Add the agenda: the public part, then the non-public part under its own heading."""
    add_text(document, AGENDA_HEADING, style="Heading 2")
    public = [item for item in data.items if item.is_public]
    non_public = [] if data.public_version else [i for i in data.items if not i.is_public]
    if not public and not non_public:
        add_text(document, AGENDA_EMPTY)
        return
    if public:
        if non_public:
            add_text(document, PUBLIC_PART, style="Heading 3")
        _add_items(document, public)
    if non_public:
        add_text(document, NON_PUBLIC_PART, style="Heading 3")
        _add_items(document, non_public)


def _add_items(document: DocumentObject, items: Sequence[LetterItem]) -> None:
    table = add_table(document, COLUMNS, _WIDTHS)
    for item in items:
        duration = item.duration_minutes
        cells = add_row(
            table,
            (
                item.number,
                "",
                KIND_LABELS.get(item.kind, item.kind),
                MINUTES_UNIT.format(minutes=duration) if duration else "",
            ),
        )
        _fill_subject(cells[1], item)


def _fill_subject(cell: _Cell, item: LetterItem) -> None:
    """Write title, marks, description and presenter of one item into its table cell."""
    title = cell.paragraphs[0]
    title.add_run(clean(item.title)).bold = True
    if item.is_supplement:
        title.add_run(SUPPLEMENT_MARK).italic = True
    if not item.is_public:
        title.add_run(NON_PUBLIC_MARK).italic = True
    if item.description.strip():
        add_markdown(cell, item.description)
    if item.presenter.strip():
        add_text(cell, PRESENTER.format(name=item.presenter.strip()))


def _notice_text(notice_days: int, invited_late: bool) -> str:
    """State that the notice period was kept, or that it was shortened and the sender knew."""
    days = (DAY if notice_days == 1 else DAYS).format(n=notice_days)
    return (NOTICE_SHORTENED if invited_late else NOTICE_KEPT).format(days=days)


def _add_closing(document: DocumentObject, data: AgendaLetter) -> None:
    add_text(document, "")
    add_text(document, CLOSING)
    if data.signatory.strip():
        add_text(document, "")
        add_text(document, data.signatory.strip()).paragraph_format.space_after = Pt(0)
    add_text(document, SENDER).paragraph_format.space_after = Pt(0)
    add_text(document, data.operator_name)
