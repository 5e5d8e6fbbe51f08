"""Lifecycle of a proposal (Beschlussvorlage): its statuses, the steps between them, who may act.

Pure: the service tells :func:`next_status` which capacities the acting user has towards the
proposal (``Capacity``); this module says whether the step is possible, permitted and complete,
and where it leads. The service then stores the new status and records who took the step, when.

==================  =======================  ===============  ===========================
Status              Step                     New status       Who
==================  =======================  ===============  ===========================
draft               submit_for_deliberation  in_deliberation  origin_chair, secretariat
in_deliberation     forward                  forwarded        origin_chair, secretariat
forwarded           accept                   accepted         secretariat
forwarded/accepted  return                   returned         secretariat
returned            revise                   in_deliberation  origin_chair, secretariat
accepted            schedule                 scheduled        secretariat, deciding_chair
scheduled           unschedule               accepted         secretariat, deciding_chair
scheduled           decide                   (by outcome)     secretariat
any open status     withdraw                 withdrawn        submitter
==================  =======================  ===============  ===========================

Details the steps need: ``forward`` the working group's recommendation and its vote
(``votes_yes``, ``votes_no``, ``votes_abstain``); ``return`` a reason; ``decide`` an ``Outcome``
and, when referring back, the mandate. A returned proposal is revised back into deliberation, not
into draft: it has left the submitter's hands, and forwarding it again records the working
group's fresh recommendation and vote.

A decision leads to ``decided`` when it is final (adopted, adopted with changes, rejected). A
deferred proposal goes back to ``accepted``, so it waits to be scheduled again; a proposal referred
back goes to ``in_deliberation`` with the steering group's mandate. Both are decisions of the
steering group (they get a number in the register), but the proposal is not finished, and
nobody has to remember a separate "reopen" step for it to show up in the right list again.

``decided`` and ``withdrawn`` are closed: no step leads out of them. Editing the text is not a
status change; :func:`can_edit` says who may edit in which status.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a message for the catalogue (pybabel extracts ``N_``); views translate when shown."""
    return message


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    IN_DELIBERATION = "in_deliberation"
    FORWARDED = "forwarded"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    SCHEDULED = "scheduled"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    ADOPTED_WITH_CHANGES = "adopted_with_changes"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    REFERRED_BACK = "referred_back"


class Step(StrEnum):
    SUBMIT_FOR_DELIBERATION = "submit_for_deliberation"
    FORWARD = "forward"
    ACCEPT = "accept"
    RETURN = "return"
    REVISE = "revise"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    DECIDE = "decide"
    WITHDRAW = "withdraw"


class Capacity(StrEnum):
    """What the acting user is towards one proposal; a user may hold several capacities."""

    #: Submitted the proposal (Einreicher/in).
    SUBMITTER = "submitter"
    #: Member of the working group the proposal comes from; takes no step by that alone.
    ORIGIN_MEMBER = "origin_member"
    #: Chair (AG-Leitung) of the working group the proposal comes from.
    ORIGIN_CHAIR = "origin_chair"
    #: The steering group's secretariat (Geschäftsstelle).
    SECRETARIAT = "secretariat"
    #: Chair of the body that decides (the steering group).
    DECIDING_CHAIR = "deciding_chair"


#: Statuses no step leads out of.
CLOSED_STATUSES = frozenset({ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN})
#: Outcomes that finish a proposal; the others send it back into the flow.
FINAL_OUTCOMES = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES, Outcome.REJECTED})
_OUTCOME_TARGETS = {
    Outcome.DEFERRED: ProposalStatus.ACCEPTED,
    Outcome.REFERRED_BACK: ProposalStatus.IN_DELIBERATION,
}
#: Statuses in which a proposal waits for the secretariat to put it on an agenda.
_AWAITING_SCHEDULE = frozenset({ProposalStatus.FORWARDED, ProposalStatus.ACCEPTED})


class FlowError(ValueError):
    """A step cannot be taken; ``message`` is German, ``field`` names the form field if one fits."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_pair(self) -> tuple[str, str]:
        """Return ``(field, message)`` as ``InvalidInput`` takes it ("" for the whole form)."""
        return (self.field or "", self.message)


class StepNotAvailable(FlowError):
    """The step does not lead out of the proposal's current status (a stale page: 409)."""


class StepNotPermitted(FlowError):
    """None of the user's capacities allows the step (403)."""


class InvalidDetails(FlowError):
    """A detail the step needs is missing or wrong (422, shown next to ``field``)."""


