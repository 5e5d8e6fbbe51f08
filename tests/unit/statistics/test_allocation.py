"""Staffing calculator: posts split across municipalities by largest remainder or Sainte-Laguë."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.statistics.allocation import (
    FIELDS,
    MAX_UNITS,
    Allocation,
    AllocationError,
    Method,
    allocate,
)

LR = Method.LARGEST_REMAINDER
SL = Method.SAINTE_LAGUE

#: Invented but plausible refugee numbers of the eight municipalities of the Rhein-Kreis Neuss.
RHEIN_KREIS_NEUSS = {
    "Neuss": 4200,
    "Dormagen": 1700,
    "Grevenbroich": 1650,
    "Meerbusch": 1050,
    "Kaarst": 900,
    "Korschenbroich": 640,
    "Jüchen": 520,
    "Rommerskirchen": 310,
}
SIX = Decimal("6.0")


def _shares(result: Allocation) -> list[str]:
    return [str(share) for share in result.shares.values()]


def _units(result: Allocation) -> list[int]:
    return [int(share) for share in result.shares.values()]


def _webster_round(value: Fraction) -> int:
    """Round half up, the rounding of Sainte-Laguë's divisor form."""
    return int(value + Fraction(1, 2))


# Published examples -----

# Electowiki, "Alabama paradox": votes 56.7 %, 38.5 %, 4.2 %, 0.6 %; 323 and 324 seats.
ALABAMA = {"A": 567, "B": 385, "C": 42, "D": 6}
# Garfunkel (COMAP), "For All Practical Purposes", 10th ed., exercise 14.45 (Hamilton method).
COMAP = {"P1": 5_576_330, "P2": 1_387_342, "P3": 3_334_241, "P4": 7_512_860, "P5": 310_968}


def test_largest_remainder_reproduces_the_published_alabama_paradox():
    small = allocate(Decimal(323), Decimal(1), ALABAMA, method=LR)
    large = allocate(Decimal(324), Decimal(1), ALABAMA, method=LR)

    assert _units(small) == [183, 124, 14, 2]
    assert _units(large) == [184, 125, 13, 2]  # C loses a seat although there is one more


def test_sainte_lague_does_not_take_a_unit_away_on_the_same_input():
    small = allocate(Decimal(323), Decimal(1), ALABAMA, method=SL)
    large = allocate(Decimal(324), Decimal(1), ALABAMA, method=SL)

    assert _units(small) == [183, 124, 14, 2]
    assert _units(large) == [183, 125, 14, 2]


def test_largest_remainder_reproduces_the_textbook_exercise_for_89_90_and_91_seats():
    results = [_units(allocate(Decimal(n), Decimal(1), COMAP, method=LR)) for n in (89, 90, 91)]

    assert results == [[27, 7, 16, 37, 2], [28, 7, 17, 37, 1], [28, 7, 17, 38, 1]]


def test_the_two_methods_differ_on_the_textbook_exercise_and_a_divisor_confirms_sainte_lague():
    hare = allocate(Decimal(90), Decimal(1), COMAP, method=LR)
    webster = allocate(Decimal(90), Decimal(1), COMAP, method=SL)

    assert _units(hare) == [28, 7, 17, 37, 1]
    assert _units(webster) == [28, 7, 16, 37, 2]
    # Sainte-Laguë in divisor form: one divisor that rounds every party to its seats.
    assert [_webster_round(Fraction(votes, 202_500)) for votes in COMAP.values()] == [
        28,
        7,
        16,
        37,
        2,
    ]


# The Rhein-Kreis Neuss with six posts -----


def test_half_posts_by_largest_remainder_in_the_rhein_kreis_neuss():
    # 12 units; quotas 4.594, 1.860, 1.805, 1.149, 0.985, 0.700, 0.569, 0.339 → whole parts 4, 1,
    # 1, 1 (7 units); the 5 left go to Kaarst .985, Dormagen .860, Grevenbroich .805,
    # Korschenbroich .700 and Neuss .594.
    result = allocate(SIX, Decimal("0.5"), RHEIN_KREIS_NEUSS, method=LR)

    assert _shares(result) == ["2.5", "1.0", "1.0", "0.5", "0.5", "0.5", "0.0", "0.0"]
    assert result.units == 12
    assert result.method is LR
    assert result.ties == ()
    assert result.at_minimum == ()


