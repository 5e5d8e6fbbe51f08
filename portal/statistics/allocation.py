"""Case-management staffing: split the district's funded posts across its municipalities.

The posts (in FTE) are cut into ``step``-sized units, and the units are apportioned by the
municipalities' refugee numbers with one of two textbook methods:

* **Largest remainder** (Hare–Niemeyer, Hamilton): everyone gets the whole part of their quota,
  the units left go to the largest remainders. Every share stays within one step of its quota,
  but more posts can mean fewer for someone (the Alabama paradox).
* **Sainte-Laguë** (Webster, highest averages with divisors 1, 3, 5, …): never takes a unit away
  when the total grows, but a share may, rarely, leave the band of one step around its quota.

A minimum per municipality is met the way seat apportionments with a guaranteed minimum do it:
whoever's proportional share of the whole falls below the minimum is fixed at the minimum, the
rest is apportioned among the others, and this repeats until nobody is short. We chose this over
"minimum for all, then the rest by weight" because it keeps every municipality above the minimum
exactly proportional to its weight among those above it, instead of lifting the small ones twice.

Ties are broken by larger weight first, then by name, so the result is reproducible; the
municipalities a tie-break decided are reported in ``Allocation.ties`` for the page to mention.
Everything is computed with ``Fraction``; no float is involved.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from portal.statistics.catalogue import N_

#: More units than this means a step far finer than any post is split (and slow Sainte-Laguë).
MAX_UNITS = 10_000

FIELDS = ("total", "step", "minimum", "weights")


class Method(StrEnum):
    LARGEST_REMAINDER = "largest_remainder"
    SAINTE_LAGUE = "sainte_lague"


class AllocationError(ValueError):
    """An input cannot be allocated: ``message`` is a German message id, ``params`` fill it in.

    ``field`` is one of ``FIELDS`` so the service can show the message next to that input.
    Decimal params are passed as ``Decimal`` so the caller can format them for the locale.
    """

    def __init__(self, field: str, message: str, params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message % dict(params or {}))
        self.field = field
        self.message = message
        self.params: dict[str, Any] = dict(params or {})


@dataclass(frozen=True)
class Allocation:
    """The result: ``shares`` add up to the total exactly, ``quotas`` are the ideal shares."""

    #: FTE per municipality, a multiple of the step, in the order the weights were given.
    shares: dict[str, Decimal]
    #: Exact proportional share in FTE: total × weight / sum of weights (minimum disregarded).
    quotas: dict[str, Fraction]
    #: Number of steps in the total.
    units: int
    method: Method
    #: Municipalities whose share a tie-break decided (won or lost the last unit), in tie order.
    ties: tuple[str, ...] = ()
    #: Municipalities lifted to the minimum because their proportional share fell below it.
    at_minimum: tuple[str, ...] = ()


def allocate(
    total: Decimal,
    step: Decimal,
    weights: Mapping[str, int],
    *,
    method: Method,
    minimum: Decimal = Decimal(0),
) -> Allocation:
    """Split ``total`` FTE in multiples of ``step`` across the municipalities by weight."""
    method = Method(method)
    units, minimum_units = _checked_units(total, step, weights, minimum)
    names = list(weights)
    apportion = _APPORTIONERS[method]
    fixed: list[str] = []
    while True:
        free = {name: weights[name] for name in names if name not in fixed}
        rest = units - minimum_units * len(fixed)
        below = [name for name in free if _quota(rest, free, name) < minimum_units]
        if not below:
            break
        fixed.extend(below)
    # Every quota left is at least the minimum m, so largest remainder gives at least m. So does
    # Sainte-Laguë: denying m needs a divisor of m / (m - ½) times the quota divisor or more,
    # and with it n quotas of at least m cannot round up to their sum.
    counts, ties = apportion(rest, free)
    counts |= dict.fromkeys(fixed, minimum_units)
    return Allocation(
        shares={name: step * counts[name] for name in names},
        quotas={name: _quota(Fraction(total), weights, name) for name in names},
        units=units,
        method=method,
        ties=ties,
        at_minimum=tuple(name for name in names if name in fixed),
    )


def _quota(amount: int | Fraction, weights: Mapping[str, int], name: str) -> Fraction:
    return amount * Fraction(weights[name], sum(weights.values()))


def _checked_units(
    total: Decimal, step: Decimal, weights: Mapping[str, int], minimum: Decimal
) -> tuple[int, int]:
    """Validate the input and return the total and the minimum in units of ``step``."""
    if not total.is_finite() or total <= 0:
        raise AllocationError("total", N_("Die Gesamtzahl der Stellen muss größer als 0 sein."))
    if not step.is_finite() or step <= 0:
        raise AllocationError("step", N_("Die Schrittweite muss größer als 0 sein."))
    units = Fraction(total) / Fraction(step)
    if units.denominator != 1:
        raise AllocationError(
            "step",
            N_("Die Gesamtzahl %(total)s FTE lässt sich nicht in Schritte von %(step)s teilen."),
            {"total": total, "step": step},
        )
    if units > MAX_UNITS:
        raise AllocationError(
            "step",
            N_("Die Schrittweite %(step)s ist zu fein: höchstens %(max)d Schritte sind möglich."),
            {"step": step, "max": MAX_UNITS},
        )
    _check_weights(weights)
    if not minimum.is_finite() or minimum < 0:
        raise AllocationError("minimum", N_("Die Mindestausstattung darf nicht negativ sein."))
    minimum_units = Fraction(minimum) / Fraction(step)
    if minimum_units.denominator != 1:
        raise AllocationError(
            "minimum",
            N_("Die Mindestausstattung muss ein Vielfaches der Schrittweite %(step)s sein."),
            {"step": step},
        )
    if minimum * len(weights) > total:
        raise AllocationError(
            "minimum",
            N_(
                "%(count)d Kommunen mit je %(minimum)s FTE Mindestausstattung brauchen mehr "
                "als die %(total)s FTE insgesamt."
            ),
            {"count": len(weights), "minimum": minimum, "total": total},
        )
    return int(units), int(minimum_units)


def _check_weights(weights: Mapping[str, int]) -> None:
    if not weights:
        raise AllocationError("weights", N_("Bitte geben Sie mindestens eine Kommune an."))
    for name, weight in weights.items():
        if not isinstance(weight, int) or isinstance(weight, bool):
            raise TypeError(f"weight of {name!r} must be an int, not {type(weight).__name__}")
        if weight < 0:
            raise AllocationError(
                "weights",
                N_("Die Zahl der Geflüchteten in %(municipality)s darf nicht negativ sein."),
                {"municipality": name},
            )
    if not any(weights.values()):
        raise AllocationError(
            "weights", N_("Mindestens eine Kommune muss mehr als 0 Geflüchtete haben.")
        )


def _tie_order(weights: Mapping[str, int]) -> Callable[[str], tuple[int, str]]:
    """Order for equal claims: larger weight first, then name."""
    return lambda name: (-weights[name], name)


def _largest_remainder(
    units: int, weights: Mapping[str, int]
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Hare–Niemeyer: whole parts of the quotas, then the largest remainders."""
    quotas = {name: _quota(units, weights, name) for name in weights}
    counts = {name: quota.numerator // quota.denominator for name, quota in quotas.items()}
    remainders = {name: quotas[name] - counts[name] for name in weights}
    tie_order = _tie_order(weights)
    order = sorted(weights, key=lambda name: (-remainders[name], tie_order(name)))
    left = units - sum(counts.values())
    for name in order[:left]:
        counts[name] += 1
    ties: tuple[str, ...] = ()
    # The remainders add up to ``left`` and are each below 1, so more than ``left`` are positive.
    if 0 < left < len(order) and remainders[order[left - 1]] == remainders[order[left]]:
        cut = remainders[order[left]]
        ties = tuple(name for name in order if remainders[name] == cut)
    return counts, ties


def _sainte_lague(units: int, weights: Mapping[str, int]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Sainte-Laguë: each unit to the highest weight / (2 × units so far + 1)."""
    counts = dict.fromkeys(weights, 0)
    tie_order = _tie_order(weights)
    heap = [(-Fraction(weight), tie_order(name), name) for name, weight in weights.items()]
    heapq.heapify(heap)
    cut = Fraction(0)
    for _ in range(units):
        negative, _order, name = heapq.heappop(heap)
        cut = -negative
        counts[name] += 1
        heapq.heappush(heap, (-Fraction(weights[name], 2 * counts[name] + 1), _order, name))
    ties: tuple[str, ...] = ()
    if units and cut > 0 and -heap[0][0] == cut:
        tied = [
            name
            for name, weight in weights.items()
            if Fraction(weight, 2 * counts[name] + 1) == cut
            or (counts[name] and Fraction(weight, 2 * counts[name] - 1) == cut)
        ]
        ties = tuple(sorted(tied, key=tie_order))
    return counts, ties


_APPORTIONERS = {
    Method.LARGEST_REMAINDER: _largest_remainder,
    Method.SAINTE_LAGUE: _sainte_lague,
}
