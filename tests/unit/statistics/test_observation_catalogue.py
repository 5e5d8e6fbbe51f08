"""Authorities, topics and the counts of interface observations (pure)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.statistics.observation_catalogue import (
    AUTHORITIES,
    ONLY_AUTHORITY,
    TOPICS,
    is_single,
    last_quarters,
    normalised_authorities,
    pair_counts,
    pairs_of,
    quarter_of,
)

Q1, Q2, Q3 = (2026, 1), (2026, 2), (2026, 3)


def test_the_catalogue_names_the_authorities_and_topics_of_the_issue():
    assert list(AUTHORITIES) == [
        "jobcenter",
        "agentur",
        "auslaenderbehoerde",
        "bamf",
        "jmd",
        "mbe",
        "sozialamt",
        "jugendamt",
        "schule",
        "kammer",
        "kreis",
        "sonstige",
    ]
    assert list(TOPICS) == [
        "aufenthalt",
        "leistungen",
        "sprache",
        "ausbildung_arbeit",
        "anerkennung",
        "wohnen",
        "gesundheit",
        "datenaustausch",
        "erreichbarkeit",
        "sonstiges",
    ]
    assert AUTHORITIES["agentur"] == "Agentur für Arbeit"
    assert AUTHORITIES["sozialamt"] == "Kommune – Sozialamt"
    assert "%(authority)s" in ONLY_AUTHORITY


def test_labels_are_unique_so_no_two_rows_read_alike():
    assert len(set(AUTHORITIES.values())) == len(AUTHORITIES)
    assert len(set(TOPICS.values())) == len(TOPICS)


def test_authorities_are_kept_once_in_catalogue_order():
    assert normalised_authorities(["bamf", "jobcenter", "bamf"]) == ["jobcenter", "bamf"]


def test_a_single_authority_counts_as_a_pair_with_itself():
    assert pairs_of(["jobcenter"]) == [("jobcenter", "jobcenter")]
    assert is_single(("jobcenter", "jobcenter"))
    assert not is_single(("jobcenter", "bamf"))


def test_pairs_are_sorted_so_the_order_of_ticking_does_not_matter():
    assert pairs_of(["auslaenderbehoerde", "jobcenter"]) == pairs_of(
        ["jobcenter", "auslaenderbehoerde"]
    )
    assert pairs_of(["auslaenderbehoerde", "jobcenter"]) == [("jobcenter", "auslaenderbehoerde")]


def test_three_authorities_give_each_of_their_three_pairs():
    assert pairs_of(["bamf", "jobcenter", "agentur"]) == [
        ("jobcenter", "agentur"),
        ("jobcenter", "bamf"),
        ("agentur", "bamf"),
    ]


def test_counts_by_pair_and_topic_per_quarter():
    counts = pair_counts(
        [
            (["jobcenter", "auslaenderbehoerde"], "aufenthalt", Q1),
            (["auslaenderbehoerde", "jobcenter"], "aufenthalt", Q2),
            (["jobcenter", "auslaenderbehoerde"], "leistungen", Q2),
            (["jobcenter"], "leistungen", Q2),
        ]
    )

    assert counts.quarters == (Q1, Q2)
    assert counts.observations == 4
    rows = {row.key: (row.cells, row.total) for row in counts.pairs}
    assert rows == {
        ("jobcenter", "auslaenderbehoerde"): ((1, 2), 3),
        ("jobcenter", "jobcenter"): ((0, 1), 1),
    }
    topics = {row.key: (row.cells, row.total) for row in counts.topics}
    assert topics == {"aufenthalt": ((1, 1), 2), "leistungen": ((0, 2), 2)}


def test_most_frequent_rows_come_first_ties_in_catalogue_order():
    counts = pair_counts(
        [
            (["bamf"], "wohnen", Q1),
            (["jobcenter"], "sprache", Q1),
            (["jobcenter", "bamf"], "sprache", Q1),
            (["jobcenter", "bamf"], "wohnen", Q1),
        ]
    )

    assert [row.key for row in counts.pairs] == [
        ("jobcenter", "bamf"),
        ("jobcenter", "jobcenter"),
        ("bamf", "bamf"),
    ]
    assert [row.key for row in counts.topics] == ["sprache", "wohnen"]
    assert [row.key for row in counts.top_pairs(1)] == [("jobcenter", "bamf")]


def test_fixed_quarters_give_empty_columns_and_leave_out_other_quarters():
    counts = pair_counts(
        [(["jobcenter"], "sprache", Q1), (["jobcenter"], "sprache", Q3)], quarters=[Q2, Q3]
    )

    assert counts.quarters == (Q2, Q3)
    assert counts.observations == 1
    assert [(row.cells, row.total) for row in counts.pairs] == [((0, 1), 1)]


def test_no_observations_give_empty_tables():
    counts = pair_counts([])

    assert (counts.quarters, counts.pairs, counts.topics, counts.observations) == ((), (), (), 0)


def test_quarters_of_months_and_the_last_quarters_across_a_year_end():
    quarters = [quarter_of(month, 2026) for month in range(1, 13)]
    assert quarters == [(2026, 1)] * 3 + [(2026, 2)] * 3 + [(2026, 3)] * 3 + [(2026, 4)] * 3
    assert last_quarters((2026, 2), 4) == ((2025, 3), (2025, 4), (2026, 1), (2026, 2))
    assert last_quarters((2026, 2), 1) == ((2026, 2),)


_observation = st.tuples(
    st.lists(st.sampled_from(list(AUTHORITIES)), min_size=1, max_size=4),
    st.sampled_from(list(TOPICS)),
    st.sampled_from([Q1, Q2, Q3]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_observation, max_size=30))
def test_every_observation_is_counted_once_per_topic_and_once_per_pair(observations):
    counts = pair_counts(observations)

    assert sum(row.total for row in counts.topics) == len(observations)
    assert sum(row.total for row in counts.pairs) == sum(
        len(pairs_of(authorities)) for authorities, _topic, _quarter in observations
    )
    for row in counts.pairs + counts.topics:
        assert row.total == sum(row.cells) > 0
    for row in counts.pairs:
        assert normalised_authorities(row.key) == list(dict.fromkeys(row.key))
    totals = [row.total for row in counts.pairs]
    assert totals == sorted(totals, reverse=True)
