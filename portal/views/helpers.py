"""Small helpers shared by the views."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import request
from flask_wtf import FlaskForm

from portal.errors import Conflict, InvalidInput


def populate_errors(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's (field, message) errors next to the form's fields.

    A field of a line in a list of subforms is named as WTForms names it: ``rows-3-left``.
    """
    for field_name, message in error.errors:
        field = _field(form, field_name)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def submit_form(form: FlaskForm, action: Callable[[], object]) -> int | None:
    """Run the service call of a sent, valid form; return None on success, else the status.

    The shape every form view shares: 200 for a form not yet sent, 422 with the service's
    German messages next to the fields, 409 when the object changed meanwhile.
    """
    if not form.validate_on_submit():
        return 422 if form.is_submitted() else 200
    try:
        action()
    except InvalidInput as error:
        populate_errors(form, error)
        return 422
    except Conflict as error:
        form.form_errors.append(str(error))
        return 409
    return None


def _field(form, name: str):
    field = getattr(form, name, None) if name else None
    if field is not None or "-" not in name:
        return field
    list_name, index, rest = name.split("-", 2)
    entries = getattr(getattr(form, list_name, None), "entries", None)
    if entries is None or not index.isdigit() or int(index) >= len(entries):
        return None
    return _field(entries[int(index)].form, rest)


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
