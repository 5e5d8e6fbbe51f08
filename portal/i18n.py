"""Languages and German date formats. German is the default; English is the second language."""

from __future__ import annotations

from datetime import date, datetime

from babel.support import NullTranslations, Translations
from flask import current_app, request, session
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user

from portal.timeutil import date_text, time_text, to_local


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet (translated when shown)."""
    return message


def catalogue() -> Translations | NullTranslations:
    """Return the catalogue of the current locale, resolved once per context and locale.

    Flask-Babel resolves it again on every call, and a page makes around a hundred calls (labels,
    template texts): that cost more than the page's queries. Keyed by the locale object, so
    ``force_locale`` (mail in the recipient's language) switches catalogues as it should.
    """
    context = _cv_app.get(None)
    if context is None:
        return NullTranslations()
    # Read g's dict directly: this runs ~30 times per page, and each proxy hop costs.
    store = context.g.__dict__
    locale = getattr(store.get("_flask_babel"), "babel_locale", None)
    cached = store.get("_portal_catalogue")
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    store["_portal_catalogue"] = (get_locale(), translations)
    return translations


def _translate(message: str, **variables) -> str:
    text = catalogue().ugettext(message)
    return text % variables if variables else text


def lazy_gettext(message: str, **variables) -> LazyString:
    """Mark a message for translation when it is shown (labels defined at import time)."""
    return LazyString(_translate, message, **variables)


def template_gettext(message: str) -> str:
    """Translate a template text (Jinja applies the variables itself)."""
    return catalogue().ugettext(message)


def template_ngettext(singular: str, plural: str, number: int) -> str:
    """Translate a template text with a plural form."""
    return catalogue().ungettext(singular, plural, number)


def select_locale() -> str:
    """Pick the user's language: their profile, else the session's choice, else German."""
    locales = current_app.config["PORTAL_LOCALES"]
    if current_user and current_user.is_authenticated and current_user.locale in locales:
        return current_user.locale
    chosen = session.get("locale") if request else None
    return chosen if chosen in locales else current_app.config["BABEL_DEFAULT_LOCALE"]


def de_datetime(value: datetime | None) -> str:
    """Format an aware datetime in Berlin time: "24.11.2026, 14:00 Uhr" ("Uhr" only in German)."""
    if value is None:
        return ""
    local = to_local(value)
    return _translate(N_("%(date)s, %(time)s Uhr"), date=date_text(local), time=time_text(local))


def de_date(value: date | datetime | None) -> str:
    """Format a date as "24.11.2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return date_text(value)
