"""Agenda items, proposals and minutes as places that statistics are linked from.

The statistics area names its targets by kind and id (``portal.statistics.targets``); these
providers say which of them an actor may see, under what label and address, and which ones the
actor may link statistics to. Each answers with one or two statements, whatever the number of
ids, and asks ``portal.permissions`` the same questions the meeting, proposal and minutes pages
ask.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from meetings.models import AgendaItem, Meeting, MeetingStatus, Minutes, MinutesStatus, Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services.numbered import numbered_agenda
from meetings.services.proposal_steps import proposal_reference
from portal.extensions import db
from portal.i18n import de_date
from portal.models import User
from portal.permissions import Action, can, meeting_bodies, visible_meetings, visible_proposals
from portal.statistics.models import TargetKind
from portal.statistics.targets import Provider, TargetRef

#: Meetings offered for linking: neither cancelled nor closed by approved minutes.
_LINKABLE_MEETINGS = (MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.HELD)
#: At most this many meetings and proposals are offered, the newest first.
MAX_MEETINGS = 50
MAX_PROPOSALS = 200


def meeting_label(meeting: Meeting) -> str:
    """Name a meeting by its body and day: "Lenkungsgruppe, 24.11.2026"."""
    return _("%(body)s, %(date)s", body=meeting.body.name, date=de_date(meeting.starts_at))


def _meetings_query(*conditions):
    return (
        select(Meeting)
        .join(Meeting.body)
        .where(*conditions)
        .options(contains_eager(Meeting.body), selectinload(Meeting.items))
    )


def _agenda_refs(meeting: Meeting, *, include_nonpublic: bool) -> list[TargetRef]:
    """Return the meeting's agenda items as targets, numbered as the meeting page numbers them."""
    group = meeting_label(meeting)
    return [
        TargetRef(
            kind=TargetKind.AGENDA_ITEM,
            id=entry.item.id,
            label=_(
                "%(meeting)s: TOP %(number)s %(title)s",
                meeting=group,
                number=entry.number,
                title=entry.item.title,
            ),
            url=url_for("meetings.show", meeting_id=meeting.id, _anchor=f"top-{entry.item.id}"),
            group=group,
        )
        for entry in numbered_agenda(meeting.items, include_nonpublic=include_nonpublic)
    ]


def resolve_agenda_items(actor: User | None, ids: Sequence[int]) -> dict[int, TargetRef]:
    """Return the agenda items among ids whose meeting the actor may see, as its page shows them.

    Non-public items (and the sub-items of non-public items) only for ``meeting.view_nonpublic``.
    """
    meetings = db.session.scalars(
        _meetings_query(
            Meeting.id.in_(select(AgendaItem.meeting_id).where(AgendaItem.id.in_(ids))),
            visible_meetings(actor, Meeting),
        )
    ).all()
    wanted = set(ids)
    found: dict[int, TargetRef] = {}
    for meeting in meetings:
        sees_nonpublic = can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)
        for ref in _agenda_refs(meeting, include_nonpublic=sees_nonpublic):
            if ref.id in wanted:
                found[ref.id] = ref
    return found


def agenda_item_choices(actor: User) -> list[TargetRef]:
    """Offer the items of the meetings the actor runs that are neither cancelled nor closed."""
    meetings = db.session.scalars(
        _meetings_query(meeting_bodies(actor), Meeting.status.in_(_LINKABLE_MEETINGS))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(MAX_MEETINGS)
    ).all()
    return [ref for meeting in meetings for ref in _agenda_refs(meeting, include_nonpublic=True)]


def _proposal_ref(proposal: Proposal) -> TargetRef:
    return TargetRef(
        kind=TargetKind.PROPOSAL,
        id=proposal.id,
        label=_(
            "%(reference)s – %(title)s",
            reference=proposal_reference(proposal),
            title=proposal.title,
        ),
        url=url_for("proposals.show", proposal_id=proposal.id),
        group=proposal.body.name,
    )


def _proposals_query(actor: User | None, *conditions):
    return (
        select(Proposal)
        .where(visible_proposals(actor, Proposal), *conditions)
        .options(joinedload(Proposal.body))
    )


def resolve_proposals(actor: User | None, ids: Sequence[int]) -> dict[int, TargetRef]:
    """Return the proposals among ids that the actor may see (``proposal.view``)."""
    proposals = db.session.scalars(_proposals_query(actor, Proposal.id.in_(ids)))
    return {proposal.id: _proposal_ref(proposal) for proposal in proposals}


def proposal_choices(actor: User) -> list[TargetRef]:
    """Offer the newest proposals the actor may see that are not decided or withdrawn yet."""
    proposals = db.session.scalars(
        _proposals_query(
            actor, Proposal.status.not_in((ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN))
        )
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .limit(MAX_PROPOSALS)
    )
    return [_proposal_ref(proposal) for proposal in proposals]


def _minutes_ref(minutes: Minutes) -> TargetRef:
    meeting = minutes.meeting
    if minutes.amends_id is None:
        label = _("Niederschrift %(meeting)s", meeting=meeting_label(meeting))
    else:
        label = _("Berichtigung der Niederschrift %(meeting)s", meeting=meeting_label(meeting))
    return TargetRef(
        kind=TargetKind.MINUTES,
        id=minutes.id,
        label=label,
        # With the set named, an amendment made later never replaces what the link shows.
        url=url_for("meetings.minutes", meeting_id=meeting.id, set=minutes.id),
        group=meeting.body.name,
    )


def _minutes_query(*conditions):
    return (
        select(Minutes)
        .join(Minutes.meeting)
        .join(Meeting.body)
        .where(*conditions)
        .options(contains_eager(Minutes.meeting).contains_eager(Meeting.body))
    )


def resolve_minutes(actor: User | None, ids: Sequence[int]) -> dict[int, TargetRef]:
    """Return the sets of minutes among ids that the actor may read (``minutes.view``)."""
    found = db.session.scalars(
        _minutes_query(Minutes.id.in_(ids), visible_meetings(actor, Meeting))
    )
    return {
        minutes.id: _minutes_ref(minutes)
        for minutes in found
        if can(actor, Action.MINUTES_VIEW, minutes)
    }


def minutes_choices(actor: User) -> list[TargetRef]:
    """Offer the minutes not yet approved of the meetings the actor runs, the newest first."""
    found = db.session.scalars(
        _minutes_query(
            meeting_bodies(actor),
            Minutes.status.in_((MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)),
        )
        .order_by(Meeting.starts_at.desc(), Minutes.id.desc())
        .limit(MAX_MEETINGS)
    )
    return [_minutes_ref(minutes) for minutes in found]


PROVIDERS = {
    TargetKind.AGENDA_ITEM: Provider(resolve_agenda_items, agenda_item_choices),
    TargetKind.PROPOSAL: Provider(resolve_proposals, proposal_choices),
    TargetKind.MINUTES: Provider(resolve_minutes, minutes_choices),
}
