"""What readers see: published, disclosure-controlled figures as tables and chart series.

Everything here reads :class:`StatisticsPublication` rows, never raw reports, so a suppressed
value is simply not there to leak. The same view feeds the page, the exports and snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.errors import InvalidInput
from portal.extensions import db
from portal.i18n import de_datetime
from portal.models import User
from portal.permissions import Action, require
from portal.statistics import catalogue
from portal.statistics.linked import TOTAL
from portal.statistics.models import StatisticsPublication
from portal.statistics.periods import Period
from portal.statistics.services.figures import municipalities, period_label
from portal.statistics.shown import SUPPRESSED, ZERO, ShownRow, ShownTable

OVERVIEW = "overview"
#: Longest range the page shows at once: ten years of quarters.
MAX_QUARTERS = 40
DEFAULT_QUARTERS = 4


@dataclass(frozen=True)
class Selection:
    """The page's filter: a range of quarters, one municipality or all, one breakdown."""

    first: Period
    last: Period
    municipality_id: int | None = None
    breakdown: str = OVERVIEW

    def as_args(self) -> dict[str, str]:
        args = {"von": self.first.slug, "bis": self.last.slug, "ansicht": self.breakdown}
        if self.municipality_id is not None:
            args["kommune"] = str(self.municipality_id)
        return args


@dataclass(frozen=True)
class Series:
    title: str
    periods: tuple[str, ...]
    lines: tuple[tuple[str, tuple[int | None, ...]], ...]


@dataclass
class StatisticsView:
    selection: Selection
    tables: list[ShownTable]
    series: Series | None
    stand_at: datetime | None
    #: Index of the column the bar chart shows (the total where there is one).
    bar_column: int = 0
    periods: list[Period] = field(default_factory=list)


def breakdown_choices() -> list[tuple[str, str]]:
    return [(OVERVIEW, _("Übersicht (Fälle, Zugänge, Abschlüsse)"))] + [
        (dimension.key, _(dimension.label)) for dimension in catalogue.DIMENSIONS
    ]


def _columns(breakdown: str) -> tuple[list[str], list[str]]:
    """Return the item keys and headings of the columns of a breakdown."""
    if breakdown == OVERVIEW:
        items = [measure.key for measure in catalogue.MEASURES]
        return items, [_(catalogue.label(item)) for item in items]
    dimension = catalogue.dimension(breakdown)
    items = list(dimension.items)
    headings = [_(catalogue.label(item)) for item in items]
    if dimension.total is not None:
        items.append(dimension.total)
        headings.append(_("Insgesamt"))
    return items, headings


def legend(k: int) -> tuple[tuple[str, str], ...]:
    return (
        (
            SUPPRESSED,
            _(
                "Zahlenwert geheim zu halten: er beruht auf weniger als %(k)d Fällen oder ließe "
                "sich aus anderen Werten errechnen",
                k=k,
            ),
        ),
        (ZERO, _("nichts vorhanden (null Fälle)")),
    )


def municipality_choices() -> list[tuple[int, str]]:
    return [(town.id, town.name) for town in municipalities()]


def published_periods() -> list[Period]:
    """Return every quarter with a current publication, oldest first."""
    rows = db.session.execute(
        select(StatisticsPublication.year, StatisticsPublication.quarter)
        .where(StatisticsPublication.superseded_at.is_(None))
        .order_by(StatisticsPublication.year, StatisticsPublication.quarter)
    )
    return [Period(year, quarter) for year, quarter in rows]


def default_selection(periods: list[Period]) -> Selection | None:
    if not periods:
        return None
    last = periods[-1]
    return Selection(first=max(periods[0], last.shifted(1 - DEFAULT_QUARTERS)), last=last)


def check_selection(selection: Selection) -> None:
    """Refuse a filter the page cannot show, with a message beside the field."""
    errors = []
    if selection.first > selection.last:
        errors.append(("von", _("Der Beginn liegt nach dem Ende des Zeitraums.")))
    elif selection.last.index - selection.first.index >= MAX_QUARTERS:
        errors.append(("von", _("Höchstens %(max)d Quartale auf einmal.", max=MAX_QUARTERS)))
    if selection.breakdown != OVERVIEW and selection.breakdown not in {
        d.key for d in catalogue.DIMENSIONS
    }:
        errors.append(("ansicht", _("Bitte wählen Sie eine der angebotenen Ansichten.")))
    if errors:
        raise InvalidInput(errors)


def _publications(selection: Selection) -> list[StatisticsPublication]:
    first, last = selection.first, selection.last
    return list(
        db.session.scalars(
            select(StatisticsPublication)
            .where(
                StatisticsPublication.superseded_at.is_(None),
                (StatisticsPublication.year * 4 + StatisticsPublication.quarter).between(
                    first.year * 4 + first.quarter, last.year * 4 + last.quarter
                ),
            )
            .order_by(StatisticsPublication.year.desc(), StatisticsPublication.quarter.desc())
        )
    )


def _values(publication: StatisticsPublication, area: str, items: list[str]):
    shown = publication.values.get(area, {})
    return tuple(shown.get(item) for item in items)


