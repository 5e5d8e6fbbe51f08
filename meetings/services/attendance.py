"""Answers to invitations, presence at the meeting, and the quorum it gives item by item.

The roster of a meeting is every membership of the body in effect on the meeting's day; each
voting seat is a non-deputy membership with a voting right, and its deputies are the deputy
memberships pointing at it. Rows of :class:`Attendance` exist only for people who answered or
whose presence was recorded; everyone else reads as "no answer" / "not present".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from meetings import presence
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceAnswer,
    Meeting,
)
from meetings.numbering import Slot, agenda_order
from meetings.quorum import Quorum
from portal.db import in_effect_on
from portal.extensions import db
from portal.models import Membership, MembershipRole, Organisation, User
from portal.timeutil import to_local

#: Order of the attendance list: the chair first, guests last.
_ROLE_ORDER = {
    MembershipRole.CHAIR: 0,
    MembershipRole.DEPUTY_CHAIR: 1,
    MembershipRole.MEMBER: 2,
    MembershipRole.ADVISORY: 3,
    MembershipRole.SECRETARIAT: 4,
    MembershipRole.GUEST: 5,
    MembershipRole.DEPUTY: 6,
}
MAX_NOTE = 300

#: How the minutes state a person's attendance (the values of ``meetings.docx_data``).
PRESENT = "present"
EXCUSED = "excused"
REPRESENTED = "represented"
ABSENT = "absent"
PENDING = "pending"


def meeting_day(meeting: Meeting) -> date:
    return to_local(meeting.starts_at).date()


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One membership of the body on the meeting's day, with its answer and presence.

    Plain values, not ORM objects: the meeting page reads a roster on every request, and a
    working group of 300 (the benchmark's ten-fold data) must not cost 300 mapped objects.
    """

    membership_id: int
    user_id: int
    name: str
    organisation: str
    function: str
    role: MembershipRole
    has_voting_right: bool
    deputy_of_id: int | None
    answer: AttendanceAnswer = AttendanceAnswer.PENDING
    deputy_membership_id: int | None = None
    note: str = ""
    present: bool = False
    arrived_at: datetime | None = None
    left_at: datetime | None = None
    from_item_id: int | None = None
    until_item_id: int | None = None

    @property
    def is_deputy(self) -> bool:
        return self.role == MembershipRole.DEPUTY


