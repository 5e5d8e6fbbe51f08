"""The upload form of an agenda item's papers. Type, size and name are checked by the service."""

from __future__ import annotations

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
