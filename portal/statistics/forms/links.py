"""The form that links a snapshot or a staffing calculation from another page (syntax only)."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from portal.forms import PortalForm
from portal.i18n import lazy_gettext as _l


class LinkForm(PortalForm):
    """Where the statistics are used: agenda items, proposals, minutes, sections, in groups.

    The service checks the chosen value against what the actor may link to, and answers with a
    German message next to the select; the form's own choice check would answer in English.
    """

    target = SelectField(_l("Verwenden in"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer(())

    def offer(self, groups) -> None:
        """Offer the targets, as (group heading, [(value, label)]), after an empty choice."""
        self.target.choices = [
            SelectChoice(value="", label=str(_l("bitte wählen"))),
            *(
                SelectChoice(value=value, label=label, optgroup=heading)
                for heading, options in groups
                for value, label in options
            ),
        ]
