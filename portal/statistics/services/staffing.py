"""Case-management staffing: split the funded posts across the municipalities, and save the split.

The arithmetic is :mod:`portal.statistics.allocation`; this module reads the form's text (German
decimal comma or a dot), checks that every municipality of the district has a refugee number,
translates the allocation's messages, and stores a calculation the secretariat wants to keep.

Where the refugee numbers come from is the user's choice; "Bezugsgröße" (``basis``) says what
they mean. Two prefills help:

* **From the figures of a quarter**: the open cases at the end of a *published* quarter per
  municipality (``StatisticsPublication.values[<id>]["open"]``). We read publications, never raw
  reports: the calculator is open to every signed-in account, and a value suppressed by
  disclosure control must not come back through it. A suppressed value is absent from the
  publication, so the field stays empty and the page names the municipality; the user types a
  number from another source (for instance the allocation list).
* **From a saved calculation**: its refugee numbers and settings, by municipality name.

Open cases are a proxy for the refugee numbers of the issue: a municipality with many refugees
and few open cases is under-weighted. That is why the basis is always shown with the result.

What a calculation gives, its result table and number texts, is in
:mod:`portal.statistics.services.staffing_results`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Organisation, User
from portal.permissions import Action, require
from portal.statistics.allocation import Allocation, AllocationError, Method, allocate
from portal.statistics.models import StaffingCalculation, StatisticsPublication
from portal.statistics.periods import Period
from portal.statistics.services.figures import MAX_COUNT, municipalities, period_label
from portal.statistics.services.staffing_results import (
    StaffingAllocation,
    count_text,
    rounded,
)

logger = logging.getLogger(__name__)

MAX_TITLE = 200
MAX_BASIS = 200
#: The item of a publication used as the refugee number: open cases at quarter end.
PUBLISHED_ITEM = "open"

#: A decimal as typed: digits, at most one comma or dot, a sign (refused later with a reason).
_DECIMAL = re.compile(r"^([+-]?)(\d*)(?:[.,](\d*))?$", re.ASCII)
#: A whole number, optionally grouped in thousands with dots or spaces ("4.200", "4 200").
_COUNT = re.compile(r"^\d+$|^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$", re.ASCII)


def publication_basis(period: Period) -> str:
    """Return the suggested "Bezugsgröße" for numbers taken from a published quarter."""
    return _(
        "Offene Fälle am Quartalsende, %(period)s (veröffentlichte Zahlen)",
        period=period_label(period),
    )


# Reading the form -----


def weight_field_name(town: Organisation) -> str:
    """Name the form field of a municipality's refugee number, as errors name it."""
    return f"weights-{town.id}"


def _read_decimal(text: object, *, required: bool) -> Decimal | str:
    """Return the decimal, or a German message saying what is wrong with the text."""
    raw = "" if text is None else str(text).strip()
    if raw == "":
        if required:
            return _("Bitte geben Sie eine Zahl an, zum Beispiel 6,0 oder 0,25.")
        return Decimal(0)
    match = _DECIMAL.match(raw) if len(raw) <= 12 else None
    if match is None or not (match.group(2) or match.group(3)):
        return _("Bitte geben Sie eine Zahl an, zum Beispiel 6,0 oder 0,25.")
    sign, whole, places = match.group(1), match.group(2) or "0", match.group(3) or ""
    if len(places) > 2:
        return _("Bitte geben Sie höchstens zwei Nachkommastellen an.")
    if len(whole.lstrip("0")) > 4:
        return _("Bitte geben Sie eine Zahl unter 10.000 an.")
    return Decimal(f"{sign}{whole}.{places or '0'}")


def _read_count(text: object) -> int | str:
    """Return the refugee number, or a German message saying what is wrong with the text."""
    raw = "" if text is None else str(text).strip()
    if raw == "":
        return _("Bitte geben Sie eine Zahl an (0, wenn es keine gibt).")
    if len(raw) > 15 or not _COUNT.match(raw):
        return _("Bitte geben Sie eine ganze Zahl ab 0 an.")
    number = int(re.sub(r"\D", "", raw))
    if number > MAX_COUNT:
        return _("Höchstens %(max)s.", max=count_text(MAX_COUNT))
    return number


