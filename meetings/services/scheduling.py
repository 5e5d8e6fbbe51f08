"""Planning, changing, cancelling and inviting to meetings.

Each public function is one transaction: permission, validation, change, audit entry, the record
of what changed after the invitation, and the mail to the members (queued in the outbox).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from meetings import notice
from meetings.models import AgendaItem, Meeting, MeetingChangeKind, MeetingStatus
from meetings.services import announcements
from meetings.services.agenda import copy_template_items
from meetings.services.changes import record_change
from portal import audit
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import Body, NotificationKind, User
from portal.permissions import Action, meeting_bodies, require

#: What the audit log and the change record keep of a meeting.
_AUDITED = ("title", "starts_at", "ends_at", "location", "online_url", "is_public", "status")
#: Changes that calendar clients must pick up (their SEQUENCE goes up).
_TIME_PLACE_STATUS = ("starts_at", "ends_at", "location", "online_url", "status")
#: A meeting longer than this is a typing error, not a meeting.
MAX_DURATION = timedelta(hours=24)
MAX_TITLE = 200
MAX_LOCATION = 300
MAX_URL = 500
MAX_REASON = 2000


def _validate(fields: dict, *, now: datetime, start_changed: bool) -> None:
    errors: list[tuple[str, str]] = []
    title = fields["title"].strip()
    if not title:
        errors.append(("title", _("Bitte geben Sie einen Titel an.")))
    elif len(title) > MAX_TITLE:
        errors.append(
            ("title", _("Der Titel darf höchstens %(max)d Zeichen lang sein.", max=MAX_TITLE))
        )
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if ends_at <= starts_at:
        errors.append(("ends_at", _("Das Ende muss nach dem Beginn liegen.")))
    elif ends_at - starts_at > MAX_DURATION:
        errors.append(("ends_at", _("Eine Sitzung kann höchstens 24 Stunden dauern.")))
    if start_changed and starts_at < now:
        errors.append(("starts_at", _("Eine Sitzung kann nicht in der Vergangenheit beginnen.")))
    if len(fields["location"]) > MAX_LOCATION:
        errors.append(
            ("location", _("Der Ort darf höchstens %(max)d Zeichen lang sein.", max=MAX_LOCATION))
        )
    url = fields["online_url"]
    if url and (len(url) > MAX_URL or not url.startswith(("https://", "http://")) or " " in url):
        errors.append(
            (
                "online_url",
                _("Bitte geben Sie eine vollständige Adresse an, die mit https:// beginnt."),
            )
        )
    if errors:
        raise InvalidInput(errors)


def _clean(fields: dict) -> dict:
    return {
        "title": fields["title"].strip(),
        "starts_at": fields["starts_at"],
        "ends_at": fields["ends_at"],
        "location": (fields.get("location") or "").strip(),
        "online_url": (fields.get("online_url") or "").strip(),
        "is_public": bool(fields.get("is_public")),
    }


def _refuse_if_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise InvalidInput(
            [("", _("Die Sitzung ist abgesagt und kann nicht mehr geändert werden."))]
        )
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
        raise InvalidInput(
            [("", _("Die Sitzung hat stattgefunden und kann nicht mehr geändert werden."))]
        )


def _check_version(meeting: Meeting, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != meeting.lock_version:
        raise Conflict(
            _(
                "Die Sitzung wurde inzwischen von jemand anderem geändert. Bitte laden Sie die "
                "Seite neu und prüfen Sie Ihre Änderungen."
            )
        )


def schedule_meeting(actor: User, body: Body, *, now: datetime | None = None, **fields) -> Meeting:
    """Plan a meeting of the body; its agenda starts from the body's template."""
    require(actor, Action.MEETING_MANAGE, body)
    fields = _clean(fields)
    _validate(fields, now=now or utcnow(), start_changed=True)
    meeting = Meeting(body=body, status=MeetingStatus.PLANNED, **fields)
    db.session.add(meeting)
    copy_template_items(meeting)
    db.session.flush()
    audit.record(
        actor,
        "meeting.create",
        meeting,
        label=meeting.title,
        after=audit.snapshot(meeting, _AUDITED),
    )
    db.session.commit()
    return meeting


