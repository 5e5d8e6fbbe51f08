"""What interface observations speak of: the authorities involved, the topics, and their counts.

An observation names one or more authorities and one topic. The working group reads them as
counts: how often each pair of authorities comes up (an observation about three authorities
counts once for each of its three pairs; one about a single authority counts as that authority
"alone") and how often each topic comes up, per quarter. Labels are German message ids,
translated where they are shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from portal.statistics.catalogue import N_

#: Authority key → label, in the order forms and tables list them.
AUTHORITIES: dict[str, str] = {
    "jobcenter": N_("Jobcenter"),
    "agentur": N_("Agentur für Arbeit"),
    "auslaenderbehoerde": N_("Ausländerbehörde"),
    "bamf": N_("BAMF"),
    "jmd": N_("Jugendmigrationsdienst"),
    "mbe": N_("Migrationsberatung für Erwachsene"),
    "sozialamt": N_("Kommune – Sozialamt"),
    "jugendamt": N_("Jugendamt"),
    "schule": N_("Schule / Berufskolleg"),
    "kammer": N_("IHK / HWK"),
    "kreis": N_("Kreisverwaltung"),
    "sonstige": N_("Sonstige Stelle"),
}

#: Topic key → label, in the order forms and tables list them.
TOPICS: dict[str, str] = {
    "aufenthalt": N_("Aufenthalt"),
    "leistungen": N_("Leistungen"),
    "sprache": N_("Sprache"),
    "ausbildung_arbeit": N_("Ausbildung und Arbeit"),
    "anerkennung": N_("Anerkennung"),
    "wohnen": N_("Wohnen"),
    "gesundheit": N_("Gesundheit"),
    "datenaustausch": N_("Datenaustausch"),
    "erreichbarkeit": N_("Erreichbarkeit"),
    "sonstiges": N_("Sonstiges"),
}

#: The label of an observation about one authority alone (``authority`` is its label).
ONLY_AUTHORITY = N_("nur %(authority)s")

Quarter = tuple[int, int]
Pair = tuple[str, str]

_AUTHORITY_ORDER = {key: position for position, key in enumerate(AUTHORITIES)}
_TOPIC_ORDER = {key: position for position, key in enumerate(TOPICS)}


def normalised_authorities(keys: Iterable[str]) -> list[str]:
    """Return the keys once each, in catalogue order (unknown keys last, alphabetically)."""
    return sorted(set(keys), key=lambda key: (_AUTHORITY_ORDER.get(key, len(AUTHORITIES)), key))


def pairs_of(authorities: Iterable[str]) -> list[Pair]:
    """Return the pairs an observation counts for: every two authorities, or one alone as (a, a)."""
    keys = normalised_authorities(authorities)
    if len(keys) == 1:
        return [(keys[0], keys[0])]
    return list(combinations(keys, 2))


def is_single(pair: Pair) -> bool:
    """Tell whether the pair stands for one authority alone."""
    return pair[0] == pair[1]


def quarter_of(month: int, year: int) -> Quarter:
    """Return the (year, quarter) a month of a year belongs to."""
    return (year, (month - 1) // 3 + 1)


def last_quarters(latest: Quarter, count: int) -> tuple[Quarter, ...]:
    """Return ``count`` quarters ending with ``latest``, oldest first."""
    index = latest[0] * 4 + latest[1] - 1
    return tuple((i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1))


@dataclass(frozen=True)
class CountRow:
    """One line of a count table: what it counts, a count per quarter, and their sum."""

    key: Pair | str
    cells: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class ObservationCounts:
    """Counts by authority pair and by topic, one column per quarter, most frequent first."""

    quarters: tuple[Quarter, ...]
    pairs: tuple[CountRow, ...]
    topics: tuple[CountRow, ...]
    #: Observations counted (each once, however many pairs it has).
    observations: int

    def top_pairs(self, count: int) -> tuple[CountRow, ...]:
        return self.pairs[:count]


def _rows(counts: dict, quarters: Sequence[Quarter], order) -> tuple[CountRow, ...]:
    rows = []
    for key, by_quarter in counts.items():
        cells = tuple(by_quarter.get(quarter, 0) for quarter in quarters)
        rows.append(CountRow(key=key, cells=cells, total=sum(cells)))
    return tuple(sorted(rows, key=lambda row: (-row.total, order(row.key))))


def _pair_order(pair: Pair) -> tuple:
    return tuple((_AUTHORITY_ORDER.get(key, len(AUTHORITIES)), key) for key in pair)


def _topic_order(topic: str) -> tuple:
    return (_TOPIC_ORDER.get(topic, len(TOPICS)), topic)


def pair_counts(
    observations: Iterable[tuple[Sequence[str], str, Quarter]],
    quarters: Sequence[Quarter] | None = None,
) -> ObservationCounts:
    """Count (authorities, topic, quarter) triples by authority pair and by topic per quarter.

    ``quarters`` fixes the columns (observations of other quarters are left out, quarters
    without any observation still get a column); without it the columns are the quarters that
    occur, in time order.
    """
    wanted = set(quarters) if quarters is not None else None
    by_pair: dict[Pair, Counter] = {}
    by_topic: dict[str, Counter] = {}
    seen: set[Quarter] = set()
    counted = 0
    for authorities, topic, quarter in observations:
        quarter = (int(quarter[0]), int(quarter[1]))
        if wanted is not None and quarter not in wanted:
            continue
        counted += 1
        seen.add(quarter)
        for pair in pairs_of(authorities):
            by_pair.setdefault(pair, Counter())[quarter] += 1
        by_topic.setdefault(topic, Counter())[quarter] += 1
    columns = tuple(quarters) if quarters is not None else tuple(sorted(seen))
    return ObservationCounts(
        quarters=columns,
        pairs=_rows(by_pair, columns, _pair_order),
        topics=_rows(by_topic, columns, _topic_order),
        observations=counted,
    )
