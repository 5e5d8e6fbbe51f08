"""Tally: which votes carry a proposal under each majority rule, in a meeting and in writing."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.quorum import MAJORITY_OF_SEATS, NO_QUORUM_RULE, THIRD_OF_SEATS
from meetings.tally import (
    ABSOLUTE,
    ABSOLUTE_OF_SEATS,
    ADOPTED,
    CONSENSUS,
    ELECTRONIC,
    NOT_QUORATE,
    OBJECTED,
    RECORDED,
    REJECTED,
    RULES,
    SIMPLE,
    TWO_THIRDS,
    UNANIMITY,
    UNANIMITY_OF_SEATS,
    WRITTEN,
    WRITTEN_PROCEDURE_DEFAULT_RULE,
    Counts,
    passes,
    required_participation,
    required_yes,
    tally,
)

HALF = Fraction(1, 2)
QUORUM_RULES = (MAJORITY_OF_SEATS, THIRD_OF_SEATS, NO_QUORUM_RULE)


# Each rule as its plain-language definition, written apart from the implementation.
def _spec_passes(rule: str, yes: int, no: int, abstain: int, seats: int) -> bool:
    cast = yes + no + abstain
    decided = yes + no
    return {
        SIMPLE: yes > no,
        ABSOLUTE: cast > 0 and Fraction(yes, cast) > HALF,
        ABSOLUTE_OF_SEATS: seats > 0 and Fraction(yes, seats) > HALF,
        TWO_THIRDS: decided > 0 and Fraction(yes, decided) >= Fraction(2, 3),
        UNANIMITY: cast > 0 and yes == cast,
        CONSENSUS: yes > 0 and no == 0,
        UNANIMITY_OF_SEATS: seats > 0 and yes == seats,
    }[rule]


def _spec_quorate(quorum_rule: str, voted: int, seats: int) -> bool:
    share = Fraction(voted, seats) if seats else Fraction(0)
    return {
        MAJORITY_OF_SEATS: share > HALF,
        THIRD_OF_SEATS: share >= Fraction(1, 3) and voted > 0,
        NO_QUORUM_RULE: voted > 0,
    }[quorum_rule]


def _small_ballots() -> list[tuple[Counts, int]]:
    return [
        (Counts(yes, no, abstain), seats)
        for seats in range(8)
        for yes in range(seats + 1)
        for no in range(seats + 1 - yes)
        for abstain in range(seats + 1 - yes - no)
    ]


@st.composite
def ballots(draw: st.DrawFn, min_seats: int = 0) -> tuple[Counts, int]:
    """Draw vote counts and a number of voting seats that can hold them."""
    seats = draw(st.integers(min_seats, 40))
    first = draw(st.integers(0, seats))
    second = draw(st.integers(0, seats - first))
    third = draw(st.integers(0, seats - first - second))
    yes, no, abstain = draw(st.permutations([first, second, third]))
    return Counts(yes, no, abstain), seats


rules = st.sampled_from(sorted(RULES))


# Counts


def test_the_votes_cast_are_yes_no_and_abstentions_together():
    assert Counts(yes=4, no=2, abstain=3).cast == 9
    assert Counts(yes=1, no=1).abstain == 0


@pytest.mark.parametrize("counts", [(-1, 0, 0), (0, -1, 0), (0, 0, -1)])
def test_negative_counts_are_errors(counts):
    with pytest.raises(ValueError):
        Counts(*counts)


# Named examples, one rule at a time: rule, (yes, no, abstain), voting seats, passes, name


EXAMPLES = [
    (SIMPLE, (3, 2, 0), 9, True, "simple: more yes than no passes"),
    (SIMPLE, (3, 3, 0), 9, False, "simple: a tie fails"),
    (SIMPLE, (2, 1, 6), 9, True, "simple: abstentions do not count"),
    (ABSOLUTE, (4, 1, 3), 9, False, "absolute: abstentions count against"),
    (ABSOLUTE, (5, 1, 3), 9, True, "absolute: more than half of the votes cast"),
    (ABSOLUTE, (4, 0, 4), 9, False, "absolute: exactly half of the votes cast fails"),
    (ABSOLUTE_OF_SEATS, (7, 0, 0), 14, False, "of seats: half of 14 seats fails"),
    (ABSOLUTE_OF_SEATS, (8, 0, 0), 14, True, "of seats: 8 of 14 seats passes"),
    (ABSOLUTE_OF_SEATS, (8, 0, 0), 15, True, "of seats: 8 of 15 seats passes"),
    (ABSOLUTE_OF_SEATS, (5, 0, 0), 10, False, "of seats: absent seats count"),
    (TWO_THIRDS, (2, 1, 0), 9, True, "two thirds: 2 against 1 passes"),
    (TWO_THIRDS, (3, 2, 0), 9, False, "two thirds: 3 against 2 fails"),
    (TWO_THIRDS, (4, 2, 3), 9, True, "two thirds: abstentions do not count"),
    (TWO_THIRDS, (0, 0, 5), 9, False, "two thirds: needs a yes vote"),
    (UNANIMITY, (5, 0, 0), 9, True, "unanimity: all votes cast are yes"),
    (UNANIMITY, (5, 0, 1), 9, False, "unanimity: one abstention fails"),
    (UNANIMITY, (5, 1, 0), 9, False, "unanimity: one no fails"),
    (CONSENSUS, (1, 0, 8), 9, True, "consensus: abstentions are allowed"),
    (CONSENSUS, (8, 1, 0), 9, False, "consensus: one no fails"),
    (UNANIMITY_OF_SEATS, (9, 0, 0), 9, True, "unanimity of seats: every seat yes"),
    (UNANIMITY_OF_SEATS, (8, 0, 0), 9, False, "unanimity of seats: one seat missing"),
]


@pytest.mark.parametrize(
    ("rule", "votes", "seats", "passed"),
    [example[:4] for example in EXAMPLES],
    ids=[example[4] for example in EXAMPLES],
)
def test_each_rule_carries_a_proposal_as_its_definition_says(rule, votes, seats, passed):
    assert passes(rule, Counts(*votes), seats) is passed


@pytest.mark.parametrize("rule", sorted(RULES))
def test_no_rule_passes_without_any_vote(rule):
    assert not passes(rule, Counts(0, 0, 0), 5)


# Exhaustive comparison with the definitions for small electorates


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_small_ballot_passes_exactly_as_the_rule_is_defined(rule):
    wrong = [
        (counts, seats)
        for counts, seats in _small_ballots()
        if passes(rule, counts, seats)
        != _spec_passes(rule, counts.yes, counts.no, counts.abstain, seats)
    ]
    assert wrong == []


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_small_ballot_passes_exactly_when_it_has_the_required_yes_votes(rule):
    wrong = []
    for counts, seats in _small_ballots():
        needed = required_yes(rule, counts, seats)
        expected = needed is not None and counts.yes >= needed
        if _spec_passes(rule, counts.yes, counts.no, counts.abstain, seats) != expected:
            wrong.append((counts, seats, needed))
    assert wrong == []


@pytest.mark.parametrize("quorum_rule", QUORUM_RULES)
@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_small_written_procedure_ends_as_defined(rule, quorum_rule):
    wrong = []
    for counts, seats in _small_ballots():
        if not _spec_quorate(quorum_rule, counts.cast, seats):
            expected = NOT_QUORATE
        elif _spec_passes(rule, counts.yes, counts.no, counts.abstain, seats):
            expected = ADOPTED
        else:
            expected = REJECTED
        outcome = tally(WRITTEN, rule, counts, seats, quorum_rule=quorum_rule)
        if outcome.status != expected:
            wrong.append((counts, seats, outcome.status))
    assert wrong == []


# Required yes votes ("needed N yes votes")


def test_the_result_says_how_many_yes_votes_were_needed():
    assert required_yes(ABSOLUTE_OF_SEATS, Counts(yes=6, no=2), 14) == 8
    assert required_yes(SIMPLE, Counts(yes=3, no=3, abstain=2), 9) == 4
    assert required_yes(ABSOLUTE, Counts(yes=3, no=3, abstain=2), 9) == 6
    assert required_yes(TWO_THIRDS, Counts(yes=3, no=2), 9) == 4


def test_no_number_of_yes_votes_overcomes_a_no_under_unanimity_or_consensus():
    assert required_yes(UNANIMITY, Counts(yes=5, no=1), 9) is None
    assert required_yes(UNANIMITY, Counts(yes=5, no=0, abstain=1), 9) is None
    assert required_yes(CONSENSUS, Counts(yes=5, no=1), 9) is None
    assert required_yes(CONSENSUS, Counts(yes=5, no=0, abstain=1), 9) == 1


def test_the_needed_number_may_exceed_the_seats_left():
    # Six no votes out of ten: even four more yes votes would not have been the needed seven.
    assert required_yes(SIMPLE, Counts(yes=0, no=6), 10) == 7


# Ballots in a meeting


@pytest.mark.parametrize("kind", [RECORDED, ELECTRONIC])
def test_in_a_meeting_the_result_is_the_rule_applied_to_the_votes(kind):
    adopted = tally(kind, TWO_THIRDS, Counts(yes=6, no=3, abstain=1), 12)
    rejected = tally(kind, TWO_THIRDS, Counts(yes=5, no=3, abstain=1), 12)
    assert (adopted.status, adopted.required_yes) == (ADOPTED, 6)
    assert (rejected.status, rejected.required_yes) == (REJECTED, 6)
    assert adopted.is_adopted and not rejected.is_adopted


def test_a_meeting_ballot_is_not_judged_by_how_many_seats_voted():
    outcome = tally(RECORDED, SIMPLE, Counts(yes=1, no=0), 10, quorum_rule=MAJORITY_OF_SEATS)
    assert outcome.status == ADOPTED
    assert outcome.required_participation is None


def test_the_outcome_keeps_what_the_result_page_shows():
    counts = Counts(yes=6, no=2, abstain=1)
    outcome = tally(ELECTRONIC, ABSOLUTE_OF_SEATS, counts, 14)
    assert outcome.counts == counts and outcome.voting_seats == 14
    assert (outcome.kind, outcome.rule) == (ELECTRONIC, ABSOLUTE_OF_SEATS)
    assert (outcome.status, outcome.required_yes) == (REJECTED, 8)


def test_no_one_can_object_to_a_ballot_in_a_meeting():
    with pytest.raises(ValueError):
        tally(RECORDED, SIMPLE, Counts(yes=3, no=0), 5, objections=1)


# Written procedure (Umlaufverfahren)


def test_by_default_the_written_procedure_needs_every_seat_to_vote_yes():
    assert WRITTEN_PROCEDURE_DEFAULT_RULE == UNANIMITY_OF_SEATS
    outcome = tally(WRITTEN, WRITTEN_PROCEDURE_DEFAULT_RULE, Counts(yes=7, no=0), 7)
    assert (outcome.status, outcome.required_yes) == (ADOPTED, 7)


@pytest.mark.parametrize(
    "votes", [(6, 0, 0), (6, 0, 1)], ids=["one seat did not vote", "one seat abstained"]
)
def test_by_default_one_seat_short_of_all_yes_means_not_adopted(votes):
    outcome = tally(
        WRITTEN, WRITTEN_PROCEDURE_DEFAULT_RULE, Counts(*votes), 7, quorum_rule=MAJORITY_OF_SEATS
    )
    assert outcome.status == REJECTED


@pytest.mark.parametrize(
    ("quorum_rule", "too_few", "enough"),
    [(MAJORITY_OF_SEATS, 3, 4), (THIRD_OF_SEATS, 2, 3), (NO_QUORUM_RULE, 0, 1)],
)
def test_a_written_procedure_needs_enough_seats_to_take_part(quorum_rule, too_few, enough):
    low = tally(WRITTEN, SIMPLE, Counts(yes=too_few, no=0), 7, quorum_rule=quorum_rule)
    high = tally(WRITTEN, SIMPLE, Counts(yes=enough, no=0), 7, quorum_rule=quorum_rule)
    assert low.status == NOT_QUORATE
    assert high.status == ADOPTED
    assert high.required_participation == enough


def test_abstentions_and_no_votes_count_as_taking_part():
    outcome = tally(
        WRITTEN, SIMPLE, Counts(yes=2, no=1, abstain=1), 7, quorum_rule=MAJORITY_OF_SEATS
    )
    assert outcome.status == ADOPTED


def test_a_written_procedure_with_too_few_votes_is_not_quorate_rather_than_rejected():
    outcome = tally(WRITTEN, SIMPLE, Counts(yes=0, no=2), 7, quorum_rule=MAJORITY_OF_SEATS)
    assert outcome.status == NOT_QUORATE


def test_an_objection_sends_the_item_to_the_next_meeting_even_if_all_voted_yes():
    outcome = tally(WRITTEN, UNANIMITY_OF_SEATS, Counts(yes=7, no=0), 7, objections=1)
    assert outcome.status == OBJECTED
    assert not outcome.is_adopted
    assert outcome.objections == 1


def test_an_objection_counts_before_participation():
    outcome = tally(
        WRITTEN, SIMPLE, Counts(0, 0, 0), 7, quorum_rule=MAJORITY_OF_SEATS, objections=1
    )
    assert outcome.status == OBJECTED


def test_participation_needed_follows_the_body_quorum_rule():
    assert required_participation(MAJORITY_OF_SEATS, 10) == 6
    assert required_participation(THIRD_OF_SEATS, 10) == 4
    assert required_participation(NO_QUORUM_RULE, 10) == 1


# Errors


def test_unknown_rules_and_kinds_are_errors():
    with pytest.raises(ValueError):
        passes("most", Counts(yes=3, no=0), 5)
    with pytest.raises(ValueError):
        required_yes("most", Counts(yes=3, no=0), 5)
    with pytest.raises(ValueError):
        tally("secret", SIMPLE, Counts(yes=3, no=0), 5)
    with pytest.raises(ValueError):
        tally(WRITTEN, SIMPLE, Counts(yes=3, no=0), 5, quorum_rule="most")


def test_more_votes_than_voting_seats_is_an_error():
    with pytest.raises(ValueError):
        passes(SIMPLE, Counts(yes=3, no=2, abstain=1), 5)
    with pytest.raises(ValueError):
        tally(RECORDED, SIMPLE, Counts(yes=6, no=0), 5)


def test_negative_seats_and_impossible_objections_are_errors():
    with pytest.raises(ValueError):
        passes(SIMPLE, Counts(0, 0, 0), -1)
    with pytest.raises(ValueError):
        tally(WRITTEN, SIMPLE, Counts(yes=1, no=0), 5, objections=-1)
    with pytest.raises(ValueError):
        tally(WRITTEN, SIMPLE, Counts(yes=1, no=0), 5, objections=6)


def test_every_rule_and_quorum_rule_a_body_can_choose_is_known():
    from portal.models import MajorityRule, QuorumRule

    assert {rule.value for rule in MajorityRule} == RULES
    for quorum_rule in QuorumRule:
        assert required_participation(quorum_rule.value, 7) >= 1


# Properties


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_counts_add_up(yes, no, abstain):
    assert Counts(yes, no, abstain).cast == yes + no + abstain


@settings(max_examples=300, deadline=None)
@given(rules, ballots())
def test_no_rule_passes_with_more_no_than_yes(rule, ballot):
    counts, seats = ballot
    if counts.no > counts.yes:
        assert not passes(rule, counts, seats)


@settings(max_examples=300, deadline=None)
@given(rules, ballots())
def test_no_rule_passes_without_a_yes_vote(rule, ballot):
    counts, seats = ballot
    if counts.yes == 0:
        assert not passes(rule, counts, seats)


@settings(max_examples=300, deadline=None)
@given(rules, ballots())
def test_no_rule_passes_on_a_tie(rule, ballot):
    counts, seats = ballot
    if counts.yes == counts.no:
        assert not passes(rule, counts, seats)


@settings(max_examples=300, deadline=None)
@given(rules, ballots())
def test_one_more_yes_vote_never_turns_a_pass_into_a_fail(rule, ballot):
    counts, seats = ballot
    if counts.cast < seats and passes(rule, counts, seats):
        assert passes(rule, Counts(counts.yes + 1, counts.no, counts.abstain), seats)


@settings(max_examples=300, deadline=None)
@given(rules, ballots())
def test_one_more_no_vote_never_turns_a_fail_into_a_pass(rule, ballot):
    counts, seats = ballot
    if counts.cast < seats and not passes(rule, counts, seats):
        assert not passes(rule, Counts(counts.yes, counts.no + 1, counts.abstain), seats)


@settings(max_examples=300, deadline=None)
@given(rules, ballots())
def test_a_ballot_passes_exactly_when_it_has_the_required_yes_votes(rule, ballot):
    counts, seats = ballot
    needed = required_yes(rule, counts, seats)
    assert passes(rule, counts, seats) == (needed is not None and counts.yes >= needed)


@pytest.mark.parametrize(
    ("stricter", "looser"),
    [
        (UNANIMITY_OF_SEATS, UNANIMITY),
        (UNANIMITY, CONSENSUS),
        (CONSENSUS, SIMPLE),
        (UNANIMITY, TWO_THIRDS),
        (TWO_THIRDS, SIMPLE),
        (ABSOLUTE, SIMPLE),
        (ABSOLUTE_OF_SEATS, ABSOLUTE),
    ],
)
@settings(max_examples=300, deadline=None)
@given(ballot=ballots())
def test_a_stricter_rule_implies_a_looser_one(stricter, looser, ballot):
    counts, seats = ballot
    if passes(stricter, counts, seats):
        assert passes(looser, counts, seats)


@settings(max_examples=300, deadline=None)
@given(rules, st.sampled_from(QUORUM_RULES), ballots())
def test_a_written_procedure_never_passes_when_too_few_seats_voted(rule, quorum_rule, ballot):
    counts, seats = ballot
    outcome = tally(WRITTEN, rule, counts, seats, quorum_rule=quorum_rule)
    if counts.cast < required_participation(quorum_rule, seats):
        assert outcome.status == NOT_QUORATE
    if outcome.is_adopted:
        assert _spec_quorate(quorum_rule, counts.cast, seats)


@settings(max_examples=300, deadline=None)
@given(rules, st.sampled_from(QUORUM_RULES), ballots(min_seats=1), st.data())
def test_any_objection_to_a_written_procedure_gives_objected(rule, quorum_rule, ballot, data):
    counts, seats = ballot
    objections = data.draw(st.integers(1, seats))
    outcome = tally(WRITTEN, rule, counts, seats, quorum_rule=quorum_rule, objections=objections)
    assert outcome.status == OBJECTED
