"""Small helpers shared by the views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from flask_wtf import FlaskForm

from portal.errors import InvalidInput


def populate_errors(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's (field, message) errors next to the form's fields."""
    for field_name, message in error.errors:
        field = getattr(form, field_name, None)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def safe_next(target: str | None) -> str | None:
    """Return target if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def client_address() -> str:
    """Return the client's address (behind a proxy, ProxyFix has set it from X-Forwarded-For)."""
    return request.remote_addr or "unknown"


def page_arg() -> int:
    """Return the ?page= number, 1 if missing or malformed."""
    return max(request.args.get("page", 1, type=int) or 1, 1)
