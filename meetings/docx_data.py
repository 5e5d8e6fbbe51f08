"""What the DOCX builders of a meeting take: frozen snapshots, filled by the meetings service.

The service loads the meeting, checks who may see what, numbers the agenda
(:func:`meetings.numbering.number_items`) and passes plain values here, so the builders need no
database and every document can be built in a unit test. Times are aware datetimes (UTC or any
zone); the builders show them in Europe/Berlin. Enumerated values are the plain strings the
models store (``AgendaItemKind`` and friends), so a ``StrEnum`` member can be passed as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

#: Kinds of agenda items, the values of ``meetings.models.AgendaItemKind``.
KIND_INFORMATION = "information"
KIND_DISCUSSION = "discussion"
KIND_DECISION = "decision"

#: How someone attended a meeting.
ATTENDANCE_PRESENT = "present"
ATTENDANCE_EXCUSED = "excused"
ATTENDANCE_REPRESENTED = "represented"
ATTENDANCE_ABSENT = "absent"

#: Where the minutes stand.
MINUTES_DRAFT = "draft"
MINUTES_IN_REVIEW = "in_review"
MINUTES_APPROVED = "approved"


@dataclass(frozen=True, kw_only=True)
class LetterItem:
    """One agenda item (TOP) as the invitation lists it."""

    #: "1", "2", "3.1" … as computed by ``number_items``.
    number: str
    title: str
    description: str = ""
    presenter: str = ""
    kind: str = KIND_INFORMATION
    duration_minutes: int | None = None
    is_public: bool = True
    #: Added after the invitation went out (Nachtrag).
    is_supplement: bool = False


@dataclass(frozen=True, kw_only=True)
class AgendaLetter:
    """The invitation to a meeting with its agenda."""

    #: The district or organisation running the portal, e.g. "Rhein-Kreis Neuss".
    operator_name: str
    body_name: str
    meeting_title: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    online_url: str = ""
    items: tuple[LetterItem, ...] = ()
    notice_days: int
    #: The invitation misses the notice period and the sender confirmed sending it anyway.
    invited_late: bool = False
    is_cancelled: bool = False
    cancel_reason: str = ""
    #: The public version leaves out every non-public item, not just its details.
    public_version: bool = False
    #: Who signs the letter; empty leaves the secretariat alone as the sender.
    signatory: str = ""
    #: When the document is made: the letter's date and the file's creation date.
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class MinutesAttendee:
    """One line of the attendance list."""

    name: str
    #: Organisation and/or function, e.g. "Jobcenter Rhein-Kreis Neuss, Geschäftsführung".
    organisation: str = ""
    status: str = ATTENDANCE_PRESENT
    #: The deputy's name when the status is ``represented``.
    represented_by: str = ""
    arrived_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class MinutesDecision:
    """A resolution taken under an agenda item, with its vote when there was one."""

    text: str
    #: The decision register's reference, e.g. "LG-2026-07"; empty when it has none yet.
    reference: str = ""
    yes: int | None = None
    no: int | None = None
    abstentions: int | None = None
    #: None when the minutes state no outcome (e.g. a vote without a required majority).
    adopted: bool | None = None


@dataclass(frozen=True, kw_only=True)
class MinutesAction:
    """A follow-up action agreed under an agenda item."""

    what: str
    who: str = ""
    due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class MinutesBallotSeat:
    """One seat that took part in a ballot: who cast its vote, and how (named ballots only)."""

    #: The seat as the minutes name it: its organisation, or its holder.
    seat: str
    holder: str
    #: Who cast the vote: the holder, or the deputy.
    cast_by: str
    by_deputy: bool = False
    #: ``yes``, ``no`` or ``abstain``; None for a secret ballot.
    choice: str | None = None


@dataclass(frozen=True, kw_only=True)
class MinutesBallot:
    """A ballot held under an agenda item, as the portal recorded it."""

    title: str
    #: ``recorded``, ``electronic`` or ``written``.
    kind: str
    secret: bool = False
    #: ``open``, ``closed`` or ``cancelled``.
    status: str
    #: The tally's result when closed: ``adopted``, ``rejected``, ``not_quorate``, ``objected``.
    result: str | None = None
    yes: int | None = None
    no: int | None = None
    abstentions: int | None = None
    seats: tuple[MinutesBallotSeat, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MinutesItem:
    """One agenda item as the minutes record it."""

    number: str
    title: str
    #: Markdown: paragraphs, lists, **bold** and *italic*.
    discussion: str = ""
    decisions: tuple[MinutesDecision, ...] = ()
    ballots: tuple[MinutesBallot, ...] = ()
    actions: tuple[MinutesAction, ...] = ()
    is_public: bool = True


@dataclass(frozen=True, kw_only=True)
class QuorumStatement:
    """The quorum found at the start of the meeting."""

    present_seats: int
    voting_seats: int
    is_reached: bool


@dataclass(frozen=True, kw_only=True)
class MinutesDocument:
    """The minutes (Niederschrift) of one meeting."""

    operator_name: str
    body_name: str
    meeting_title: str
    #: The body's running count of meetings ("3. Sitzung"); None when it does not count them.
    meeting_number: int | None = None
    #: The actual start and end of the meeting.
    started_at: datetime
    ended_at: datetime
    location: str = ""
    online_url: str = ""
    chair: str = ""
    minute_taker: str = ""
    attendees: tuple[MinutesAttendee, ...] = ()
    #: None when the body has no quorum rule.
    quorum: QuorumStatement | None = None
    #: The body's notice period; None leaves the invitation unmentioned (e.g. no invitation).
    notice_days: int | None = None
    #: The invitation missed the notice period (sent with the sender's confirmation).
    invited_late: bool = False
    items: tuple[MinutesItem, ...] = ()
    status: str = MINUTES_DRAFT
    #: Comments are welcome until then (status ``in_review``).
    comments_due_on: date | None = None
    #: When the body approved the minutes (status ``approved``).
    approved_on: date | None = None
    #: The public version leaves out every non-public item.
    public_version: bool = False
    #: Printed above the signature lines; blank lines are left when they are not known.
    signature_place: str = ""
    signature_date: date | None = None
    created_at: datetime
