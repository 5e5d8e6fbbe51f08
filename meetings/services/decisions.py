"""Decisions: recording and numbering them, loading one, review dates and corrections.

A decision is never edited (DESIGN: nothing decided is rewritten). What may change afterwards is
only its follow-up: the review date (Wiedervorlage) and the actions (``follow_up``). A wrong
decision is corrected by a new one that ``supersedes`` it, numbered like any other.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from meetings.models import ActionNote, Ballot, Decision, FollowUpAction, Meeting, Proposal
from meetings.proposal_flow import Outcome
from meetings.tally import Counts
from portal import audit
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, can, require
from portal.reference_numbers import DECISION_WIDTH, format_reference, suggest_prefix
from portal.timeutil import today_local

#: Long enough for a resolution with its annexes worked in, short enough to refuse a paste gone
#: wrong.
MAX_RESOLUTION = 50_000
MAX_REASON = 2_000
_AUDITED = (
    "body_id",
    "year",
    "number",
    "decided_on",
    "meeting_id",
    "ballot_id",
    "proposal_id",
    "outcome",
    "votes_yes",
    "votes_no",
    "votes_abstain",
    "supersedes_id",
    "is_public",
)


def decision_reference(decision: Decision) -> str:
    """Return the decision's reference, e.g. ``"LG 2026/07"``."""
    body = decision.body
    prefix = body.reference_prefix or suggest_prefix(body.name, str(body.kind))
    return format_reference(prefix, decision.year, decision.number, DECISION_WIDTH)


def _resolution_errors(text: str) -> list[tuple[str, str]]:
    if not text:
        return [("resolution_text", _("Bitte geben Sie den Beschlusstext an."))]
    if len(text) > MAX_RESOLUTION:
        return [
            (
                "resolution_text",
                _(
                    "Der Beschlusstext darf höchstens %(max)d Zeichen lang sein.",
                    max=MAX_RESOLUTION,
                ),
            )
        ]
    return []


def _check_places(body: Body, proposal, ballot, meeting) -> None:
    """Refuse a meeting, ballot or proposal of another body (a programming error upstream)."""
    if meeting is not None and meeting.body_id != body.id:
        raise ValueError("the meeting belongs to another body")
    if ballot is not None and ballot.body_id != body.id:
        raise ValueError("the ballot belongs to another body")
    if proposal is not None and proposal.deciding_body.id != body.id:
        raise ValueError("the proposal is decided by another body")


def _counts_of(counts: Counts | None, ballot: Ballot | None) -> Counts | None:
    if counts is not None or ballot is None or ballot.votes_yes is None:
        return counts
    return Counts(ballot.votes_yes, ballot.votes_no or 0, ballot.votes_abstain or 0)


def _next_number(body_id: int, year: int) -> int:
    highest = db.session.scalar(
        select(func.max(Decision.number)).where(Decision.body_id == body_id, Decision.year == year)
    )
    return (highest or 0) + 1


def _insert_numbered(decision: Decision) -> None:
    """Give the decision the next free number of its body and year, and flush it.

    The body's row is locked first (PostgreSQL), so two processes numbering decisions of the
    same body take turns until the first one commits; SQLite serialises writers anyway. The
    unique constraints stay the last guard: a lost race for the ballot or the corrected
    decision is reported as such.
    """
    db.session.execute(select(Body.id).where(Body.id == decision.body_id).with_for_update())
    decision.number = _next_number(decision.body_id, decision.year)
    try:
        with db.session.begin_nested():
            db.session.add(decision)
    except IntegrityError as error:
        _refuse_if_taken(decision)
        raise Conflict(
            _("Der Beschluss konnte nicht nummeriert werden. Bitte versuchen Sie es erneut.")
        ) from error


#: Called with (actor, decision) for every new decision, in its transaction: the documents area
#: adopts a version when the decision on its proposal is taken (atomically with the decision).
_DECISION_LISTENERS: list = []


def on_decision(listener) -> None:
    """Register a function to be called for every decision entered (once per function)."""
    if listener not in _DECISION_LISTENERS:
        _DECISION_LISTENERS.append(listener)


def record_decision(
    actor: User,
    *,
    body: Body,
    outcome: Outcome,
    resolution_text: str,
    decided_on: date,
    proposal: Proposal | None = None,
    ballot: Ballot | None = None,
    meeting: Meeting | None = None,
    counts: Counts | None = None,
    is_public: bool = False,
    supersedes: Decision | None = None,
) -> Decision:
    """Number and add a decision of the body, with its audit entry; the caller commits.

    The caller has checked that the actor may decide (closing a ballot, recording a proposal's
    outcome): a chair may close a ballot without managing the register. Without a meeting, the
    ballot's meeting is taken; a ballot without a meeting is a written procedure. Without
    counts, a closed ballot's counts are taken.
    """
    text = (resolution_text or "").strip()
    errors = _resolution_errors(text)
    if errors:
        raise InvalidInput(errors)
    if meeting is None and ballot is not None:
        meeting = ballot.meeting
    _check_places(body, proposal, ballot, meeting)
    if ballot is not None and ballot.id is not None and _decision_of_ballot(ballot.id):
        raise Conflict(_("Für diese Abstimmung ist bereits ein Beschluss eingetragen."))
    counts = _counts_of(counts, ballot)
    decision = Decision(
        body_id=body.id,
        body=body,
        year=decided_on.year,
        decided_on=decided_on,
        meeting=meeting,
        ballot=ballot,
        proposal=proposal,
        resolution_text=text,
        outcome=Outcome(outcome),
        votes_yes=counts.yes if counts else None,
        votes_no=counts.no if counts else None,
        votes_abstain=counts.abstain if counts else None,
        supersedes=supersedes,
        is_public=bool(is_public),
        created_by_id=actor.id,
    )
    _insert_numbered(decision)
    audit.record(
        actor,
        "decision.create",
        decision,
        label=decision_reference(decision),
        after=audit.snapshot(decision, _AUDITED),
    )
    for listener in _DECISION_LISTENERS:
        listener(actor, decision)
    return decision


