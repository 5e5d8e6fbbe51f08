"""Languages and German date formats. German is the default; English is the second language."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, request, session
from flask_babel import format_date, format_datetime, gettext
from flask_login import current_user

from portal.timeutil import to_local


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet (translated when shown)."""
    return message


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
    return gettext(
        "%(date)s, %(time)s Uhr",
        date=format_datetime(local, "dd.MM.yyyy"),
        time=format_datetime(local, "HH:mm"),
    )


def de_date(value: date | datetime | None) -> str:
    """Format a date as "24.11.2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return format_date(value, "dd.MM.yyyy")
