"""Who hears about a meeting, and the mail they get: queued in the outbox, in their language.

The invited are the people holding a current seat or role in the body, deputies excepted: a
deputy hears of a meeting when the seat holder sends them. Each person gets one mail, however
many roles they hold, and only the kinds of mail they have not switched off.

Invitation, change and cancellation mails carry the meeting as an iMIP object (RFC 6047), so
calendar programs offer to add it and update the entry they already hold: ``REQUEST`` with the
meeting's current ``SEQUENCE`` (raised by every change of time, place or status), ``CANCEL``
for a cancellation. Its ``UID`` is the feeds' (``calendar_events``): one entry per meeting.
"""

from __future__ import annotations

import dataclasses

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from meetings.models import Meeting
from meetings.services.calendar_events import meeting_event
from meetings.services.links import meeting_link
from meetings.services.numbered import numbered_agenda
from portal import notifications
from portal.db import in_effect_on, utcnow
from portal.extensions import db
from portal.i18n import N_
from portal.ics import Person, build_message
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

#: The iTIP method of the calendar object each kind of mail carries (none for the others).
_METHODS = {
    NotificationKind.INVITATION: "REQUEST",
    NotificationKind.AGENDA_CHANGED: "REQUEST",
    NotificationKind.MEETING_CANCELLED: "CANCEL",
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


def organizer() -> Person:
    """Return the secretariat as organiser of every meeting (the operator's contact address)."""
    config = current_app.config
    return Person(
        f"KIM-Geschäftsstelle {config['PORTAL_OPERATOR_NAME']}", config["PORTAL_OPERATOR_EMAIL"]
    )


def calendar_message(meeting: Meeting, method: str, recipient: User) -> str:
    """Return the iMIP object that puts the meeting into the recipient's calendar (or strikes it).

    ``DTSTAMP`` is the moment of sending, so a program that holds the entry takes a change of
    the agenda (same ``SEQUENCE``) as the newer state.
    """
    with force_locale(recipient.locale):
        event = meeting_event(meeting, include_nonpublic=True)
    event = dataclasses.replace(event, last_modified=max(event.last_modified, utcnow()))
    return build_message(
        event,
        method=method,
        organizer=organizer(),
        attendee=Person(recipient.name, recipient.email),
    ).decode("utf-8")


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
    method = _METHODS.get(kind)
    # The subject is translated when each mail is rendered, in its recipient's language.
    notifications.queue_mails(
        invited_people(meeting) if recipients is None else recipients,
        _SUBJECTS[kind],
        _TEMPLATES[kind],
        kind=kind,
        calendar=(lambda person: calendar_message(meeting, method, person)) if method else None,
        title=meeting.title,
        date=date_text(to_local(meeting.starts_at)),
        meeting=meeting,
        agenda=numbered_agenda(meeting.items),
        link=meeting_link(meeting, path),
        changed=changed or [],
        **context,
    )
