"""Forms of the attendance pages: a member's answer and the secretariat's presence list."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.validators import Optional

from meetings.labels import ATTENDANCE_ANSWER_LABELS
from meetings.models import AttendanceAnswer
from portal.forms import PortalForm, max_length, optional_int, select_choices
from portal.i18n import lazy_gettext as _l

_ANSWERS = (AttendanceAnswer.ATTEND, AttendanceAnswer.ABSENT, AttendanceAnswer.DEPUTY)
_INVALID_TIME = _l("Bitte geben Sie eine Uhrzeit wie 14:30 an.")
#: A choice that is no number at all; the service then explains, as for any unknown choice.
_UNKNOWN = -1


def _choice_id(value) -> int | None:
    try:
        return optional_int(value)
    except ValueError:
        return _UNKNOWN


class AnswerForm(PortalForm):
    """Attend, cannot attend, or a deputy attends (chosen from the seat's deputies)."""

    answer = RadioField(
        _l("Ihre Rückmeldung"),
        choices=select_choices(
            (answer.value, ATTENDANCE_ANSWER_LABELS[answer]) for answer in _ANSWERS
        ),
        validate_choice=False,
    )
    deputy = SelectField(_l("Stellvertretung"), coerce=_choice_id, validate_choice=False)
    note = StringField(_l("Bemerkung"), validators=[Optional(), max_length(300)])

    def __init__(self, *args, deputies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.deputy.choices = select_choices(
            [(None, _l("– bitte wählen –")), *((d.membership_id, d.name) for d in deputies)]
        )


class PresenceRow(Form):
    """One person's line: present, and where it matters when and for which items."""

    membership_id = HiddenField()
    present = BooleanField(_l("anwesend"))
    arrived = TimeField(
        _l("gekommen um"), invalid_value_message=_INVALID_TIME, validators=[Optional()]
    )
    left = TimeField(
        _l("gegangen um"), invalid_value_message=_INVALID_TIME, validators=[Optional()]
    )
    from_item = SelectField(_l("ab TOP"), coerce=_choice_id, validate_choice=False)
    until_item = SelectField(_l("bis TOP"), coerce=_choice_id, validate_choice=False)


class PresenceForm(PortalForm):
    rows = FieldList(FormField(PresenceRow))

    def set_items(self, numbered) -> None:
        """Offer the agenda's items in the "from" and "until" choices of every line."""
        start = select_choices([(None, _l("Beginn")), *((e.item.id, e.number) for e in numbered)])
        end = select_choices([(None, _l("Ende")), *((e.item.id, e.number) for e in numbered)])
        for row in self.rows:
            row.from_item.choices = start
            row.until_item.choices = end
