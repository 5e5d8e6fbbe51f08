"""Login throttling, counted in the database so that every portal process sees the same counts.

An account is locked for the window after too many failures since its last success; an address
after too many failures of any account. Counters never live in process memory: with several
gunicorn workers each would count on its own.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from portal.db import utcnow
from portal.extensions import db
from portal.models import LoginAttempt


def _window_start():
    return utcnow() - timedelta(minutes=current_app.config["LOGIN_THROTTLE_WINDOW_MINUTES"])


def is_throttled(email: str, address: str) -> bool:
    """Tell whether logins for this account or from this address are paused."""
    since = _window_start()
    last_success = (
        select(func.max(LoginAttempt.attempted_at))
        .where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(True))
        .scalar_subquery()
    )
    account_failures = select(func.count()).where(
        LoginAttempt.email == email,
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.attempted_at >= since,
        LoginAttempt.attempted_at > func.coalesce(last_success, since),
    )
    address_failures = select(func.count()).where(
        LoginAttempt.address == address,
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.attempted_at >= since,
    )
    counts = db.session.execute(
        select(account_failures.scalar_subquery(), address_failures.scalar_subquery())
    ).one()
    config = current_app.config
    return (
        counts[0] >= config["LOGIN_THROTTLE_ACCOUNT"]
        or counts[1] >= config["LOGIN_THROTTLE_ADDRESS"]
    )


#: Login attempts are personal data (address, e-mail); the privacy statement promises 30 days.
RETENTION = timedelta(days=30)


def note_attempt(email: str, address: str, succeeded: bool) -> None:
    """Add a login attempt to the current transaction and drop attempts past retention."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < utcnow() - RETENTION))
    db.session.add(LoginAttempt(email=email[:254], address=address[:45], succeeded=succeeded))