@dataclass(frozen=True)
class _Inputs:
    total: Decimal
    step: Decimal
    minimum: Decimal
    method: Method
    weights: dict[str, int]
    towns: tuple[Organisation, ...]


def _read_weights(
    raw: Mapping[str, object], towns: list[Organisation], errors: list[tuple[str, str]]
) -> dict[str, int]:
    known = {town.name for town in towns}
    for name in raw:
        if name not in known:
            errors.append(("weights", _("%(name)s ist keine Kommune des Kreises.", name=name)))
    weights: dict[str, int] = {}
    for town in towns:
        value = _read_count(raw.get(town.name))
        if isinstance(value, str):
            errors.append((weight_field_name(town), value))
        else:
            weights[town.name] = value
    return weights


def _read_inputs(
    *,
    total: object,
    step: object,
    minimum: object,
    method: object,
    weights: Mapping[str, object],
) -> _Inputs:
    """Read and check every input; raise InvalidInput with all problems at once."""
    towns = municipalities()
    errors: list[tuple[str, str]] = []
    numbers: dict[str, Decimal] = {}
    for name, text, required in (
        ("total", total, True),
        ("step", step, True),
        ("minimum", minimum, False),
    ):
        value = _read_decimal(text, required=required)
        if isinstance(value, str):
            errors.append((name, value))
        else:
            numbers[name] = value
    chosen = str(method or "")
    if chosen not in {m.value for m in Method}:
        errors.append(("method", _("Bitte wählen Sie eines der beiden Verfahren.")))
    read = _read_weights(weights, towns, errors)
    if not towns:
        errors.append(("weights", _("Es sind noch keine Kommunen angelegt.")))
    if errors:
        raise InvalidInput(errors)
    return _Inputs(
        total=numbers["total"],
        step=numbers["step"],
        minimum=numbers["minimum"],
        method=Method(chosen),
        weights=read,
        towns=tuple(towns),
    )


def _allocation_message(error: AllocationError) -> str:
    """Translate an allocation message; decimals in its parameters get the locale's comma."""
    params = {
        key: format_decimal(value) if isinstance(value, Decimal) else value
        for key, value in error.params.items()
    }
    return _(error.message, **params)


def _allocate(inputs: _Inputs) -> StaffingAllocation:
    try:
        allocation = allocate(
            inputs.total,
            inputs.step,
            inputs.weights,
            method=inputs.method,
            minimum=inputs.minimum,
        )
    except AllocationError as error:
        # The weights as a whole (all zero) have no field: show it beside the first town.
        name = error.field
        if name == "weights" and inputs.towns:
            name = weight_field_name(inputs.towns[0])
        raise InvalidInput([(name, _allocation_message(error))]) from None
    return StaffingAllocation(
        **{f.name: getattr(allocation, f.name) for f in fields(Allocation)},
        weights=inputs.weights,
        total=inputs.total,
        step=inputs.step,
        minimum=inputs.minimum,
    )


# Public services -----


def calculate_staffing(
    actor: User,
    *,
    total: object,
    step: object,
    minimum: object,
    method: object,
    weights: Mapping[str, object],
) -> StaffingAllocation:
    """Split the posts as typed; ``weights`` maps every municipality's name to its number.

    Numbers arrive as the form's text ("6,0", "0.25", "4.200"); errors name the form fields
    ``total``, ``step``, ``minimum``, ``method`` and ``weights-<municipality id>``.
    """
    require(actor, Action.STATISTICS_VIEW)
    inputs = _read_inputs(total=total, step=step, minimum=minimum, method=method, weights=weights)
    return _allocate(inputs)


