"""Demo minutes: the approved minutes of the past steering group meeting, with its attendance
list, a decision with its vote and follow-up actions; and draft minutes of a working group's
meeting. Built directly on the tables (no mail goes out), each step kept as a saved state."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from meetings.models import (
    ApprovalMode,
    Attendance,
    AttendanceAnswer,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesActionItem,
    MinutesEntry,
    MinutesRevision,
    MinutesStatus,
)
from meetings.services.minutes import record_revision
from meetings.services.roll_call import PresenceRecord, record_presence
from portal.extensions import db
from portal.models import Membership, MembershipRole, User
from portal.permissions import SYSTEM
from portal.timeutil import to_local

MINUTE_TAKER = "sekretariat@demo.example"
#: Seat holders who did not come: one sent a deputy, one excused herself, one did not answer.
REPRESENTED = "dezernat.dormagen@demo.example"
EXCUSED = "dezernat.korschenbroich@demo.example"
ABSENT = "wirtschaft@demo.example"

#: What the past steering group meeting's minutes say, by agenda item title.
STEERING_TEXT = {
    "Begrüßung": "Der Vorsitzende begrüßt die Mitglieder und eröffnet die Sitzung um 14:05 Uhr.",
    "Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit": (
        "Die Ladung ist form- und fristgerecht erfolgt. Die Lenkungsgruppe ist beschlussfähig."
    ),
    "Hinweis auf das Mitwirkungsverbot bei Befangenheit": (
        "Der Vorsitzende weist auf das Mitwirkungsverbot hin. Befangenheit wird nicht angezeigt."
    ),
    "Genehmigung der Tagesordnung": "Die Tagesordnung wird ohne Änderungen genehmigt.",
    "Genehmigung der Niederschrift der letzten Sitzung": (
        "Die Niederschrift der 3. Sitzung wird ohne Änderungen genehmigt."
    ),
    "Bericht der Koordinierenden Stelle zum Stand des Case-Managements": (
        "Die Koordinierende Stelle berichtet über das erste Halbjahr:\n\n"
        "- sechs Case-Management-Stellen sind besetzt,\n"
        "- **412** Personen wurden begleitet, davon 38 % Frauen,\n"
        "- Wartezeiten bestehen vor allem bei der Ausländerbehörde.\n\n"
        "Die Mitglieder nehmen den Bericht zur Kenntnis und bitten um eine Auswertung der "
        "Wartezeiten nach Kommunen."
    ),
    "Fortschreibung des kreisweiten Handlungskonzepts": (
        "Die Koordinierende Stelle stellt den Entwurf der Fortschreibung vor. Die Stadt Neuss "
        "regt an, das Handlungsfeld *Wohnen* stärker zu gewichten; dies wird aufgenommen."
    ),
    "Verschiedenes": "Die nächste Sitzung findet im Frühjahr im Kreishaus Neuss statt.",
}
DECISION = (
    "Die Lenkungsgruppe beschließt die Fortschreibung des kreisweiten Handlungskonzepts in der "
    "vorgelegten Fassung mit der Ergänzung zum Handlungsfeld Wohnen."
)
ACTIONS = (
    ("Beschlossene Fassung des Handlungskonzepts veröffentlichen", "Koordinierende Stelle", 14),
    ("Auswertung der Wartezeiten nach Kommunen vorlegen", "Koordinierende Stelle", 60),
    ("Handlungsfeld Wohnen mit den Kommunen abstimmen", "AG Verfahrensebene", 90),
)
#: The working group's draft: only the first items are written so far.
DRAFT_TEXT = {
    "Begrüßung": "Die AG-Leitung begrüßt die Case-Managerinnen und Case-Manager.",
    "Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit": (
        "Die Ladung ist fristgerecht erfolgt."
    ),
}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _chair_name(meeting: Meeting) -> str:
    return db.session.scalar(
        select(User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.body_id == meeting.body_id, Membership.role == MembershipRole.CHAIR)
    )


def _record_attendance(meeting: Meeting) -> None:
    """Mark the steering group's seats present, one represented, one excused, one absent."""
    seats = db.session.scalars(
        select(Membership).join(Membership.user).where(Membership.body_id == meeting.body_id)
    ).all()
    by_email = {seat.user.email: seat for seat in seats}
    db.session.add(
        Attendance(
            meeting=meeting, membership_id=by_email[EXCUSED].id, answer=AttendanceAnswer.ABSENT
        )
    )
    missing = {REPRESENTED, EXCUSED, ABSENT}
    present = [
        seat
        for seat in seats
        if seat.has_voting_right
        and seat.role != MembershipRole.DEPUTY
        and seat.user.email not in missing
    ]
    present += [s for s in seats if s.deputy_of_id == by_email[REPRESENTED].id]
    present.append(by_email[MINUTE_TAKER])
    # Presence is recorded while the meeting is held, before its minutes are approved.
    meeting.status = MeetingStatus.HELD
    record_presence(SYSTEM, meeting, [PresenceRecord(seat.id, True) for seat in present])


