"""Proposal lifecycle: each step leads from given statuses, only for the capacities allowed."""

import re
from datetime import date, timedelta

import pytest

import meetings.proposal_flow as proposal_flow
from meetings.proposal_flow import (
    Capacity,
    FlowError,
    InvalidDetails,
    Outcome,
    ProposalStatus,
    Step,
    StepNotAvailable,
    StepNotPermitted,
    allowed_steps,
    can_edit,
    is_overdue,
    next_status,
)

S = ProposalStatus
C = Capacity
OPEN = [s for s in S if s not in (S.DECIDED, S.WITHDRAWN)]

#: The lifecycle as the issue describes it, written out independently of the module's rules:
#: (status, step) -> (new status, capacities that may take the step).
LIFECYCLE = {
    (S.DRAFT, Step.SUBMIT_FOR_DELIBERATION): (S.IN_DELIBERATION, {C.ORIGIN_CHAIR, C.SECRETARIAT}),
    (S.IN_DELIBERATION, Step.FORWARD): (S.FORWARDED, {C.ORIGIN_CHAIR, C.SECRETARIAT}),
    (S.FORWARDED, Step.ACCEPT): (S.ACCEPTED, {C.SECRETARIAT}),
    (S.FORWARDED, Step.RETURN): (S.RETURNED, {C.SECRETARIAT}),
    (S.ACCEPTED, Step.RETURN): (S.RETURNED, {C.SECRETARIAT}),
    (S.RETURNED, Step.REVISE): (S.IN_DELIBERATION, {C.ORIGIN_CHAIR, C.SECRETARIAT}),
    (S.ACCEPTED, Step.SCHEDULE): (S.SCHEDULED, {C.SECRETARIAT, C.DECIDING_CHAIR}),
    (S.SCHEDULED, Step.UNSCHEDULE): (S.ACCEPTED, {C.SECRETARIAT, C.DECIDING_CHAIR}),
    (S.SCHEDULED, Step.DECIDE): (S.DECIDED, {C.SECRETARIAT}),
    **{(status, Step.WITHDRAW): (S.WITHDRAWN, {C.SUBMITTER}) for status in OPEN},
}
#: Details that make each step complete.
VALID_DETAILS = {
    Step.FORWARD: {
        "recommendation": "Die AG empfiehlt die gemeinsame Terminvergabe.",
        "votes_yes": 7,
        "votes_no": 1,
        "votes_abstain": 2,
    },
    Step.RETURN: {"reason": "Die Kostenschätzung fehlt."},
    Step.DECIDE: {"outcome": Outcome.ADOPTED},
}


def _matrix() -> list[tuple[S, Step, C]]:
    return [(status, step, capacity) for status in S for step in Step for capacity in C]


@pytest.mark.parametrize(("status", "step", "capacity"), _matrix())
def test_each_step_is_taken_only_from_its_statuses_by_its_capacities(status, step, capacity):
    details = VALID_DETAILS.get(step, {})
    if (status, step) not in LIFECYCLE:
        with pytest.raises(StepNotAvailable):
            next_status(status, step, {capacity}, **details)
        return
    target, allowed = LIFECYCLE[status, step]
    if capacity in allowed:
        assert next_status(status, step, {capacity}, **details) == target
    else:
        with pytest.raises(StepNotPermitted):
            next_status(status, step, {capacity}, **details)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("capacity", list(C))
def test_the_buttons_shown_are_exactly_the_steps_permitted(status, capacity):
    expected = [
        step
        for step in Step
        if (status, step) in LIFECYCLE and capacity in LIFECYCLE[status, step][1]
    ]
    assert allowed_steps(status, {capacity}) == expected


def test_capacities_add_up_for_a_submitter_who_chairs_the_working_group():
    steps = allowed_steps(S.DRAFT, frozenset({"submitter", "origin_chair"}))
    assert steps == [Step.SUBMIT_FOR_DELIBERATION, Step.WITHDRAW]


