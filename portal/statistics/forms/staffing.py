"""Forms of the staffing calculator (syntax only; the service reads and checks the numbers)."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import Field, RadioField, SelectField, StringField

from portal.forms import PortalForm, max_length, select_choices
from portal.i18n import lazy_gettext as _l
from portal.models import Organisation
from portal.statistics.allocation import Method
from portal.statistics.services.staffing import weight_field_name
from portal.statistics.services.staffing_results import METHOD_LABELS

_NUMBER = {"inputmode": "decimal", "autocomplete": "off", "size": 8}


class StaffingForm(PortalForm):
    """The calculator's inputs; one refugee-number field per municipality is added by
    :func:`staffing_form`.

    Numbers are text fields so "6,0" with a German decimal comma is read by the service, and a
    wrong entry gets a German message next to the field instead of a browser tooltip.
    """

    total = StringField(
        _l("Stellen insgesamt (FTE)"),
        description=_l("Die geförderten Stellen in Vollzeitäquivalenten, zum Beispiel 6,0."),
        render_kw=_NUMBER,
    )
    step = StringField(
        _l("Schrittweite (FTE)"),
        description=_l(
            "Die kleinste Einheit, in der Stellen verteilt werden, zum Beispiel 0,25 oder 0,5."
        ),
        render_kw=_NUMBER,
    )
    minimum = StringField(
        _l("Mindestausstattung je Kommune (FTE)"),
        description=_l(
            "Jede Kommune erhält mindestens so viel; ein Vielfaches der Schrittweite. "
            "Leer bedeutet keine Mindestausstattung."
        ),
        render_kw=_NUMBER,
    )
    method = RadioField(
        _l("Verfahren"),
        choices=select_choices((method.value, label) for method, label in METHOD_LABELS.items()),
        default=Method.LARGEST_REMAINDER.value,
        validate_choice=False,
    )
    basis = StringField(
        _l("Bezugsgröße"),
        description=_l(
            "Was die Zahlen bedeuten, zum Beispiel „Geflüchtete laut Zuweisung zum 30.06.2026“."
        ),
        validators=[max_length(200)],
    )
    title = StringField(
        _l("Titel der Berechnung"),
        description=_l("Zum Beispiel: „Stellenverteilung Case-Management 2027“."),
        validators=[max_length(200)],
    )


def staffing_form(towns: Iterable[Organisation], **kwargs) -> StaffingForm:
    """Build the calculator form with one refugee-number field per municipality."""
    extra = {
        weight_field_name(town): StringField(
            town.name, render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 10}
        )
        for town in towns
    }
    form_class = type("DistrictStaffingForm", (StaffingForm,), extra)
    return form_class(**kwargs)


def weight_fields(form: StaffingForm, towns: Iterable[Organisation]) -> list[Field]:
    """Return the refugee-number fields in the order of the municipalities."""
    return [form[weight_field_name(town)] for town in towns]


class PrefillForm(PortalForm):
    """Take the refugee numbers from a published quarter: sent with GET, so no CSRF token."""

    class Meta:
        csrf = False

    quartal = SelectField(_l("Veröffentlichtes Quartal"), validate_choice=False)
