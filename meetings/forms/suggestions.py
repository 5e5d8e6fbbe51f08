"""Forms of agenda suggestions: a member's suggestion and the secretariat's reason to decline."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from meetings.labels import AGENDA_ITEM_KIND_LABELS
from meetings.models import AgendaItemKind
from portal.forms import PortalForm, max_length, select_choices
from portal.i18n import lazy_gettext as _l


class SuggestionForm(PortalForm):
    """An item a member would like on the agenda."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(300)],
    )
    kind = SelectField(
        _l("Art"),
        choices=select_choices(
            (kind.value, AGENDA_ITEM_KIND_LABELS[kind]) for kind in AgendaItemKind
        ),
        default=AgendaItemKind.DISCUSSION.value,
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Art aus der Liste."))],
    )
    description = TextAreaField(
        _l("Begründung und Inhalt"),
        description=_l(
            "Worum geht es, und warum gehört der Punkt auf diese Tagesordnung? "
            "Markdown ist erlaubt."
        ),
        validators=[max_length(20000)],
    )
    is_public = BooleanField(_l("Im öffentlichen Teil beraten"), default=True)


class DeclineSuggestionForm(PortalForm):
    """Why the suggestion does not go on the agenda; the proposer reads it."""

    reason = TextAreaField(
        _l("Begründung"),
        description=_l("Die Person, die den Punkt vorgeschlagen hat, erhält sie per E-Mail."),
        validators=[
            DataRequired(message=_l("Bitte geben Sie an, warum der Vorschlag abgelehnt wird.")),
            max_length(2000),
        ],
    )