def update_meeting(
    actor: User,
    meeting: Meeting,
    *,
    lock_version: int | None = None,
    now: datetime | None = None,
    **fields,
) -> Meeting:
    """Change a meeting's title, time, place or visibility; moves and later changes are kept."""
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_if_closed(meeting)
    _check_version(meeting, lock_version)
    fields = _clean(fields)
    start_changed = fields["starts_at"] != meeting.starts_at
    _validate(fields, now=now or utcnow(), start_changed=start_changed)
    before = audit.snapshot(meeting, _AUDITED)
    if start_changed:
        meeting.rescheduled_from = meeting.starts_at
    for name, value in fields.items():
        setattr(meeting, name, value)
    after = audit.snapshot(meeting, _AUDITED)
    changed = [name for name in after if before[name] != after[name]]
    if not changed:
        return meeting
    if any(name in _TIME_PLACE_STATUS for name in changed):
        meeting.sequence += 1
    kind = MeetingChangeKind.RESCHEDULED if start_changed else MeetingChangeKind.UPDATED
    if start_changed or meeting.status == MeetingStatus.INVITED:
        record_change(
            actor,
            meeting,
            kind,
            {name: before[name] for name in changed},
            {name: after[name] for name in changed},
        )
    audit.record(actor, "meeting.update", meeting, label=meeting.title, before=before, after=after)
    if meeting.status == MeetingStatus.INVITED:
        announcements.announce(meeting, NotificationKind.AGENDA_CHANGED, changed=changed)
    db.session.commit()
    return meeting


