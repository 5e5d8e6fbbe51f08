"""User accounts: created and edited by admins, and the user's own profile."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from portal import audit, passwords
from portal.db import utcnow
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.i18n import N_
from portal.models import GlobalRole, User
from portal.notifications import queue_mail
from portal.permissions import Action, SystemActor, require
from portal.services.auth import add_reset_link

_AUDITED = ("email", "name", "role", "is_active", "locale")
LOCALES = ("de", "en")


def _check_email_free(email: str, *, except_id: int | None = None) -> None:
    query = select(User.id).where(User.email == email.strip().lower())
    if except_id is not None:
        query = query.where(User.id != except_id)
    if db.session.scalar(query) is not None:
        raise InvalidInput([("email", _("Diese E-Mail-Adresse wird schon verwendet."))])


def person_matches(search: str):
    """Return the SQL condition "name or e-mail contains ``search``", ignoring case.

    ``%`` and ``_`` in the search are taken literally, not as wildcards.
    """
    literal = search.strip().lower()
    for special in ("\\", "%", "_"):
        literal = literal.replace(special, "\\" + special)
    pattern = f"%{literal}%"
    return or_(
        func.lower(User.name).like(pattern, escape="\\"),
        User.email.like(pattern, escape="\\"),
    )


def list_users(actor: User, *, search: str = "", page: int = 1, per_page: int = 25):
    """Return one page of users, filtered by name or e-mail."""
    require(actor, Action.ADMIN_USERS)
    query = select(User).order_by(func.lower(User.name), User.id)
    if search:
        query = query.where(person_matches(search))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_user(actor: User, user_id: int) -> User:
    """Return a user for the admin pages."""
    require(actor, Action.ADMIN_USERS)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def create_user(
    actor: User | SystemActor,
    *,
    email: str,
    name: str,
    role: GlobalRole | str = GlobalRole.MEMBER,
    password: str | None = None,
    locale: str = "de",
    invite: bool = False,
) -> User:
    """Create an account; with ``invite`` the person gets a link to set their own password."""
    require(actor, Action.ADMIN_USERS)
    _check_email_free(email)
    if password is not None:
        problems = passwords.policy_errors(password, email=email, name=name)
        if problems:
            raise InvalidInput([("password", problem) for problem in problems])
    user = User(
        email=email,
        name=name.strip(),
        role=GlobalRole(role),
        locale=locale if locale in LOCALES else "de",
        password_hash=passwords.hash_password(password) if password else None,
        password_changed_at=utcnow() if password else None,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", user, label=user.email, after=audit.snapshot(user, _AUDITED))
    if invite:
        days = current_app.config["INVITATION_MAX_AGE_DAYS"]
        link = add_reset_link(user, timedelta(days=days))
        queue_mail(
            user, N_("Ihr Zugang zum KIM-Portal"), "invitation", user=user, link=link, days=days
        )
    db.session.commit()
    return user


def update_user(
    actor: User,
    user: User,
    *,
    email: str,
    name: str,
    role: GlobalRole | str,
    is_active: bool,
    locale: str,
) -> User:
    """Change an account's details; deactivation ends the person's sessions."""
    require(actor, Action.ADMIN_USERS)
    _check_email_free(email, except_id=user.id)
    if user.id == actor.id and (not is_active or GlobalRole(role) != GlobalRole.ADMIN):
        raise InvalidInput(
            [("role", _("Sie können sich nicht selbst die Administration entziehen."))]
        )
    before = audit.snapshot(user, _AUDITED)
    user.email = email
    user.name = name.strip()
    user.role = GlobalRole(role)
    user.locale = locale if locale in LOCALES else "de"
    if user.is_active and not is_active:
        user.session_generation += 1
    user.is_active = is_active
    audit.record(
        actor,
        "user.update",
        user,
        label=user.email,
        before=before,
        after=audit.snapshot(user, _AUDITED),
    )
    db.session.commit()
    return user


def change_password(actor: User, user: User, *, current_password: str, new_password: str) -> User:
    """Change one's own password; every other session of the user ends."""
    require(actor, Action.PROFILE_EDIT, user)
    if not passwords.verify_password(user.password_hash, current_password):
        raise InvalidInput([("current_password", _("Das bisherige Passwort ist nicht richtig."))])
    problems = passwords.policy_errors(new_password, email=user.email, name=user.name)
    if problems:
        raise InvalidInput([("new_password", problem) for problem in problems])
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    user.session_generation += 1
    audit.record(actor, "user.password_change", user, label=user.email)
    db.session.commit()
    return user


def set_locale(actor: User, user: User, locale: str) -> User:
    """Set the language the portal speaks to the user."""
    require(actor, Action.PROFILE_EDIT, user)
    if locale not in LOCALES:
        raise InvalidInput([("locale", _("Bitte wählen Sie eine der angebotenen Sprachen."))])
    user.locale = locale
    db.session.commit()
    return user


def user_choices() -> list[tuple[int, str]]:
    """Return (id, label) of all active users, for selecting a member."""
    rows = db.session.execute(
        select(User.id, User.name, User.email)
        .where(User.is_active.is_(True))
        .order_by(func.lower(User.name))
    )
    return [(row.id, f"{row.name} ({row.email})") for row in rows]
