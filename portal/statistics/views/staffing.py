"""The staffing calculator: split the funded case-management posts across the municipalities."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput
from portal.forms import select_choices
from portal.page_cache import cached_page
from portal.permissions import Action, can, require
from portal.statistics.forms.links import LinkForm
from portal.statistics.forms.staffing import (
    PrefillForm,
    StaffingForm,
    staffing_form,
    weight_fields,
)
from portal.statistics.periods import Period
from portal.statistics.services import figures, links, reading
from portal.statistics.services import staffing as service
from portal.statistics.services.staffing_results import fte_text, result_table, saved_result
from portal.statistics.views import bp
from portal.views.helpers import populate_errors

#: The largest id an INTEGER column holds; a larger ?von_berechnung= is no calculation.
_MAX_ID = 2**31 - 1


def _actor():
    return current_user._get_current_object()


def _prefill_form() -> PrefillForm:
    form = PrefillForm(formdata=request.args if "quartal" in request.args else None)
    form.quartal.choices = select_choices(
        (period.slug, figures.period_label(period))
        for period in reversed(reading.published_periods())
    )
    return form


def _render(form: StaffingForm, towns, *, status: int = 200, **context):
    """Show the calculator with its inputs and whatever the caller adds (result, notices)."""
    context.setdefault("prefill_form", _prefill_form())
    page = render_template(
        "statistics/staffing.html",
        form=form,
        weight_fields=weight_fields(form, towns),
        saved=service.list_staffing(_actor(), limit=10),
        may_save=can(_actor(), Action.STAFFING_SAVE),
        **context,
    )
    return page, status


def _fill(form: StaffingForm, towns, values: Mapping[str, int]) -> list[str]:
    """Put refugee numbers into the form by municipality name; return the names left empty."""
    missing = []
    for town, field in zip(towns, weight_fields(form, towns), strict=True):
        value = values.get(town.name)
        field.data = "" if value is None else str(value)
        if value is None:
            missing.append(town.name)
    return missing


def _from_quarter(form: StaffingForm, prefill: PrefillForm, towns):
    """Prefill the published open cases of ?quartal=; 422 with the error beside the choice."""
    try:
        period = Period.parse(request.args["quartal"])
        weights, missing = service.prefill_from_publication(_actor(), period)
    except ValueError:
        prefill.quartal.errors = [_("Bitte wählen Sie ein veröffentlichtes Quartal.")]
        return _render(form, towns, status=422, prefill_form=prefill)
    except InvalidInput as error:
        populate_errors(prefill, error)
        return _render(form, towns, status=422, prefill_form=prefill)
    _fill(form, towns, weights)
    form.basis.data = service.publication_basis(period)
    return _render(form, towns, prefill_form=prefill, suppressed=missing)


def _from_calculation(form: StaffingForm, towns):
    """Prefill the settings and numbers of the saved calculation ?von_berechnung=."""
    raw = request.args["von_berechnung"]
    if not raw.isascii() or not raw.isdigit() or int(raw) > _MAX_ID:
        abort(404)
    calculation = service.get_staffing(_actor(), int(raw))
    form.total.data = fte_text(calculation.total)
    form.step.data = fte_text(calculation.step)
    form.minimum.data = fte_text(calculation.minimum) if calculation.minimum else ""
    form.method.data = calculation.method
    form.basis.data = calculation.basis
    missing = _fill(form, towns, calculation.weights)
    return _render(form, towns, source=calculation, not_in_source=missing)


def _submit(form: StaffingForm, towns):
    """Calculate (everyone) or save (secretariat) what the form sends."""
    saving = request.form.get("action") == "save"
    if saving:
        require(_actor(), Action.STAFFING_SAVE)
    if not form.validate_on_submit():
        return _render(form, towns, status=422)
    inputs = {
        "total": form.total.data,
        "step": form.step.data,
        "minimum": form.minimum.data,
        "method": form.method.data,
        "weights": {
            town.name: field.data
            for town, field in zip(towns, weight_fields(form, towns), strict=True)
        },
    }
    try:
        if saving:
            calculation = service.save_staffing(
                _actor(), title=form.title.data, basis=form.basis.data, **inputs
            )
        else:
            allocation = service.calculate_staffing(_actor(), **inputs)
    except InvalidInput as error:
        populate_errors(form, error)
        return _render(form, towns, status=422)
    if saving:
        flash(_("Die Berechnung „%(title)s“ ist gespeichert.", title=calculation.title), "success")
        return redirect(url_for("statistics.staffing_show", staffing_id=calculation.id), 303)
    return _render(form, towns, result=result_table(allocation))


@bp.route("/staffing", methods=["GET", "POST"])
@login_required
def staffing():
    """The calculator: inputs, prefills, and the split on the same page."""
    require(_actor(), Action.STATISTICS_VIEW)
    towns = figures.municipalities()
    if request.method == "POST":
        return _submit(staffing_form(towns), towns)
    form = staffing_form(towns, formdata=None)
    if "quartal" in request.args:
        return _from_quarter(form, _prefill_form(), towns)
    if "von_berechnung" in request.args:
        return _from_calculation(form, towns)
    return _render(form, towns)


@bp.route("/staffing/<int:staffing_id>")
@cached_page
@login_required
def staffing_show(staffing_id: int, link_form: LinkForm | None = None, status: int = 200):
    """A saved calculation: inputs, split, exact quotas, who saved it when, where it is linked.

    ``statistics.staffing_link`` renders it again with its refused ``link_form`` (422).
    """
    calculation = service.get_staffing(_actor(), staffing_id)
    panel = links.link_panel(_actor(), staffing=calculation)
    link_form = link_form or LinkForm(formdata=None)
    link_form.offer(panel.choices)
    return (
        render_template(
            "statistics/staffing_show.html",
            calculation=calculation,
            result=saved_result(calculation),
            panel=panel,
            link_form=link_form,
        ),
        status,
    )
