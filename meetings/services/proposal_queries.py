"""What the proposal pages show, loaded with a fixed number of queries and filtered by access.

The proposal page gathers the proposal with its consultation path (the history rows and the
agenda items that dealt with it), the steps the viewer may take, the amendments with their
differences, the attachments, and the ballots and decisions on it. The lists are in
:mod:`meetings.services.proposal_lists`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from meetings.models import (
    AgendaItem,
    Amendment,
    Ballot,
    Decision,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalLink,
)
from meetings.proposal_flow import ProposalStatus, Step, allowed_steps, is_overdue
from meetings.services.amendments import AmendmentView, amendment_views
from meetings.services.decisions import decision_reference
from meetings.services.proposal_attachments import PROPOSAL_ATTACHMENTS
from meetings.services.proposal_steps import check_step, proposal_reference
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PortalError
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import (
    Action,
    can,
    inner_circle_bodies,
    proposal_capacities,
    require,
    visible_meetings,
)
from portal.services import attachment_lists
from portal.statistics.models import StatisticsLink, TargetKind
from portal.statistics.services.snapshots import links_to
from portal.timeutil import to_local, today_local

#: Meetings whose agenda can still take an item.
_OPEN_MEETINGS = (MeetingStatus.PLANNED, MeetingStatus.INVITED)


def schedule_days() -> int:
    """Return the days a forwarded proposal may wait for the steering group's agenda."""
    return current_app.config.get("PROPOSAL_SCHEDULE_DAYS", 28)


def proposal_is_overdue(proposal: Proposal, today: date | None = None) -> bool:
    """Tell whether the proposal waits for an agenda longer than the configured days."""
    if proposal.waiting_since is None:
        return False
    started = to_local(proposal.waiting_since).date()
    return is_overdue(proposal.status, started, today or today_local(), schedule_days())


def _proposal_query(*options):
    return select(Proposal).options(
        joinedload(Proposal.body).joinedload(Body.parent),
        joinedload(Proposal.submitter),
        *options,
    )


def get_proposal(actor: User | None, proposal_id: int) -> Proposal:
    """Return the proposal with its bodies, or raise NotFound for those who may not see it."""
    proposal = db.session.scalar(_proposal_query().where(Proposal.id == proposal_id))
    if proposal is None:
        raise NotFound()
    require(actor, Action.PROPOSAL_VIEW, proposal)
    return proposal


@dataclass(frozen=True)
class PathEntry:
    """One line of the consultation path: a body dealt with the proposal, when, with what."""

    on: datetime
    body: Body
    #: The step taken (``Step``), or None for an agenda item without a step of its own.
    step: Step | None
    #: The result or reason (recommendation and vote, return reason, outcome, mandate).
    note: str
    meeting: Meeting | None
    actor: User | None


@dataclass(frozen=True)
class ProposalPage:
    """Everything the proposal page shows."""

    proposal: Proposal
    reference: str
    path: list[PathEntry]
    #: The steps the viewer may take now, in lifecycle order (the buttons).
    steps: list[Step]
    may_edit: bool
    may_amend: bool
    #: A proposal in deliberation may go on a further meeting of its working group.
    may_add_reading: bool
    overdue: bool
    amendments: list[AmendmentView]
    attachments: list[ProposalAttachment]
    links: list[ProposalLink]
    ballots: list[Ballot]
    #: (reference, decision) of the decisions on it the viewer may see, oldest first.
    decisions: list[tuple[str, Decision]]
    #: Snapshots and staffing calculations linked from the proposal.
    statistics: list[StatisticsLink]