def _entries(meeting: Meeting, texts: dict[str, str]) -> list[MinutesEntry]:
    return [
        MinutesEntry(agenda_item_id=item.id, discussion=texts.get(item.title, ""))
        for item in meeting.items
    ]


def _saved(minutes: Minutes, summary: str, at: datetime, by: User) -> None:
    revision: MinutesRevision = record_revision(by, minutes, summary)
    revision.saved_at = at


def _approved_minutes(meeting: Meeting) -> Minutes:
    taker = _user(MINUTE_TAKER)
    chair = _user("vorsitz@demo.example")
    start = meeting.starts_at + timedelta(minutes=5)
    day = to_local(meeting.starts_at).date()
    minutes = Minutes(
        meeting=meeting,
        status=MinutesStatus.DRAFT,
        chair=_chair_name(meeting),
        minute_taker=taker.name,
        started_at=start,
        ended_at=meeting.ends_at - timedelta(minutes=10),
        entries=[MinutesEntry(agenda_item_id=item.id) for item in meeting.items],
    )
    db.session.add(minutes)
    db.session.flush()
    _saved(minutes, "Niederschrift angelegt", meeting.ends_at + timedelta(hours=1), taker)
    for entry in minutes.entries:
        item = next(i for i in meeting.items if i.id == entry.agenda_item_id)
        entry.discussion = STEERING_TEXT.get(item.title, "")
        if item.title == "Fortschreibung des kreisweiten Handlungskonzepts":
            entry.decision_text = DECISION
            entry.votes_yes, entry.votes_no, entry.votes_abstain = 12, 1, 1
            entry.outcome = DecisionOutcome.ADOPTED
            entry.actions = [
                MinutesActionItem(
                    position=position, what=what, who=who, due_on=day + timedelta(days=days)
                )
                for position, (what, who, days) in enumerate(ACTIONS)
            ]
    _saved(minutes, "Einträge geschrieben", meeting.ends_at + timedelta(days=2), taker)
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = meeting.ends_at + timedelta(days=3)
    minutes.comments_due_on = day + timedelta(days=17)
    _saved(minutes, "Zur Stellungnahme versandt", minutes.circulated_at, taker)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = meeting.ends_at + timedelta(days=21)
    minutes.approved_by_id = chair.id
    minutes.approval_mode = ApprovalMode.CHAIR
    _saved(minutes, "Genehmigt", minutes.approved_at, chair)
    meeting.status = MeetingStatus.MINUTES_APPROVED
    return minutes


def _draft_minutes(meeting: Meeting) -> Minutes:
    taker = _user(MINUTE_TAKER)
    minutes = Minutes(
        meeting=meeting,
        status=MinutesStatus.DRAFT,
        chair=_chair_name(meeting) or "",
        minute_taker=taker.name,
        started_at=meeting.starts_at,
        ended_at=meeting.ends_at,
        entries=_entries(meeting, {}),
    )
    db.session.add(minutes)
    db.session.flush()
    _saved(minutes, "Niederschrift angelegt", meeting.ends_at + timedelta(hours=2), taker)
    for entry in minutes.entries:
        item = next(i for i in meeting.items if i.id == entry.agenda_item_id)
        entry.discussion = DRAFT_TEXT.get(item.title, "")
    _saved(minutes, "Einträge geschrieben", meeting.ends_at + timedelta(days=1), taker)
    return minutes


def add_demo_minutes(approved: Meeting, draft: Meeting) -> None:
    """Give the past steering group meeting approved minutes and a working group a draft."""
    db.session.flush()
    _record_attendance(approved)
    _approved_minutes(approved)
    _draft_minutes(draft)
    db.session.flush()
