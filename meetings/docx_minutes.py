"""The minutes (Niederschrift) of a meeting, as a .docx file.

One builder per part (head, attendance, quorum, items, signatures) and one assembler,
:func:`build_minutes_docx`. The service decides beforehand whether the reader may see the
non-public items; the public version leaves them out altogether.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Length, Pt, RGBColor

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
    to_bytes,
)
from meetings.docx_data import (
    ATTENDANCE_ABSENT,
    ATTENDANCE_EXCUSED,
    ATTENDANCE_PRESENT,
    ATTENDANCE_REPRESENTED,
    MINUTES_APPROVED,
    MINUTES_IN_REVIEW,
    MinutesAction,
    MinutesAttendee,
    MinutesBallot,
    MinutesDecision,
    MinutesDocument,
    MinutesItem,
    QuorumStatement,
)
from portal.timeutil import date_text, to_local

DRAFT_MARK = "ENTWURF"
TITLE_NUMBERED = "Niederschrift über die {number}. Sitzung"
TITLE_PLAIN = "Niederschrift der Sitzung"
DOCUMENT_TITLE = "Niederschrift: {title} ({body})"
FOOTER = "Niederschrift · {body} · {date}"
STATUS_LABEL = "Status:"
STATUS_DRAFT = "Entwurf"
STATUS_IN_REVIEW = "Entwurf, zur Stellungnahme bis {date}"
STATUS_IN_REVIEW_OPEN = "Entwurf, zur Stellungnahme"
STATUS_APPROVED = "genehmigt am {date}"
STATUS_APPROVED_UNDATED = "genehmigt"
FACT_BODY, FACT_DATE, FACT_START, FACT_END = "Gremium:", "Datum:", "Beginn:", "Ende:"
FACT_PLACE, FACT_ONLINE, FACT_CHAIR, FACT_TAKER = "Ort:", "Online:", "Vorsitz:", "Protokollführung:"
ATTENDANCE_HEADING = "Anwesenheit"
ATTENDANCE_EMPTY = "Es wurde keine Anwesenheit erfasst."
ATTENDANCE_COLUMNS = ("Name", "Organisation/Funktion", "Status")
TIMES_COLUMN = "Zeiten"
ATTENDANCE_LABELS = {
    ATTENDANCE_PRESENT: "anwesend",
    ATTENDANCE_EXCUSED: "entschuldigt",
    ATTENDANCE_REPRESENTED: "vertreten",
    ATTENDANCE_ABSENT: "abwesend",
}
REPRESENTED_BY = "vertreten durch {name}"
ARRIVED, LEFT = "ab {time}", "bis {time}"
QUORUM_REACHED = (
    "Die Beschlussfähigkeit wurde festgestellt: {present} von {seats} stimmberechtigten Sitzen "
    "{verb} besetzt."
)
QUORUM_MISSED = (
    "Die Beschlussfähigkeit war nicht gegeben: Nur {present} von {seats} stimmberechtigten "
    "Sitzen {verb} besetzt."
)
INVITATION_KEPT = "Zur Sitzung wurde unter Wahrung der Ladungsfrist von {days} eingeladen."
INVITATION_LATE = (
    "Die Ladungsfrist von {days} wurde nicht eingehalten; zur Sitzung wurde mit verkürzter Frist "
    "eingeladen."
)
ITEM_HEADING = "TOP {number}: {title}"
DECISION_LABEL = "Beschluss"
DECISION_REFERENCE = "Beschluss {reference}"
VOTE_RESULT = "Abstimmungsergebnis: Ja: {yes}, Nein: {no}, Enthaltungen: {abstentions}"
OUTCOME = {True: "Der Beschluss wurde angenommen.", False: "Der Beschluss wurde abgelehnt."}
BALLOT_HEADING = "Abstimmung: {title}"
BALLOT_KINDS = {
    "recorded": "Abstimmung in der Sitzung",
    "electronic": "elektronische Abstimmung in der Sitzung",
    "written": "Umlaufverfahren",
}
BALLOT_SECRECY = {False: "namentlich", True: "geheim"}
BALLOT_RESULTS = {
    "adopted": "Der Antrag wurde angenommen.",
    "rejected": "Der Antrag wurde abgelehnt.",
    "not_quorate": "Ohne Ergebnis: Zu wenige Sitze haben teilgenommen.",
    "objected": "Widerspruch gegen das Umlaufverfahren: Der Punkt geht in die nächste Sitzung.",
}
BALLOT_OPEN = "Die Abstimmung lief bei Abschluss der Niederschrift noch."
BALLOT_CANCELLED = "Die Abstimmung wurde abgebrochen."
BALLOT_SEATS_NAMED = "Stimmabgabe je Sitz:"
BALLOT_SEATS_SECRET = (
    "Teilgenommen haben (geheime Abstimmung: wie jemand gestimmt hat, ist nicht gespeichert):"
)
BALLOT_DEPUTY = "{name} in Vertretung für {holder}"
CHOICES = {"yes": "Ja", "no": "Nein", "abstain": "Enthaltung"}
ACTIONS_LABEL = "Vereinbarte Maßnahmen"
ACTION_COLUMNS = ("Maßnahme", "Zuständig", "Frist")
PLACE_DATE_BLANK = "Ort, Datum: ______________________"
BLANK = "______________"
SIGNATURE_LINE = "_" * 30
ROLE_CHAIR, ROLE_TAKER = "Vorsitz", "Protokollführung"

_ACTION_WIDTHS: tuple[Length, ...] = (Length(TEXT_WIDTH - Cm(7.0)), Cm(4.5), Cm(2.5))
_DRAFT_GREY = RGBColor(0x99, 0x99, 0x99)


def build_minutes_docx(data: MinutesDocument) -> bytes:
    """Build the minutes of a meeting and return the .docx file's bytes."""
    is_draft = data.status != MINUTES_APPROVED
    header = f"{data.operator_name} · {SENDER}"
    document = new_document(
        title=DOCUMENT_TITLE.format(title=data.meeting_title, body=data.body_name),
        author=data.operator_name,
        created_at=data.created_at,
        header_text=f"{DRAFT_MARK} · {header}" if is_draft else header,
        footer_text=_footer_text(data),
    )
    if is_draft:
        _add_draft_mark(document)
    _add_head(document, data)
    _add_attendance(document, data.attendees)
    if data.notice_days is not None:
        add_text(document, invitation_text(data.notice_days, data.invited_late))
    if data.quorum is not None:
        add_text(document, _quorum_text(data.quorum))
    _add_items(document, data.items, data.public_version)
    _add_signatures(document, data)
    return to_bytes(document)