def _linked_items(actor: User | None, proposal: Proposal) -> list[AgendaItem]:
    """Return the agenda items on the proposal, with their meetings, that the actor may see."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .join(AgendaItem.meeting)
            .join(Meeting.body)
            .options(contains_eager(AgendaItem.meeting).contains_eager(Meeting.body))
            .where(
                AgendaItem.proposal_id == proposal.id,
                visible_meetings(actor, Meeting),
                or_(AgendaItem.is_public.is_(True), inner_circle_bodies(actor)),
            )
            .order_by(Meeting.starts_at, AgendaItem.id)
        )
    )


def _path(events: list[ProposalEvent], items: list[AgendaItem]) -> list[PathEntry]:
    """Merge the history and the agenda items into one consultation path, by date.

    A meeting a step was taken in shows with that step; an agenda item whose meeting took no
    step of its own (a further reading in the working group) gets a line of its own.
    """
    meetings = {item.meeting.id: item.meeting for item in items}
    entries = [
        PathEntry(
            on=event.at,
            body=event.body,
            step=event.step,
            note=event.note,
            meeting=meetings.get(event.meeting_id),
            actor=event.actor,
        )
        for event in events
    ]
    stepped = {event.meeting_id for event in events if event.meeting_id is not None}
    shown: set[int] = set()
    for item in items:
        meeting = item.meeting
        if meeting.id in stepped or meeting.id in shown:
            continue
        shown.add(meeting.id)
        entries.append(PathEntry(meeting.starts_at, meeting.body, None, "", meeting, None))
    return sorted(entries, key=lambda entry: entry.on)


def _ballots(actor: User | None, proposal: Proposal) -> list[Ballot]:
    amendment_ids = [amendment.id for amendment in proposal.amendments]
    subject = Ballot.proposal_id == proposal.id
    if amendment_ids:
        subject = or_(subject, Ballot.amendment_id.in_(amendment_ids))
    ballots = db.session.scalars(
        select(Ballot).where(subject).order_by(Ballot.opened_at, Ballot.id)
    ).all()
    return [ballot for ballot in ballots if can(actor, Action.BALLOT_VIEW, ballot)]


def _decisions(actor: User | None, proposal: Proposal) -> list[tuple[str, Decision]]:
    rows = db.session.scalars(
        select(Decision)
        .where(Decision.proposal_id == proposal.id)
        .order_by(Decision.decided_on, Decision.id)
    ).all()
    return [
        (decision_reference(decision), decision)
        for decision in rows
        if can(actor, Action.DECISION_VIEW, decision)
    ]


def proposal_page(actor: User | None, proposal_id: int) -> ProposalPage:
    """Return the proposal page's content as the actor may see it.

    Ballots and decisions exist only once a proposal was scheduled (or amended) and decided,
    so they are looked for only then: a draft's page costs fewer statements.
    """
    proposal = (
        db.session.scalars(
            _proposal_query(
                # Both collections are short: joined into the one query, they cost nothing more.
                joinedload(Proposal.links),
                joinedload(Proposal.amendments).joinedload(Amendment.author),
            ).where(Proposal.id == proposal_id)
        )
        .unique()
        .one_or_none()
    )
    if proposal is None:
        raise NotFound()
    require(actor, Action.PROPOSAL_VIEW, proposal)
    events = db.session.scalars(
        select(ProposalEvent)
        .where(ProposalEvent.proposal_id == proposal.id)
        .options(joinedload(ProposalEvent.actor), joinedload(ProposalEvent.body))
        .order_by(ProposalEvent.id)
    ).all()
    steps_taken = {event.step for event in events}
    capacities = proposal_capacities(actor, proposal)
    amendments = amendment_views(proposal)
    has_ballots = Step.SCHEDULE in steps_taken or bool(amendments)
    return ProposalPage(
        proposal=proposal,
        reference=proposal_reference(proposal),
        path=_path(list(events), _linked_items(actor, proposal)),
        steps=allowed_steps(proposal.status, capacities),
        may_edit=can(actor, Action.PROPOSAL_EDIT, proposal),
        may_amend=can(actor, Action.AMENDMENT_TABLE, proposal),
        may_add_reading=proposal.status == ProposalStatus.IN_DELIBERATION
        and can(actor, Action.MEETING_MANAGE, proposal.body),
        overdue=proposal_is_overdue(proposal),
        amendments=amendments,
        attachments=attachment_lists.list_files(actor, PROPOSAL_ATTACHMENTS, proposal),
        links=list(proposal.links),
        ballots=_ballots(actor, proposal) if has_ballots else [],
        decisions=_decisions(actor, proposal) if Step.DECIDE in steps_taken else [],
        statistics=links_to(TargetKind.PROPOSAL, [proposal.id]).get(proposal.id, []),
    )


def meeting_choices(actor: User, proposal: Proposal, step: Step | str) -> list[Meeting]:
    """Return the meetings a step's form offers, soonest first.

    Scheduling offers the deciding body's coming meetings whose agenda is still open,
    deliberation the working group's; recording a decision offers the meetings that have the
    proposal on their agenda and have taken place. Only meetings whose agenda the actor runs
    are offered for an agenda item.
    """
    step = Step(step)
    if step == Step.DECIDE:
        return list(
            db.session.scalars(
                select(Meeting)
                .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                .where(
                    AgendaItem.proposal_id == proposal.id,
                    Meeting.body_id == proposal.deciding_body.id,
                    Meeting.status != MeetingStatus.CANCELLED,
                    Meeting.starts_at <= utcnow(),
                )
                .order_by(Meeting.starts_at)
                .distinct()
            )
        )
    body = proposal.deciding_body if step == Step.SCHEDULE else proposal.body
    if not can(actor, Action.MEETING_MANAGE, body):
        return []
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.body_id == body.id,
                Meeting.status.in_(_OPEN_MEETINGS),
                Meeting.starts_at > utcnow(),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def step_refusal(actor: User | None, proposal: Proposal, step: Step) -> PortalError | None:
    """Return why the actor cannot take the step now (409 or 403 with a message), or None.

    Missing details do not count: the step's form asks for them.
    """
    try:
        check_step(actor, proposal, step)
    except InvalidInput:
        return None
    except (Conflict, PermissionDenied) as error:
        return error
    return None
