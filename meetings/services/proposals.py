"""Proposals (Beschlussvorlagen): the services of their lifecycle, from draft to decision.

The steps (deliberation, forwarding, acceptance, return, scheduling, decision, withdrawal) are
taken here and recorded as history rows by :mod:`meetings.services.proposal_steps`; the agenda
of a meeting gets an item linked to the proposal when it is deliberated or scheduled. Writing
and editing the text is :mod:`meetings.services.proposal_writing`, imported here so that other
areas find every proposal service in one module.
"""

from __future__ import annotations

from flask_babel import gettext as _

from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Amendment,
    AmendmentStatus,
    Decision,
    Meeting,
    Proposal,
)
from meetings.proposal_flow import Capacity, Outcome, ProposalStatus, Step
from meetings.services import decisions
from meetings.services.agenda import append_agenda_item
from meetings.services.follow_up import next_meeting
from meetings.services.proposal_steps import (
    apply_step,
    check_step,
    outcome_text,
    proposal_reference,
    snapshot,
    stored_text,
    vote_text,
)
from meetings.services.proposal_writing import (
    clean_text,
    create_proposal,
    too_long,
    update_proposal,
)
from meetings.tally import Counts
from portal import audit
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.i18n import N_
from portal.models import Body, User
from portal.permissions import SYSTEM, Action, can, require
from portal.timeutil import to_local, today_local

__all__ = [
    "create_proposal",
    "decide_proposal",
    "mark_scheduled",
    "proposal_reference",
    "put_on_group_agenda",
    "record_outcome",
    "schedule_proposal",
    "set_amendment_result",
    "take_step",
    "update_proposal",
]

MAX_NOTE = 2_000
#: Far above any body's size; keeps a typo from becoming a vote of millions.
MAX_VOTES = 999
#: Steps with their own service, because they need a meeting or an outcome.
_OWN_SERVICE = {Step.SCHEDULE: "schedule_proposal", Step.DECIDE: "decide_proposal"}


def _limit(value: str, field: str) -> str:
    value = clean_text(value)
    if len(value) > MAX_NOTE:
        raise InvalidInput([too_long(field, MAX_NOTE)])
    return value


def _forward_note(proposal: Proposal, details: dict) -> str:
    """Store the working group's recommendation and vote; return the history's note."""
    for field in ("votes_yes", "votes_no", "votes_abstain"):
        value = details[field]
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_VOTES:
            message = _("Höchstens %(max)d Stimmen.", max=MAX_VOTES)
            raise InvalidInput([(field, message)])
    proposal.recommendation = details["recommendation"]
    proposal.group_votes_yes = details["votes_yes"]
    proposal.group_votes_no = details["votes_no"]
    proposal.group_votes_abstain = details["votes_abstain"]
    proposal.waiting_since = utcnow()
    votes = vote_text(details["votes_yes"], details["votes_no"], details["votes_abstain"])
    return stored_text(
        N_("%(recommendation)s (Abstimmung der AG: %(votes)s)"),
        recommendation=details["recommendation"],
        votes=votes,
    )


def _step(actor: User, proposal: Proposal, step: Step, meeting: Meeting | None, details: dict):
    """Check and take a step that needs no decision (the caller commits)."""
    for field in ("recommendation", "reason"):
        if field in details:
            details[field] = _limit(details[field], field)
    target = check_step(actor, proposal, step, **details)
    before = snapshot(proposal)
    note = details.get("reason", "")
    if step == Step.FORWARD:
        note = _forward_note(proposal, details)
    if step in (Step.RETURN, Step.WITHDRAW):
        proposal.waiting_since = None
    return apply_step(actor, proposal, step, target, meeting=meeting, note=note, before=before)


def take_step(actor: User, proposal: Proposal, step: Step | str, **details) -> Proposal:
    """Take a lifecycle step: deliberate, forward, accept, return, revise, unschedule, withdraw.

    :param details: what the step needs (``meetings.proposal_flow.next_status``): forward
        ``recommendation`` and ``votes_yes``/``votes_no``/``votes_abstain``; return ``reason``;
        withdraw an optional ``reason``.
    """
    step = Step(step)
    if step in _OWN_SERVICE:
        raise ValueError(f"step {step} is taken by {_OWN_SERVICE[step]}()")
    require(actor, Action.PROPOSAL_VIEW, proposal)
    _step(actor, proposal, step, None, details)
    db.session.commit()
    return proposal