@dataclass(frozen=True)
class Rule:
    """One step: the statuses it leaves, where it leads, who may take it, what it may carry."""

    sources: frozenset[ProposalStatus]
    target: ProposalStatus
    capacities: frozenset[Capacity]
    #: German message for a user whose capacities do not allow the step.
    refusal: str
    #: Names of the details the step accepts (anything else is a programming error).
    details: frozenset[str] = frozenset()


_S = ProposalStatus
_C = Capacity
_WORKING_GROUP_LEAD = frozenset({_C.ORIGIN_CHAIR, _C.SECRETARIAT})
_SCHEDULERS = frozenset({_C.SECRETARIAT, _C.DECIDING_CHAIR})
_SECRETARIAT = frozenset({_C.SECRETARIAT})

#: The lifecycle, one rule per step (see the module docstring for the table).
RULES: Mapping[Step, Rule] = {
    Step.SUBMIT_FOR_DELIBERATION: Rule(
        frozenset({_S.DRAFT}),
        _S.IN_DELIBERATION,
        _WORKING_GROUP_LEAD,
        N_("Nur die AG-Leitung oder das Sekretariat kann eine Vorlage in die Beratung geben."),
    ),
    Step.FORWARD: Rule(
        frozenset({_S.IN_DELIBERATION}),
        _S.FORWARDED,
        _WORKING_GROUP_LEAD,
        N_(
            "Nur die AG-Leitung oder das Sekretariat kann eine Vorlage an die Lenkungsgruppe "
            "weiterleiten."
        ),
        frozenset({"recommendation", "votes_yes", "votes_no", "votes_abstain"}),
    ),
    Step.ACCEPT: Rule(
        frozenset({_S.FORWARDED}),
        _S.ACCEPTED,
        _SECRETARIAT,
        N_("Nur das Sekretariat kann eine Vorlage als vollständig annehmen."),
    ),
    Step.RETURN: Rule(
        frozenset({_S.FORWARDED, _S.ACCEPTED}),
        _S.RETURNED,
        _SECRETARIAT,
        N_("Nur das Sekretariat kann eine Vorlage zurückgeben."),
        frozenset({"reason"}),
    ),
    Step.REVISE: Rule(
        frozenset({_S.RETURNED}),
        _S.IN_DELIBERATION,
        _WORKING_GROUP_LEAD,
        N_(
            "Nur die AG-Leitung oder das Sekretariat kann eine zurückgegebene Vorlage wieder in "
            "die Beratung geben."
        ),
    ),
    Step.SCHEDULE: Rule(
        frozenset({_S.ACCEPTED}),
        _S.SCHEDULED,
        _SCHEDULERS,
        N_(
            "Nur das Sekretariat oder der Vorsitz der Lenkungsgruppe kann eine Vorlage auf die "
            "Tagesordnung oder in ein Umlaufverfahren setzen."
        ),
    ),
    Step.UNSCHEDULE: Rule(
        frozenset({_S.SCHEDULED}),
        _S.ACCEPTED,
        _SCHEDULERS,
        N_(
            "Nur das Sekretariat oder der Vorsitz der Lenkungsgruppe kann eine Vorlage von der "
            "Tagesordnung oder aus dem Umlaufverfahren nehmen."
        ),
    ),
    Step.DECIDE: Rule(
        frozenset({_S.SCHEDULED}),
        _S.DECIDED,
        _SECRETARIAT,
        N_("Nur das Sekretariat kann die Entscheidung über eine Vorlage eintragen."),
        frozenset({"outcome", "mandate"}),
    ),
    Step.WITHDRAW: Rule(
        frozenset(_S) - CLOSED_STATUSES,
        _S.WITHDRAWN,
        frozenset({_C.SUBMITTER}),
        N_("Nur wer die Vorlage eingereicht hat, kann sie zurückziehen."),
        frozenset({"reason"}),
    ),
}

_CLOSED_MESSAGES = {
    ProposalStatus.DECIDED: N_("Über diese Vorlage ist bereits entschieden."),
    ProposalStatus.WITHDRAWN: N_("Diese Vorlage wurde zurückgezogen."),
}
_WRONG_STATUS = N_("Dieser Schritt ist im aktuellen Status der Vorlage nicht möglich.")
_VOTE_FIELDS = {
    "votes_yes": N_("Bitte geben Sie die Zahl der Ja-Stimmen an."),
    "votes_no": N_("Bitte geben Sie die Zahl der Nein-Stimmen an."),
    "votes_abstain": N_("Bitte geben Sie die Zahl der Enthaltungen an."),
}


