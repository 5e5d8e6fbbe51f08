"""Reporting case figures: one municipality-quarter by form, many by CSV, corrections, history.

Raw counts are personal-data adjacent (a 1 in a small town can point at a person), so only the
secretariat and the reporting case managers read them, every read is audited, and the audit log
itself never holds a count: its entries name the municipality and quarter only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.db import utcnow
from portal.errors import InvalidInput, NotFound, PortalError
from portal.extensions import db
from portal.models import Organisation, OrganisationKind, User
from portal.permissions import Action, can, require
from portal.statistics import catalogue, csv_format
from portal.statistics.models import CaseFigureReport, ReportSource
from portal.statistics.periods import Period
from portal.timeutil import today_local

MAX_COUNT = 1_000_000
MAX_NOTE = 500


class UploadInvalid(PortalError):
    """A CSV upload broke a rule; ``problems`` holds (line, column, German message) triples."""

    status_code = 422

    def __init__(self, problems: list[tuple[int | None, str | None, str]]):
        super().__init__(_("Die Datei wurde nicht übernommen."))
        self.problems = problems


def period_label(period: Period) -> str:
    return _("%(quarter)d. Quartal %(year)d", quarter=period.quarter, year=period.year)


def unit_label(organisation: Organisation, period: Period) -> str:
    return f"{organisation.name}, {period_label(period)}"


def municipalities() -> list[Organisation]:
    """Return every municipality of the district, by name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.kind == OrganisationKind.MUNICIPALITY)
            .order_by(Organisation.name)
        )
    )


def reportable_municipalities(actor: User) -> list[Organisation]:
    """Return the municipalities the actor reports for (all of them for the secretariat)."""
    return [m for m in municipalities() if can(actor, Action.STATISTICS_REPORT, m)]