def _stand(publications: list[StatisticsPublication]) -> tuple[str, datetime | None]:
    if not publications:
        return "", None
    latest = max(p.published_at for p in publications)
    return _("Stand: %(when)s", when=de_datetime(latest)), latest


def _district_name() -> str:
    return _("Kreis insgesamt")


def _tables_by_period(pubs, items, headings, k) -> list[ShownTable]:
    stand, _latest = _stand(pubs)
    tables = []
    for publication in pubs:
        areas = sorted(publication.areas.items(), key=lambda pair: pair[1])
        rows = [ShownRow(name, _values(publication, area, items)) for area, name in areas]
        rows.append(ShownRow(_district_name(), _values(publication, TOTAL, items), is_total=True))
        tables.append(
            ShownTable(
                title=period_label(Period(publication.year, publication.quarter)),
                row_header=_("Kommune"),
                columns=tuple(headings),
                rows=tuple(rows),
                stand=stand,
                legend=legend(k),
            )
        )
    return tables


def _table_for_area(pubs, area: str, name: str, items, headings, k) -> list[ShownTable]:
    stand, _latest = _stand(pubs)
    rows = [
        ShownRow(period_label(Period(p.year, p.quarter)), _values(p, area, items))
        for p in pubs
        if area == TOTAL or area in p.areas
    ]
    if not rows:
        return []
    table = ShownTable(
        title=name,
        row_header=_("Quartal"),
        columns=tuple(headings),
        rows=tuple(rows),
        stand=stand,
        legend=legend(k),
    )
    return [table]


def _lead_item(breakdown: str) -> str | None:
    if breakdown == OVERVIEW:
        return "open"
    return catalogue.dimension(breakdown).total


def _series(selection: Selection, pubs, items, headings, names: dict[str, str]) -> Series | None:
    chronological = sorted(pubs, key=lambda p: (p.year, p.quarter))
    if len(chronological) < 2:
        return None
    labels = tuple(Period(p.year, p.quarter).short for p in chronological)
    lead = _lead_item(selection.breakdown)
    if selection.municipality_id is None and lead is not None:
        # The district line would dwarf every municipality's: it stays in the tables.
        lines = [
            (name, tuple(p.values.get(area, {}).get(lead) for p in chronological))
            for area, name in sorted(names.items(), key=lambda pair: pair[1])
        ]
        title = _(catalogue.label(lead))
    else:
        area = TOTAL if selection.municipality_id is None else str(selection.municipality_id)
        shown = [(item, heading) for item, heading in zip(items, headings, strict=True)]
        if lead is not None:
            shown = [(item, heading) for item, heading in shown if item != lead]
        lines = [
            (heading, tuple(p.values.get(area, {}).get(item) for p in chronological))
            for item, heading in shown
        ]
        title = names.get(area, _district_name())
    return Series(title=title, periods=labels, lines=tuple(lines))


def statistics_view(
    actor: User, selection: Selection | None, periods: list[Period] | None = None
) -> StatisticsView | None:
    """Return the tables and series of the selection, or None while nothing is published.

    ``periods`` are the published quarters when the caller has them already (the filter needs
    them too), so the page asks for them once.
    """
    require(actor, Action.STATISTICS_VIEW)
    periods = published_periods() if periods is None else periods
    selection = selection or default_selection(periods)
    if selection is None:
        return None
    check_selection(selection)
    pubs = _publications(selection)
    names: dict[str, str] = {}
    for publication in reversed(pubs):
        names.update(publication.areas)
    items, headings = _columns(selection.breakdown)
    k = max((p.k for p in pubs), default=3)
    if selection.municipality_id is None:
        tables = _tables_by_period(pubs, items, headings, k)
    else:
        area = str(selection.municipality_id)
        tables = _table_for_area(pubs, area, names.get(area, ""), items, headings, k)
    _text, stand_at = _stand(pubs)
    lead = _lead_item(selection.breakdown)
    return StatisticsView(
        selection=selection,
        tables=tables,
        series=_series(selection, pubs, items, headings, names),
        stand_at=stand_at,
        bar_column=items.index(lead) if lead in items else 0,
        periods=periods,
    )


@dataclass(frozen=True)
class LatestFigures:
    """The start page's summary: the district's published figures of the latest quarter."""

    period_label: str
    #: (label, value) of each measure; None where the value is withheld.
    measures: tuple[tuple[str, int | None], ...]
    stand_at: datetime

    @property
    def withheld(self) -> bool:
        return any(value is None for _label, value in self.measures)


def latest_figures(actor: User) -> LatestFigures | None:
    """Return the district totals of the latest published quarter, or None (one statement)."""
    require(actor, Action.STATISTICS_VIEW)
    publication = db.session.scalar(
        select(StatisticsPublication)
        .where(StatisticsPublication.superseded_at.is_(None))
        .order_by(StatisticsPublication.year.desc(), StatisticsPublication.quarter.desc())
        .limit(1)
    )
    if publication is None:
        return None
    district = publication.values.get(TOTAL, {})
    return LatestFigures(
        period_label=period_label(Period(publication.year, publication.quarter)),
        measures=tuple(
            (_(measure.label), district.get(measure.key)) for measure in catalogue.MEASURES
        ),
        stand_at=publication.published_at,
    )
