"""What a staffing calculation gives, and how it is shown: result rows and their number texts.

:mod:`portal.statistics.services.staffing` reads the form, allocates and saves; this module holds
what comes out of it. A fresh calculation (:class:`StaffingAllocation`) and a saved one
(:class:`~portal.statistics.models.StaffingCalculation`) are both turned into a
:class:`StaffingResult` for the same result table, with exact quotas as fractions and four-place
decimals. It is kept apart so the service module holds only reading, checking and storing. It is
not pure: the number texts follow the request's locale (a decimal comma in German) through
Flask-Babel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from flask_babel import format_decimal
from flask_babel import gettext as _

from portal.i18n import lazy_gettext as _l
from portal.statistics.allocation import Allocation, Method
from portal.statistics.models import StaffingCalculation

METHOD_LABELS = {
    Method.LARGEST_REMAINDER: _l("Größte Reste (Hare/Niemeyer)"),
    Method.SAINTE_LAGUE: _l("Höchstzahlverfahren nach Sainte-Laguë"),
}
METHOD_EXPLANATIONS = {
    Method.LARGEST_REMAINDER: _l(
        "Jede Kommune erhält zuerst die ganzen Schritte ihrer Quote; die übrigen Schritte gehen "
        "an die Kommunen mit den größten Resten. Jede Zuteilung liegt weniger als einen Schritt "
        "neben der Quote. Mehr Stellen insgesamt können aber in seltenen Fällen einer Kommune "
        "einen Schritt nehmen."
    ),
    Method.SAINTE_LAGUE: _l(
        "Die Schritte werden einzeln vergeben, jeder an die Kommune mit der höchsten Zahl "
        "Geflüchtete ÷ (2 × bisher erhaltene Schritte + 1), also mit den Teilern 1, 3, 5, … "
        "Mehr Stellen insgesamt nehmen keiner Kommune etwas; selten weicht eine Zuteilung um "
        "mehr als einen Schritt von der Quote ab."
    ),
}


@dataclass(frozen=True)
class StaffingAllocation(Allocation):
    """An allocation together with the inputs it was computed from, as read from the form."""

    #: Municipality name → refugee number, in the order of the district's municipalities.
    weights: dict[str, int] = field(default_factory=dict)
    total: Decimal = Decimal(0)
    step: Decimal = Decimal(0)
    minimum: Decimal = Decimal(0)


@dataclass(frozen=True)
class ResultRow:
    """One municipality of a result: its number, exact quota and allocated share."""

    name: str
    weight: int
    quota: Fraction
    share: Decimal
    is_tied: bool = False
    is_at_minimum: bool = False

    @property
    def difference(self) -> Fraction:
        return Fraction(self.share) - self.quota

    @property
    def weight_text(self) -> str:
        return count_text(self.weight)

    @property
    def share_text(self) -> str:
        return fte_text(self.share)

    @property
    def quota_text(self) -> str:
        return quota_text(self.quota)

    @property
    def fraction_text(self) -> str:
        return fraction_text(self.quota)

    @property
    def difference_text(self) -> str:
        return difference_text(self.difference)


@dataclass(frozen=True)
class StaffingResult:
    """A computed or saved split, ready for the result table."""

    method: Method
    total: Decimal
    step: Decimal
    minimum: Decimal
    rows: tuple[ResultRow, ...]

    @property
    def weight_total(self) -> int:
        return sum(row.weight for row in self.rows)

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS[self.method])

    @property
    def method_explanation(self) -> str:
        return str(METHOD_EXPLANATIONS[self.method])

    @property
    def total_row(self) -> ResultRow:
        """The sums: all numbers, the whole total as quota and as shares, no difference."""
        return ResultRow(_("Insgesamt"), self.weight_total, Fraction(self.total), self.total)

    @property
    def total_text(self) -> str:
        return fte_text(self.total)

    @property
    def step_text(self) -> str:
        return fte_text(self.step)

    @property
    def minimum_text(self) -> str:
        return fte_text(self.minimum)

    @property
    def tied(self) -> list[str]:
        return [row.name for row in self.rows if row.is_tied]

    @property
    def at_minimum(self) -> list[str]:
        return [row.name for row in self.rows if row.is_at_minimum]


# Number texts (locale-aware: a decimal comma in German) -----


def fte_text(value: Decimal) -> str:
    """Format posts with two places and no grouping, so the text can be typed back in."""
    return format_decimal(value, format="0.00")


def count_text(value: int) -> str:
    return format_decimal(value, format="#,##0")


def rounded(value: Fraction, places: int) -> Decimal:
    """Round an exact value half away from zero (not to even), as people round by hand."""
    scaled = abs(value) * 10**places
    whole = int(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * whole).scaleb(-places)


def quota_text(value: Fraction) -> str:
    return format_decimal(rounded(value, 4), format="#,##0.0000")


def fraction_text(value: Fraction) -> str:
    """Write an exact quota as a reduced fraction, a whole number as itself."""
    if value.denominator == 1:
        return count_text(value.numerator)
    return f"{count_text(value.numerator)}/{count_text(value.denominator)}"


def difference_text(value: Fraction) -> str:
    text = format_decimal(rounded(value, 4), format="#,##0.0000;-#,##0.0000")
    return f"+{text}" if rounded(value, 4) > 0 else text


# Result tables -----


def result_table(allocation: StaffingAllocation) -> StaffingResult:
    """Return the rows of the result table of a fresh calculation."""
    ties, lifted = set(allocation.ties), set(allocation.at_minimum)
    rows = tuple(
        ResultRow(
            name=name,
            weight=weight,
            quota=allocation.quotas[name],
            share=allocation.shares[name],
            is_tied=name in ties,
            is_at_minimum=name in lifted,
        )
        for name, weight in allocation.weights.items()
    )
    return StaffingResult(
        method=allocation.method,
        total=allocation.total,
        step=allocation.step,
        minimum=allocation.minimum,
        rows=rows,
    )


def saved_result(calculation: StaffingCalculation) -> StaffingResult:
    """Return the rows of a saved calculation, its exact quotas recomputed from its numbers."""
    weight_sum = sum(calculation.weights.values())
    rows = []
    for name, weight in calculation.weights.items():
        entry = calculation.result.get(name, {})
        quota = Fraction(calculation.total) * Fraction(weight, weight_sum or 1)
        rows.append(
            ResultRow(
                name=name,
                weight=weight,
                quota=quota,
                share=Decimal(entry.get("share", "0")),
                is_tied=entry.get("tied") == "true",
                is_at_minimum=entry.get("at_minimum") == "true",
            )
        )
    return StaffingResult(
        method=Method(calculation.method),
        total=calculation.total,
        step=calculation.step,
        minimum=calculation.minimum,
        rows=tuple(rows),
    )
