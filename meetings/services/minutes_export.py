"""The minutes as an official .docx file, built from what the reader may see.

Access is decided here, before the pure builder (``meetings.docx_minutes``) sees any data: a
reader outside the body gets the public version, without the non-public items at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from meetings.docx_data import (
    MINUTES_APPROVED,
    MINUTES_DRAFT,
    MINUTES_IN_REVIEW,
    MinutesAction,
    MinutesAttendee,
    MinutesBallot,
    MinutesBallotSeat,
    MinutesDecision,
    MinutesDocument,
    MinutesItem,
    QuorumStatement,
)
from meetings.models import BallotSecrecy, DecisionOutcome, Meeting, MinutesStatus
from meetings.proposal_flow import Outcome
from meetings.services import attendance
from meetings.services.decisions import decision_reference
from meetings.services.minutes_governance import ItemGovernance
from meetings.services.minutes_queries import EntryView, MinutesPage, minutes_page
from portal.db import utcnow
from portal.errors import NotFound
from portal.models import User
from portal.timeutil import to_local

_STATUS = {
    MinutesStatus.DRAFT: MINUTES_DRAFT,
    MinutesStatus.CIRCULATED: MINUTES_IN_REVIEW,
    MinutesStatus.APPROVED: MINUTES_APPROVED,
    MinutesStatus.LOCKED: MINUTES_APPROVED,
}
#: Statuses of the attendance list that the minutes state (``pending``: nothing recorded).
_STATED = {attendance.PRESENT, attendance.EXCUSED, attendance.REPRESENTED, attendance.ABSENT}


@dataclass(frozen=True)
class MinutesFile:
    filename: str
    data: bytes


def _attendees(page: MinutesPage) -> tuple[MinutesAttendee, ...]:
    if not page.presence_recorded:
        return ()
    return tuple(
        MinutesAttendee(
            name=line.name,
            organisation=", ".join(part for part in (line.organisation, line.function) if part),
            status=line.status,
            represented_by=line.represented_by,
            arrived_at=line.arrived_at,
            left_at=line.left_at,
        )
        for line in page.attendance
        if line.status in _STATED
    )


#: Whether a register outcome adopted the proposal (None: no decision on its substance).
_ADOPTED = {
    Outcome.ADOPTED: True,
    Outcome.ADOPTED_WITH_CHANGES: True,
    Outcome.REJECTED: False,
}


def _ballots(governance: ItemGovernance | None) -> tuple[MinutesBallot, ...]:
    if governance is None:
        return ()
    return tuple(
        MinutesBallot(
            title=summary.title,
            kind=summary.kind.value,
            secret=summary.secrecy == BallotSecrecy.SECRET,
            status=summary.status.value,
            result=summary.result,
            yes=summary.counts.yes if summary.counts else None,
            no=summary.counts.no if summary.counts else None,
            abstentions=summary.counts.abstain if summary.counts else None,
            seats=tuple(
                MinutesBallotSeat(
                    seat=seat.organisation or seat.holder,
                    holder=seat.holder,
                    cast_by=seat.cast_by,
                    by_deputy=seat.by_deputy,
                    choice=seat.choice.value if seat.choice else None,
                )
                for seat in summary.seats
                if seat.voted
            ),
        )
        for summary in governance.summaries
    )


def _item(view: EntryView, governance: ItemGovernance | None = None) -> MinutesItem:
    entry = view.entry
    registered = governance.decisions if governance is not None else []
    decisions: tuple[MinutesDecision, ...] = ()
    if entry.decision_text:
        adopted = None if entry.outcome is None else entry.outcome == DecisionOutcome.ADOPTED
        decisions = (
            MinutesDecision(
                text=entry.decision_text,
                # The minute-taker's wording of the register's decision: it carries its number.
                reference=decision_reference(registered[0]) if registered else "",
                yes=entry.votes_yes,
                no=entry.votes_no,
                abstentions=entry.votes_abstain,
                adopted=adopted,
            ),
        )
    elif registered:
        decisions = tuple(
            MinutesDecision(
                text=decision.resolution_text,
                reference=decision_reference(decision),
                yes=decision.votes_yes,
                no=decision.votes_no,
                abstentions=decision.votes_abstain,
                adopted=_ADOPTED.get(decision.outcome),
            )
            for decision in registered
        )
    return MinutesItem(
        number=view.number,
        title=view.item.title,
        discussion=entry.discussion,
        decisions=decisions,
        ballots=_ballots(governance),
        actions=tuple(
            MinutesAction(what=action.what, who=action.who, due_on=action.due_on)
            for action in entry.actions
        ),
        is_public=view.is_public,
    )


def minutes_document(page: MinutesPage) -> MinutesDocument:
    """Turn the minutes as the reader sees them into the builder's data."""
    meeting, minutes = page.meeting, page.minutes
    title = meeting.title
    if minutes.amends_id is not None:
        title = _("%(title)s – Berichtigung", title=title)
    quorum = page.quorum
    return MinutesDocument(
        operator_name=current_app.config["PORTAL_OPERATOR_NAME"],
        body_name=meeting.body.name,
        meeting_title=title,
        started_at=minutes.started_at or meeting.starts_at,
        ended_at=minutes.ended_at or meeting.ends_at,
        location=meeting.location,
        online_url=meeting.online_url if page.sees_nonpublic else "",
        chair=minutes.chair,
        minute_taker=minutes.minute_taker,
        attendees=_attendees(page),
        quorum=QuorumStatement(
            present_seats=quorum.present_seats,
            voting_seats=quorum.voting_seats,
            is_reached=quorum.is_reached,
        )
        if quorum is not None
        else None,
        notice_days=meeting.body.notice_period_days if meeting.invited_at else None,
        invited_late=meeting.invited_late,
        items=tuple(_item(view, page.governance.get(view.item.id)) for view in page.entries),
        status=_STATUS[minutes.status],
        comments_due_on=minutes.comments_due_on,
        approved_on=to_local(minutes.approved_at).date() if minutes.approved_at else None,
        public_version=not page.sees_nonpublic,
        created_at=utcnow(),
    )


def minutes_docx(actor: User | None, meeting: Meeting, set_id: int | None = None) -> MinutesFile:
    """Build the .docx of the minutes the actor may see; NotFound if there are none."""
    page = minutes_page(actor, meeting, set_id, with_comments=False)
    if page.minutes is None:
        raise NotFound()
    day = to_local(meeting.starts_at).date().isoformat()
    suffix = "" if page.sees_nonpublic else "-oeffentlich"
    # Imported here, as in agenda_letter: python-docx and lxml stay out of workers that never
    # export.
    from meetings.docx_minutes import build_minutes_docx

    return MinutesFile(
        filename=f"niederschrift-{meeting.body.slug}-{day}{suffix}.docx",
        data=build_minutes_docx(minutes_document(page)),
    )
