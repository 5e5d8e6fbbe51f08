"""Linked tables of a quarter: municipalities and district total are suppressed together."""

import pytest

from portal.statistics import catalogue
from portal.statistics.disclosure import Line, audit
from portal.statistics.linked import (
    TOTAL,
    build_bounds,
    build_cells,
    cost,
    protect_period,
)

SHARING_OPEN = [dim for dim in catalogue.DIMENSIONS if dim.total == "open"]


def quarter(**items: int) -> dict[str, int]:
    """Return a consistent municipality quarter with large counts unless ``items`` says otherwise.

    Each breakdown with a total puts whatever the given categories leave into its last free
    category, so the breakdowns always add up.
    """
    figures = dict.fromkeys(catalogue.ITEMS, 6)
    figures |= {"open": 40, "new": 12, "closed": 10, "naturalisation": 5}
    figures |= {item: value for item, value in items.items() if "." not in item}
    for dim in catalogue.DIMENSIONS:
        given = {item: items[item] for item in dim.items if item in items}
        if dim.total is not None:
            filler = next(item for item in reversed(dim.items) if item not in given)
            others = {item: 0 for item in dim.items if item not in given and item != filler}
            rest = figures[dim.total] - sum(given.values())
            figures |= others | given | {filler: rest}
        elif dim.bound is not None:
            most = figures[dim.bound]
            figures |= {item: min(figures[item], most) for item in dim.items} | given
        else:
            figures |= given
    assert catalogue.inconsistencies(figures) == []
    return figures


def hidden_in(line: Line, suppressed) -> int:
    return sum(cell in suppressed for cell in (line.total, *line.parts))


# --- the cells and lines -------------------------------------------------------------------------


def test_district_totals_are_summed_before_suppression():
    figures = {"1": quarter(new=1), "2": quarter(new=2), "3": quarter(new=30)}

    cells, _ = build_cells(figures)

    assert len(cells) == 4 * len(catalogue.ITEMS)
    assert cells[(TOTAL, "new")] == 33
    assert cells[(TOTAL, "open")] == 120
    assert cells[("2", "new")] == 2


def test_lines_link_breakdowns_to_their_measure_and_municipalities_to_the_district():
    _, lines = build_cells({"1": quarter(), "2": quarter()})
    by_total = {}
    for line in lines:
        by_total.setdefault(line.total, []).append(set(line.parts))

    stage = {("1", item) for item in catalogue.dimension("stage").items}
    assert stage in by_total[("1", "open")]
    assert len(by_total[("1", "open")]) == len(SHARING_OPEN)
    assert by_total[("1", "closed")] == [
        {("1", item) for item in catalogue.dimension("closed_reason").items}
    ]
    assert {("1", "new"), ("2", "new")} in by_total[(TOTAL, "new")]
    assert {(TOTAL, item) for item in catalogue.dimension("age").items} in by_total[(TOTAL, "open")]
    for item in catalogue.ITEMS:
        assert {("1", item), ("2", item)} in by_total[(TOTAL, item)]
    # Referrals and need topics add up to nothing within an area, only across municipalities.
    for item in catalogue.dimension("need").items + catalogue.dimension("referral").items:
        assert [line.total for line in lines if ("1", item) in line.parts] == [(TOTAL, item)]
        assert ("1", item) not in by_total


def test_need_topics_are_bounded_by_the_open_cases():
    bounds = build_bounds({"1": quarter()})

    assert len(bounds) == 2 * len(catalogue.dimension("need").items)
    assert {(bound.part[0], bound.limit) for bound in bounds} == {
        ("1", ("1", "open")),
        (TOTAL, (TOTAL, "open")),
    }


def test_cost_puts_district_cells_last_and_measures_with_breakdowns_after_categories():
    assert cost(("1", "stage.1")) < cost(("1", "open")) < cost((TOTAL, "stage.1"))
    assert cost((TOTAL, "stage.1")) < cost((TOTAL, "open"))
    assert cost(("1", "new")) == cost(("1", "stage.1"))  # "new" has no breakdown


# --- validation ----------------------------------------------------------------------------------


def test_a_breakdown_that_does_not_add_up_is_rejected():
    broken = quarter() | {"stage.1": 41}

    with pytest.raises(ValueError, match="'open'"):
        protect_period({"1": quarter(), "2": broken})


@pytest.mark.parametrize(
    "figures",
    [
        {"1": {key: value for key, value in quarter().items() if key != "age.18_26"}},
        {"1": quarter() | {"unknown": 1}},
        {TOTAL: quarter()},
    ],
    ids=["missing item", "unknown item", "reserved area id"],
)
def test_malformed_figures_are_rejected(figures):
    with pytest.raises(ValueError):
        build_cells(figures)


# --- suppression across the views ----------------------------------------------------------------


