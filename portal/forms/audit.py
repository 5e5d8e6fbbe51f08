"""Filter form of the audit log (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from portal.forms import optional_int, optional_str, select_choices
from portal.i18n import lazy_gettext as _l
from portal.labels import AUDIT_ACTION_LABELS, OBJECT_TYPE_LABELS


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Aktion"), choices=[], coerce=optional_str)
    object_type = SelectField(_l("Objektart"), choices=[], coerce=optional_str)
    actor = SelectField(_l("Person"), choices=[], coerce=optional_int)
    since = DateField(
        _l("von"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    until = DateField(
        _l("bis"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )

    def fill_choices(self, choices: dict) -> None:
        """Offer only values that occur in the log."""
        everything = [(None, _l("alle"))]
        self.action.choices = select_choices(
            everything + [(v, AUDIT_ACTION_LABELS.get(v, v)) for v in choices["actions"]]
        )
        self.object_type.choices = select_choices(
            everything + [(v, OBJECT_TYPE_LABELS.get(v, v)) for v in choices["object_types"]]
        )
        self.actor.choices = select_choices(everything + choices["actors"])