def test_half_posts_by_sainte_lague_in_the_rhein_kreis_neuss_differ_for_neuss_and_juechen():
    result = allocate(SIX, Decimal("0.5"), RHEIN_KREIS_NEUSS, method=SL)

    assert _shares(result) == ["2.0", "1.0", "1.0", "0.5", "0.5", "0.5", "0.5", "0.0"]
    # Divisor 1000 refugees per half post: 4.2, 1.7, 1.65, 1.05, 0.9, 0.64, 0.52, 0.31 rounded.
    assert [_webster_round(Fraction(n, 1000)) for n in RHEIN_KREIS_NEUSS.values()] == [
        4,
        2,
        2,
        1,
        1,
        1,
        1,
        0,
    ]


@pytest.mark.parametrize("method", list(Method))
def test_quarter_posts_in_the_rhein_kreis_neuss(method):
    # 24 units; whole parts 9, 3, 3, 2, 1, 1, 1, 0; the 4 left go to Kaarst .969, Dormagen .719,
    # Rommerskirchen .678 and Grevenbroich .610. Sainte-Laguë agrees here.
    result = allocate(SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=method)

    assert _shares(result) == ["2.25", "1.00", "1.00", "0.50", "0.50", "0.25", "0.25", "0.25"]
    assert result.units == 24
    assert sum(result.shares.values()) == SIX


def test_quotas_are_exact_fractions_of_the_total():
    result = allocate(SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=LR)

    assert result.quotas["Neuss"] == Fraction(6 * 4200, 10970)
    assert result.quotas["Rommerskirchen"] == Fraction(186, 1097)
    assert sum(result.quotas.values()) == 6
    assert all(isinstance(quota, Fraction) for quota in result.quotas.values())


def test_shares_keep_the_order_in_which_the_municipalities_were_given():
    reordered = dict(reversed(RHEIN_KREIS_NEUSS.items()))

    result = allocate(SIX, Decimal("0.25"), reordered, method=SL)

    assert list(result.shares) == list(reordered)
    assert list(result.quotas) == list(reordered)


# The minimum -----


@pytest.mark.parametrize("method", list(Method))
def test_a_minimum_fixes_the_small_municipalities_and_shares_the_rest_proportionally(method):
    # Round 1: quotas of the whole below 2 units (0.5 FTE): Kaarst 1.97, Korschenbroich 1.40,
    # Jüchen 1.14, Rommerskirchen 0.68. Round 2: 16 units among the other four put Meerbusch at
    # 1.95, below the minimum too. Round 3: 14 units among three: 7.79, 3.15, 3.06 → 8, 3, 3.
    result = allocate(
        SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=method, minimum=Decimal("0.5")
    )

    assert _shares(result) == ["2.00", "0.75", "0.75", "0.50", "0.50", "0.50", "0.50", "0.50"]
    assert result.at_minimum == (
        "Meerbusch",
        "Kaarst",
        "Korschenbroich",
        "Jüchen",
        "Rommerskirchen",
    )
    assert sum(result.shares.values()) == SIX


def test_a_minimum_already_met_changes_nothing_but_names_who_was_lifted():
    without = allocate(SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=LR)
    lifted = allocate(SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=LR, minimum=Decimal("0.25"))

    assert lifted.shares == without.shares
    assert lifted.at_minimum == ("Rommerskirchen",)  # its quota, 0.68 units, is below one


def test_a_municipality_without_refugees_still_gets_the_minimum():
    weights = {"Neuss": 10, "Rommerskirchen": 0}

    result = allocate(Decimal(2), Decimal("0.5"), weights, method=SL, minimum=Decimal("0.5"))

    assert _shares(result) == ["1.5", "0.5"]
    assert result.at_minimum == ("Rommerskirchen",)


def test_without_a_minimum_a_municipality_without_refugees_gets_nothing():
    result = allocate(Decimal(2), Decimal("0.5"), {"Neuss": 10, "Jüchen": 0}, method=LR)

    assert _shares(result) == ["2.0", "0.0"]


def test_a_minimum_that_uses_up_the_total_gives_everyone_exactly_the_minimum():
    result = allocate(SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=LR, minimum=Decimal("0.75"))

    assert set(result.shares.values()) == {Decimal("0.75")}


# Ties -----