def _footer_text(data: MinutesDocument) -> str:
    text = FOOTER.format(body=data.body_name, date=date_text(to_local(data.started_at)))
    return f"{text} · {PUBLIC_VERSION}" if data.public_version else text


def _add_draft_mark(document: DocumentObject) -> None:
    """Mark a draft like a watermark would, but as text every reader and converter keeps."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(DRAFT_MARK)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(36), _DRAFT_GREY


def _add_head(document: DocumentObject, data: MinutesDocument) -> None:
    """Title the minutes and list when, where and by whom the meeting was held and recorded."""
    number = data.meeting_number
    title = TITLE_NUMBERED.format(number=number) if number else TITLE_PLAIN
    add_text(document, title, style="Title")
    add_text(document, data.body_name, style="Heading 1")
    add_text(document, data.meeting_title, style="Subtitle")
    status = add_text(document, f"{STATUS_LABEL} ", bold=True)
    status.add_run(_status_text(data))
    facts = [
        (FACT_BODY, data.body_name),
        (FACT_DATE, local_date_text(data.started_at)),
        (FACT_START, clock_text(data.started_at)),
        (FACT_END, _end_text(data.started_at, data.ended_at)),
    ]
    if data.location.strip():
        facts.append((FACT_PLACE, data.location.strip()))
    if data.online_url.strip():
        facts.append((FACT_ONLINE, data.online_url.strip()))
    facts += [(FACT_CHAIR, data.chair), (FACT_TAKER, data.minute_taker)]
    add_facts(document, facts)


def _status_text(data: MinutesDocument) -> str:
    if data.status == MINUTES_APPROVED:
        if data.approved_on is None:
            return STATUS_APPROVED_UNDATED
        return STATUS_APPROVED.format(date=date_text(data.approved_on))
    if data.status == MINUTES_IN_REVIEW:
        if data.comments_due_on is None:
            return STATUS_IN_REVIEW_OPEN
        return STATUS_IN_REVIEW.format(date=date_text(data.comments_due_on))
    return STATUS_DRAFT


def _end_text(start: datetime, end: datetime) -> str:
    """Give the end's clock time, with its date when the meeting ran past midnight."""
    if to_local(end).date() == to_local(start).date():
        return clock_text(end)
    return f"{date_text(to_local(end))}, {clock_text(end)}"


