"""Forms for logging in, resetting a password and changing one's profile."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.forms import PortalForm, select_choices
from portal.i18n import lazy_gettext as _l
from portal.passwords import MAX_LENGTH

LOCALE_CHOICES = select_choices([("de", "Deutsch"), ("en", "English")])

_REQUIRED_EMAIL = DataRequired(message=_l("Bitte geben Sie Ihre E-Mail-Adresse ein."))
_VALID_EMAIL = Email(
    message=_l("Bitte geben Sie eine gültige E-Mail-Adresse ein."), check_deliverability=False
)
_EMAIL_LENGTH = Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang."))
_PASSWORD_LENGTH = Length(
    max=MAX_LENGTH, message=_l("Das Passwort darf höchstens %(max)d Zeichen lang sein.")
)


class LoginForm(PortalForm):
    email = EmailField(
        _l("E-Mail-Adresse"), validators=[_REQUIRED_EMAIL, _EMAIL_LENGTH, _VALID_EMAIL]
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie Ihr Passwort ein.")),
            _PASSWORD_LENGTH,
        ],
    )


class ResetRequestForm(PortalForm):
    email = EmailField(
        _l("E-Mail-Adresse"), validators=[_REQUIRED_EMAIL, _EMAIL_LENGTH, _VALID_EMAIL]
    )


def _new_password() -> PasswordField:
    return PasswordField(
        _l("Neues Passwort"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie ein neues Passwort ein.")),
            _PASSWORD_LENGTH,
        ],
    )


def _repeated(field_name: str) -> PasswordField:
    """Return the "repeat the new password" field that must equal ``field_name``."""
    return PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[
            EqualTo(field_name, message=_l("Die beiden Passwörter stimmen nicht überein."))
        ],
    )


class ResetPasswordForm(PortalForm):
    password = _new_password()
    confirm = _repeated("password")


class PasswordChangeForm(PortalForm):
    current_password = PasswordField(
        _l("Bisheriges Passwort"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie Ihr bisheriges Passwort ein.")),
            _PASSWORD_LENGTH,
        ],
    )
    new_password = _new_password()
    confirm = _repeated("new_password")


class LocaleForm(PortalForm):
    locale = SelectField(
        _l("Sprache"),
        choices=LOCALE_CHOICES,
        validate_choice=True,
    )