@pytest.mark.parametrize("method", list(Method))
def test_a_tie_goes_to_the_larger_weight_and_is_reported(method):
    # Largest remainder: quotas 1.5 and 0.5, both remainders .5. Sainte-Laguë: after Kaarst's
    # first unit its next quotient 3 / 3 equals Jüchen's 1 / 1.
    result = allocate(Decimal(2), Decimal(1), {"Jüchen": 1, "Kaarst": 3}, method=method)

    assert _units(result) == [0, 2]
    assert result.ties == ("Kaarst", "Jüchen")


@pytest.mark.parametrize("method", list(Method))
def test_a_tie_between_equal_weights_goes_by_name(method):
    result = allocate(
        Decimal(2), Decimal(1), {"Meerbusch": 5, "Kaarst": 5, "Dormagen": 5}, method=method
    )

    assert _units(result) == [0, 1, 1]
    assert result.ties == ("Dormagen", "Kaarst", "Meerbusch")


def test_the_textbook_tie_at_fifty_seats_is_decided_and_reported_for_both_methods():
    # Populations 3 %, 7 %, 90 % and 50 seats: quotas 1.5, 3.5, 45.
    for method in Method:
        result = allocate(Decimal(50), Decimal(1), {"A": 3, "B": 7, "C": 90}, method=method)

        assert _units(result) == [1, 4, 45]
        assert result.ties == ("B", "A")


def test_no_tie_is_reported_when_the_shares_are_even():
    result = allocate(Decimal(3), Decimal(1), {"A": 1, "B": 1, "C": 1}, method=SL)

    assert _units(result) == [1, 1, 1]
    assert result.ties == ()


def test_the_result_does_not_depend_on_the_order_of_the_input():
    names = list(RHEIN_KREIS_NEUSS)
    random.Random(7).shuffle(names)
    shuffled = {name: RHEIN_KREIS_NEUSS[name] for name in names}
    tied = {"A": 4, "B": 4, "C": 4, "D": 4, "E": 4}

    for method in Method:
        for weights, reordered in (
            (RHEIN_KREIS_NEUSS, shuffled),
            (tied, dict(reversed(tied.items()))),
        ):
            first = allocate(SIX, Decimal("0.5"), weights, method=method)
            second = allocate(SIX, Decimal("0.5"), reordered, method=method)

            assert first.shares == second.shares
            assert first.ties == second.ties


# Errors -----