def test_a_small_municipal_count_cannot_be_recovered_from_the_district_total():
    figures = {"1": quarter(naturalisation=1), "2": quarter(naturalisation=8), "3": quarter()}

    protection = protect_period(figures)

    hidden = protection.suppressed
    assert ("1", "naturalisation") in hidden
    # District total minus the other municipalities would give it away: one more is withheld,
    # another municipality rather than the district total.
    assert ("2", "naturalisation") in hidden or ("3", "naturalisation") in hidden
    assert (TOTAL, "naturalisation") not in hidden
    lo, hi = protection.intervals[("1", "naturalisation")]
    assert hi - lo >= 3


def test_a_single_municipality_takes_the_district_cell_with_it():
    figures = {"1": quarter(new=2, **{"closed_reason.moved_away": 1})}

    protection = protect_period(figures)

    assert {("1", "new"), (TOTAL, "new")} <= protection.suppressed
    assert {("1", "closed_reason.moved_away"), (TOTAL, "closed_reason.moved_away")} <= (
        protection.suppressed
    )
    _, lines = build_cells(figures)
    assert all(hidden_in(line, protection.suppressed) != 1 for line in lines)
    assert all(hi - lo >= 3 for lo, hi in protection.intervals.values())


def test_a_small_category_is_paired_within_its_breakdown_and_leaves_the_measure_alone():
    figures = {"1": quarter(**{"stage.1": 1, "stage.2": 9}), "2": quarter(), "3": quarter()}

    protection = protect_period(figures)

    hidden = protection.suppressed
    assert ("1", "stage.1") in hidden
    assert ("1", "open") not in hidden  # else every other breakdown of "1" would need more
    assert sum(("1", item) in hidden for item in catalogue.dimension("stage").items) >= 2
    for dim in SHARING_OPEN:
        if dim.key != "stage":
            assert not any(("1", item) in hidden for item in dim.items)


def test_a_suppressed_measure_is_protected_in_every_breakdown_that_shares_it():
    figures = {"1": quarter(), "2": quarter(), "3": quarter()}

    protection = protect_period(figures, keep={("1", "open")})

    hidden = protection.suppressed
    for dim in SHARING_OPEN:  # any fully published breakdown would add up to the open cases
        assert any(("1", item) in hidden for item in dim.items), dim.key
    assert ("2", "open") in hidden or ("3", "open") in hidden or (TOTAL, "open") in hidden
    cells, lines = build_cells(figures)
    intervals = audit(cells, lines, hidden, 3, bounds=build_bounds(figures))
    assert intervals == dict(protection.intervals)
    lo, hi = intervals[("1", "open")]
    assert hi - lo >= 3


def test_the_audit_knows_that_a_need_topic_never_exceeds_the_open_cases():
    figures = {
        "1": quarter(open=4, **{"need.language": 2}),
        "2": quarter(**{"need.language": 12}),
        "3": quarter(**{"need.language": 12}),
    }

    protection = protect_period(figures)

    assert protection.intervals[("1", "need.language")] == (0.0, 4.0)


def test_k_is_configurable():
    figures = {"1": quarter(new=4), "2": quarter(), "3": quarter()}

    assert ("1", "new") not in protect_period(figures).suppressed
    assert ("1", "new") in protect_period(figures, k=5).suppressed


def test_a_published_pattern_is_kept_after_a_correction():
    figures = {"1": quarter(new=1), "2": quarter(new=9), "3": quarter(new=7)}
    published = protect_period(figures)
    figures["1"] = quarter(new=5)

    corrected = protect_period(figures, keep=published.suppressed)

    assert corrected.suppressed >= published.suppressed
    assert ("1", "new") in corrected.suppressed
    assert ("1", "new") not in corrected.primary


def test_intervals_after_several_audit_rounds_are_those_a_fresh_audit_finds():
    given = {
        "a": {"stage.2": 4, "age.18_26": 1, "residence.gestattung": 2, "legal.sgb2": 0},
        "b": {"stage.2": 1, "gender.male": 2, "residence.gestattung": 1, "legal.sgb8": 0},
        "c": {"stage.1": 2, "stage.2": 0, "age.18_26": 2, "age.27_35": 1, "gender.female": 1},
    }
    given["a"] |= {"legal.sgb3": 1}
    given["b"] |= {"residence.niederlassung": 0, "legal.sgb12": 0}
    given["c"] |= {"residence.gestattung": 2, "residence.erlaubnis": 2}
    given["c"] |= {"residence.niederlassung": 4, "legal.sgb3": 2, "legal.sgb12": 4}
    figures = {
        area: quarter(open=open_cases, **given[area])
        for area, open_cases in (("a", 5), ("b", 6), ("c", 19))
    }
    cells, lines = build_cells(figures)

    protection = protect_period(figures)

    assert protection.rounds >= 2  # so that later rounds reuse what earlier ones found
    fresh = audit(cells, lines, protection.suppressed, bounds=build_bounds(figures))
    assert dict(protection.intervals) == fresh