def test_a_member_of_the_working_group_alone_takes_no_step():
    assert all(allowed_steps(status, {C.ORIGIN_MEMBER}) == [] for status in S)


def test_without_capacities_or_with_unknown_ones_nothing_is_permitted():
    assert allowed_steps(S.FORWARDED, set()) == []
    with pytest.raises(StepNotPermitted):
        next_status(S.FORWARDED, Step.ACCEPT, {"secretary"})


def test_statuses_and_steps_may_be_given_as_stored_strings():
    assert next_status("forwarded", "accept", {"secretariat"}) == S.ACCEPTED
    assert allowed_steps("scheduled", {"deciding_chair"}) == [Step.UNSCHEDULE]


def test_a_whole_proposal_runs_from_draft_to_decision():
    status = S.DRAFT
    for step, capacity in [
        (Step.SUBMIT_FOR_DELIBERATION, C.ORIGIN_CHAIR),
        (Step.FORWARD, C.ORIGIN_CHAIR),
        (Step.RETURN, C.SECRETARIAT),
        (Step.REVISE, C.ORIGIN_CHAIR),
        (Step.FORWARD, C.ORIGIN_CHAIR),
        (Step.ACCEPT, C.SECRETARIAT),
        (Step.SCHEDULE, C.DECIDING_CHAIR),
        (Step.DECIDE, C.SECRETARIAT),
    ]:
        status = next_status(status, step, {capacity}, **VALID_DETAILS.get(step, {}))
    assert status == S.DECIDED


# --- German messages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        (
            S.FORWARDED,
            Step.ACCEPT,
            "Nur das Sekretariat kann eine Vorlage als vollständig annehmen.",
        ),
        (S.FORWARDED, Step.RETURN, "Nur das Sekretariat kann eine Vorlage zurückgeben."),
        (
            S.DRAFT,
            Step.SUBMIT_FOR_DELIBERATION,
            "Nur die AG-Leitung oder das Sekretariat kann eine Vorlage in die Beratung geben.",
        ),
        (
            S.IN_DELIBERATION,
            Step.FORWARD,
            "Nur die AG-Leitung oder das Sekretariat kann eine Vorlage an die Lenkungsgruppe "
            "weiterleiten.",
        ),
        (
            S.SCHEDULED,
            Step.DECIDE,
            "Nur das Sekretariat kann die Entscheidung über eine Vorlage eintragen.",
        ),
    ],
)
def test_a_refused_step_says_in_german_who_may_take_it(status, step, message):
    with pytest.raises(StepNotPermitted) as refused:
        next_status(status, step, {C.ORIGIN_MEMBER}, **VALID_DETAILS.get(step, {}))
    assert refused.value.message == message
    assert refused.value.field is None


def test_only_the_submitter_may_withdraw():
    with pytest.raises(StepNotPermitted, match="Nur wer die Vorlage eingereicht hat"):
        next_status(S.SCHEDULED, Step.WITHDRAW, {C.SECRETARIAT, C.DECIDING_CHAIR})


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.DECIDED, "Über diese Vorlage ist bereits entschieden."),
        (S.WITHDRAWN, "Diese Vorlage wurde zurückgezogen."),
    ],
)
def test_a_closed_proposal_says_why_no_step_is_left(status, message):
    with pytest.raises(StepNotAvailable) as refused:
        next_status(status, Step.WITHDRAW, {C.SUBMITTER})
    assert refused.value.message == message


def test_a_step_from_the_wrong_status_is_refused_as_a_stale_page():
    with pytest.raises(StepNotAvailable) as refused:
        next_status(S.DRAFT, Step.ACCEPT, {C.SECRETARIAT})
    assert refused.value.message == (
        "Dieser Schritt ist im aktuellen Status der Vorlage nicht möglich."
    )


def test_the_status_is_checked_before_the_capacity_and_the_capacity_before_the_details():
    with pytest.raises(StepNotAvailable):
        next_status(S.DRAFT, Step.ACCEPT, {C.SUBMITTER})
    with pytest.raises(StepNotPermitted):
        next_status(S.FORWARDED, Step.RETURN, {C.SUBMITTER}, reason="")


