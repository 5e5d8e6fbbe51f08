"""The upload forms of attached files: a paper of an agenda item, a new version of a file.

Type, size and name are checked by the service.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Optional

from portal.filetypes import ACCEPT
from portal.forms import PortalForm, max_length
from portal.i18n import lazy_gettext as _l


class PaperForm(PortalForm):
    """One file and the title it is listed under."""

    file = FileField(
        _l("Datei"),
        validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei aus."))],
        render_kw={"accept": ACCEPT},
    )
    title = StringField(
        _l("Titel"),
        description=_l("Wie die Unterlage in der Tagesordnung heißt; ohne Angabe der Dateiname."),
        validators=[Optional(), max_length(300)],
    )


class NewVersionForm(PortalForm):
    """The new version of one attached file (a paper, a proposal's attachment).

    One such form stands beside each file on a page, so each carries the file's id as its
    prefix: its fields' names and ids stay unique, and the error lands beside the right file.
    """

    file = FileField(
        _l("Neue Version"),
        validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei aus."))],
        render_kw={"accept": ACCEPT},
    )


def new_version_form(attachment_id: int, title: str) -> NewVersionForm:
    """Return the new-version form of one attached file, labelled with its title."""
    form = NewVersionForm(prefix=f"version-{attachment_id}")
    form.file.label.text = _("Neue Version von „%(title)s“", title=title)
    return form