def _agenda_title(proposal: Proposal) -> str:
    return _(
        "Beschlussvorlage %(reference)s: %(title)s",
        reference=proposal_reference(proposal),
        title=proposal.title,
    )


def _refuse_other_body(meeting: Meeting, body: Body) -> None:
    if meeting.body_id != body.id:
        message = _("Bitte wählen Sie eine Sitzung des Gremiums %(name)s.", name=body.name)
        raise InvalidInput([("meeting", message)])


def _add_item(actor: User, proposal: Proposal, meeting: Meeting, kind: AgendaItemKind):
    """Put the proposal on the meeting's agenda as an item linked to it (no commit)."""
    if not can(actor, Action.MEETING_MANAGE, meeting):
        raise InvalidInput(
            [("meeting", _("Die Tagesordnung dieser Sitzung können Sie nicht ändern."))]
        )
    item = append_agenda_item(
        actor,
        meeting,
        title=_agenda_title(proposal),
        kind=kind.value,
        is_public=proposal.is_public,
    )
    item.proposal_id = proposal.id
    return item


def place_on_next_meeting(proposal: Proposal) -> AgendaItem | None:
    """Put a proposal a written procedure sent back on the deciding body's next agenda (no commit).

    The written procedure's rule sends the item to the next meeting; the portal does so on the
    secretariat's behalf, so nobody has to remember it (a supplement, if the invitation went out
    already, announced like any other). Without an upcoming meeting the proposal waits, accepted,
    for the secretariat to schedule it.
    """
    meeting = next_meeting(proposal.deciding_body)
    if meeting is None:
        return None
    target = check_step(SYSTEM, proposal, Step.SCHEDULE, capacities={Capacity.SECRETARIAT})
    item = _add_item(SYSTEM, proposal, meeting, AgendaItemKind.DECISION)
    apply_step(SYSTEM, proposal, Step.SCHEDULE, target, meeting=meeting)
    return item