def roster(meeting: Meeting) -> list[RosterEntry]:
    """Return the body's memberships on the meeting's day with their answers, in one query."""
    rows = db.session.execute(
        select(
            Membership.id,
            Membership.user_id,
            User.name,
            func.coalesce(Organisation.name, ""),
            Membership.function,
            Membership.role,
            Membership.has_voting_right,
            Membership.deputy_of_id,
            func.coalesce(Attendance.answer, AttendanceAnswer.PENDING.value),
            Attendance.deputy_membership_id,
            func.coalesce(Attendance.note, ""),
            func.coalesce(Attendance.present, False),
            Attendance.arrived_at,
            Attendance.left_at,
            Attendance.from_item_id,
            Attendance.until_item_id,
        )
        .join(User, User.id == Membership.user_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .outerjoin(
            Attendance,
            and_(Attendance.membership_id == Membership.id, Attendance.meeting_id == meeting.id),
        )
        .where(
            Membership.body_id == meeting.body_id, in_effect_on(Membership, meeting_day(meeting))
        )
        .order_by(User.name, Membership.id)
    ).all()
    entries = [
        RosterEntry(
            *row[:5],
            MembershipRole(row[5]),
            bool(row[6]),
            row[7],
            AttendanceAnswer(row[8]),
            row[9],
            row[10],
            bool(row[11]),
            row[12],
            row[13],
            row[14],
            row[15],
        )
        for row in rows
    ]
    entries.sort(key=lambda entry: _ROLE_ORDER[entry.role])
    return entries


def agenda_positions(meeting: Meeting) -> dict[int, int]:
    """Return agenda item id → its index in reading order (TOP 1, 1.1, 2 …)."""
    slots = [Slot(item.id, item.parent_id, item.position) for item in meeting.items]
    return {slot.id: index for index, slot in enumerate(agenda_order(slots))}


def _stay(entry: RosterEntry, index: dict[int, int]) -> presence.Stay:
    if not entry.present:
        return presence.ABSENT
    return presence.Stay(
        present=True,
        first=index.get(entry.from_item_id) if entry.from_item_id else None,
        last=index.get(entry.until_item_id) if entry.until_item_id else None,
    )


def _seats(entries: list[RosterEntry], index: dict[int, int]) -> list[presence.Seat]:
    deputies: dict[int, list[presence.Stay]] = {}
    for entry in entries:
        if entry.is_deputy and entry.deputy_of_id and entry.present:
            deputies.setdefault(entry.deputy_of_id, []).append(_stay(entry, index))
    return [
        presence.Seat(
            holder=_stay(entry, index), deputies=tuple(deputies.get(entry.membership_id, ()))
        )
        for entry in entries
        if entry.has_voting_right and not entry.is_deputy
    ]


@dataclass(frozen=True)
class QuorumReport:
    """The quorum at the start and during each item, and whether presence was recorded."""

    recorded: bool
    at_start: Quorum
    #: Agenda item id → the quorum while it was dealt with.
    by_item: dict[int, Quorum]
    #: Names of seats whose holder and deputy were both there (the seat still counts once).
    doubly_filled: tuple[str, ...] = ()


def quorum_report(meeting: Meeting, entries: list[RosterEntry] | None = None) -> QuorumReport:
    """Compute the quorum from the recorded presence (``meetings.presence``)."""
    entries = roster(meeting) if entries is None else entries
    index = agenda_positions(meeting)
    seats = _seats(entries, index)
    rule = meeting.body.quorum_rule
    recorded = any(entry.present for entry in entries)
    at_start = presence.quorum_at_start(rule, seats)
    if not recorded:
        # Nobody is present at any item: the quorum is the same everywhere.
        return QuorumReport(False, at_start, dict.fromkeys(index, at_start))
    per_item = presence.quorum_by_item(rule, seats, len(index))
    holders = [e for e in entries if e.has_voting_right and not e.is_deputy]
    twice = presence.seats_filled_twice(seats, len(index))
    return QuorumReport(
        recorded=True,
        at_start=at_start,
        by_item={item_id: per_item[position] for item_id, position in index.items()},
        doubly_filled=tuple(holders[position].name for position in twice),
    )


def quorum_at_start(meeting: Meeting) -> Quorum:
    """Return the quorum when the meeting opened, for the minutes' quorum statement."""
    return quorum_report(meeting).at_start


def decision_refusal(
    meeting: Meeting, item: AgendaItem, report: QuorumReport | None = None
) -> str | None:
    """Say why no decision may be recorded under this item, or return None if it may.

    A decision needs a decision item and a meeting with quorum while the item was dealt with.
    """
    if item.kind != AgendaItemKind.DECISION:
        return _("Unter diesem Tagesordnungspunkt wird nichts beschlossen (kein Beschlusspunkt).")
    if meeting.body.quorum_rule == "none":
        return None
    report = report or quorum_report(meeting)
    if not report.recorded:
        return _(
            "Die Anwesenheit ist noch nicht erfasst; ohne festgestellte Beschlussfähigkeit "
            "kann kein Beschluss eingetragen werden."
        )
    found = report.by_item.get(item.id, report.at_start)
    if found.is_reached:
        return None
    return _(
        "Die Sitzung war bei diesem Punkt nicht beschlussfähig: %(present)d von %(seats)d "
        "stimmberechtigten Sitzen waren besetzt, %(required)d sind nötig. Ein Beschluss kann "
        "nicht gefasst werden.",
        present=found.present_seats,
        seats=found.voting_seats,
        required=found.required,
    )


@dataclass(frozen=True)
class AttendanceLine:
    """One line of the attendance list, as the meeting page and the minutes show it."""

    membership_id: int
    name: str
    organisation: str
    function: str
    role: str
    has_voting_right: bool
    answer: AttendanceAnswer
    #: present / excused / represented / absent / pending (``meetings.docx_data`` values).
    status: str
    represented_by: str = ""
    #: For a deputy: whose seat they filled.
    deputy_for: str = ""
    note: str = ""
    arrived_at: datetime | None = None
    left_at: datetime | None = None
    from_item_id: int | None = None
    until_item_id: int | None = None


def _status(entry: RosterEntry, deputies_present: list[str], recorded: bool) -> str:
    if entry.present:
        return PRESENT
    if deputies_present:
        return REPRESENTED
    if entry.answer in (AttendanceAnswer.ABSENT, AttendanceAnswer.DEPUTY):
        return EXCUSED
    return ABSENT if recorded else PENDING


def attendance_lines(
    meeting: Meeting, entries: list[RosterEntry] | None = None
) -> list[AttendanceLine]:
    """Return the attendance list: every seat and role, and the deputies who were present."""
    entries = roster(meeting) if entries is None else entries
    recorded = any(entry.present for entry in entries)
    names = {entry.membership_id: entry.name for entry in entries}
    present_deputies: dict[int, list[str]] = {}
    for entry in entries:
        if entry.is_deputy and entry.present and entry.deputy_of_id:
            present_deputies.setdefault(entry.deputy_of_id, []).append(entry.name)
    lines = []
    for entry in entries:
        if entry.is_deputy:
            if not entry.present:
                continue
            status, deputy_for, represented_by = PRESENT, names.get(entry.deputy_of_id, ""), ""
        else:
            deputies = present_deputies.get(entry.membership_id, [])
            status, deputy_for = _status(entry, deputies, recorded), ""
            represented_by = ", ".join(deputies) if status == REPRESENTED else ""
        lines.append(
            AttendanceLine(
                membership_id=entry.membership_id,
                name=entry.name,
                organisation=entry.organisation,
                function=entry.function,
                role=entry.role,
                has_voting_right=entry.has_voting_right,
                answer=entry.answer,
                status=status,
                represented_by=represented_by,
                deputy_for=deputy_for,
                note=entry.note,
                arrived_at=entry.arrived_at if entry.present else None,
                left_at=entry.left_at if entry.present else None,
                from_item_id=entry.from_item_id if entry.present else None,
                until_item_id=entry.until_item_id if entry.present else None,
            )
        )
    return lines
