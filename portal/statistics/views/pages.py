"""The statistics page, its exports and snapshots."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal.errors import InvalidInput
from portal.filetypes import content_disposition
from portal.forms import select_choices
from portal.page_cache import cached_page
from portal.permissions import Action, require
from portal.statistics import chart_descriptions, charts, table_export
from portal.statistics.forms.figures import FilterForm, SnapshotForm
from portal.statistics.forms.links import LinkForm
from portal.statistics.periods import Period
from portal.statistics.services import links, observations, reading, snapshots
from portal.statistics.views import bp
from portal.views.helpers import populate_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor():
    return current_user._get_current_object()


def _filter_form(periods: list[Period], towns: list[tuple[int, str]]) -> FilterForm:
    """Build the filter from the query; a parameter left out keeps the default view's value."""
    formdata = None
    if request.args:
        default = reading.default_selection(periods)
        formdata = MultiDict(default.as_args() if default else {"ansicht": reading.OVERVIEW})
        for name in request.args:
            formdata.setlist(name, request.args.getlist(name))
    form = FilterForm(formdata=formdata)
    period_choices = [(p.slug, p.short) for p in reversed(periods)]
    form.von.choices = period_choices
    form.bis.choices = period_choices
    form.kommune.choices = select_choices([(None, _("Alle Kommunen")), *towns])
    form.ansicht.choices = reading.breakdown_choices()
    return form


def _selection(form: FilterForm) -> reading.Selection | None:
    """Read the filter; None means "the default view" (nothing or nothing valid was sent)."""
    if not request.args:
        return None
    if not form.validate():
        raise InvalidInput([])
    return reading.Selection(
        first=Period.parse(form.von.data),
        last=Period.parse(form.bis.data),
        municipality_id=form.kommune.data,
        breakdown=form.ansicht.data,
    )


def chart_svgs(tables, series, bar_column: int, prefix: str) -> dict[str, Markup]:
    """Draw the bar chart of the newest table and the time series (escaped inside the SVG)."""
    drawn: dict[str, Markup] = {}
    if tables and len(tables[0].rows) > 1:
        table = tables[0]
        title = _("%(table)s: %(column)s", table=table.title, column=table.columns[bar_column])
        description = chart_descriptions.describe_bars(table, bar_column, translate=_)
        svg = charts.bar_chart(
            table,
            column=bar_column,
            title=title,
            description=description,
            id_prefix=f"{prefix}-bar",
            translate=_,
        )
        drawn["bar"] = Markup(svg)  # noqa: S704  (built and escaped by portal.statistics.charts)
        drawn["bar_description"] = description
    if series is not None:
        description = chart_descriptions.describe_series(series.periods, series.lines, translate=_)
        svg = charts.time_series(
            series.title,
            description,
            series.periods,
            series.lines,
            id_prefix=f"{prefix}-series",
            translate=_,
        )
        drawn["series"] = Markup(svg)  # noqa: S704  (built and escaped by portal.statistics.charts)
        drawn["series_description"] = description
    return drawn


def _view_and_form():
    periods = reading.published_periods()
    towns = reading.municipality_choices()
    form = _filter_form(periods, towns)
    try:
        view = reading.statistics_view(_actor(), _selection(form), periods)
    except InvalidInput as error:
        populate_errors(form, error)
        return None, form, 422
    if view is not None and not request.args:
        form = _filter_form(periods, towns)
        for name, value in view.selection.as_args().items():
            getattr(form, name).data = int(value) if name == "kommune" else value
    return view, form, 200


@bp.route("/")
@cached_page
@login_required
def index():
    """Published figures with filters, tables beside their charts, exports and snapshots."""
    require(_actor(), Action.STATISTICS_VIEW)
    view, form, status = _view_and_form()
    drawn = chart_svgs(view.tables, view.series, view.bar_column, "page") if view else {}
    return (
        render_template(
            "statistics/index.html",
            view=view,
            form=form,
            drawn=drawn,
            snapshot_form=SnapshotForm(),
            recent_snapshots=snapshots.list_snapshots(_actor(), limit=10),
            may_see_observations=observations.may_view(_actor()),
        ),
        status,
    )


def _export_name(view, extension: str) -> str:
    selection = view.selection
    return f"fallzahlen-{selection.first.slug}-{selection.last.slug}.{extension}"


@bp.route("/export.<any(csv, xlsx):extension>")
@login_required
def export(extension: str):
    """What the page shows for the same filter, as CSV or Excel (suppressed as ".")."""
    require(_actor(), Action.STATISTICS_VIEW)
    view, _form, _status = _view_and_form()
    if view is None:
        return redirect(url_for("statistics.index", **request.args.to_dict()), 303)
    if extension == "csv":
        response = Response(
            table_export.to_csv(view.tables), content_type="text/csv; charset=utf-8"
        )
    else:
        response = Response(table_export.to_xlsx(view.tables), content_type=XLSX)
    response.headers["Content-Disposition"] = content_disposition(_export_name(view, extension))
    return response


@bp.route("/snapshots", methods=["POST"])
@login_required
def snapshot_create():
    """Freeze the current view as a snapshot that agenda items and proposals can link to."""
    require(_actor(), Action.STATISTICS_MANAGE)
    view, form, status = _view_and_form()
    snapshot_form = SnapshotForm()
    if view is not None and snapshot_form.validate_on_submit():
        try:
            snapshot = snapshots.freeze_view(
                _actor(), view.selection, title=snapshot_form.title.data or ""
            )
        except InvalidInput as error:
            populate_errors(snapshot_form, error)
        else:
            flash(_("Der Stand „%(title)s“ ist gespeichert.", title=snapshot.title), "success")
            return redirect(url_for("statistics.snapshot", snapshot_id=snapshot.id)), 303
    drawn = chart_svgs(view.tables, view.series, view.bar_column, "page") if view else {}
    return (
        render_template(
            "statistics/index.html",
            view=view,
            form=form,
            drawn=drawn,
            snapshot_form=snapshot_form,
            recent_snapshots=snapshots.list_snapshots(_actor(), limit=10),
            may_see_observations=observations.may_view(_actor()),
        ),
        422,
    )


@bp.route("/snapshots/<int:snapshot_id>")
@cached_page
@login_required
def snapshot(snapshot_id: int, link_form: LinkForm | None = None, status: int = 200):
    """A frozen view exactly as it was saved, with its "Stand" and where it is used.

    ``statistics.snapshot_link`` renders it again with the refused ``link_form`` (422).
    """
    frozen = snapshots.get_snapshot(_actor(), snapshot_id)
    tables = [snapshots.table_from_data(data) for data in frozen.content["tables"]]
    series = snapshots.series_from_data(frozen.content.get("series"))
    drawn = chart_svgs(tables, series, frozen.content.get("bar_column", 0), f"s{frozen.id}")
    panel = links.link_panel(_actor(), snapshot=frozen)
    link_form = link_form or LinkForm(formdata=None)
    link_form.offer(panel.choices)
    return render_template(
        "statistics/snapshot.html",
        snapshot=frozen,
        tables=tables,
        drawn=drawn,
        panel=panel,
        link_form=link_form,
    ), status