def allowed_steps(status: ProposalStatus | str, capacities: Collection[str]) -> list[Step]:
    """Return the steps the user may take from this status, in lifecycle order (for buttons)."""
    status = ProposalStatus(status)
    return [
        step
        for step, rule in RULES.items()
        if status in rule.sources and not rule.capacities.isdisjoint(capacities)
    ]


def can_edit(status: ProposalStatus | str, capacities: Collection[str]) -> bool:
    """Say whether the user may edit the proposal's text in this status.

    The submitter writes the draft; during deliberation the working group amends it, which its
    chair or the secretariat records. From ``forwarded`` on, the text is what the steering group
    decides on, so a change needs a return (and a fresh deliberation) first.
    """
    status = ProposalStatus(status)
    if status == ProposalStatus.DRAFT:
        return Capacity.SUBMITTER in capacities
    if status == ProposalStatus.IN_DELIBERATION:
        return not _WORKING_GROUP_LEAD.isdisjoint(capacities)
    return False


def next_status(
    status: ProposalStatus | str,
    step: Step | str,
    capacities: Collection[str],
    **details: object,
) -> ProposalStatus:
    """Return the status the step leads to, or raise a ``FlowError`` saying why it cannot.

    Checked in this order: the status (``StepNotAvailable``), the user's capacities
    (``StepNotPermitted``), then the details the step needs (``InvalidDetails``).

    :param details: ``forward``: ``recommendation``, ``votes_yes``, ``votes_no``,
        ``votes_abstain``; ``return``: ``reason``; ``decide``: ``outcome`` and, when referring
        back, ``mandate``; ``withdraw``: optional ``reason`` (not checked).
    """
    status, step = ProposalStatus(status), Step(step)
    rule = RULES[step]
    unexpected = set(details) - rule.details
    if unexpected:
        raise TypeError(f"step {step} takes no details {sorted(unexpected)}")
    if status not in rule.sources:
        raise StepNotAvailable(_CLOSED_MESSAGES.get(status, _WRONG_STATUS))
    if rule.capacities.isdisjoint(capacities):
        raise StepNotPermitted(rule.refusal)
    if step == Step.FORWARD:
        _check_forward(details)
    elif step == Step.RETURN:
        _require_text(details, "reason", N_("Bitte geben Sie einen Grund für die Rückgabe an."))
    elif step == Step.DECIDE:
        return _decision_target(details)
    return rule.target


def is_overdue(
    status: ProposalStatus | str, forwarded_on: date, today: date, allowed_days: int
) -> bool:
    """Say whether a forwarded or accepted proposal has waited more than allowed_days unscheduled.

    ``forwarded_on`` is the day the proposal last started waiting: the day it was forwarded, or
    the day the steering group deferred it. Waiting exactly ``allowed_days`` is still in time.
    A returned proposal is back with its working group and not overdue for the secretariat.
    """
    if allowed_days < 0:
        raise ValueError("allowed_days must not be negative")
    if ProposalStatus(status) not in _AWAITING_SCHEDULE:
        return False
    return (today - forwarded_on).days > allowed_days


def _require_text(details: Mapping[str, object], field: str, message: str) -> str:
    value = details.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InvalidDetails(message, field)
    return value


def _check_forward(details: Mapping[str, object]) -> None:
    _require_text(
        details, "recommendation", N_("Bitte geben Sie die Empfehlung der Arbeitsgruppe an.")
    )
    total = 0
    for field, missing in _VOTE_FIELDS.items():
        value = details.get(field)
        # bool is an int subclass; a checkbox value must not pass as a vote count.
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidDetails(missing, field)
        if value < 0:
            raise InvalidDetails(N_("Die Zahl der Stimmen darf nicht negativ sein."), field)
        total += value
    if total == 0:
        raise InvalidDetails(
            N_("Bitte tragen Sie das Abstimmungsergebnis der Arbeitsgruppe ein."), "votes_yes"
        )


def _decision_target(details: Mapping[str, object]) -> ProposalStatus:
    try:
        outcome = Outcome(details.get("outcome"))
    except ValueError:
        raise InvalidDetails(
            N_("Bitte wählen Sie das Ergebnis der Entscheidung aus."), "outcome"
        ) from None
    if outcome == Outcome.REFERRED_BACK:
        _require_text(
            details, "mandate", N_("Bitte geben Sie den Auftrag an die Arbeitsgruppe an.")
        )
    return _OUTCOME_TARGETS.get(outcome, ProposalStatus.DECIDED)
