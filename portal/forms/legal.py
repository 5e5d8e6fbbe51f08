"""The accessibility feedback form (BITV NRW § 5)."""

from __future__ import annotations

from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional

from portal.forms import PortalForm, max_length
from portal.i18n import lazy_gettext as _l


class FeedbackForm(PortalForm):
    name = StringField(
        _l("Ihr Name (freiwillig)"),
        validators=[Optional(), max_length(200)],
    )
    email = EmailField(
        _l("Ihre E-Mail-Adresse für eine Antwort (freiwillig)"),
        validators=[
            Optional(),
            max_length(254),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
                check_deliverability=False,
            ),
        ],
    )
    page = StringField(
        _l("Seite, auf der die Barriere auftritt (freiwillig)"),
        validators=[Optional(), max_length(500)],
    )
    message = TextAreaField(
        _l("Ihre Nachricht"),
        validators=[
            DataRequired(message=_l("Bitte beschreiben Sie die Barriere.")),
            max_length(5000),
        ],
    )