def prefill_from_publication(actor: User, period: Period) -> tuple[dict[str, int], list[str]]:
    """Return the published open cases of the quarter by municipality, and who has none.

    A value withheld by disclosure control is not in the publication; its municipality is
    listed as missing, so the form leaves its field empty.
    """
    require(actor, Action.STATISTICS_VIEW)
    publication = db.session.scalar(
        select(StatisticsPublication).where(
            StatisticsPublication.year == period.year,
            StatisticsPublication.quarter == period.quarter,
            StatisticsPublication.superseded_at.is_(None),
        )
    )
    if publication is None:
        raise InvalidInput(
            [
                (
                    "quartal",
                    _(
                        "Für das %(period)s sind keine Zahlen veröffentlicht.",
                        period=period_label(period),
                    ),
                )
            ]
        )
    weights: dict[str, int] = {}
    missing: list[str] = []
    for town in municipalities():
        value = publication.values.get(str(town.id), {}).get(PUBLISHED_ITEM)
        if isinstance(value, int) and not isinstance(value, bool):
            weights[town.name] = value
        else:
            missing.append(town.name)
    return weights, missing


def _clean_text(
    text: object, name: str, *, limit: int, required: str | None
) -> tuple[str, list[tuple[str, str]]]:
    cleaned = " ".join(str(text or "").split())
    if required and not cleaned:
        return cleaned, [(name, required)]
    if len(cleaned) > limit:
        return cleaned, [(name, _("Höchstens %(max)d Zeichen.", max=limit))]
    return cleaned, []


def _result_data(allocation: StaffingAllocation) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = {}
    for name in allocation.weights:
        entry = {
            "share": str(allocation.shares[name]),
            "quota": str(rounded(allocation.quotas[name], 4)),
        }
        if name in allocation.ties:
            entry["tied"] = "true"
        if name in allocation.at_minimum:
            entry["at_minimum"] = "true"
        data[name] = entry
    return data


def save_staffing(
    actor: User,
    *,
    title: object,
    basis: object,
    total: object,
    step: object,
    minimum: object,
    method: object,
    weights: Mapping[str, object],
) -> StaffingCalculation:
    """Calculate and keep a split (secretariat), so a proposal or agenda item can cite it."""
    require(actor, Action.STAFFING_SAVE)
    title_text, errors = _clean_text(
        title,
        "title",
        limit=MAX_TITLE,
        required=_("Bitte geben Sie der Berechnung einen Titel."),
    )
    basis_text, basis_errors = _clean_text(basis, "basis", limit=MAX_BASIS, required=None)
    errors += basis_errors
    try:
        inputs = _read_inputs(
            total=total, step=step, minimum=minimum, method=method, weights=weights
        )
    except InvalidInput as error:
        raise InvalidInput(errors + error.errors) from None
    if errors:
        raise InvalidInput(errors)
    allocation = _allocate(inputs)
    calculation = StaffingCalculation(
        title=title_text,
        total=inputs.total,
        step=inputs.step,
        minimum=inputs.minimum,
        method=inputs.method.value,
        basis=basis_text or _("Eingegebene Zahlen"),
        weights=dict(inputs.weights),
        result=_result_data(allocation),
        created_by_id=actor.id,
    )
    db.session.add(calculation)
    db.session.flush()
    audit.record(
        actor,
        "staffing.saved",
        calculation,
        label=title_text,
        after={
            "total": str(inputs.total),
            "step": str(inputs.step),
            "minimum": str(inputs.minimum),
            "method": inputs.method.value,
        },
    )
    db.session.commit()
    logger.info("staffing calculation %s saved", calculation.id)
    return calculation


def get_staffing(actor: User, staffing_id: int) -> StaffingCalculation:
    """Return a saved calculation; every signed-in account may read it."""
    require(actor, Action.STATISTICS_VIEW)
    calculation = db.session.get(StaffingCalculation, staffing_id)
    if calculation is None:
        raise NotFound()
    return calculation


def list_staffing(actor: User, *, limit: int = 20) -> list[StaffingCalculation]:
    """Return the latest saved calculations, newest first."""
    require(actor, Action.STATISTICS_VIEW)
    return list(
        db.session.scalars(
            select(StaffingCalculation)
            .options(joinedload(StaffingCalculation.created_by))
            .order_by(StaffingCalculation.created_at.desc(), StaffingCalculation.id.desc())
            .limit(limit)
        )
    )
