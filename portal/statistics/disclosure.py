"""Statistical disclosure control for count tables: primary and secondary cell suppression.

The rule is the one the Bundesagentur für Arbeit states under its tables: values of 1 and 2 (below
``k = 3``) and data from which such a value can be computed are withheld. The symbols follow German
official statistics (the BA itself prints ``*``): ``.`` for a withheld value, ``–`` for nothing.

* Primary: every cell with ``0 < value < k`` is suppressed, totals included; zeros are published.
* Secondary: tables are given as :class:`Line` identities (a total and its parts). Every line with
  exactly one suppressed cell gets a second, and a line whose only two suppressed cells are both 1
  gets a third (each of two singletons could subtract their own case). Cheap cells go first:
  small non-zero parts, then zeros, then margins, the line's own total last.
* Audit: for every suppressed cell, linear programming finds the smallest and largest value
  consistent with all published cells, all identities (and :class:`Bound` inequalities) and
  non-negativity. Where that interval is narrower than ``k``, a further cell is suppressed next to
  it and everything is checked again. This catches what "two per line" misses, such as a cell that
  bridges two suppression cycles and is therefore computable exactly. The linear programming is
  in :mod:`portal.statistics.intervals`; the checked index of cells, lines and bounds that both
  steps walk is in :mod:`portal.statistics.identities`.

Guarantee: in the returned pattern every primary cell is suppressed, no line has exactly one
suppressed cell, and every suppressed cell's interval is at least ``k`` wide, unless the identities
themselves pin a value down (then everything reachable is suppressed and the narrow interval is
reported in :attr:`Protection.intervals`). The attacker of the audit uses real numbers; the interval
ends are rounded inwards to integers, which only makes the audit stricter.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from portal.statistics.identities import Bound, Key, Line, Table
from portal.statistics.intervals import TOLERANCE, Interval, Memo, audit_case, audit_cases

#: The default minimum number of cases a published value must rest on (BA practice: 3).
PRIMARY = 3
DISPLAY_SUPPRESSED = "."
DISPLAY_ZERO = "–"
#: How many candidate cells the audit step tries, cheapest first, before taking the best so far.
_CANDIDATE_TRIES = 6


@dataclass(frozen=True)
class Protection:
    """A suppression pattern and the audited interval of every suppressed cell."""

    suppressed: frozenset[Key]
    primary: frozenset[Key]
    #: Smallest and largest value consistent with what is published; ``hi`` may be ``math.inf``.
    intervals: Mapping[Key, Interval]
    #: How many times the audit ran.
    rounds: int


def primary_suppressed(values: Mapping[Key, int], k: int) -> set[Key]:
    """Return the cells that rest on fewer than ``k`` cases (zeros are published)."""
    return {key for key, value in values.items() if 0 < value < k}


def display(value: int | None) -> str:
    """Format a published count; ``None`` means suppressed.

    The thousands separator is a narrow no-break space because ``.`` marks a withheld value.
    """
    if value is None:
        return DISPLAY_SUPPRESSED
    if value == 0:
        return DISPLAY_ZERO
    return f"{value:,}".replace(",", "\u202f")


def protect(
    values: Mapping[Key, int],
    lines: Sequence[Line],
    *,
    k: int = PRIMARY,
    keep: Iterable[Key] = (),
    cost: Callable[[Key], float] | None = None,
    bounds: Sequence[Bound] = (),
) -> Protection:
    """Suppress the cells of linked tables so that no value below ``k`` can be read or computed.

    All tables whose differences could reveal something (a municipality and the district total,
    a measure and its breakdowns) must come in one call, as one set of ``values`` and ``lines``.

    :param keep: cells that must stay suppressed (the stored pattern of a published period);
        they are protected like primary cells.
    :param cost: the price of suppressing a cell; candidates are compared by it first, then by
        value (smallest non-zero first, zeros after). Defaults to 1 for a cell that is the total
        of some line (a margin) and 0 for an inner cell.
    :param bounds: inequalities the public knows; the audit takes them into account.
    """
    table = _Table(values, lines, bounds, k)
    kept = set(keep)
    unknown = kept - table.values.keys()
    if unknown:
        raise ValueError(
            f"cells to keep suppressed are not in the table: {sorted(map(repr, unknown))}"
        )
    price = cost if cost is not None else table.margin_cost
    primary = frozenset(primary_suppressed(table.values, k))
    suppressed = set(primary) | kept
    rounds = 0
    while True:
        rounds += 1
        _complete_lines(table, suppressed, price)
        intervals = audit_case(table, suppressed, suppressed, table.memo)
        narrow = sorted(
            (key for key, (lo, hi) in intervals.items() if hi - lo < k - TOLERANCE),
            key=table.order.__getitem__,
        )
        if not narrow or not _widen(table, suppressed, narrow, price):
            break
    return Protection(frozenset(suppressed), primary, MappingProxyType(dict(intervals)), rounds)


def audit(
    values: Mapping[Key, int],
    lines: Sequence[Line],
    suppressed: Iterable[Key],
    k: int = PRIMARY,
    *,
    bounds: Sequence[Bound] = (),
) -> dict[Key, Interval]:
    """Return the interval of values consistent with what is published, per suppressed cell.

    A primary cell (``0 < value < k``) that is published appears with its exact value as interval,
    so the pattern is safe exactly when every returned interval is at least ``k`` wide.
    """
    table = _Table(values, lines, bounds, k)
    hidden = set(suppressed)
    unknown = hidden - table.values.keys()
    if unknown:
        raise ValueError(f"suppressed cells are not in the table: {sorted(map(repr, unknown))}")
    result = audit_case(table, hidden, hidden)
    for key in primary_suppressed(table.values, k) - hidden:
        result[key] = (float(table.values[key]), float(table.values[key]))
    return result


class _Table(Table):
    """A :class:`Table` with the threshold and the prices that suppression compares cells by."""

    def __init__(
        self, values: Mapping[Key, int], lines: Sequence[Line], bounds: Sequence[Bound], k: int
    ) -> None:
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a positive integer, not {k!r}")
        self.k = k
        super().__init__(values, lines, bounds)
        self.margins = frozenset(line.total for line in self.lines)
        #: The intervals found so far: the audit rounds of one run share most components.
        self.memo: Memo = {}

    def margin_cost(self, key: Key) -> float:
        """Price a margin (a cell that is some line's total) above an inner cell."""
        return 1.0 if key in self.margins else 0.0

    def rank(
        self, line: int | None, key: Key, suppressed: set[Key], price: Callable[[Key], float]
    ) -> tuple:
        """Order a candidate: not the line's total, cheap, non-zero, closing a line, small."""
        value = self.values[key]
        opens = not any(
            sum(cell in suppressed for cell in self.cells[other]) == 1
            for other in self.lines_of.get(key, ())
            if other != line
        )
        total = line is not None and key == self.lines[line].total
        return (total, price(key), value == 0, opens, value, self.order[key])


def _complete_lines(table: _Table, suppressed: set[Key], price: Callable[[Key], float]) -> None:
    """Give every line with one suppressed cell a second, and two singletons a third."""
    pending = deque(sorted({i for key in suppressed for i in table.lines_of.get(key, ())}))
    queued = set(pending)
    while pending:
        index = pending.popleft()
        queued.discard(index)
        cells = table.cells[index]
        hidden = [key for key in cells if key in suppressed]
        singletons = len(hidden) == 2 and all(table.values[key] == 1 for key in hidden)
        published = [key for key in cells if key not in suppressed]
        if not published or (len(hidden) != 1 and not singletons):
            continue
        pick = min(published, key=lambda key: table.rank(index, key, suppressed, price))
        suppressed.add(pick)
        for other in table.lines_of[pick]:
            if other not in queued:
                pending.append(other)
                queued.add(other)


def _widen(
    table: _Table, suppressed: set[Key], narrow: list[Key], price: Callable[[Key], float]
) -> bool:
    """Suppress a cell next to each too narrow one; return whether any was added.

    For each narrow cell the nearest published cells are tried cheapest first; the first that
    widens it to ``k`` wins, else the one that widens it most. A cell another narrow one picked
    already and that widens this one too is enough. The cheapest candidate, and those another
    narrow cell may pick, are audited first; the rest only where the cheapest falls short.
    """
    options = [_candidates(table, suppressed, key, price)[:_CANDIDATE_TRIES] for key in narrow]
    counts = Counter(pick for picks in options for pick in picks)
    widths: dict[tuple[Key, Key], float] = {}
    first = [
        [pick for i, pick in enumerate(picks) if i == 0 or counts[pick] > 1] for picks in options
    ]
    _measure(table, suppressed, narrow, first, widths)
    short = [
        [pick for pick in picks if (key, pick) not in widths]
        if picks and widths[key, picks[0]] < table.k - TOLERANCE
        else []
        for key, picks in zip(narrow, options, strict=True)
    ]
    _measure(table, suppressed, narrow, short, widths)
    added: set[Key] = set()
    for key, picks in zip(narrow, options, strict=True):
        enough = [pick for pick in picks if widths.get((key, pick), 0.0) >= table.k - TOLERANCE]
        if not picks or added.intersection(enough):
            continue
        widest = max(range(len(picks)), key=lambda i: (widths.get((key, picks[i]), -1.0), -i))
        added.add(enough[0] if enough else picks[widest])
    suppressed |= added
    return bool(added)


def _measure(
    table: _Table,
    suppressed: set[Key],
    narrow: list[Key],
    options: list[list[Key]],
    widths: dict[tuple[Key, Key], float],
) -> None:
    """Record how wide each narrow cell becomes with each of its options suppressed as well."""
    pairs = [(key, pick) for key, picks in zip(narrow, options, strict=True) for pick in picks]
    if pairs:
        cases = [(suppressed | {pick}, {key}) for key, pick in pairs]
        for pair, result in zip(pairs, audit_cases(table, cases, table.memo), strict=True):
            lo, hi = result[pair[0]]
            widths[pair] = hi - lo


def _candidates(
    table: _Table, suppressed: set[Key], key: Key, price: Callable[[Key], float]
) -> list[Key]:
    """Return the published cells of the lines around ``key``: nearest lines, cheapest first.

    The lines (and bounds) through ``key`` come first; where all their cells are suppressed
    already, the search goes on through the lines of those cells.
    """
    seen, frontier = {key}, [key]
    while frontier:
        ranks: dict[Key, tuple] = {}
        following = []
        for cell in frontier:
            neighbours = [(index, table.cells[index]) for index in table.lines_of.get(cell, ())]
            neighbours += [
                (None, (table.bounds[index].part, table.bounds[index].limit))
                for index in table.bounds_of.get(cell, ())
            ]
            for index, others in neighbours:
                for other in others:
                    if other not in suppressed:
                        rank = table.rank(index, other, suppressed, price)
                        ranks[other] = min(rank, ranks.get(other, rank))
                    elif other not in seen:
                        seen.add(other)
                        following.append(other)
        if ranks:
            return sorted(ranks, key=ranks.__getitem__)
        frontier = following
    return []
