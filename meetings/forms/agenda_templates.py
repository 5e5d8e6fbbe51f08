"""The form of one item of a body's agenda template."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from meetings.labels import AGENDA_ITEM_KIND_LABELS
from meetings.models import AgendaItemKind
from portal.forms import PortalForm, max_length, select_choices
from portal.i18n import lazy_gettext as _l


class TemplateItemForm(PortalForm):
    """One item new meetings of the body start with."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(300)],
    )
    kind = SelectField(
        _l("Art"),
        choices=select_choices(
            (kind.value, AGENDA_ITEM_KIND_LABELS[kind]) for kind in AgendaItemKind
        ),
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Art aus der Liste."))],
    )
    description = TextAreaField(
        _l("Beschreibung"), description=_l("Markdown ist erlaubt."), validators=[max_length(20000)]
    )
    is_public = BooleanField(_l("Öffentlicher Teil"), default=True)
