"""Which kinds of mail each person wants; account mail (invitations, reset links) always goes."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit
from portal.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import NotificationKind, NotificationPreference, User
from portal.permissions import Action, require


def _stored(user: User) -> dict[NotificationKind, NotificationPreference]:
    rows = db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    return {row.kind: row for row in rows}


def _current(
    stored: dict[NotificationKind, NotificationPreference],
) -> dict[NotificationKind, bool]:
    return {kind: stored[kind].is_enabled if kind in stored else True for kind in NotificationKind}


def _parse(choices: Mapping) -> dict[NotificationKind, bool]:
    """Check the choices: known kinds only, yes or no each."""
    parsed: dict[NotificationKind, bool] = {}
    errors: list[tuple[str, str]] = []
    for key, wanted in choices.items():
        try:
            kind = NotificationKind(key)
        except ValueError:
            errors.append((str(key), _("Diese Art von Benachrichtigung gibt es nicht.")))
            continue
        if not isinstance(wanted, bool):
            errors.append((kind.value, _("Bitte wählen Sie Ja oder Nein.")))
            continue
        parsed[kind] = wanted
    if errors:
        raise InvalidInput(errors)
    return parsed


def get_preferences(actor: User, user: User) -> dict[NotificationKind, bool]:
    """Return for every kind of mail whether the user wants it."""
    require(actor, Action.PROFILE_EDIT, user)
    return _current(_stored(user))


def set_preferences(
    actor: User, user: User, choices: Mapping[NotificationKind | str, bool]
) -> None:
    """Switch kinds of mail on or off for the user; kinds not in ``choices`` stay as they are."""
    require(actor, Action.PROFILE_EDIT, user)
    wanted = _parse(choices)
    stored = _stored(user)
    before = _current(stored)
    for kind, is_enabled in wanted.items():
        if kind in stored:
            stored[kind].is_enabled = is_enabled
        elif not is_enabled:  # without a row the mail is sent, so only "off" needs one
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, is_enabled=False))
    after = {**before, **wanted}
    if after == before:
        return
    audit.record(
        actor,
        "user.notification_preferences",
        user,
        label=user.email,
        before={kind.value: value for kind, value in before.items()},
        after={kind.value: value for kind, value in after.items()},
    )
    try:
        db.session.commit()
    except IntegrityError:
        # The same person saved in another tab at the same moment (unique user + kind).
        db.session.rollback()
        raise Conflict(
            _("Ihre Einstellungen wurden gerade anderswo geändert. Bitte versuchen Sie es erneut.")
        ) from None