def cancel_meeting(actor: User, meeting: Meeting, *, reason: str) -> Meeting:
    """Call a meeting off, with the reason the members are told."""
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_if_closed(meeting)
    reason = reason.strip()
    if not reason:
        raise InvalidInput([("reason", _("Bitte geben Sie den Grund der Absage an."))])
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            [("reason", _("Der Grund darf höchstens %(max)d Zeichen lang sein.", max=MAX_REASON))]
        )
    was_invited = meeting.status == MeetingStatus.INVITED
    before = audit.snapshot(meeting, _AUDITED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.cancelled_at = utcnow()
    meeting.sequence += 1
    record_change(
        actor,
        meeting,
        MeetingChangeKind.CANCELLED,
        {"status": before["status"]},
        {"status": MeetingStatus.CANCELLED.value, "reason": reason},
    )
    audit.record(
        actor,
        "meeting.cancel",
        meeting,
        label=meeting.title,
        before=before,
        after=audit.snapshot(meeting, _AUDITED),
    )
    if was_invited:
        announcements.announce(meeting, NotificationKind.MEETING_CANCELLED)
    db.session.commit()
    return meeting


def plannable_bodies(actor: User | None) -> list[Body]:
    """Return the bodies the actor may plan meetings for (empty for most people)."""
    if actor is None or not actor.is_authenticated:
        return []
    return list(db.session.scalars(select(Body).where(meeting_bodies(actor)).order_by(Body.name)))


def invitation_recipients(actor: User, meeting: Meeting) -> list[User]:
    """Return who will receive the invitation, for the secretariat to check before sending."""
    require(actor, Action.MEETING_MANAGE, meeting)
    return announcements.invited_people(meeting)


def invitation_is_late(meeting: Meeting, *, now: datetime | None = None) -> bool:
    """Tell whether an invitation sent now would miss the body's notice period."""
    return notice.is_late(now or utcnow(), meeting.starts_at, meeting.body.notice_period_days)


def send_invitation(
    actor: User, meeting: Meeting, *, confirm_late: bool = False, now: datetime | None = None
) -> Meeting:
    """Invite the members; later than the notice period only with the sender's confirmation."""
    require(actor, Action.MEETING_MANAGE, meeting)
    now = now or utcnow()
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidInput([("", _("Zu dieser Sitzung wurde schon eingeladen."))])
    errors: list[tuple[str, str]] = []
    if meeting.starts_at <= now:
        errors.append(
            ("", _("Die Sitzung hat schon begonnen; eine Einladung ist nicht mehr möglich."))
        )
    if not meeting.location and not meeting.online_url:
        errors.append(
            ("", _("Bitte geben Sie einen Ort oder einen Online-Link an, bevor Sie einladen."))
        )
    if not meeting.items:
        errors.append(("", _("Die Tagesordnung ist leer.")))
    late = notice.is_late(now, meeting.starts_at, meeting.body.notice_period_days)
    if late and not confirm_late:
        errors.append(
            (
                "confirm_late",
                _(
                    "Die Ladungsfrist von %(days)d Tagen ist nicht mehr einzuhalten. Bitte "
                    "bestätigen Sie, dass Sie mit verkürzter Frist einladen.",
                    days=meeting.body.notice_period_days,
                ),
            )
        )
    if errors:
        raise InvalidInput(errors)
    before = audit.snapshot(meeting, _AUDITED)
    meeting.status = MeetingStatus.INVITED
    meeting.invited_at = now
    meeting.invited_late = late
    meeting.sequence += 1
    audit.record(
        actor,
        "meeting.invite",
        meeting,
        label=meeting.title,
        before=before,
        after={**audit.snapshot(meeting, _AUDITED), "invited_late": late},
    )
    announcements.announce(meeting, NotificationKind.INVITATION)
    db.session.commit()
    return meeting


MAX_SERIES = 24


def plan_series(
    actor: User, meeting: Meeting, *, starts: list[datetime], now: datetime | None = None
) -> list[Meeting]:
    """Copy a meeting with its agenda to each of the given start times; each copy stands alone."""
    require(actor, Action.MEETING_MANAGE, meeting)
    now = now or utcnow()
    if not starts:
        raise InvalidInput([("dates", _("Bitte geben Sie mindestens einen Termin an."))])
    if len(starts) > MAX_SERIES:
        raise InvalidInput(
            [
                (
                    "dates",
                    _(
                        "Es können höchstens %(max)d Termine auf einmal geplant werden.",
                        max=MAX_SERIES,
                    ),
                )
            ]
        )
    if len(set(starts)) != len(starts):
        raise InvalidInput([("dates", _("Ein Termin ist doppelt angegeben."))])
    if any(start < now for start in starts):
        raise InvalidInput(
            [("dates", _("Termine in der Vergangenheit können nicht geplant werden."))]
        )
    duration = meeting.ends_at - meeting.starts_at
    copies = []
    for start in sorted(starts):
        copy = Meeting(
            body=meeting.body,
            title=meeting.title,
            starts_at=start,
            ends_at=start + duration,
            location=meeting.location,
            online_url=meeting.online_url,
            is_public=meeting.is_public,
            status=MeetingStatus.PLANNED,
        )
        _copy_agenda(meeting, copy)
        db.session.add(copy)
        copies.append(copy)
    db.session.flush()
    for copy in copies:
        audit.record(
            actor,
            "meeting.create",
            copy,
            label=copy.title,
            after={**audit.snapshot(copy, _AUDITED), "copied_from": meeting.id},
        )
    db.session.commit()
    return copies


def _copy_agenda(source: Meeting, target: Meeting) -> None:
    """Copy the agenda items (with sub-items) of one meeting to a new one, as planned items."""
    copies: dict[int, AgendaItem] = {}
    for item in sorted(source.items, key=lambda item: item.parent_id is not None):
        copy = AgendaItem(
            meeting=target,
            position=item.position,
            title=item.title,
            description=item.description,
            kind=item.kind,
            presenter=item.presenter,
            duration_minutes=item.duration_minutes,
            is_public=item.is_public,
        )
        if item.parent_id is not None and item.parent_id in copies:
            copy.parent = copies[item.parent_id]
        copies[item.id] = copy
