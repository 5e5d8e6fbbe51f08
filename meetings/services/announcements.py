"""Who hears about a meeting, and the mail they get: queued in the outbox, in their language.

The invited are the people holding a current seat or role in the body, deputies excepted: a
deputy hears of a meeting when the seat holder sends them. Each person gets one mail, however
many roles they hold, and only the kinds of mail they have not switched off.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from meetings.models import Meeting
from meetings.services.numbered import numbered_agenda
from portal import notifications
from portal.db import in_effect_on
from portal.extensions import db
from portal.i18n import N_
from portal.models import Membership, MembershipRole, NotificationKind, User
from portal.timeutil import date_text, to_local, today_local

_SUBJECTS = {
    NotificationKind.INVITATION: N_("Einladung: %(title)s am %(date)s"),
    NotificationKind.AGENDA_CHANGED: N_("Geändert: %(title)s am %(date)s"),
    NotificationKind.MEETING_CANCELLED: N_("Abgesagt: %(title)s am %(date)s"),
    NotificationKind.MINUTES_CIRCULATED: N_(
        "Niederschrift zur Stellungnahme: %(title)s am %(date)s"
    ),
    NotificationKind.MINUTES_APPROVED: N_("Niederschrift genehmigt: %(title)s am %(date)s"),
}
_TEMPLATES = {
    NotificationKind.INVITATION: "meeting_invitation",
    NotificationKind.AGENDA_CHANGED: "meeting_changed",
    NotificationKind.MEETING_CANCELLED: "meeting_cancelled",
    NotificationKind.MINUTES_CIRCULATED: "minutes_circulated",
    NotificationKind.MINUTES_APPROVED: "minutes_approved",
}


def invited_people(meeting: Meeting) -> list[User]:
    """Return the active people invited to the body's meetings today (deputies excepted)."""
    day = today_local()
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.is_active.is_(True),
                User.id.in_(
                    select(Membership.user_id).where(
                        Membership.body_id == meeting.body_id,
                        Membership.role != MembershipRole.DEPUTY,
                        in_effect_on(Membership, day),
                    )
                ),
            )
            .order_by(User.id)
        )
    )


def meeting_link(meeting: Meeting, path: str = "") -> str:
    """Return the meeting page's address for mail (the portal's configured public address)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/meetings/{meeting.id}{path}"


def announce(
    meeting: Meeting,
    kind: NotificationKind,
    *,
    changed: list[str] | None = None,
    recipients: list[User] | None = None,
    path: str = "",
    **context,
) -> None:
    """Queue the mail of this kind about the meeting for everyone invited (caller commits).

    ``recipients`` replaces the invited people (e.g. the deputies who were present too);
    ``path`` is appended to the meeting's link (``/minutes``); ``context`` reaches the template.
    """
    # The subject is translated when each mail is rendered, in its recipient's language.
    notifications.queue_mails(
        invited_people(meeting) if recipients is None else recipients,
        _SUBJECTS[kind],
        _TEMPLATES[kind],
        kind=kind,
        title=meeting.title,
        date=date_text(to_local(meeting.starts_at)),
        meeting=meeting,
        agenda=numbered_agenda(meeting.items),
        link=meeting_link(meeting, path),
        changed=changed or [],
        **context,
    )