def get_municipality(actor: User, organisation_id: int) -> Organisation:
    """Return a municipality the actor reports for (404 for anything else)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind != OrganisationKind.MUNICIPALITY:
        raise NotFound()
    require(actor, Action.STATISTICS_REPORT, organisation)
    return organisation


def _current(organisation_id: int, period: Period) -> CaseFigureReport | None:
    return db.session.scalar(
        select(CaseFigureReport).where(
            CaseFigureReport.organisation_id == organisation_id,
            CaseFigureReport.year == period.year,
            CaseFigureReport.quarter == period.quarter,
            CaseFigureReport.superseded_at.is_(None),
        )
    )


def _check_period(period: Period) -> None:
    if period.first_day > today_local():
        raise InvalidInput(
            [("period", _("Für ein Quartal, das noch nicht begonnen hat, gibt es keine Zahlen."))]
        )


def _read_counts(raw: Mapping[str, object]) -> dict[str, int]:
    """Check every count of the form (keyed by CSV column) and return them keyed by item."""
    errors: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for item in catalogue.ITEMS:
        column = catalogue.ITEM_COLUMNS[item]
        value = raw.get(column)
        text = "" if value is None else str(value).strip()
        if text == "":
            errors.append((column, _("Bitte geben Sie eine Zahl an (0, wenn es keine gab).")))
        elif not text.isascii() or not text.isdigit():
            errors.append((column, _("Bitte geben Sie eine ganze Zahl ab 0 an.")))
        elif int(text) > MAX_COUNT:
            errors.append((column, _("Höchstens %(max)d.", max=MAX_COUNT)))
        else:
            counts[item] = int(text)
    if errors:
        raise InvalidInput(errors)
    return counts


def _translate(message: str, params: Mapping[str, object]) -> str:
    """Translate a message id of a pure module, translating label parameters too."""
    translated = {
        key: _(value) if isinstance(value, str) else value for key, value in params.items()
    }
    return _(message) % translated


def _check_consistency(counts: Mapping[str, int]) -> None:
    errors = [
        (catalogue.ITEM_COLUMNS[found.item], _translate(found.message, found.params))
        for found in catalogue.inconsistencies(counts)
    ]
    if errors:
        raise InvalidInput(errors)


def _clean_note(note: str, *, required: bool) -> str:
    note = " ".join((note or "").split())
    if required and not note:
        raise InvalidInput(
            [("note", _("Bitte geben Sie an, warum die bisherigen Zahlen ersetzt werden."))]
        )
    if len(note) > MAX_NOTE:
        raise InvalidInput([("note", _("Höchstens %(max)d Zeichen.", max=MAX_NOTE))])
    return note


def _store(
    actor: User,
    organisation: Organisation,
    period: Period,
    counts: dict[str, int],
    *,
    source: ReportSource,
    note: str,
    previous: CaseFigureReport | None,
) -> CaseFigureReport:
    """Add a report, superseding the previous one (the caller validated and commits)."""
    now = utcnow()
    if previous is not None:
        previous.superseded_at = now
        db.session.flush()
    report = CaseFigureReport(
        organisation_id=organisation.id,
        year=period.year,
        quarter=period.quarter,
        counts=counts,
        source=source,
        note=note,
        reported_by_id=actor.id,
        reported_at=now,
    )
    db.session.add(report)
    db.session.flush()
    action = (
        "statistics.figures_corrected" if previous is not None else "statistics.figures_reported"
    )
    audit.record(
        actor,
        action,
        report,
        label=unit_label(organisation, period),
        after={"source": source.value, "note": note} if note else {"source": source.value},
    )
    return report


def report_figures(
    actor: User,
    organisation: Organisation,
    period: Period,
    raw: Mapping[str, object],
    *,
    note: str = "",
) -> CaseFigureReport:
    """Store the figures of one municipality-quarter; a second report is a correction."""
    require(actor, Action.STATISTICS_REPORT, organisation)
    _check_period(period)
    counts = _read_counts(raw)
    _check_consistency(counts)
    previous = _current(organisation.id, period)
    note = _clean_note(note, required=previous is not None)
    if previous is not None and previous.counts == counts:
        raise InvalidInput(
            [("note", _("Die Zahlen sind unverändert; es gibt nichts zu ersetzen."))]
        )
    report = _store(
        actor, organisation, period, counts, source=ReportSource.FORM, note=note, previous=previous
    )
    db.session.commit()
    return report


@dataclass(frozen=True)
class ImportResult:
    added: int
    corrected: int
    unchanged: int


def _upload_problems(problems) -> list[tuple[int | None, str | None, str]]:
    return [
        (problem.line, problem.column, _translate(problem.message, problem.params))
        for problem in problems
    ]


def import_figures(actor: User, data: bytes, *, replace: bool, note: str = "") -> ImportResult:
    """Import a CSV file of many municipality-quarters: all rows or none.

    Periods that already have figures are refused unless ``replace`` is set (a correction,
    which needs a note); rows equal to the current figures are left alone.
    """
    require(actor, Action.STATISTICS_REPORT)
    note = _clean_note(note, required=replace)
    towns = municipalities()
    by_name = {town.name: town.id for town in towns}
    try:
        rows = csv_format.parse_upload(data, by_name)
    except csv_format.UploadRejected as rejected:
        raise UploadInvalid(_upload_problems(rejected.problems)) from None
    towns_by_id = {town.id: town for town in towns}
    problems: list[tuple[int | None, str | None, str]] = []
    planned = []
    for row in rows:
        town = towns_by_id[row.municipality_id]
        period = Period(row.year, row.quarter)
        if not can(actor, Action.STATISTICS_REPORT, town):
            problems.append(
                (row.line, "kommune", _("Für %(name)s melden Sie keine Zahlen.", name=town.name))
            )
            continue
        if period.first_day > today_local():
            problems.append((row.line, "quartal", _("Dieses Quartal hat noch nicht begonnen.")))
            continue
        previous = _current(town.id, period)
        if previous is not None and not replace:
            problems.append(
                (
                    row.line,
                    "quartal",
                    _(
                        "Für %(unit)s liegen schon Zahlen vor. Zum Ersetzen wählen Sie "
                        "„Vorhandene Zahlen korrigieren“ und nennen den Grund.",
                        unit=unit_label(town, period),
                    ),
                )
            )
            continue
        planned.append((town, period, row.counts, previous))
    if problems:
        raise UploadInvalid(problems)
    added = corrected = unchanged = 0
    for town, period, counts, previous in planned:
        if previous is not None and previous.counts == counts:
            unchanged += 1
            continue
        _store(
            actor,
            town,
            period,
            counts,
            source=ReportSource.UPLOAD,
            note=note if previous is not None else "",
            previous=previous,
        )
        if previous is None:
            added += 1
        else:
            corrected += 1
    db.session.commit()
    return ImportResult(added=added, corrected=corrected, unchanged=unchanged)


def has_figures(actor: User, organisation: Organisation, period: Period) -> bool:
    """Tell whether the municipality-quarter has figures already (without reading them)."""
    require(actor, Action.STATISTICS_REPORT, organisation)
    return _current(organisation.id, period) is not None


def raw_figures(actor: User, organisation: Organisation, period: Period) -> CaseFigureReport | None:
    """Return the current raw figures of one municipality-quarter, and audit the read."""
    require(actor, Action.STATISTICS_RAW_VIEW, organisation)
    report = _current(organisation.id, period)
    if report is not None:
        audit.record(actor, "statistics.raw_read", report, label=unit_label(organisation, period))
        db.session.commit()
    return report


def figure_history(
    actor: User, organisation: Organisation, period: Period
) -> list[CaseFigureReport]:
    """Return every report of one municipality-quarter, newest first, and audit the read."""
    require(actor, Action.STATISTICS_RAW_VIEW, organisation)
    reports = list(
        db.session.scalars(
            select(CaseFigureReport)
            .where(
                CaseFigureReport.organisation_id == organisation.id,
                CaseFigureReport.year == period.year,
                CaseFigureReport.quarter == period.quarter,
            )
            .order_by(CaseFigureReport.reported_at.desc(), CaseFigureReport.id.desc())
        )
    )
    if reports:
        audit.record(
            actor,
            "statistics.history_read",
            reports[0],
            label=unit_label(organisation, period),
        )
        db.session.commit()
    return reports


@dataclass(frozen=True)
class OverviewRow:
    municipality: Organisation
    #: Per quarter: None (nothing reported), "reported" or "corrected".
    states: list[str | None]


def reporting_overview(actor: User, periods: list[Period]) -> list[OverviewRow]:
    """Return which quarters each of the actor's municipalities has reported (no counts)."""
    require(actor, Action.STATISTICS_REPORT)
    towns = reportable_municipalities(actor)
    if not towns or not periods:
        return []
    first, last = periods[0], periods[-1]
    rows = db.session.execute(
        select(
            CaseFigureReport.organisation_id,
            CaseFigureReport.year,
            CaseFigureReport.quarter,
            CaseFigureReport.superseded_at.is_(None),
        ).where(
            CaseFigureReport.organisation_id.in_([town.id for town in towns]),
            (CaseFigureReport.year * 4 + CaseFigureReport.quarter).between(
                first.year * 4 + first.quarter, last.year * 4 + last.quarter
            ),
        )
    )
    seen: dict[tuple[int, Period], int] = {}
    for organisation_id, year, quarter, _is_current in rows:
        key = (organisation_id, Period(year, quarter))
        seen[key] = seen.get(key, 0) + 1
    states = {1: "reported"}
    return [
        OverviewRow(
            town,
            [
                None if (town.id, p) not in seen else states.get(seen[(town.id, p)], "corrected")
                for p in periods
            ],
        )
        for town in towns
    ]