def _error(*args, **kwargs) -> AllocationError:
    with pytest.raises(AllocationError) as caught:
        allocate(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize("total", [Decimal(0), Decimal(-6), Decimal("NaN"), Decimal("Infinity")])
def test_a_total_that_is_not_positive_is_refused(total):
    error = _error(total, Decimal("0.5"), RHEIN_KREIS_NEUSS, method=LR)

    assert error.field == "total"
    assert error.message == "Die Gesamtzahl der Stellen muss größer als 0 sein."


@pytest.mark.parametrize("step", [Decimal(0), Decimal("-0.5"), Decimal("NaN")])
def test_a_step_that_is_not_positive_is_refused(step):
    error = _error(SIX, step, RHEIN_KREIS_NEUSS, method=LR)

    assert error.field == "step"
    assert error.message == "Die Schrittweite muss größer als 0 sein."


def test_a_total_that_is_not_a_whole_number_of_steps_is_refused():
    error = _error(Decimal("6.1"), Decimal("0.25"), RHEIN_KREIS_NEUSS, method=SL)

    assert isinstance(error, ValueError)
    assert error.field == "step"
    assert error.params == {"total": Decimal("6.1"), "step": Decimal("0.25")}
    assert str(error) == "Die Gesamtzahl 6.1 FTE lässt sich nicht in Schritte von 0.25 teilen."


def test_a_step_finer_than_the_unit_limit_is_refused():
    error = _error(SIX, Decimal("0.0001"), RHEIN_KREIS_NEUSS, method=SL)

    assert error.field == "step"
    assert error.params["max"] == MAX_UNITS


def test_the_unit_limit_itself_is_allowed():
    result = allocate(Decimal(MAX_UNITS), Decimal(1), RHEIN_KREIS_NEUSS, method=SL)

    assert result.units == MAX_UNITS


def test_a_negative_minimum_is_refused():
    error = _error(SIX, Decimal("0.5"), RHEIN_KREIS_NEUSS, method=LR, minimum=Decimal("-0.5"))

    assert error.field == "minimum"
    assert error.message == "Die Mindestausstattung darf nicht negativ sein."


def test_a_minimum_that_is_not_a_multiple_of_the_step_is_refused():
    error = _error(SIX, Decimal("0.5"), RHEIN_KREIS_NEUSS, method=LR, minimum=Decimal("0.25"))

    assert error.field == "minimum"
    assert error.params == {"step": Decimal("0.5")}


def test_a_minimum_beyond_the_total_for_all_municipalities_is_refused():
    error = _error(SIX, Decimal("0.25"), RHEIN_KREIS_NEUSS, method=LR, minimum=Decimal("1"))

    assert error.field == "minimum"
    assert error.params == {"count": 8, "minimum": Decimal(1), "total": SIX}
    assert "8 Kommunen" in str(error)


def test_no_municipality_is_refused():
    error = _error(SIX, Decimal("0.5"), {}, method=LR)

    assert error.field == "weights"
    assert error.message == "Bitte geben Sie mindestens eine Kommune an."


def test_a_negative_weight_is_refused_with_the_municipality_named():
    error = _error(SIX, Decimal("0.5"), {"Neuss": 10, "Kaarst": -1}, method=LR)

    assert error.field == "weights"
    assert error.params == {"municipality": "Kaarst"}


def test_only_zero_weights_are_refused():
    error = _error(SIX, Decimal("0.5"), {"Neuss": 0, "Kaarst": 0}, method=SL)

    assert error.field == "weights"
    assert error.message == "Mindestens eine Kommune muss mehr als 0 Geflüchtete haben."


@pytest.mark.parametrize("weight", [1.5, True, "12"])
def test_a_weight_that_is_not_an_int_is_a_programming_error(weight):
    with pytest.raises(TypeError):
        allocate(SIX, Decimal("0.5"), {"Neuss": weight}, method=LR)


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        allocate(SIX, Decimal("0.5"), RHEIN_KREIS_NEUSS, method="dhondt")


def test_the_method_may_be_given_as_its_stored_string():
    assert allocate(SIX, Decimal("0.5"), RHEIN_KREIS_NEUSS, method="sainte_lague").method is SL


def test_every_error_names_a_known_field():
    errors = [
        _error(Decimal(0), Decimal(1), {"A": 1}, method=LR),
        _error(Decimal(1), Decimal(0), {"A": 1}, method=LR),
        _error(Decimal(1), Decimal(1), {"A": 1}, method=LR, minimum=Decimal(2)),
        _error(Decimal(1), Decimal(1), {"A": 0}, method=LR),
    ]

    assert {error.field for error in errors} == set(FIELDS)


# Properties -----

STEPS = st.sampled_from([Decimal("0.1"), Decimal("0.25"), Decimal("0.5"), Decimal(1)])
WEIGHTS = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=5000),
    min_size=1,
    max_size=9,
).filter(lambda weights: any(weights.values()))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=120), STEPS, WEIGHTS, st.sampled_from(list(Method)))
def test_shares_always_add_up_to_the_total_exactly(units, step, weights, method):
    total = step * units

    result = allocate(total, step, weights, method=method)

    assert sum(result.shares.values()) == total
    assert all(share >= 0 and share % step == 0 for share in result.shares.values())
    assert sum(result.quotas.values()) == Fraction(total)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=120), STEPS, WEIGHTS)
def test_largest_remainder_keeps_every_share_within_one_step_of_its_quota(units, step, weights):
    result = allocate(step * units, step, weights, method=LR)

    for name, share in result.shares.items():
        assert abs(Fraction(share) - result.quotas[name]) < Fraction(step)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=120), STEPS, WEIGHTS)
def test_sainte_lague_never_takes_a_share_away_when_the_total_grows(units, step, weights):
    smaller = allocate(step * units, step, weights, method=SL)
    larger = allocate(step * (units + 1), step, weights, method=SL)

    assert all(larger.shares[name] >= smaller.shares[name] for name in weights)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=4),
    st.integers(min_value=0, max_value=60),
    STEPS,
    WEIGHTS,
    st.sampled_from(list(Method)),
)
def test_with_a_minimum_nobody_ends_below_it_and_the_sum_stays_exact(
    minimum_units, spare_units, step, weights, method
):
    minimum = step * minimum_units
    total = minimum * len(weights) + step * spare_units
    if total <= 0:
        total = step

    result = allocate(total, step, weights, method=method, minimum=minimum)

    assert sum(result.shares.values()) == total
    assert all(share >= minimum for share in result.shares.values())
    assert all(result.shares[name] == minimum for name in result.at_minimum)
