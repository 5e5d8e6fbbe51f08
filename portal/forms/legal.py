"""The accessibility feedback form (BITV NRW § 5)."""

from __future__ import annotations

from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.forms import PortalForm
from portal.i18n import lazy_gettext as _l


class FeedbackForm(PortalForm):
    name = StringField(
        _l("Ihr Name (freiwillig)"),
        validators=[Optional(), Length(max=200, message=_l("Höchstens %(max)d Zeichen."))],
    )
    email = EmailField(
        _l("Ihre E-Mail-Adresse für eine Antwort (freiwillig)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Höchstens %(max)d Zeichen.")),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
                check_deliverability=False,
            ),
        ],
    )
    page = StringField(
        _l("Seite, auf der die Barriere auftritt (freiwillig)"),
        validators=[Optional(), Length(max=500, message=_l("Höchstens %(max)d Zeichen."))],
    )
    message = TextAreaField(
        _l("Ihre Nachricht"),
        validators=[
            DataRequired(message=_l("Bitte beschreiben Sie die Barriere.")),
            Length(max=5000, message=_l("Höchstens %(max)d Zeichen.")),
        ],
    )
