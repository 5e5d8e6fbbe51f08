"""Taking one lifecycle step of a proposal, inside the caller's transaction (no commit).

The public services in :mod:`meetings.services.proposals` (and the ballot service, through
``record_outcome`` and ``mark_scheduled``) all end up here: the pure lifecycle says whether the
step is possible for the actor's capacities, then the new status, the history row
(:class:`ProposalEvent`), the audit entry and the submitter's mail are added to the session.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from meetings.models import Meeting, Proposal, ProposalEvent
from meetings.proposal_flow import (
    InvalidDetails,
    ProposalStatus,
    Step,
    StepNotAvailable,
    StepNotPermitted,
    next_status,
)
from meetings.proposal_labels import OUTCOME_LABELS, STEP_DONE_LABELS
from portal import audit, notifications
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.i18n import N_
from portal.models import Body, NotificationKind, User
from portal.permissions import proposal_capacities
from portal.reference_numbers import PROPOSAL_WIDTH, format_reference, suggest_prefix

#: Steps the originating body takes; the others are the deciding body's (withdraw: where the
#: proposal lies at the time).
_ORIGIN_STEPS = frozenset({Step.SUBMIT_FOR_DELIBERATION, Step.FORWARD, Step.REVISE})
_WITH_THE_ORIGIN = frozenset(
    {ProposalStatus.DRAFT, ProposalStatus.IN_DELIBERATION, ProposalStatus.RETURNED}
)
_AUDITED = (
    "status",
    "recommendation",
    "group_votes_yes",
    "group_votes_no",
    "group_votes_abstain",
    "waiting_since",
    "outcome",
)
_SUBJECT = N_("Beschlussvorlage %(reference)s: %(step)s")


def proposal_reference(proposal: Proposal) -> str:
    """Return the proposal's reference, e.g. ``"AG-V 2026/004"``.

    A body without its own prefix gets the suggested one, so every proposal has a reference
    before an administrator has chosen the prefixes.
    """
    body = proposal.body
    prefix = body.reference_prefix or suggest_prefix(body.name, str(body.kind))
    return format_reference(prefix, proposal.year, proposal.number, PROPOSAL_WIDTH)


def proposal_link(proposal: Proposal) -> str:
    """Return the proposal page's public address (for mail; not the request's host)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/proposals/{proposal.id}"


def stored_text(message: str, **variables) -> str:
    """Translate a message into the portal's default language, for text kept in the database.

    The history is read by everyone in the same words, whatever language the actor had chosen.
    """
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _(message, **variables)


def vote_text(yes: int, no: int, abstain: int) -> str:
    """Return a vote as the history states it: "5 Ja, 0 Nein, 1 Enthaltung"."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        abstentions = ngettext("%(num)d Enthaltung", "%(num)d Enthaltungen", abstain)
        return _("%(yes)d Ja, %(no)d Nein", yes=yes, no=no) + ", " + abstentions


def outcome_text(outcome, mandate: str = "", counts=None) -> str:
    """Return a decision as the history states it: outcome, vote, mandate."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = str(OUTCOME_LABELS[outcome])
    if counts is not None:
        text += f" ({vote_text(counts.yes, counts.no, counts.abstain)})"
    if mandate:
        text += ". " + stored_text(N_("Auftrag: %(mandate)s"), mandate=mandate)
    return text


def step_body(proposal: Proposal, step: Step) -> Body:
    """Return the body that deals with the proposal in this step (for the consultation path)."""
    if step in _ORIGIN_STEPS:
        return proposal.body
    if step == Step.WITHDRAW and proposal.status in _WITH_THE_ORIGIN:
        return proposal.body
    return proposal.deciding_body


def check_step(
    actor: User | None,
    proposal: Proposal,
    step: Step,
    *,
    capacities: Collection[str] | None = None,
    **details: object,
) -> ProposalStatus:
    """Return the status the step leads to, or raise the portal error that says why not.

    ``capacities`` replaces the actor's own (a caller that checked another permission, such as
    ``ballot.manage``, acts as the secretariat would).
    """
    if capacities is None:
        capacities = proposal_capacities(actor, proposal)
    try:
        return next_status(proposal.status, step, capacities, **details)
    except StepNotAvailable as error:
        raise Conflict(_(error.message)) from None
    except StepNotPermitted as error:
        raise PermissionDenied(_(error.message)) from None
    except InvalidDetails as error:
        field, message = error.as_pair()
        raise InvalidInput([(field, _(message))]) from None


def snapshot(proposal: Proposal) -> dict:
    """Return what the audit entry of a step compares: status, recommendation, vote, outcome."""
    return audit.snapshot(proposal, _AUDITED)


def apply_step(
    actor: User | None,
    proposal: Proposal,
    step: Step,
    target: ProposalStatus,
    *,
    meeting: Meeting | None = None,
    note: str = "",
    before: dict | None = None,
) -> ProposalEvent:
    """Move the proposal to ``target`` (from :func:`check_step`) and record who, when, where.

    Adds the history row, the audit entry and, for a step someone else took, the submitter's
    mail; the caller has set the step's own fields (``before`` is :func:`snapshot` from before
    it did) and commits.
    """
    before = before if before is not None else snapshot(proposal)
    event = ProposalEvent(
        step=step,
        status_after=target,
        actor_id=getattr(actor, "id", None),
        at=utcnow(),
        body_id=step_body(proposal, step).id,
        meeting_id=meeting.id if meeting is not None else None,
        note=note,
    )
    proposal.status = target
    proposal.events.append(event)
    audit.record(
        actor,
        f"proposal.{step.value}",
        proposal,
        label=proposal_reference(proposal),
        before=before,
        after=snapshot(proposal),
    )
    _tell_submitter(actor, proposal, step, note)
    return event


def _tell_submitter(actor: User | None, proposal: Proposal, step: Step, note: str) -> None:
    """Queue the mail that tells the submitter what someone else did with their proposal."""
    submitter = proposal.submitter
    if submitter.id == getattr(actor, "id", None):
        return
    notifications.queue_mail(
        submitter,
        _SUBJECT,
        "proposal_step",
        kind=NotificationKind.PROPOSAL_STEP,
        proposal=proposal,
        reference=proposal_reference(proposal),
        step=STEP_DONE_LABELS[step],
        step_value=step.value,
        actor_name=getattr(actor, "name", ""),
        note=note,
        link=proposal_link(proposal),
    )
