"""What the ballot pages, the dashboard and the minutes show of ballots, in few queries.

What is shown when: everyone entitled to see the ballot sees the live turnout (which seats have
voted). Interim results are hidden until the ballot closes, unless it is named and its body
allows live results. A secret ballot shows its result only after close and only as totals; no
page, export or list shows how a seat voted in it, since nothing stores that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from meetings.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotStatus,
    BallotTurnout,
    Meeting,
    Proposal,
    Vote,
    VoteChoice,
)
from meetings.services.ballot_closing import close_if_due
from meetings.services.ballot_seats import Candidate, candidates
from meetings.services.proposals import proposal_reference
from meetings.tally import Counts, tally
from meetings.tally import Outcome as Tally
from portal.db import utcnow
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Body, Membership, MembershipRole, Organisation, User
from portal.permissions import Action, can, require
from portal.timeutil import to_local


@dataclass(frozen=True)
class SeatRow:
    """One seat of a ballot as its page and the minutes show it."""

    seat_id: int
    holder: str
    organisation: str
    is_excluded: bool
    has_objected: bool
    #: Who cast the seat's vote (holder or deputy); empty if it did not vote.
    cast_by: str = ""
    by_deputy: bool = False
    #: How the seat voted: named ballots only, and only where the page may show it.
    choice: VoteChoice | None = None

    @property
    def voted(self) -> bool:
        return bool(self.cast_by)


@dataclass
class BallotPage:
    """Everything the ballot page shows, loaded before rendering."""

    ballot: Ballot
    seats: list[SeatRow]
    may_manage: bool
    #: The viewer's seats (own, or deputised for) with the verdict on voting for each now.
    mine: list[Candidate]
    #: The viewer's own named vote per seat id (their confirmation).
    my_choices: dict[int, VoteChoice]
    #: Counts shown: the result after close, the interim count of a live named ballot, or None.
    counts: Counts | None
    outcome: Tally | None
    shows_choices: bool

    @property
    def electorate(self) -> int:
        return sum(1 for seat in self.seats if not seat.is_excluded)

    @property
    def turnout(self) -> int:
        return sum(1 for seat in self.seats if seat.voted)

    @property
    def is_open(self) -> bool:
        return self.ballot.status == BallotStatus.OPEN

    @property
    def may_vote(self) -> bool:
        return self.is_open and any(c.verdict.allowed for c in self.mine)

    @property
    def may_declare(self) -> bool:
        """The viewer may still declare a conflict or object for one of their seats."""
        return self.is_open and any(
            not c.state.is_excluded and c.seat.id not in self.voted_seats for c in self.mine
        )

    @property
    def voted_seats(self) -> set[int]:
        return {seat.seat_id for seat in self.seats if seat.voted}


def get_ballot(actor: User | None, ballot_id: int, *, now: datetime | None = None) -> Ballot:
    """Return the ballot for those who may see it (404 otherwise); close it if its time is up."""
    query = (
        select(Ballot)
        .options(
            joinedload(Ballot.body),
            joinedload(Ballot.meeting),
            joinedload(Ballot.agenda_item),
            joinedload(Ballot.proposal),
            joinedload(Ballot.amendment),
        )
        .where(Ballot.id == ballot_id)
    )
    ballot = db.session.scalar(query)
    if ballot is None:
        raise NotFound()
    require(actor, Action.BALLOT_VIEW, ballot)
    now = now or utcnow()
    if ballot.status == BallotStatus.OPEN and ballot.closes_at and ballot.closes_at <= now:
        db.session.rollback()
        close_if_due(ballot_id, now)
        ballot = db.session.scalar(query.execution_options(populate_existing=True))
    return ballot


def _seat_rows(ballot_ids: list[int]) -> dict[int, list[tuple]]:
    """Return per ballot its seats' rows: seat, holder, organisation, caster, choice."""
    caster = aliased(User)
    rows = db.session.execute(
        select(
            BallotSeat.ballot_id,
            BallotSeat.id,
            BallotSeat.is_excluded,
            BallotSeat.has_objected,
            Membership.user_id,
            User.name,
            Organisation.name,
            BallotTurnout.cast_by_id,
            caster.name,
            Vote.choice,
        )
        .join(Membership, Membership.id == BallotSeat.membership_id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .outerjoin(BallotTurnout, BallotTurnout.seat_id == BallotSeat.id)
        .outerjoin(caster, caster.id == BallotTurnout.cast_by_id)
        .outerjoin(Vote, Vote.seat_id == BallotSeat.id)
        .where(BallotSeat.ballot_id.in_(ballot_ids))
        .order_by(BallotSeat.ballot_id, User.name, BallotSeat.id)
    ).all()
    by_ballot: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_ballot[row[0]].append(row[1:])
    return by_ballot


def _seat_row(row: tuple, show_choice: bool) -> SeatRow:
    seat_id, excluded, objected, holder_id, holder, organisation, cast_by, caster, choice = row
    return SeatRow(
        seat_id=seat_id,
        holder=holder,
        organisation=organisation or "",
        is_excluded=excluded,
        has_objected=objected,
        cast_by=caster or "",
        by_deputy=cast_by is not None and cast_by != holder_id,
        choice=choice if show_choice else None,
    )


def _closed_outcome(ballot: Ballot) -> tuple[Counts | None, Tally | None]:
    if ballot.status != BallotStatus.CLOSED or ballot.votes_yes is None:
        return None, None
    counts = Counts(ballot.votes_yes, ballot.votes_no or 0, ballot.votes_abstain or 0)
    outcome = tally(
        ballot.kind.value,
        ballot.rule.value,
        counts,
        ballot.voting_seats or 0,
        quorum_rule=ballot.quorum_rule.value,
    )
    return counts, outcome


def ballot_page(actor: User, ballot: Ballot) -> BallotPage:
    """Return what the ballot page shows the actor."""
    named = ballot.secrecy == BallotSecrecy.NAMED
    closed = ballot.status == BallotStatus.CLOSED
    live = named and ballot.shows_live_results and ballot.status == BallotStatus.OPEN
    shows_choices = named and (closed or live)
    raw = _seat_rows([ballot.id])[ballot.id]
    seats = [_seat_row(row, shows_choices) for row in raw]
    counts, outcome = _closed_outcome(ballot)
    if live:
        choices = [row[-1] for row in raw if row[-1] is not None]
        counts = Counts(
            choices.count(VoteChoice.YES),
            choices.count(VoteChoice.NO),
            choices.count(VoteChoice.ABSTAIN),
        )
    voted_by = {row[0]: row[6] for row in raw if row[6] is not None}
    mine: list[Candidate] = []
    my_choices: dict[int, VoteChoice] = {}
    if can(actor, Action.BALLOT_VOTE, ballot):
        mine = candidates(actor, ballot, voted_by)
        if named:
            my_choices = {row[0]: row[-1] for row in raw if row[6] == actor.id and row[-1]}
    return BallotPage(
        ballot=ballot,
        seats=seats,
        may_manage=can(actor, Action.BALLOT_MANAGE, ballot),
        mine=mine,
        my_choices=my_choices,
        counts=counts,
        outcome=outcome,
        shows_choices=shows_choices,
    )


def ballots_awaiting_vote(user: User, *, now: datetime | None = None) -> list[Ballot]:
    """Return the open ballots in which the user may cast a seat's vote now and it has not voted.

    For the dashboard ("waiting for my vote"), soonest deadline first, with body loaded.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    now = now or utcnow()
    day = to_local(now).date()
    memberships = [m for m in user.memberships if m.is_current(day)]
    own = [m.id for m in memberships if m.role != MembershipRole.DEPUTY]
    deputising = [
        m.deputy_of_id for m in memberships if m.role == MembershipRole.DEPUTY and m.deputy_of_id
    ]
    if not own and not deputising:
        return []
    voted = select(BallotTurnout.seat_id)
    ballots = (
        db.session.scalars(
            select(Ballot)
            .join(Ballot.body)
            .join(Ballot.seats)
            .join(BallotSeat.membership)
            .options(
                contains_eager(Ballot.body),
                contains_eager(Ballot.seats).contains_eager(BallotSeat.membership),
            )
            .where(
                Ballot.status == BallotStatus.OPEN,
                Ballot.kind != BallotKind.RECORDED,
                or_(Ballot.closes_at.is_(None), Ballot.closes_at > now),
                BallotSeat.membership_id.in_(own + deputising),
                BallotSeat.is_excluded.is_(False),
                BallotSeat.id.not_in(voted),
            )
            .order_by(Ballot.closes_at.is_(None), Ballot.closes_at, Ballot.id)
        )
        .unique()
        .all()
    )
    # Only the user's own, not-yet-voted seats were loaded; each is judged as the vote would be.
    attendance = _attendance_by_meeting(ballots, [m.id for m in memberships] + deputising)
    return [
        ballot
        for ballot in ballots
        if any(
            c.verdict.allowed
            for c in candidates(user, ballot, {}, attendance=attendance.get(ballot.meeting_id, {}))
        )
    ]


def _attendance_by_meeting(
    ballots: list[Ballot], membership_ids: list[int]
) -> dict[int, dict[int, Attendance]]:
    """Return the attendance of these memberships at the ballots' meetings, in one query."""
    meetings = {b.meeting_id for b in ballots if b.kind == BallotKind.ELECTRONIC and b.meeting_id}
    if not meetings:
        return {}
    rows = db.session.scalars(
        select(Attendance).where(
            Attendance.meeting_id.in_(sorted(meetings)),
            Attendance.membership_id.in_(sorted(set(membership_ids))),
        )
    )
    by_meeting: dict[int, dict[int, Attendance]] = defaultdict(dict)
    for row in rows:
        by_meeting[row.meeting_id][row.membership_id] = row
    return by_meeting


@dataclass(frozen=True)
class BallotSummary:
    """A ballot as the minutes record it."""

    id: int
    title: str
    kind: BallotKind
    secrecy: BallotSecrecy
    status: BallotStatus
    #: The tally's result (``meetings.tally``), None while open or when cancelled.
    result: str | None
    counts: Counts | None
    voting_seats: int | None
    #: Per seat who cast its vote; for a secret ballot only who took part, never how.
    seats: list[SeatRow] = field(default_factory=list)


def ballot_summaries(ballots: list[Ballot]) -> dict[int, BallotSummary]:
    """Return the ballots as the minutes record them, by ballot id (one query for the seats)."""
    if not ballots:
        return {}
    rows = _seat_rows([ballot.id for ballot in ballots])
    summaries = {}
    for ballot in ballots:
        counts, _outcome = _closed_outcome(ballot)
        # How each seat voted: named ballots only, and only once closed.
        choices = ballot.secrecy == BallotSecrecy.NAMED and ballot.status == BallotStatus.CLOSED
        summaries[ballot.id] = BallotSummary(
            id=ballot.id,
            title=ballot.title,
            kind=ballot.kind,
            secrecy=ballot.secrecy,
            status=ballot.status,
            result=ballot.result,
            counts=counts,
            voting_seats=ballot.voting_seats,
            seats=[_seat_row(row, choices) for row in rows.get(ballot.id, [])],
        )
    return summaries


@dataclass(frozen=True)
class NewBallotSubject:
    """What a new ballot is about, as the "open a ballot" page offers it."""

    body: Body
    meeting: Meeting | None
    agenda_item: AgendaItem | None
    proposal: Proposal | None
    amendment: Amendment | None
    title: str

    @property
    def kinds(self) -> tuple[BallotKind, ...]:
        """Ballots in the meeting need an agenda item; without one only a written procedure."""
        if self.agenda_item is None:
            return (BallotKind.WRITTEN,)
        return tuple(BallotKind)


def _loaded(model, object_id: int | None):
    if object_id is None:
        return None
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound()
    return found


def new_ballot_subject(
    actor: User,
    *,
    item_id: int | None = None,
    proposal_id: int | None = None,
    amendment_id: int | None = None,
) -> NewBallotSubject:
    """Return the subject of a ballot to open, checked: 404 if unseen, 403 without ballot.open."""
    item = _loaded(AgendaItem, item_id)
    amendment = _loaded(Amendment, amendment_id)
    proposal = amendment.proposal if amendment is not None else _loaded(Proposal, proposal_id)
    if item is not None:
        require(actor, Action.MEETING_VIEW, item.meeting)
        if proposal is None and item.proposal_id is not None:
            proposal = db.session.get(Proposal, item.proposal_id)
    if proposal is not None:
        require(actor, Action.PROPOSAL_VIEW, proposal)
    if item is None and proposal is None:
        raise NotFound()
    meeting = item.meeting if item is not None else None
    body = meeting.body if meeting is not None else proposal.deciding_body
    require(actor, Action.BALLOT_OPEN, meeting if meeting is not None else body)
    if amendment is not None:
        title = _("Änderungsantrag zu %(reference)s", reference=proposal_reference(proposal))
    elif proposal is not None:
        title = f"{proposal_reference(proposal)} {proposal.title}"
    else:
        title = item.title
    return NewBallotSubject(body, meeting, item, proposal, amendment, title[:200])