def _decision_of_ballot(ballot_id: int) -> int | None:
    return db.session.scalar(select(Decision.id).where(Decision.ballot_id == ballot_id))


def _refuse_if_taken(decision: Decision) -> None:
    """Tell a lost race for the ballot or the corrected decision from one for the number."""
    if decision.ballot is not None and _decision_of_ballot(decision.ballot.id):
        raise Conflict(_("Für diese Abstimmung ist bereits ein Beschluss eingetragen."))
    if decision.supersedes is not None and _correction_of(decision.supersedes.id):
        raise Conflict(_("Dieser Beschluss wurde soeben von jemand anderem berichtigt."))


def _correction_of(decision_id: int) -> int | None:
    return db.session.scalar(select(Decision.id).where(Decision.supersedes_id == decision_id))


def get_decision(actor: User | None, decision_id: int) -> Decision:
    """Return the decision with what its page shows, or raise NotFound if hidden or missing."""
    decision = db.session.scalar(
        select(Decision)
        .where(Decision.id == decision_id)
        .options(
            joinedload(Decision.body),
            joinedload(Decision.meeting),
            joinedload(Decision.proposal),
            joinedload(Decision.supersedes).joinedload(Decision.body),
            selectinload(Decision.actions).options(
                joinedload(FollowUpAction.organisation),
                joinedload(FollowUpAction.responsible),
                selectinload(FollowUpAction.notes).joinedload(ActionNote.author),
            ),
        )
    )
    if decision is None:
        raise NotFound()
    require(actor, Action.DECISION_VIEW, decision)
    return decision


def superseding_decision(actor: User | None, decision: Decision) -> Decision | None:
    """Return the decision that corrects this one, if the actor may see it."""
    newer = db.session.scalar(
        select(Decision)
        .where(Decision.supersedes_id == decision.id)
        .options(joinedload(Decision.body))
    )
    return newer if newer is not None and can(actor, Action.DECISION_VIEW, newer) else None


def set_review_date(actor: User, decision: Decision, review_on: date | None) -> Decision:
    """Set (or clear) the decision's review date; the secretariat is reminded on that day."""
    require(actor, Action.DECISION_MANAGE, decision)
    if review_on is not None and review_on < today_local():
        raise InvalidInput(
            [
                (
                    "review_on",
                    _("Das Datum der Wiedervorlage darf nicht in der Vergangenheit liegen."),
                )
            ]
        )
    before = audit.snapshot(decision, ("review_on",))
    decision.review_on = review_on
    if before["review_on"] != (review_on.isoformat() if review_on else None):
        decision.review_reminded_at = None  # a new date is reminded of again
    audit.record(
        actor,
        "decision.review",
        decision,
        label=decision_reference(decision),
        before=before,
        after=audit.snapshot(decision, ("review_on",)),
    )
    db.session.commit()
    return decision


def correct_decision(
    actor: User, decision: Decision, *, resolution_text: str, reason: str
) -> Decision:
    """Record a corrected resolution as a new decision that supersedes the old one.

    The correction keeps the old decision's body, date, place, proposal, counts and visibility;
    it gets its own number. A decision that was already corrected is corrected through its
    newest correction, so the chain stays a line.
    """
    require(actor, Action.DECISION_MANAGE, decision)
    reason = (reason or "").strip()
    errors = _resolution_errors((resolution_text or "").strip())
    if not reason:
        errors.append(("reason", _("Bitte geben Sie an, was berichtigt wird und warum.")))
    elif len(reason) > MAX_REASON:
        errors.append(
            (
                "reason",
                _("Die Begründung darf höchstens %(max)d Zeichen lang sein.", max=MAX_REASON),
            )
        )
    if errors:
        raise InvalidInput(errors)
    if _correction_of(decision.id):
        raise Conflict(
            _(
                "Dieser Beschluss wurde bereits berichtigt. "
                "Bitte berichtigen Sie die neueste Fassung."
            )
        )
    counts = (
        Counts(decision.votes_yes, decision.votes_no or 0, decision.votes_abstain or 0)
        if decision.votes_yes is not None
        else None
    )
    correction = record_decision(
        actor,
        body=decision.body,
        outcome=decision.outcome,
        resolution_text=resolution_text,
        decided_on=today_local(),
        proposal=decision.proposal,
        meeting=decision.meeting,
        counts=counts,
        is_public=decision.is_public,
        supersedes=decision,
    )
    audit.record(
        actor,
        "decision.correct",
        decision,
        label=decision_reference(decision),
        after={"superseded_by": decision_reference(correction), "reason": reason},
    )
    db.session.commit()
    return correction
