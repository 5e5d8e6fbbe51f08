"""Forms of the decision register and the follow-up. They check syntax; the rules live in
``meetings.services.decisions`` and ``follow_up`` (choices are checked there too, with German
messages, so the selects do not validate their choice themselves)."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from meetings.decision_labels import ACTION_STATUS_LABELS, OUTCOME_LABELS, STATUS_FILTER_LABELS
from meetings.models import ActionStatus
from meetings.services.decisions import MAX_REASON, MAX_RESOLUTION
from meetings.services.follow_up import MAX_DESCRIPTION, MAX_NOTE
from meetings.services.register import MAX_SEARCH
from portal.forms import PortalForm, max_length, optional_str, select_choices
from portal.i18n import lazy_gettext as _l

_DATE_MESSAGE = _l("Bitte geben Sie ein gültiges Datum an.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def choice_id(value) -> int | None:
    """Coerce a select's value to an id; the empty choice is None, anything else not a number
    is -1, which names nothing, so the view answers "choose from the list" in German."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < 10 else -1


class RegisterFilterForm(PortalForm):
    """Search and filters of the register (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Suche"),
        description=_l(
            "Im Beschlusstext und im Titel der Vorlage, oder eine Nummer wie LG 2026/07"
        ),
        filters=[_strip],
        validators=[Optional(), max_length(MAX_SEARCH)],
    )
    body = SelectField(_l("Gremium"), coerce=choice_id, validate_choice=False)
    year = IntegerField(
        _l("Jahr"),
        validators=[
            Optional(),
            NumberRange(
                min=1000, max=9999, message=_l("Das Jahr muss vierstellig sein (z. B. 2026).")
            ),
        ],
    )
    outcome = SelectField(
        _l("Ergebnis"),
        choices=select_choices([(None, _l("alle")), *OUTCOME_LABELS.items()]),
        coerce=optional_str,
        validate_choice=False,
    )
    status = SelectField(
        _l("Umsetzungsstand"),
        choices=select_choices([(None, _l("alle")), *STATUS_FILTER_LABELS.items()]),
        coerce=optional_str,
        validate_choice=False,
    )
    organisation = SelectField(
        _l("Organisation (Maßnahmen)"), coerce=choice_id, validate_choice=False
    )

    def fill_choices(self, bodies, organisations) -> None:
        """Offer the bodies the visitor may see and the organisations."""
        everything = [(None, _l("alle"))]
        self.body.choices = select_choices(everything + [(b.id, b.name) for b in bodies])
        self.organisation.choices = select_choices(
            everything + [(o.id, o.name) for o in organisations]
        )


class ActionForm(PortalForm):
    """What is to be done to carry out a decision, by whom and by when."""

    description = TextAreaField(
        _l("Maßnahme"),
        validators=[
            DataRequired(message=_l("Bitte beschreiben Sie die Maßnahme.")),
            max_length(MAX_DESCRIPTION),
        ],
    )
    organisation_id = SelectField(
        _l("Zuständige Organisation"), coerce=choice_id, validate_choice=False
    )
    responsible_id = SelectField(
        _l("Verantwortliche Person"),
        description=_l("Sie wird per E-Mail benachrichtigt und kann den Stand selbst eintragen."),
        coerce=choice_id,
        validate_choice=False,
    )
    due_on = DateField(_l("Frist"), invalid_value_message=_DATE_MESSAGE, validators=[Optional()])

    def fill_choices(self, organisations, people) -> None:
        """Offer the organisations and the active people."""
        self.organisation_id.choices = select_choices(
            [(None, _l("– keine –")), *((o.id, o.name) for o in organisations)]
        )
        self.responsible_id.choices = select_choices(
            [(None, _l("– niemand –")), *((p.id, p.name) for p in people)]
        )


class NoteForm(PortalForm):
    """A dated report on the progress of an action, and the status it leaves the action in."""

    text = TextAreaField(
        _l("Sachstand"),
        validators=[
            DataRequired(message=_l("Bitte beschreiben Sie den Stand der Umsetzung.")),
            max_length(MAX_NOTE),
        ],
    )
    status = SelectField(
        _l("Stand danach"),
        choices=select_choices(
            (status.value, ACTION_STATUS_LABELS[status]) for status in ActionStatus
        ),
        validate_choice=False,
    )


class ReviewForm(PortalForm):
    """The review date (Wiedervorlage); empty removes it."""

    review_on = DateField(
        _l("Wiedervorlage am"),
        description=_l("Leer lassen, um die Wiedervorlage zu entfernen."),
        invalid_value_message=_DATE_MESSAGE,
        validators=[Optional()],
    )


class CorrectionForm(PortalForm):
    """The corrected resolution and why; it becomes a new decision."""

    resolution_text = TextAreaField(
        _l("Berichtigter Beschlusstext"),
        description=_l("Markdown ist erlaubt."),
        validators=[
            DataRequired(message=_l("Bitte geben Sie den Beschlusstext an.")),
            max_length(MAX_RESOLUTION),
        ],
    )
    reason = TextAreaField(
        _l("Grund der Berichtigung"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie an, was berichtigt wird und warum.")),
            max_length(MAX_REASON),
        ],
    )


class ReportItemForm(PortalForm):
    """The body on whose next meeting the report on overdue actions goes."""

    body = SelectField(_l("Gremium"), coerce=choice_id, validate_choice=False)

    def fill_choices(self, bodies) -> None:
        self.body.choices = select_choices((b.id, b.name) for b in bodies)
