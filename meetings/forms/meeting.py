"""Forms of the meeting pages. They check syntax; the rules live in meetings.services."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from meetings.labels import AGENDA_ITEM_KIND_LABELS
from meetings.models import AgendaItemKind
from portal.forms import PortalForm, max_length, optional_int, select_choices
from portal.i18n import lazy_gettext as _l


class MeetingForm(PortalForm):
    """Title, day, start and end time (Berlin), place and visibility of a meeting."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(200)],
    )
    day = DateField(
        _l("Datum"),
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum an."),
        validators=[InputRequired(message=_l("Bitte geben Sie ein gültiges Datum an."))],
    )
    starts_time = TimeField(
        _l("Beginn"),
        invalid_value_message=_l("Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
        validators=[InputRequired(message=_l("Bitte geben Sie eine gültige Uhrzeit an."))],
    )
    ends_time = TimeField(
        _l("Ende"),
        invalid_value_message=_l("Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
        validators=[InputRequired(message=_l("Bitte geben Sie eine gültige Uhrzeit an."))],
    )
    location = StringField(
        _l("Ort"), description=_l("Raum und Anschrift"), validators=[Optional(), max_length(300)]
    )
    online_url = StringField(
        _l("Online-Link"),
        description=_l("Für hybride oder Online-Sitzungen, beginnt mit https://"),
        validators=[Optional(), max_length(500)],
    )
    is_public = BooleanField(_l("Öffentliche Sitzung (öffentlicher Teil für alle sichtbar)"))
    lock_version = HiddenField()

    def __init__(self, *args, body_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body_choices is not None:
            self.body_id.choices = select_choices(body_choices)
        else:
            del self.body_id

    body_id = SelectField(
        _l("Gremium"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Bitte wählen Sie ein Gremium."))],
    )


class CancelForm(PortalForm):
    reason = TextAreaField(
        _l("Grund der Absage"),
        description=_l("Die Mitglieder erhalten ihn mit der Absage."),
        validators=[
            DataRequired(message=_l("Bitte geben Sie den Grund der Absage an.")),
            max_length(2000),
        ],
    )


class InvitationForm(PortalForm):
    confirm_late = BooleanField(_l("Ich lade mit verkürzter Ladungsfrist ein."))


class AgendaItemForm(PortalForm):
    """One agenda item (TOP)."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(300)],
    )
    description = TextAreaField(
        _l("Beschreibung"), description=_l("Markdown ist erlaubt."), validators=[max_length(20000)]
    )
    kind = SelectField(
        _l("Art"),
        choices=select_choices(
            (kind.value, AGENDA_ITEM_KIND_LABELS[kind]) for kind in AgendaItemKind
        ),
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Art aus der Liste."))],
    )
    presenter = StringField(_l("Berichterstattung"), validators=[Optional(), max_length(200)])
    duration_minutes = IntegerField(
        _l("Geplante Dauer in Minuten"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=600, message=_l("Die Dauer muss zwischen 1 und 600 Minuten liegen.")
            ),
        ],
    )
    is_public = BooleanField(_l("Öffentlicher Teil"), default=True)
    parent_id = SelectField(_l("Unterpunkt von"), coerce=optional_int, validate_choice=False)

    def __init__(self, *args, parent_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_id.choices = select_choices(
            [(None, _l("– kein Unterpunkt –")), *parent_choices]
        )


class MoveForm(PortalForm):
    """Move an item up, down or (with JavaScript's drag and drop) to a place among its siblings."""

    direction = HiddenField()
    index = IntegerField(validators=[Optional()])


class SeriesForm(PortalForm):
    """Further dates: a typed list, or every N months for a number of times."""

    dates = TextAreaField(
        _l("Termine"),
        description=_l(
            "Ein Datum je Zeile (TT.MM.JJJJ), optional mit Uhrzeit (TT.MM.JJJJ HH:MM). "
            "Ohne Uhrzeit gilt die Uhrzeit dieser Sitzung."
        ),
        validators=[Optional(), max_length(2000)],
    )
    every_months = IntegerField(
        _l("Oder: alle … Monate"),
        validators=[
            Optional(),
            NumberRange(min=1, max=24, message=_l("Bitte geben Sie 1 bis 24 Monate an.")),
        ],
    )
    count = IntegerField(
        _l("Anzahl der Sitzungen"),
        validators=[
            Optional(),
            NumberRange(min=1, max=24, message=_l("Bitte geben Sie 1 bis 24 Sitzungen an.")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.dates.data or "").strip() and not (self.every_months.data and self.count.data):
            self.dates.errors = [
                _l(
                    "Bitte geben Sie Termine an oder wählen Sie einen Abstand in Monaten "
                    "und eine Anzahl."
                )
            ]
            return False
        return True