def schedule_proposal(actor: User, proposal: Proposal, meeting: Meeting) -> AgendaItem:
    """Put an accepted proposal on the agenda of a meeting of the deciding body."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    target = check_step(actor, proposal, Step.SCHEDULE)
    _refuse_other_body(meeting, proposal.deciding_body)
    item = _add_item(actor, proposal, meeting, AgendaItemKind.DECISION)
    apply_step(actor, proposal, Step.SCHEDULE, target, meeting=meeting)
    db.session.commit()
    return item


def put_on_group_agenda(actor: User, proposal: Proposal, meeting: Meeting) -> AgendaItem:
    """Put the proposal on a meeting of its working group for deliberation.

    A draft goes into deliberation with it; a proposal already in deliberation just gets
    another agenda item (a second reading).
    """
    require(actor, Action.PROPOSAL_VIEW, proposal)
    if proposal.status == ProposalStatus.DRAFT:
        target = check_step(actor, proposal, Step.SUBMIT_FOR_DELIBERATION)
    elif proposal.status != ProposalStatus.IN_DELIBERATION:
        raise Conflict(
            _("Nur ein Entwurf oder eine Vorlage in Beratung kann auf die Tagesordnung der AG.")
        )
    else:
        target = None
    _refuse_other_body(meeting, proposal.body)
    item = _add_item(actor, proposal, meeting, AgendaItemKind.DISCUSSION)
    if target is not None:
        apply_step(actor, proposal, Step.SUBMIT_FOR_DELIBERATION, target, meeting=meeting)
    db.session.commit()
    return item


def mark_scheduled(
    actor: User, proposal: Proposal, *, meeting: Meeting | None = None, checked: bool = False
) -> None:
    """Take the schedule step without an agenda item (a written procedure opens); no commit.

    With ``checked`` the caller has checked ``ballot.manage`` and acts as the secretariat.
    """
    capacities = {Capacity.SECRETARIAT} if checked else None
    target = check_step(actor, proposal, Step.SCHEDULE, capacities=capacities)
    note = "" if meeting is not None else stored_text(N_("im Umlaufverfahren"))
    apply_step(actor, proposal, Step.SCHEDULE, target, meeting=meeting, note=note)


def _decided_text(proposal: Proposal) -> tuple[str, bool]:
    """Return the resolution text as decided, and whether an adopted amendment changed it.

    An amendment holds the whole changed text, and amendments are voted one after another
    before the proposal: the last one adopted is the text the proposal was decided in.
    """
    adopted = [a for a in proposal.amendments if a.status == AmendmentStatus.ADOPTED]
    if not adopted:
        return proposal.resolution_text, False
    return adopted[-1].resolution_text, True


def record_outcome(
    actor: User,
    proposal: Proposal,
    outcome: Outcome | str,
    *,
    ballot=None,
    meeting: Meeting | None = None,
    mandate: str = "",
    counts: Counts | None = None,
    checked: bool = False,
) -> Decision:
    """Take the decide step and enter the decision in the register; no commit.

    With ``checked`` the caller has checked ``ballot.manage`` and acts as the secretariat. An
    outcome "adopted" with an adopted amendment becomes "adopted with changes".
    """
    if meeting is None and ballot is not None:
        meeting = ballot.meeting
    mandate = _limit(mandate, "mandate")
    capacities = {Capacity.SECRETARIAT} if checked else None
    target = check_step(
        actor, proposal, Step.DECIDE, capacities=capacities, outcome=outcome, mandate=mandate
    )
    outcome = Outcome(outcome)
    before = snapshot(proposal)
    text, amended = _decided_text(proposal)
    if outcome == Outcome.ADOPTED and amended:
        outcome = Outcome.ADOPTED_WITH_CHANGES
    elif outcome == Outcome.ADOPTED_WITH_CHANGES and not amended:
        message = _(
            "Mit Änderungen beschließen lässt sich nur mit einem angenommenen Änderungsantrag."
        )
        raise InvalidInput([("outcome", message)])
    proposal.outcome = outcome
    if outcome == Outcome.DEFERRED:
        proposal.waiting_since = utcnow()
    elif outcome == Outcome.REFERRED_BACK:
        proposal.waiting_since = None
    decision = decisions.record_decision(
        actor,
        body=proposal.deciding_body,
        outcome=outcome,
        resolution_text=text,
        decided_on=to_local(meeting.starts_at).date() if meeting is not None else today_local(),
        proposal=proposal,
        ballot=ballot,
        meeting=meeting,
        counts=counts,
        is_public=proposal.is_public,
    )
    shown = counts if counts is not None else _ballot_counts(ballot)
    note = outcome_text(outcome, mandate if outcome == Outcome.REFERRED_BACK else "", shown)
    apply_step(actor, proposal, Step.DECIDE, target, meeting=meeting, note=note, before=before)
    return decision


def _ballot_counts(ballot) -> Counts | None:
    if ballot is None or ballot.votes_yes is None:
        return None
    return Counts(ballot.votes_yes, ballot.votes_no or 0, ballot.votes_abstain or 0)


def decide_proposal(
    actor: User,
    proposal: Proposal,
    outcome: Outcome | str,
    *,
    mandate: str = "",
    meeting: Meeting | None = None,
) -> Decision:
    """Enter a decision taken without a ballot in the portal (e.g. deferred in the meeting)."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    if meeting is not None:
        _refuse_other_body(meeting, proposal.deciding_body)
        if meeting.is_cancelled or meeting.starts_at > utcnow():
            message = _("Diese Sitzung hat noch nicht stattgefunden oder wurde abgesagt.")
            raise InvalidInput([("meeting", message)])
    decision = record_outcome(actor, proposal, outcome, meeting=meeting, mandate=mandate)
    db.session.commit()
    return decision


def set_amendment_result(amendment: Amendment, adopted: bool) -> None:
    """Record the vote on a tabled amendment (the ballot service calls it on close); no commit."""
    if amendment.status != AmendmentStatus.TABLED:
        raise Conflict(_("Über diesen Änderungsantrag kann nicht mehr abgestimmt werden."))
    before = audit.snapshot(amendment, ("status",))
    amendment.status = AmendmentStatus.ADOPTED if adopted else AmendmentStatus.REJECTED
    audit.record(
        None,
        "amendment.adopt" if adopted else "amendment.reject",
        amendment,
        label=proposal_reference(amendment.proposal),
        before=before,
        after=audit.snapshot(amendment, ("status",)),
    )
