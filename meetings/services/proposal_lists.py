"""Lists of proposals: all the viewer may see, their own, by body and status, and overdue ones.

Each list is one query (plus the page count) with the visibility rule in SQL:
``portal.permissions.visible_proposals`` says in SQL what ``proposal.view`` says for one
proposal, so a list never loads what it must not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from meetings.models import Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services.proposal_queries import proposal_is_overdue, schedule_days
from meetings.services.proposal_steps import proposal_reference
from portal.db import in_effect_on
from portal.extensions import db
from portal.models import Body, Membership, User
from portal.permissions import Action, can, visible_bodies, visible_proposals
from portal.timeutil import BERLIN, today_local

#: The tabs of the list.
ALL, MINE, OVERDUE = "all", "mine", "overdue"
VIEWS = (ALL, MINE, OVERDUE)
_WAITING = (ProposalStatus.FORWARDED, ProposalStatus.ACCEPTED)


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    reference: str
    overdue: bool


@dataclass(frozen=True)
class ProposalList:
    """One page of a list: the rows and the paging (``page``, ``pages``, ``prev_num`` ...)."""

    page: object
    rows: list[ProposalRow]


def overdue_before(today: date, allowed_days: int) -> datetime:
    """Return the UTC time before which a waiting proposal is overdue today.

    ``meetings.proposal_flow.is_overdue`` counts Berlin days: waiting since the day D is
    overdue when today - D > allowed_days, i.e. when it began before the local midnight that
    starts the day today - allowed_days.
    """
    first_in_time = today - timedelta(days=allowed_days)
    return datetime.combine(first_in_time, time(0), tzinfo=BERLIN)


def list_proposals(
    actor: User | None,
    *,
    view: str = ALL,
    body: Body | None = None,
    status: ProposalStatus | None = None,
    page: int = 1,
    per_page: int = 25,
    today: date | None = None,
) -> ProposalList:
    """Return one page of the proposals the actor may see, newest first.

    ``view``: ``all``; ``mine`` (submitted by the actor); ``overdue`` (forwarded or accepted,
    waiting longer than ``PROPOSAL_SCHEDULE_DAYS``, longest waiting first). ``body`` filters
    by the originating or the deciding body, ``status`` by status.
    """
    today = today or today_local()
    deciding = aliased(Body)
    conditions: list[ColumnElement[bool]] = [visible_proposals(actor, Proposal)]
    order = (Proposal.created_at.desc(), Proposal.id.desc())
    if view == MINE:
        signed_in = getattr(actor, "is_authenticated", False)
        conditions.append(Proposal.submitter_id == actor.id if signed_in else false())
    elif view == OVERDUE:
        conditions += [
            Proposal.status.in_(_WAITING),
            Proposal.waiting_since < overdue_before(today, schedule_days()),
        ]
        order = (Proposal.waiting_since, Proposal.id)
    if body is not None:
        conditions.append(or_(Proposal.body_id == body.id, Body.parent_id == body.id))
    if status is not None:
        conditions.append(Proposal.status == status)
    query = (
        select(Proposal)
        .join(Proposal.body)
        .outerjoin(deciding, Body.parent_id == deciding.id)
        .options(
            contains_eager(Proposal.body).contains_eager(Body.parent.of_type(deciding)),
            joinedload(Proposal.submitter),
        )
        .where(*conditions)
        .order_by(*order)
    )
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    rows = [
        ProposalRow(p, proposal_reference(p), proposal_is_overdue(p, today)) for p in result.items
    ]
    return ProposalList(page=result, rows=rows)


def filter_bodies(actor: User | None) -> list[Body]:
    """Return the bodies the list can be filtered by: those the actor may see."""
    return list(db.session.scalars(select(Body).where(visible_bodies(actor)).order_by(Body.name)))


def creatable_bodies(actor: User | None) -> list[Body]:
    """Return the bodies the actor may write a proposal in (``proposal.create``), by name."""
    if not getattr(actor, "is_authenticated", False):
        return []
    mine = select(Membership.body_id).where(
        Membership.user_id == actor.id, in_effect_on(Membership, today_local())
    )
    candidates = db.session.scalars(select(Body).where(Body.id.in_(mine)).order_by(Body.name))
    return [body for body in candidates if can(actor, Action.PROPOSAL_CREATE, body)]
