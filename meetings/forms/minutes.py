"""Forms of the minutes pages. They check syntax; the rules live in meetings.services.minutes*."""

from __future__ import annotations

from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from meetings.minutes_labels import APPROVAL_MODE_LABELS, DECISION_OUTCOME_LABELS
from meetings.models import ApprovalMode, DecisionOutcome
from portal.forms import PortalForm, max_length, optional_int, optional_str, select_choices
from portal.i18n import lazy_gettext as _l

#: Rows of follow-up actions a form may send (existing ones plus empty ones to fill in).
MAX_ACTION_ROWS = 50
_BAD_DATE = _l("Bitte geben Sie ein gültiges Datum an.")
_BAD_TIME = _l("Bitte geben Sie eine gültige Uhrzeit an (SS:MM).")


class MinutesHeaderForm(PortalForm):
    """Chair, minute-taker, and the actual day, start and end time (Berlin) of the meeting."""

    chair = StringField(
        _l("Vorsitz"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie an, wer die Sitzung geleitet hat.")),
            max_length(200),
        ],
    )
    minute_taker = StringField(
        _l("Protokollführung"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie an, wer das Protokoll führt.")),
            max_length(200),
        ],
    )
    day = DateField(
        _l("Datum"),
        invalid_value_message=_BAD_DATE,
        validators=[InputRequired(message=_BAD_DATE)],
    )
    starts_time = TimeField(
        _l("Tatsächlicher Beginn"),
        invalid_value_message=_BAD_TIME,
        validators=[InputRequired(message=_l("Bitte geben Sie eine gültige Uhrzeit an."))],
    )
    ends_time = TimeField(
        _l("Tatsächliches Ende"),
        description=_l("Endet die Sitzung nach Mitternacht, gilt der folgende Tag."),
        invalid_value_message=_BAD_TIME,
        validators=[InputRequired(message=_l("Bitte geben Sie eine gültige Uhrzeit an."))],
    )
    lock_version = HiddenField()


class ActionRowForm(Form):
    """One follow-up action: what, who, by when (a row of the entry form, without CSRF)."""

    what = StringField(_l("Maßnahme"), validators=[Optional(), max_length(2000)])
    who = StringField(_l("Zuständig"), validators=[Optional(), max_length(200)])
    due_on = DateField(
        _l("Frist"),
        invalid_value_message=_BAD_DATE,
        validators=[Optional()],
    )


def _vote_field(label):
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(
                min=0, max=10_000, message=_l("Bitte geben Sie eine Zahl zwischen 0 und 10000 an.")
            ),
        ],
    )


class MinutesEntryForm(PortalForm):
    """What the minutes say under one agenda item; decision fields only under decision items."""

    discussion = TextAreaField(
        _l("Verlauf der Beratung"),
        description=_l("Zusammenfassung; Markdown ist erlaubt (Absätze, Listen, **fett**)."),
        validators=[max_length(50_000)],
    )
    decision_text = TextAreaField(_l("Wortlaut des Beschlusses"), validators=[max_length(10_000)])
    votes_yes = _vote_field(_l("Ja-Stimmen"))
    votes_no = _vote_field(_l("Nein-Stimmen"))
    votes_abstain = _vote_field(_l("Enthaltungen"))
    outcome = SelectField(
        _l("Ergebnis"),
        coerce=optional_str,
        validate_choice=False,
        choices=select_choices(
            [(None, _l("– nicht angegeben –"))]
            + [(outcome.value, DECISION_OUTCOME_LABELS[outcome]) for outcome in DecisionOutcome]
        ),
    )
    actions = FieldList(FormField(ActionRowForm), max_entries=MAX_ACTION_ROWS)
    lock_version = HiddenField()

    def __init__(self, *args, with_decision: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_decision:
            for name in ("decision_text", "votes_yes", "votes_no", "votes_abstain", "outcome"):
                delattr(self, name)


class CirculateForm(PortalForm):
    comments_due_on = DateField(
        _l("Stellungnahmen möglich bis"),
        description=_l("Die Mitglieder erhalten die Niederschrift mit dieser Frist per E-Mail."),
        invalid_value_message=_BAD_DATE,
        validators=[InputRequired(message=_BAD_DATE)],
    )


class CommentForm(PortalForm):
    body = TextAreaField(
        _l("Ihre Anmerkung"),
        validators=[
            DataRequired(message=_l("Bitte schreiben Sie Ihre Anmerkung.")),
            max_length(5000),
        ],
    )
    agenda_item_id = SelectField(_l("Bezieht sich auf"), coerce=optional_int, validate_choice=False)

    def __init__(self, *args, item_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_item_choices(item_choices)

    def set_item_choices(self, item_choices) -> None:
        """Offer the agenda items the commenter sees (also on a form sent back with errors)."""
        self.agenda_item_id.choices = select_choices(
            [(None, _l("die ganze Niederschrift")), *item_choices]
        )


class ApproveForm(PortalForm):
    mode = SelectField(
        _l("Genehmigt"),
        choices=select_choices((mode.value, APPROVAL_MODE_LABELS[mode]) for mode in ApprovalMode),
        validate_choice=False,
        validators=[InputRequired(message=_l("Bitte wählen Sie, wer genehmigt hat."))],
    )
    approved_in_meeting_id = SelectField(
        _l("In der Sitzung"),
        description=_l("Nur bei Genehmigung durch das Gremium."),
        coerce=optional_int,
        validate_choice=False,
    )

    def __init__(self, *args, meeting_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.approved_in_meeting_id.choices = select_choices(
            [(None, _l("– keine –")), *meeting_choices]
        )


class AmendForm(PortalForm):
    reason = TextAreaField(
        _l("Grund der Berichtigung"),
        description=_l("Was ist in der genehmigten Niederschrift falsch oder unvollständig?"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie den Grund der Berichtigung an.")),
            max_length(2000),
        ],
    )
