"""Members answer an invitation: they attend, cannot attend, or send a deputy of their seat.

A deputy hears of a meeting only when the seat holder sends them (``deputy_sent`` mail), and
again when the holder takes that back or sends someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.models import Attendance, AttendanceAnswer, Meeting, MeetingStatus
from meetings.services.announcements import calendar_message
from meetings.services.attendance import RosterEntry, roster
from meetings.services.links import meeting_link
from portal import audit, notifications
from portal.db import utcnow
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.i18n import N_
from portal.models import Membership, NotificationKind, User
from portal.permissions import Action, require
from portal.timeutil import date_text, to_local

MAX_NOTE = 300
_OPEN = (MeetingStatus.PLANNED, MeetingStatus.INVITED)


@dataclass(frozen=True)
class AnswerChoice:
    """What the answer form offers one person: their seat, its deputies, their current answer."""

    seat: RosterEntry
    deputies: list[RosterEntry]

    @property
    def answer(self) -> AttendanceAnswer:
        return self.seat.answer

    @property
    def deputy_name(self) -> str:
        """The name of the deputy the seat holder sent, or ""."""
        chosen = self.seat.deputy_membership_id
        return next((d.name for d in self.deputies if d.membership_id == chosen), "")


def answer_choice(
    actor: User | None, meeting: Meeting, entries: list[RosterEntry] | None = None
) -> AnswerChoice | None:
    """Return what the actor may answer for this meeting, or None if they are not invited.

    They answer for one membership: a voting seat first; deputies do not answer (their seat
    holder sends them). ``entries`` is the meeting's roster if the caller has it already.
    """
    if actor is None or not actor.is_authenticated or meeting.status not in _OPEN:
        return None
    entries = roster(meeting) if entries is None else entries
    actor_id = actor.id  # once: the actor is often Flask-Login's proxy, slow to ask per row
    own = [e for e in entries if e.user_id == actor_id and not e.is_deputy]
    if not own:
        return None
    chosen = max(own, key=lambda e: (e.has_voting_right, -e.membership_id))
    deputies = [e for e in entries if e.is_deputy and e.deputy_of_id == chosen.membership_id]
    return AnswerChoice(seat=chosen, deputies=deputies)


def answer_invitation(
    actor: User,
    meeting: Meeting,
    *,
    answer: str,
    deputy_membership_id: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Attendance:
    """Record the actor's answer; a named deputy gets a mail (and an earlier one is released)."""
    now = now or utcnow()
    choice = answer_choice(actor, meeting)
    if choice is None:
        raise NotFound()
    attendance = db.session.scalar(
        select(Attendance).where(
            Attendance.meeting_id == meeting.id,
            Attendance.membership_id == choice.seat.membership_id,
        )
    ) or Attendance(
        meeting=meeting,
        membership=db.session.get(Membership, choice.seat.membership_id),
        answer=AttendanceAnswer.PENDING,
    )
    require(actor, Action.ATTENDANCE_ANSWER, attendance)
    note = (note or "").strip()
    errors: list[tuple[str, str]] = []
    if meeting.ends_at <= now:
        errors.append(("", _("Die Sitzung ist vorbei; eine Rückmeldung ist nicht mehr möglich.")))
    try:
        answer = AttendanceAnswer(answer)
    except ValueError:
        answer = None
    if answer in (None, AttendanceAnswer.PENDING):
        errors.append(("answer", _("Bitte wählen Sie Ihre Rückmeldung.")))
    deputy = None
    if answer == AttendanceAnswer.DEPUTY:
        offered = {d.membership_id for d in choice.deputies}
        if deputy_membership_id in offered:
            deputy = db.session.get(Membership, deputy_membership_id)
        else:
            errors.append(
                (
                    "deputy",
                    _("Bitte wählen Sie Ihre Stellvertretung aus.")
                    if choice.deputies
                    else _("Für Ihren Sitz ist keine Stellvertretung benannt."),
                )
            )
    if len(note) > MAX_NOTE:
        errors.append(("note", _("Höchstens %(max)d Zeichen.", max=MAX_NOTE)))
    if errors:
        raise InvalidInput(errors)
    before = {
        "answer": attendance.answer.value if attendance.answer else None,
        "deputy_membership_id": attendance.deputy_membership_id,
    }
    released = attendance.deputy_membership if attendance.deputy_membership_id else None
    attendance.answer = answer
    attendance.deputy_membership = deputy
    attendance.note = note
    attendance.answered_at = now
    db.session.add(attendance)
    audit.record(
        actor,
        "attendance.answer",
        meeting,
        label=meeting.title,
        before=before,
        after={"answer": answer.value, "deputy_membership_id": deputy.id if deputy else None},
    )
    if deputy is not None and (released is None or released.id != deputy.id):
        _tell_deputy(deputy, meeting, holder=actor, sent=True)
    if released is not None and (deputy is None or released.id != deputy.id):
        _tell_deputy(released, meeting, holder=actor, sent=False)
    db.session.commit()
    return attendance


def _tell_deputy(deputy: Membership, meeting: Meeting, *, holder: User, sent: bool) -> None:
    subject = (
        N_("Vertretung: %(title)s am %(date)s")
        if sent
        else N_("Vertretung nicht mehr nötig: %(title)s am %(date)s")
    )
    notifications.queue_mail(
        deputy.user,
        subject,
        "meeting_deputy",
        kind=NotificationKind.DEPUTY_SENT,
        title=meeting.title,
        date=date_text(to_local(meeting.starts_at)),
        meeting=meeting,
        holder=holder,
        sent=sent,
        link=meeting_link(meeting),
        # The deputy's calendar gains the meeting, or loses it again.
        calendar=calendar_message(meeting, "REQUEST" if sent else "CANCEL", deputy.user),
    )
