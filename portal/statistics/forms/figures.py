"""Forms for reporting, uploading, publishing and filtering figures (syntax only)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from portal.forms import PortalForm, max_length, optional_int
from portal.i18n import lazy_gettext as _l
from portal.statistics import catalogue


class FiguresForm(PortalForm):
    """One municipality-quarter: a text field per count, named like its CSV column.

    The counts are plain text fields so the service answers "1,5" or "-3" with a German message
    next to the field instead of a browser tooltip that screen readers may miss.
    """

    note = TextAreaField(
        _l("Grund der Korrektur"),
        description=_l("Nur bei einer Korrektur: was war falsch? (höchstens 500 Zeichen)"),
        validators=[max_length(500)],
    )


for _item in catalogue.ITEMS:
    setattr(
        FiguresForm,
        catalogue.ITEM_COLUMNS[_item],
        StringField(
            _l(catalogue.label(_item)),
            validators=[max_length(12)],
            render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 8},
        ),
    )
del _item


class UploadForm(PortalForm):
    file = FileField(
        _l("CSV-Datei"),
        description=_l(
            "Semikolon- oder kommagetrennt, UTF-8 oder Windows-1252, eine Zeile je Kommune und "
            "Quartal (höchstens 2 MB)."
        ),
        validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei aus."))],
    )
    replace = BooleanField(_l("Vorhandene Zahlen korrigieren (ersetzen)"))
    note = TextAreaField(
        _l("Grund der Korrektur"),
        description=_l("Pflicht, wenn vorhandene Zahlen ersetzt werden."),
        validators=[max_length(500)],
    )


class FilterForm(PortalForm):
    """The statistics page's filter: sent with GET, so no CSRF token."""

    class Meta:
        csrf = False

    von = SelectField(_l("Von Quartal"))
    bis = SelectField(_l("Bis Quartal"))
    kommune = SelectField(_l("Kommune"), coerce=optional_int)
    ansicht = SelectField(_l("Ansicht"))


class SnapshotForm(PortalForm):
    title = StringField(
        _l("Titel des Standes"),
        description=_l("Zum Beispiel: „Fallzahlen für die Lenkungsgruppe am 24.11.2026“."),
        validators=[max_length(200)],
    )
