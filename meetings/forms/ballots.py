"""Forms of the ballot pages. They check syntax; who may vote and what counts is the service's."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from meetings.ballot_labels import BALLOT_KIND_LABELS, BALLOT_SECRECY_LABELS, VOTE_CHOICE_LABELS
from meetings.models import BallotKind, BallotSecrecy, VoteChoice
from portal.forms import PortalForm, max_length, optional_int, select_choices
from portal.i18n import lazy_gettext as _l
from portal.labels import MAJORITY_RULE_LABELS
from portal.models import MajorityRule

_CHOOSE = _l("Bitte wählen Sie Ja, Nein oder Enthaltung.")
_COUNT = _l("Bitte geben Sie eine ganze Zahl ab 0 an.")


def _seat_choice(value) -> int | None:
    """Coerce the chosen seat; anything that is no number is no seat (the service says so)."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1


class VoteForm(PortalForm):
    """Yes, no or abstain, and the seat when the voter may vote for more than one."""

    choice = RadioField(
        _l("Ihre Stimme"),
        choices=select_choices((choice.value, VOTE_CHOICE_LABELS[choice]) for choice in VoteChoice),
        validators=[InputRequired(message=_CHOOSE)],
        validate_choice=False,
    )
    seat_id = RadioField(_l("Für welchen Sitz?"), coerce=_seat_choice, validate_choice=False)


class SeatForm(PortalForm):
    """A declaration for one of the voter's seats (conflict of interest)."""

    seat_id = RadioField(_l("Für welchen Sitz?"), coerce=_seat_choice, validate_choice=False)


class ObjectionForm(SeatForm):
    """Why the seat objects to deciding in a written procedure."""

    reason = TextAreaField(
        _l("Begründung des Widerspruchs"),
        description=_l(
            "Mit dem Widerspruch endet das Umlaufverfahren; der Punkt wird in der nächsten "
            "Sitzung beraten."
        ),
        validators=[
            DataRequired(message=_l("Bitte begründen Sie Ihren Widerspruch.")),
            max_length(2000),
        ],
    )


class CancelBallotForm(PortalForm):
    reason = TextAreaField(
        _l("Grund des Abbruchs"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie an, warum die Abstimmung abgebrochen wird.")),
            max_length(2000),
        ],
    )


class OpenBallotForm(PortalForm):
    """Title, kind, secrecy, majority rule and, for a written procedure, the deadline."""

    title = StringField(
        _l("Titel der Abstimmung"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(200)],
    )
    kind = RadioField(
        _l("Art der Abstimmung"),
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Art der Abstimmung."))],
        validate_choice=False,
    )
    secrecy = RadioField(
        _l("Namentlich oder geheim"),
        choices=select_choices(
            (secrecy.value, BALLOT_SECRECY_LABELS[secrecy]) for secrecy in BallotSecrecy
        ),
        default=BallotSecrecy.NAMED.value,
        validators=[InputRequired(message=_l("Bitte wählen Sie namentlich oder geheim."))],
        validate_choice=False,
    )
    rule = SelectField(_l("Mehrheitsregel"), validate_choice=False)
    closes_at = DateField(
        _l("Abstimmen bis (Datum)"),
        description=_l("Nur für das Umlaufverfahren."),
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum an."),
        validators=[Optional()],
    )
    closes_time = TimeField(
        _l("Abstimmen bis (Uhrzeit)"),
        invalid_value_message=_l("Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
        validators=[Optional()],
    )
    allows_changes = BooleanField(
        _l("Namentliche Stimmen dürfen geändert werden, solange die Abstimmung läuft"),
        default=True,
    )

    def __init__(self, *args, kinds=tuple(BallotKind), default_rule_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = select_choices((kind.value, BALLOT_KIND_LABELS[kind]) for kind in kinds)
        self.rule.choices = select_choices(
            [
                (None, default_rule_label),
                *((rule.value, MAJORITY_RULE_LABELS[rule]) for rule in MajorityRule),
            ]
        )


class CountsForm(PortalForm):
    """The counts of a show of hands in the meeting."""

    yes = IntegerField(
        _l("Ja-Stimmen"),
        validators=[InputRequired(message=_COUNT), NumberRange(min=0, message=_COUNT)],
    )
    no = IntegerField(
        _l("Nein-Stimmen"),
        validators=[InputRequired(message=_COUNT), NumberRange(min=0, message=_COUNT)],
    )
    abstain = IntegerField(
        _l("Enthaltungen"),
        validators=[InputRequired(message=_COUNT), NumberRange(min=0, message=_COUNT)],
    )


def named_votes_form(seats, data=None) -> PortalForm:
    """Return a form with one choice per seat (``seat_<id>``): yes, no, abstain or not voted."""

    class NamedVotesForm(PortalForm):
        pass

    options = select_choices(
        [(None, _l("nicht abgestimmt")), *((c.value, VOTE_CHOICE_LABELS[c]) for c in VoteChoice)]
    )
    for seat in seats:
        setattr(
            NamedVotesForm,
            f"seat_{seat.seat_id}",
            SelectField(seat.holder, choices=options, validate_choice=False),
        )
    return NamedVotesForm(data=data)


class DeputyForm(PortalForm):
    """Which deputy casts the seat's vote in a written procedure (empty: the holder)."""

    deputy_id = SelectField(_l("Wer stimmt für Ihren Sitz ab?"), coerce=optional_int, choices=[])
