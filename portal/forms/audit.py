"""Filter form of the audit log (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional

from portal.forms import PortalForm, max_length, optional_str, select_choices
from portal.i18n import lazy_gettext as _l
from portal.labels import AUDIT_ACTION_LABELS, OBJECT_TYPE_LABELS


class AuditFilterForm(PortalForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Aktion"), choices=[], coerce=optional_str)
    object_type = SelectField(_l("Objektart"), choices=[], coerce=optional_str)
    # A search, not a list of everyone who ever changed something: that list grows with the
    # accounts, and a long select is hard to use.
    actor = StringField(
        _l("Person"),
        description=_l("Name oder E-Mail-Adresse, auch ein Teil davon"),
        filters=[lambda value: value.strip() if value else value],
        validators=[Optional(), max_length(200)],
    )
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
        """Offer only the actions and object types that occur in the log."""
        everything = [(None, _l("alle"))]
        self.action.choices = select_choices(
            everything + [(v, AUDIT_ACTION_LABELS.get(v, v)) for v in choices["actions"]]
        )
        self.object_type.choices = select_choices(
            everything + [(v, OBJECT_TYPE_LABELS.get(v, v)) for v in choices["object_types"]]
        )
