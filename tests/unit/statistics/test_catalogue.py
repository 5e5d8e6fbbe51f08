"""The catalogue of reported figures: items, CSV columns and consistency rules."""

from portal.statistics import catalogue


def _consistent(open_cases: int = 10, closed: int = 4) -> dict[str, int]:
    counts = dict.fromkeys(catalogue.ITEMS, 0)
    counts.update({"open": open_cases, "closed": closed})
    for dimension in catalogue.DIMENSIONS:
        if dimension.total:
            counts[dimension.items[0]] = counts[dimension.total]
    return counts


def test_every_item_has_exactly_one_column_and_a_label():
    assert len(catalogue.ITEMS) == len(set(catalogue.ITEMS))
    assert set(catalogue.ITEM_COLUMNS) == set(catalogue.ITEMS)
    assert len(set(catalogue.COLUMN_ITEMS)) == len(catalogue.ITEMS)
    assert all(catalogue.label(item) for item in catalogue.ITEMS)
    assert not set(catalogue.UNIT_COLUMNS) & set(catalogue.COLUMN_ITEMS)


def test_the_issue_lists_are_all_there():
    sizes = {d.key: len(d.categories) for d in catalogue.DIMENSIONS}
    assert sizes == {
        "closed_reason": 4,
        "referral": 8,
        "stage": 3,
        "age": 4,
        "gender": 4,
        "residence": 5,
        "legal": 6,
        "need": 8,
    }


def test_consistent_counts_pass():
    assert catalogue.inconsistencies(_consistent()) == []


def test_a_breakdown_that_does_not_add_up_is_named_with_both_sums():
    counts = _consistent()
    counts["stage.2"] = 1
    found = catalogue.inconsistencies(counts)
    assert [f.item for f in found] == ["stage.1"]
    assert found[0].params["sum"] == 11 and found[0].params["total"] == 10


def test_closing_reasons_add_up_to_the_closed_cases():
    counts = _consistent(closed=4)
    counts["closed_reason.goals_reached"] = 3
    assert [f.item for f in catalogue.inconsistencies(counts)] == ["closed_reason.goals_reached"]


def test_need_topics_may_overlap_but_none_exceeds_the_open_cases():
    counts = _consistent(open_cases=10)
    counts.update({"need.language": 10, "need.work": 10, "need.housing": 11})
    assert [f.item for f in catalogue.inconsistencies(counts)] == ["need.housing"]


def test_referrals_are_not_bounded_by_cases():
    counts = _consistent(open_cases=2)
    counts["referral.jobcenter"] = 9
    assert catalogue.inconsistencies(counts) == []
