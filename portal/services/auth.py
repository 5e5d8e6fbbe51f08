"""Logging in and out, and resetting a forgotten password."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from portal import audit, passwords, throttle
from portal.db import utcnow
from portal.errors import InvalidInput, PortalError
from portal.extensions import db
from portal.i18n import N_
from portal.models import PasswordResetToken, User
from portal.notifications import queue_mail


class LoginThrottled(PortalError):
    """Too many failed logins for this account or from this address."""

    status_code = 429


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str, *, address: str) -> User:
    """Check the credentials and return the user, recording the attempt for the throttle.

    Every refusal gives the same message, so nobody learns whether an account exists.
    """
    email = email.strip().lower()
    if throttle.is_throttled(email, address):
        raise LoginThrottled(
            ngettext(
                "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(num)d Minute "
                "und versuchen Sie es dann erneut.",
                "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %(num)d Minuten "
                "und versuchen Sie es dann erneut.",
                current_app.config["LOGIN_THROTTLE_WINDOW_MINUTES"],
            )
        )
    user = _user_by_email(email)
    ok = passwords.verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.is_active
    throttle.note_attempt(email, address, succeeded=ok)
    if not ok:
        db.session.commit()
        raise InvalidInput([("password", _("E-Mail-Adresse oder Passwort ist falsch."))])
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session of the user (logout everywhere)."""
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
    )
    db.session.commit()


def add_reset_link(user: User, max_age: timedelta) -> str:
    """Add a single-use password link to the current transaction and return its address."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordResetToken(
            user_id=user.id, token_digest=_digest(token), expires_at=utcnow() + max_age
        )
    )
    return f"{current_app.config['PORTAL_BASE_URL']}/password-reset/{token}"


def request_password_reset(email: str) -> None:
    """E-mail a single-use reset link if an active account has this address; else do nothing."""
    user = _user_by_email(email)
    if user is None or not user.is_active:
        return
    max_age = timedelta(minutes=current_app.config["PASSWORD_RESET_MAX_AGE_MINUTES"])
    link = add_reset_link(user, max_age)
    queue_mail(
        user,
        N_("KIM-Portal: Passwort zurücksetzen"),
        "password_reset",
        user=user,
        link=link,
        minutes=int(max_age.total_seconds() // 60),
    )
    db.session.commit()


def find_reset_token(token: str) -> PasswordResetToken | None:
    """Return the unused, unexpired reset token for this link, if there is one."""
    record = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_digest == _digest(token))
    )
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    if not record.user.is_active:
        return None
    return record


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link and all sessions are used up."""
    record = find_reset_token(token)
    if record is None:
        raise InvalidInput(
            [
                (
                    "password",
                    _("Der Link ist ungültig oder abgelaufen. Bitte fordern Sie einen neuen an."),
                )
            ]
        )
    user = record.user
    problems = passwords.policy_errors(new_password, email=user.email, name=user.name)
    if problems:
        raise InvalidInput([("password", problem) for problem in problems])
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    user.session_generation += 1
    now = utcnow()
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    audit.record(user, "user.password_reset", user, label=user.email)
    db.session.commit()
    return user