def test_every_flow_error_is_a_value_error_with_a_pair_for_the_form():
    error = InvalidDetails("Bitte geben Sie einen Grund für die Rückgabe an.", "reason")
    assert isinstance(error, ValueError)
    assert isinstance(error, FlowError)
    assert error.as_pair() == ("reason", "Bitte geben Sie einen Grund für die Rückgabe an.")
    assert StepNotPermitted("Nein.").as_pair() == ("", "Nein.")


# --- Details the steps need ------------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_a_return_needs_a_reason(reason):
    with pytest.raises(InvalidDetails) as refused:
        next_status(S.FORWARDED, Step.RETURN, {C.SECRETARIAT}, reason=reason)
    assert refused.value.as_pair() == ("reason", "Bitte geben Sie einen Grund für die Rückgabe an.")


def _forward(**changes: object) -> S:
    return next_status(
        S.IN_DELIBERATION,
        Step.FORWARD,
        {C.ORIGIN_CHAIR},
        **{**VALID_DETAILS[Step.FORWARD], **changes},
    )


@pytest.mark.parametrize("recommendation", [None, "", "  "])
def test_forwarding_needs_the_working_groups_recommendation(recommendation):
    with pytest.raises(InvalidDetails) as refused:
        _forward(recommendation=recommendation)
    assert refused.value.as_pair() == (
        "recommendation",
        "Bitte geben Sie die Empfehlung der Arbeitsgruppe an.",
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("votes_yes", "Bitte geben Sie die Zahl der Ja-Stimmen an."),
        ("votes_no", "Bitte geben Sie die Zahl der Nein-Stimmen an."),
        ("votes_abstain", "Bitte geben Sie die Zahl der Enthaltungen an."),
    ],
)
@pytest.mark.parametrize("value", [None, "3", 2.0, True])
def test_forwarding_needs_each_vote_count_as_a_whole_number(field, message, value):
    with pytest.raises(InvalidDetails) as refused:
        _forward(**{field: value})
    assert refused.value.as_pair() == (field, message)


@pytest.mark.parametrize("field", ["votes_yes", "votes_no", "votes_abstain"])
def test_a_vote_count_cannot_be_negative(field):
    with pytest.raises(InvalidDetails) as refused:
        _forward(**{field: -1})
    assert refused.value.as_pair() == (field, "Die Zahl der Stimmen darf nicht negativ sein.")


def test_forwarding_needs_at_least_one_vote_cast():
    with pytest.raises(InvalidDetails) as refused:
        _forward(votes_yes=0, votes_no=0, votes_abstain=0)
    assert refused.value.as_pair() == (
        "votes_yes",
        "Bitte tragen Sie das Abstimmungsergebnis der Arbeitsgruppe ein.",
    )


def test_a_working_group_may_forward_a_proposal_it_recommends_rejecting():
    assert _forward(votes_yes=0, votes_no=6, votes_abstain=0) == S.FORWARDED


@pytest.mark.parametrize(
    ("outcome", "target"),
    [
        (Outcome.ADOPTED, S.DECIDED),
        (Outcome.ADOPTED_WITH_CHANGES, S.DECIDED),
        (Outcome.REJECTED, S.DECIDED),
        (Outcome.DEFERRED, S.ACCEPTED),
        (Outcome.REFERRED_BACK, S.IN_DELIBERATION),
    ],
)
def test_the_outcome_decides_where_the_proposal_goes(outcome, target):
    details = {"outcome": outcome, "mandate": "Kosten für 2027 ergänzen."}
    assert next_status(S.SCHEDULED, Step.DECIDE, {C.SECRETARIAT}, **details) == target


def test_a_deferred_proposal_can_be_scheduled_and_decided_again():
    status = next_status(S.SCHEDULED, Step.DECIDE, {C.SECRETARIAT}, outcome="deferred")
    status = next_status(status, Step.SCHEDULE, {C.SECRETARIAT})
    assert next_status(status, Step.DECIDE, {C.SECRETARIAT}, outcome="adopted") == S.DECIDED


