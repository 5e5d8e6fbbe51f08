"""The secret address of a person's personal calendar feed: issued, replaced, withdrawn.

The token is 256 random bits, shown to its owner once, right after it is made; the database
keeps only its SHA-256 digest. A person who lost the address gets a new one, and the old address
answers 404 from that moment on (the row is replaced, and with it the feed's stored state).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from portal import audit
from portal.extensions import db
from portal.models import CalendarFeedState, CalendarToken, User
from portal.permissions import Action, require

#: The feed state's ``feed`` for personal feeds; its ``ref_id`` is the token's id.
PERSONAL_FEED = "personal"


def token_digest(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A freshly made token: the only moment its plain value exists."""

    token: str
    row: CalendarToken


def calendar_token(actor: User, user: User) -> CalendarToken | None:
    """Return the user's current token row (never the token itself), if they have one."""
    require(actor, Action.CALENDAR_SUBSCRIBE, user)
    return db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))


def _drop(user: User) -> CalendarToken | None:
    old = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if old is not None:
        db.session.execute(
            delete(CalendarFeedState).where(
                CalendarFeedState.feed == PERSONAL_FEED, CalendarFeedState.ref_id == old.id
            )
        )
        db.session.delete(old)
        db.session.flush()
    return old


def issue_calendar_token(actor: User, user: User) -> IssuedToken:
    """Make the user a new feed address; an address they had stops working at once."""
    require(actor, Action.CALENDAR_SUBSCRIBE, user)
    replaced = _drop(user)
    token = secrets.token_urlsafe(32)
    row = CalendarToken(user_id=user.id, token_digest=token_digest(token))
    db.session.add(row)
    audit.record(
        actor,
        "calendar.rotate_token" if replaced else "calendar.issue_token",
        user,
        label=user.name,
    )
    db.session.commit()
    return IssuedToken(token, row)


def revoke_calendar_token(actor: User, user: User) -> bool:
    """End the user's subscription: the address answers 404. Tell whether there was one."""
    require(actor, Action.CALENDAR_SUBSCRIBE, user)
    if _drop(user) is None:
        return False
    audit.record(actor, "calendar.revoke_token", user, label=user.name)
    db.session.commit()
    return True
