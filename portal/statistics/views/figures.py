"""Reporting figures (case managers, KI) and publishing quarters (KI)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput, PermissionDenied
from portal.forms import PortalForm
from portal.permissions import Action, can, require
from portal.statistics import catalogue, csv_format
from portal.statistics.forms.figures import FiguresForm, UploadForm
from portal.statistics.periods import Period, recent
from portal.statistics.services import figures, publishing
from portal.statistics.views import bp
from portal.timeutil import today_local
from portal.views.helpers import populate_errors, submit_form

#: Quarters shown in the reporting overview.
OVERVIEW_QUARTERS = 8


def _actor():
    return current_user._get_current_object()


def _period(slug: str) -> Period:
    try:
        return Period.parse(slug)
    except ValueError:
        abort(404)


def _sections():
    """Group the form's fields: the measures, then one group per breakdown."""
    groups = [(_("Fallzahlen"), [catalogue.ITEM_COLUMNS[m.key] for m in catalogue.MEASURES], "")]
    for dimension in catalogue.DIMENSIONS:
        hint = ""
        if dimension.total:
            hint = _(
                "Die Werte ergeben zusammen „%(total)s“.",
                total=_(catalogue.label(dimension.total)),
            )
        elif dimension.bound:
            hint = _(
                "Mehrere je Fall möglich; keiner größer als „%(bound)s“.",
                bound=_(catalogue.label(dimension.bound)),
            )
        columns = [catalogue.ITEM_COLUMNS[item] for item in dimension.items]
        groups.append((_(dimension.label), columns, hint))
    return groups


@bp.route("/report")
@login_required
def report_overview():
    """The quarters each of the reporter's municipalities has reported."""
    require(_actor(), Action.STATISTICS_REPORT)
    periods = recent(Period.containing(today_local()), OVERVIEW_QUARTERS)
    rows = figures.reporting_overview(_actor(), periods)
    return render_template("statistics/report_overview.html", rows=rows, periods=periods)


@bp.route("/report/<int:organisation_id>/<period_slug>", methods=["GET", "POST"])
@login_required
def report(organisation_id: int, period_slug: str):
    """Enter or correct the figures of one municipality-quarter."""
    period = _period(period_slug)
    town = figures.get_municipality(_actor(), organisation_id)
    form = FiguresForm()
    if form.is_submitted():
        is_correction = figures.has_figures(_actor(), town, period)
    else:
        current = figures.raw_figures(_actor(), town, period)
        is_correction = current is not None
        for item, value in current.counts.items() if current is not None else ():
            getattr(form, catalogue.ITEM_COLUMNS[item]).data = str(value)

    def action():
        raw = {column: getattr(form, column).data for column in catalogue.COLUMN_ITEMS}
        figures.report_figures(_actor(), town, period, raw, note=form.note.data or "")

    status = submit_form(form, action)
    if status is None:
        unit = figures.unit_label(town, period)
        flash(_("Die Zahlen für %(unit)s sind gespeichert.", unit=unit), "success")
        return redirect(url_for("statistics.report_overview"))
    return (
        render_template(
            "statistics/report_form.html",
            form=form,
            town=town,
            period=period,
            period_label=figures.period_label(period),
            is_correction=is_correction,
            sections=_sections(),
        ),
        status,
    )


@bp.route("/report/<int:organisation_id>/<period_slug>/history")
@login_required
def report_history(organisation_id: int, period_slug: str):
    """Every report of one municipality-quarter with its raw counts (audited)."""
    period = _period(period_slug)
    town = figures.get_municipality(_actor(), organisation_id)
    reports = figures.figure_history(_actor(), town, period)
    return render_template(
        "statistics/report_history.html",
        town=town,
        period=period,
        period_label=figures.period_label(period),
        reports=reports,
        items=catalogue.ITEMS,
        label=catalogue.label,
    )


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload():
    """Import many municipality-quarters from one CSV file: all rows or none."""
    require(_actor(), Action.STATISTICS_REPORT)
    form = UploadForm()
    problems: list = []
    status = 200
    if form.validate_on_submit():
        try:
            result = figures.import_figures(
                _actor(),
                form.file.data.read(),
                replace=form.replace.data,
                note=form.note.data or "",
            )
        except figures.UploadInvalid as error:
            problems = error.problems
            status = 422
        except InvalidInput as error:
            populate_errors(form, error)
            status = 422
        else:
            flash(
                _(
                    "Übernommen: %(added)d neu, %(corrected)d korrigiert, "
                    "%(unchanged)d unverändert.",
                    added=result.added,
                    corrected=result.corrected,
                    unchanged=result.unchanged,
                ),
                "success",
            )
            return redirect(url_for("statistics.report_overview"))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "statistics/upload.html",
            form=form,
            problems=problems,
            column_help=csv_format.COLUMN_HELP,
        ),
        status,
    )


@bp.route("/upload/template.csv")
@login_required
def upload_template():
    """The CSV template: the columns and one empty row per municipality of the reporter."""
    require(_actor(), Action.STATISTICS_REPORT)
    period = Period.containing(today_local()).shifted(-1)
    towns = [town.name for town in figures.reportable_municipalities(_actor())]
    response = Response(
        csv_format.template_csv(towns, period.year, period.quarter),
        content_type="text/csv; charset=utf-8",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="fallzahlen-vorlage.csv"'
    return response


@bp.route("/publish")
@login_required
def publish_overview():
    """The quarters with figures and their publication state (KI)."""
    overview = publishing.publication_overview(_actor())
    return render_template(
        "statistics/publish.html",
        overview=overview,
        form=PortalForm(),
        period_label=figures.period_label,
    )


@bp.route("/publish/<period_slug>", methods=["POST"])
@login_required
def publish(period_slug: str):
    """Publish a quarter under disclosure control."""
    period = _period(period_slug)
    if not can(_actor(), Action.STATISTICS_MANAGE):
        raise PermissionDenied()
    form = PortalForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        publication = publishing.publish_period(_actor(), period)
    except InvalidInput as error:
        flash(str(error), "error")
        return redirect(url_for("statistics.publish_overview")), 303
    flash(
        _(
            "%(period)s ist veröffentlicht (Fassung %(revision)d, "
            "%(count)d Werte geheim gehalten).",
            period=figures.period_label(period),
            revision=publication.revision,
            count=len(publication.suppressed),
        ),
        "success",
    )
    return redirect(url_for("statistics.publish_overview")), 303
