"""The proposals, ballots and register decisions under each agenda item of a meeting.

Nobody has to copy results into the minutes: each ballot on an item (its result, its counts and
who cast each seat's vote, holder or deputy; for a secret ballot only who took part) and each
decision the register holds for the item appear under it by themselves. The meeting page shows
the same, without the seats: the proposal an item deals with, its ballots and decisions.

One statement loads the whole agenda with all of it (and gives the meeting its ``items``, so
the pages need no statement of their own for the agenda); a second one, only when the minutes
ask and there are ballots, reads the seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased, contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from meetings.models import AgendaItem, Ballot, Decision, Meeting, Proposal
from meetings.services.ballot_queries import BallotSummary, ballot_summaries
from portal.extensions import db
from portal.models import Body


@dataclass
class ItemGovernance:
    """The proposal, ballots and register decisions of one agenda item."""

    proposal: Proposal | None = None
    ballots: list[Ballot] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    #: The ballots as the minutes record them (with seats), when asked for.
    summaries: list[BallotSummary] = field(default_factory=list)


def _rows(meeting: Meeting):
    decision_body, proposal_body = aliased(Body), aliased(Body)
    return db.session.execute(
        select(AgendaItem, Proposal, Ballot, Decision)
        .outerjoin(Proposal, Proposal.id == AgendaItem.proposal_id)
        .outerjoin(proposal_body, proposal_body.id == Proposal.body_id)
        .outerjoin(Ballot, Ballot.agenda_item_id == AgendaItem.id)
        .outerjoin(
            Decision,
            and_(
                Decision.meeting_id == meeting.id,
                # Each side can use its own index; which decisions of the proposal were taken
                # without a ballot is sorted out below.
                or_(
                    Decision.ballot_id == Ballot.id,
                    Decision.proposal_id == AgendaItem.proposal_id,
                ),
            ),
        )
        .outerjoin(decision_body, decision_body.id == Decision.body_id)
        .options(
            contains_eager(Proposal.body.of_type(proposal_body)),
            contains_eager(Decision.body.of_type(decision_body)),
        )
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(
            AgendaItem.position,
            AgendaItem.id,
            Ballot.opened_at,
            Ballot.id,
            Decision.year,
            Decision.number,
        )
    ).all()


def item_governance(meeting: Meeting, *, with_seats: bool = False) -> dict[int, ItemGovernance]:
    """Return what the meeting's agenda items decided and how, by agenda item id.

    A decision belongs under the item of its ballot, or, taken without a ballot, under the item
    that put its proposal on this meeting's agenda. ``with_seats`` adds the minutes' view of
    each ballot (who cast each seat).
    """
    items: dict[int, AgendaItem] = {}
    by_item: dict[int, ItemGovernance] = {}
    for item, proposal, ballot, decision in _rows(meeting):
        items.setdefault(item.id, item)
        if proposal is None and ballot is None and decision is None:
            continue
        governance = by_item.setdefault(item.id, ItemGovernance(proposal=proposal))
        if ballot is not None and ballot not in governance.ballots:
            governance.ballots.append(ballot)
        placed = decision is not None and decision.ballot_id in (None, getattr(ballot, "id", None))
        if placed and decision not in governance.decisions:
            governance.decisions.append(decision)
    if "items" not in meeting.__dict__:
        # The same rows, in the relationship's order: no second statement for the agenda.
        set_committed_value(meeting, "items", list(items.values()))
    if with_seats:
        ballots = [ballot for governance in by_item.values() for ballot in governance.ballots]
        summaries = ballot_summaries(ballots) if ballots else {}
        for governance in by_item.values():
            governance.summaries = [summaries[ballot.id] for ballot in governance.ballots]
    return by_item