@pytest.mark.parametrize("outcome", [None, "", "vertagt", "decided"])
def test_a_decision_needs_a_known_outcome(outcome):
    with pytest.raises(InvalidDetails) as refused:
        next_status(S.SCHEDULED, Step.DECIDE, {C.SECRETARIAT}, outcome=outcome)
    assert refused.value.as_pair() == (
        "outcome",
        "Bitte wählen Sie das Ergebnis der Entscheidung aus.",
    )


@pytest.mark.parametrize("mandate", [None, "", " "])
def test_referring_back_needs_a_mandate_for_the_working_group(mandate):
    with pytest.raises(InvalidDetails) as refused:
        next_status(
            S.SCHEDULED, Step.DECIDE, {C.SECRETARIAT}, outcome="referred_back", mandate=mandate
        )
    assert refused.value.as_pair() == (
        "mandate",
        "Bitte geben Sie den Auftrag an die Arbeitsgruppe an.",
    )


def test_a_withdrawal_may_carry_a_reason_without_needing_one():
    assert next_status(S.DRAFT, Step.WITHDRAW, {C.SUBMITTER}, reason="Erledigt.") == S.WITHDRAWN
    assert next_status(S.DRAFT, Step.WITHDRAW, {C.SUBMITTER}) == S.WITHDRAWN


def test_a_detail_the_step_does_not_take_is_a_programming_error():
    with pytest.raises(TypeError, match="reson"):
        next_status(S.FORWARDED, Step.RETURN, {C.SECRETARIAT}, reson="Tippfehler")


# --- Editing ---------------------------------------------------------------------------------

EDITORS = {S.DRAFT: {C.SUBMITTER}, S.IN_DELIBERATION: {C.ORIGIN_CHAIR, C.SECRETARIAT}}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("capacity", list(C))
def test_the_text_is_edited_by_the_submitter_in_draft_and_by_the_group_in_deliberation(
    status, capacity
):
    assert can_edit(status, {capacity}) == (capacity in EDITORS.get(status, set()))


# --- Overdue ---------------------------------------------------------------------------------

FORWARDED_ON = date(2026, 3, 2)


@pytest.mark.parametrize("status", [S.FORWARDED, S.ACCEPTED])
@pytest.mark.parametrize(("waited", "overdue"), [(-1, False), (0, False), (14, False), (15, True)])
def test_a_proposal_waiting_longer_than_allowed_for_scheduling_is_overdue(status, waited, overdue):
    today = FORWARDED_ON + timedelta(days=waited)
    assert is_overdue(status, FORWARDED_ON, today, allowed_days=14) is overdue


def test_with_no_days_allowed_a_proposal_is_overdue_from_the_next_day():
    assert not is_overdue(S.FORWARDED, FORWARDED_ON, FORWARDED_ON, allowed_days=0)
    assert is_overdue(S.FORWARDED, FORWARDED_ON, FORWARDED_ON + timedelta(days=1), allowed_days=0)


@pytest.mark.parametrize("status", [s for s in S if s not in (S.FORWARDED, S.ACCEPTED)])
def test_only_proposals_waiting_for_the_secretariat_are_overdue(status):
    assert not is_overdue(status, FORWARDED_ON, FORWARDED_ON + timedelta(days=365), 14)


def test_a_negative_allowance_is_a_configuration_error():
    with pytest.raises(ValueError):
        is_overdue(S.FORWARDED, FORWARDED_ON, FORWARDED_ON, allowed_days=-1)


# --- Documentation ---------------------------------------------------------------------------


@pytest.mark.parametrize("step", list(Step))
def test_the_lifecycle_table_in_the_docstring_lists_every_step(step):
    lines = proposal_flow.__doc__.splitlines()
    rules = [number for number, line in enumerate(lines) if line.startswith("====")]
    rows = [re.split(r"\s{2,}", line) for line in lines[rules[1] + 1 : rules[-1]]]
    assert any(row[1] == step.value for row in rows)
