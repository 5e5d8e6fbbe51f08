"""What the meeting page and the presence page show of attendance, from one roster query."""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Meeting, MeetingStatus
from meetings.services.answers import AnswerChoice, answer_choice
from meetings.services.attendance import (
    AttendanceLine,
    QuorumReport,
    RosterEntry,
    attendance_lines,
    meeting_day,
    quorum_report,
    roster,
)
from meetings.services.roll_call import may_record_presence
from portal.db import utcnow
from portal.errors import NotFound
from portal.models import User
from portal.permissions import Action, can
from portal.timeutil import today_local


@dataclass(frozen=True)
class AttendancePanel:
    """The attendance part of the meeting page, as far as the viewer may see it.

    The page shows counts and the quorum; the names are on the attendance page, so a large
    body does not make every view of the agenda long and slow.
    """

    #: The viewer's own answer form, if they are invited and may still answer.
    answer: AnswerChoice | None
    #: Answers of the seat holders and other invited people: answer value → count.
    answers: dict[str, int]
    #: People recorded as present (deputies included).
    present: int
    quorum: QuorumReport | None
    may_record: bool
    #: The meeting runs today: the page keeps the quorum box current.
    live: bool = False
    #: The quorum box is shown from the meeting's day on (before it, nobody can be present).
    quorum_due: bool = False

    @property
    def shown(self) -> bool:
        return self.quorum is not None


def attendance_panel(actor: User | None, meeting: Meeting) -> AttendancePanel:
    """Return the attendance part of the meeting page (no query for the public)."""
    if not can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting):
        return AttendancePanel(answer=None, answers={}, present=0, quorum=None, may_record=False)
    entries = roster(meeting)
    answers: dict[str, int] = {}
    for entry in entries:
        if not entry.is_deputy:
            answers[entry.answer] = answers.get(entry.answer, 0) + 1
    return AttendancePanel(
        answer=answer_choice(actor, meeting, entries),
        answers=answers,
        present=sum(1 for entry in entries if entry.present),
        quorum=quorum_report(meeting, entries),
        may_record=can(actor, Action.MEETING_MANAGE, meeting)
        and may_record_presence(meeting) is None,
        # On the meeting's day, and while it runs: a meeting going past midnight stays live.
        live=meeting.status in (MeetingStatus.INVITED, MeetingStatus.HELD)
        and (
            meeting_day(meeting) == today_local()
            or meeting.starts_at <= utcnow() <= meeting.ends_at
        ),
        quorum_due=meeting_day(meeting) <= today_local(),
    )


@dataclass(frozen=True)
class PresencePage:
    """The attendance page: the list for the body's members, the form for the secretariat."""

    entries: list[RosterEntry]
    lines: list[AttendanceLine]
    quorum: QuorumReport
    #: The viewer may record presence now (else the page is read-only).
    may_record: bool
    #: Why presence cannot be recorded now, for the secretariat; None if it can.
    refusal: str | None


def presence_page(actor: User | None, meeting: Meeting) -> PresencePage:
    if not can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting) or meeting.is_cancelled:
        raise NotFound()
    entries = roster(meeting)
    manages = can(actor, Action.MEETING_MANAGE, meeting)
    refusal = may_record_presence(meeting) if manages else None
    return PresencePage(
        entries=entries,
        lines=attendance_lines(meeting, entries),
        quorum=quorum_report(meeting, entries),
        may_record=manages and refusal is None,
        refusal=refusal,
    )


def live_quorum(actor: User | None, meeting: Meeting) -> QuorumReport:
    """Return the current quorum for the body's inner circle (the page refreshes it)."""
    if not can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting):
        raise NotFound()
    return quorum_report(meeting)
