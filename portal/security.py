"""Security headers and the session guard that runs on every request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, Response, current_app, request, session
from flask_login import logout_user

from portal.db import write_intent

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def set_security_headers(response: Response) -> Response:
    """Add the security headers every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # The session, not ``current_user``: that would load the user even for a cached page.
    if "_user_id" in session:
        headers.setdefault("Cache-Control", "no-store")
    return response


def start_session(user_locale: str | None = None) -> None:
    """Begin a fresh session after login (no data carried over from before)."""
    session.clear()
    now = datetime.now(UTC).timestamp()
    session["created_at"] = now
    session["seen_at"] = now
    session.permanent = True
    if user_locale:
        session["locale"] = user_locale


def mark_write_intent() -> None:
    """Let a writing request take SQLite's write lock when its transaction begins."""
    write_intent.set(request.method not in _SAFE_METHODS)


def enforce_session_limits() -> None:
    """Log out sessions that were idle too long or have reached their absolute lifetime."""
    if "_user_id" not in session:
        return
    config = current_app.config
    now = datetime.now(UTC)
    created = session.get("created_at")
    seen = session.get("seen_at")
    too_old = created is None or now - datetime.fromtimestamp(created, UTC) > timedelta(
        hours=config["SESSION_ABSOLUTE_HOURS"]
    )
    idle = seen is None or now - datetime.fromtimestamp(seen, UTC) > timedelta(
        minutes=config["SESSION_IDLE_MINUTES"]
    )
    if too_old or idle:
        logout_user()
        session.clear()
        session["expired"] = True
        return
    # Write the timestamp at most once a minute, so most responses carry no new cookie.
    if now.timestamp() - seen > 60:
        session["seen_at"] = now.timestamp()


def init_app(app: Flask) -> None:
    """Register the request hooks of this module."""
    app.before_request(mark_write_intent)
    app.before_request(enforce_session_limits)
    app.after_request(set_security_headers)