def _add_attendance(document: DocumentObject, attendees: Sequence[MinutesAttendee]) -> None:
    """List who attended how; the times column appears only when someone came late or left."""
    add_text(document, ATTENDANCE_HEADING, style="Heading 2")
    if not attendees:
        add_text(document, ATTENDANCE_EMPTY)
        return
    with_times = any(a.arrived_at or a.left_at for a in attendees)
    columns = ATTENDANCE_COLUMNS + ((TIMES_COLUMN,) if with_times else ())
    status_width, times_width = Cm(3.5), Cm(3.5) if with_times else Cm(0)
    name_width = Length((TEXT_WIDTH - status_width - times_width) * 2 // 5)
    widths = [name_width, Length(TEXT_WIDTH - status_width - times_width - name_width)]
    widths += [status_width] + ([times_width] if with_times else [])
    table = add_table(document, columns, widths)
    for attendee in attendees:
        values = [attendee.name, attendee.organisation, _attendance_text(attendee)]
        add_row(table, values + ([_times_text(attendee)] if with_times else []))


def _attendance_text(attendee: MinutesAttendee) -> str:
    deputy = attendee.represented_by.strip()
    if attendee.status == ATTENDANCE_REPRESENTED and deputy:
        return REPRESENTED_BY.format(name=deputy)
    return ATTENDANCE_LABELS.get(attendee.status, attendee.status)


def _times_text(attendee: MinutesAttendee) -> str:
    parts = []
    if attendee.arrived_at:
        parts.append(ARRIVED.format(time=clock_text(attendee.arrived_at)))
    if attendee.left_at:
        parts.append(LEFT.format(time=clock_text(attendee.left_at)))
    return " ".join(parts)


def invitation_text(notice_days: int, invited_late: bool) -> str:
    """State whether the invitation kept the body's notice period (the minutes must say so)."""
    days = f"{notice_days} Tag" if notice_days == 1 else f"{notice_days} Tagen"
    return (INVITATION_LATE if invited_late else INVITATION_KEPT).format(days=days)


def _quorum_text(quorum: QuorumStatement) -> str:
    """State the quorum, with the verb agreeing with "1 von 7 … war" or "5 von 7 … waren"."""
    template = QUORUM_REACHED if quorum.is_reached else QUORUM_MISSED
    verb = "war" if quorum.present_seats == 1 else "waren"
    return template.format(present=quorum.present_seats, seats=quorum.voting_seats, verb=verb)


def _add_items(document: DocumentObject, items: Sequence[MinutesItem], public_only: bool) -> None:
    """Record the items: the public part first, then the non-public part under its heading."""
    public = [item for item in items if item.is_public]
    non_public = [] if public_only else [item for item in items if not item.is_public]
    if public and non_public:
        add_text(document, PUBLIC_PART, style="Heading 2")
    for item in public:
        _add_item(document, item)
    if non_public:
        add_text(document, NON_PUBLIC_PART, style="Heading 2")
    for item in non_public:
        _add_item(document, item)


def _add_item(document: DocumentObject, item: MinutesItem) -> None:
    heading = ITEM_HEADING.format(number=item.number, title=item.title)
    add_text(document, heading + ("" if item.is_public else NON_PUBLIC_MARK), style="Heading 3")
    if item.discussion.strip():
        add_markdown(document, item.discussion)
    for decision in item.decisions:
        _add_decision(document, decision)
    for ballot in item.ballots:
        _add_ballot(document, ballot)
    if item.actions:
        _add_actions(document, item.actions)


def _add_decision(document: DocumentObject, decision: MinutesDecision) -> None:
    """Write the resolution, the vote as counted and the outcome."""
    reference = decision.reference.strip()
    label = DECISION_REFERENCE.format(reference=reference) if reference else DECISION_LABEL
    add_text(document, label + ":", bold=True)
    add_markdown(document, decision.text)
    counts = (decision.yes, decision.no, decision.abstentions)
    if any(count is not None for count in counts):
        yes, no, abstentions = (count or 0 for count in counts)
        add_text(document, VOTE_RESULT.format(yes=yes, no=no, abstentions=abstentions))
    if decision.adopted is not None:
        add_text(document, OUTCOME[decision.adopted])


def _add_ballot(document: DocumentObject, ballot: MinutesBallot) -> None:
    """Write a ballot's kind, result and who cast each seat's vote (for a secret one: who took
    part, never how)."""
    add_text(document, BALLOT_HEADING.format(title=ballot.title) + ":", bold=True)
    kind = f"{BALLOT_KINDS.get(ballot.kind, ballot.kind)}, {BALLOT_SECRECY[ballot.secret]}."
    add_text(document, kind)
    if ballot.status == "closed":
        counts = (ballot.yes, ballot.no, ballot.abstentions)
        if any(count is not None for count in counts):
            yes, no, abstentions = (count or 0 for count in counts)
            add_text(document, VOTE_RESULT.format(yes=yes, no=no, abstentions=abstentions))
        if ballot.result in BALLOT_RESULTS:
            add_text(document, BALLOT_RESULTS[ballot.result])
    else:
        add_text(document, BALLOT_CANCELLED if ballot.status == "cancelled" else BALLOT_OPEN)
    if not ballot.seats:
        return
    add_text(document, BALLOT_SEATS_SECRET if ballot.secret else BALLOT_SEATS_NAMED)
    for seat in ballot.seats:
        who = (
            BALLOT_DEPUTY.format(name=seat.cast_by, holder=seat.holder)
            if seat.by_deputy
            else seat.cast_by
        )
        line = f"{seat.seat}: {who}"
        if seat.choice and not ballot.secret:
            line += f" – {CHOICES.get(seat.choice, seat.choice)}"
        add_text(document, line, style="List Bullet")


def _add_actions(document: DocumentObject, actions: Sequence[MinutesAction]) -> None:
    add_text(document, ACTIONS_LABEL + ":", bold=True)
    table = add_table(document, ACTION_COLUMNS, _ACTION_WIDTHS)
    for action in actions:
        due = date_text(action.due_on) if action.due_on else ""
        add_row(table, (action.what, action.who, due))


def _add_signatures(document: DocumentObject, data: MinutesDocument) -> None:
    """Leave signature lines for chair and minute-taker, with place and date above them."""
    add_text(document, "")
    place = clean(data.signature_place).strip()
    signed_on = date_text(data.signature_date) if data.signature_date else ""
    place_date = f"{place or BLANK}, {signed_on or BLANK}" if place or signed_on else ""
    table = document.add_table(rows=1, cols=2)
    for cell, name, role in zip(
        table.rows[0].cells, (data.chair, data.minute_taker), (ROLE_CHAIR, ROLE_TAKER), strict=True
    ):
        cell.paragraphs[0].add_run(place_date or PLACE_DATE_BLANK)
        for line in ("", "", SIGNATURE_LINE, name, role):
            add_text(cell, line)
