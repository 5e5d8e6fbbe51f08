"""The statistics area's start page card: the latest district figures and what is to report."""

from __future__ import annotations

from portal import dashboard
from portal.dashboard import Card
from portal.permissions import Action, can
from portal.statistics.periods import Period
from portal.statistics.services import figures, reading
from portal.statistics.views import bp
from portal.timeutil import today_local

#: After the meetings' cards and the observations, before the documents.
CARD_ORDER = 50


def figures_card(user) -> Card | None:
    """The latest published district figures; for reporters also the last quarter's gaps."""
    if not can(user, Action.STATISTICS_VIEW):
        return None
    latest = reading.latest_figures(user)
    missing: list[str] = []
    last = Period.containing(today_local()).shifted(-1)
    if can(user, Action.STATISTICS_REPORT):
        missing = [
            row.municipality.name
            for row in figures.reporting_overview(user, [last])
            if row.states[0] is None
        ]
    if latest is None and not missing:
        return None
    context = {
        "latest": latest,
        "missing": missing,
        "last": last,
        "last_label": figures.period_label(last),
    }
    return Card("figures-card", "statistics/_figures_card.html", CARD_ORDER, context)


@bp.record_once
def _register(state) -> None:
    dashboard.register_card(state.app, figures_card)
