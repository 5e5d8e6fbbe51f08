"""Calendar feeds: which meetings each feed holds, its validators, and its bytes.

Three feeds, one path (``portal.models.calendars`` explains the stored state):

- the personal feed of a token's owner: :func:`subscribed_meetings` decides the meetings, all
  agenda items the owner may see;
- the public feed of a public body: its public meetings, public agenda items only;
- one meeting, for whoever may see it.

Each is limited to the window calendar programs need: meetings of the past 12 months and all
future ones, a cancelled meeting for 30 days after it was called off (with ``STATUS:CANCELLED``,
so programs that already hold it strike it out).

A poll runs one statement: it finds the feed (token and owner, or body, or meeting) together with
its stored state and what the fingerprint is made of: the calendar stamps of the bodies the feed
draws on (``calendar_stamps`` moves them on every write that could change a feed), for a personal
feed also which memberships are current, and the date, since the window and memberships move
by days. If the fingerprint is the stored one, the stored validators answer the request (304, or
the stored bytes); otherwise the feed is built and stored. The ``ETag`` is a hash of the bytes,
so a rebuild that changes nothing the client sees keeps its ``ETag`` and ``Last-Modified``;
``Last-Modified`` moves forward only when the bytes change, and never backwards.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Date, Select, and_, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload
from werkzeug.datastructures import ETags

from meetings.models import Attendance, Meeting, MeetingStatus
from meetings.services.calendar_events import meeting_event
from portal.conditional import is_not_modified
from portal.db import begin_read_only_poll, in_effect_on, utcnow, write_intent
from portal.errors import NotFound
from portal.extensions import db
from portal.ics import build_feed
from portal.models import Body, CalendarFeedState, CalendarToken, Membership, User
from portal.permissions import Action, can, require, subscribed_meetings
from portal.services.calendar_tokens import PERSONAL_FEED, token_digest
from portal.timeutil import from_local, today_local

#: Raise when the builder's output changes: every stored feed is then built anew.
FORMAT_VERSION = "1"
PAST_MONTHS = 12
CANCELLED_KEPT = timedelta(days=30)
#: How often programs are asked to fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class Conditions:
    """The request's conditional headers, as Werkzeug parsed them."""

    if_none_match: ETags | None = None
    if_modified_since: datetime | None = None


@dataclass(frozen=True)
class FeedAnswer:
    """What the view sends: validators always, bytes unless the client's copy is current."""

    etag: str
    last_modified: datetime
    #: ``None`` means 304 Not Modified.
    content: bytes | None
    #: Personal and members' feeds must not sit in shared caches.
    private: bool


@dataclass(frozen=True)
class _Stored:
    """What a feed was last served as (the state row without its bytes)."""

    fingerprint: str
    etag: str
    modified_at: datetime

    @classmethod
    def of(cls, state) -> _Stored | None:
        """Take a state row, or a poll row with its columns; ``None`` if there is none yet."""
        if state is None or state.fingerprint is None:
            return None
        return cls(state.fingerprint, state.etag, state.modified_at)


@dataclass
class _Feed:
    feed: str
    ref_id: int
    variant: str
    #: Selects the feed's meetings (before the window); may refer to ``Meeting`` only. Made
    #: only when the feed is built.
    selects: Callable[[], ColumnElement[bool]]
    state: _Stored | None
    day: date
    fingerprint: str
    locale: str
    name: Callable[[], str]
    shows_nonpublic: Callable[[Meeting], bool]
    private: bool


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def in_window(day: date) -> ColumnElement[bool]:
    """Return the condition of the feeds' window on the given day (see the module docstring).

    Whole days, so the window moves once a day: starting from midnight twelve months ago, and a
    meeting cancelled on one of the last 30 days.
    """
    return and_(
        Meeting.starts_at >= from_local(_months_before(day, PAST_MONTHS), time(0)),
        or_(
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.cancelled_at >= from_local(day - CANCELLED_KEPT, time(0)),
        ),
    )


def _fingerprint(day: date, variant: str, *parts) -> str:
    """Hash what a feed is made of, with what else changes its bytes."""
    config = current_app.config["PORTAL_BASE_URL"]
    values = (FORMAT_VERSION, config, variant, day.isoformat(), *parts)
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _build(feed: _Feed) -> bytes:
    meetings = db.session.scalars(
        select(Meeting)
        .join(Meeting.body)
        .options(contains_eager(Meeting.body), selectinload(Meeting.items))
        .where(feed.selects(), in_window(feed.day))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    with force_locale(feed.locale):
        events = [
            meeting_event(meeting, include_nonpublic=feed.shows_nonpublic(meeting))
            for meeting in meetings
        ]
        return build_feed(events, name=feed.name(), refresh=REFRESH)


def _store(feed: _Feed, fingerprint: str, content: bytes) -> tuple[str, datetime]:
    """Keep the built feed; return its validators. ``Last-Modified`` never goes backwards."""
    etag = hashlib.sha256(content).hexdigest()[:32]
    now = utcnow().replace(microsecond=0)
    key = (feed.feed, feed.ref_id, feed.variant)
    db.session.rollback()  # end the reading transaction; on SQLite, write under BEGIN IMMEDIATE
    token = write_intent.set(True)
    try:
        state = db.session.get(CalendarFeedState, key)
        if state is None:
            state = CalendarFeedState(
                feed=feed.feed, ref_id=feed.ref_id, variant=feed.variant, modified_at=now
            )
            db.session.add(state)
        elif state.etag != etag:
            state.modified_at = max(now, state.modified_at + timedelta(seconds=1))
        state.fingerprint, state.etag, state.content = fingerprint, etag, content
        modified_at = state.modified_at
        db.session.commit()
    except IntegrityError:  # another process stored the same feed a moment ago
        db.session.rollback()
        modified_at = now
    finally:
        write_intent.reset(token)
    return etag, modified_at


def _answer(feed: _Feed, conditions: Conditions) -> FeedAnswer:
    state = feed.state
    if state is not None and state.fingerprint == feed.fingerprint:
        etag, modified_at = state.etag, state.modified_at
        content = None
    else:
        content = _build(feed)
        etag, modified_at = _store(feed, feed.fingerprint, content)
    if is_not_modified(
        etag=etag,
        last_modified=modified_at,
        if_none_match=conditions.if_none_match,
        if_modified_since=conditions.if_modified_since,
    ):
        return FeedAnswer(etag, modified_at, None, feed.private)
    if content is None:
        content = db.session.scalar(
            select(CalendarFeedState.content).where(
                CalendarFeedState.feed == feed.feed,
                CalendarFeedState.ref_id == feed.ref_id,
                CalendarFeedState.variant == feed.variant,
            )
        )
    return FeedAnswer(etag, modified_at, content, feed.private)


def _state_of(feed: str, ref_id, variant) -> ColumnElement[bool]:
    return and_(
        CalendarFeedState.feed == feed,
        CalendarFeedState.ref_id == ref_id,
        CalendarFeedState.variant == variant,
    )


@functools.cache
def _personal_poll() -> Select:
    """The poll's one statement: token, owner, stored state and the fingerprint's parts.

    Built once per process with bound parameters (``digest``, ``day``): a poll should not pay
    for assembling two dozen SQL expressions.
    """
    current = select().where(
        Membership.user_id == CalendarToken.user_id,
        in_effect_on(Membership, bindparam("day", type_=Date)),
    )
    stamp = current.add_columns(func.max(Body.calendar_changed_at)).join(Membership.body)
    return (
        select(
            CalendarToken.id,
            CalendarToken.user_id,
            User.is_active,
            User.locale,
            CalendarFeedState.fingerprint,
            CalendarFeedState.etag,
            CalendarFeedState.modified_at,
            stamp.scalar_subquery(),
            current.add_columns(func.count(Membership.id)).scalar_subquery(),
            current.add_columns(func.sum(Membership.id)).scalar_subquery(),
        )
        .join(User, User.id == CalendarToken.user_id)
        .outerjoin(CalendarFeedState, _state_of(PERSONAL_FEED, CalendarToken.id, User.locale))
        .where(CalendarToken.token_digest == bindparam("digest"))
    )


def personal_feed(token: str, conditions: Conditions) -> FeedAnswer:
    """Answer a poll of a personal feed; an unknown, replaced or inactive owner's token: 404."""
    day = today_local()
    begin_read_only_poll(db.session)
    # On the connection, not the session: a poll needs no ORM result processing (a fifth of it).
    parameters = {"digest": token_digest(token), "day": day}
    row = db.session.connection().execute(_personal_poll(), parameters).first()
    if row is None or not row.is_active:
        raise NotFound()

    @functools.cache
    def owner() -> User:  # loaded only to build the feed
        return db.session.get(User, row.user_id)

    feed = _Feed(
        feed=PERSONAL_FEED,
        ref_id=row.id,
        variant=row.locale,
        selects=lambda: subscribed_meetings(owner(), Meeting, Attendance, day),
        state=_Stored.of(row),
        day=day,
        fingerprint=_fingerprint(day, row.locale, *row[7:]),
        locale=row.locale,
        name=lambda: _("KIM-Portal: Meine Sitzungen"),
        shows_nonpublic=lambda meeting: can(owner(), Action.MEETING_VIEW_NONPUBLIC, meeting),
        private=True,
    )
    return _answer(feed, conditions)


@functools.cache
def _body_poll() -> Select:
    return (
        select(Body, CalendarFeedState)
        .outerjoin(CalendarFeedState, _state_of("body", Body.id, bindparam("locale")))
        .where(Body.slug == bindparam("slug"))
    )


def body_feed(slug: str, locale: str, conditions: Conditions) -> FeedAnswer:
    """Answer a poll of a public body's feed; a non-public or unknown body: 404."""
    row = db.session.execute(_body_poll(), {"slug": slug, "locale": locale}).first()
    if row is None:
        raise NotFound()
    body = row.Body
    require(None, Action.CALENDAR_PUBLIC_FEED, body)
    day = today_local()
    feed = _Feed(
        feed="body",
        ref_id=body.id,
        variant=locale,
        selects=lambda: and_(Meeting.body_id == body.id, Meeting.is_public.is_(True)),
        state=_Stored.of(row.CalendarFeedState),
        day=day,
        fingerprint=_fingerprint(day, locale, body.calendar_changed_at),
        locale=locale,
        name=lambda: _("%(body)s: Sitzungen", body=body.name),
        shows_nonpublic=lambda _meeting: False,
        private=False,
    )
    return _answer(feed, conditions)


def meeting_feed(
    viewer: User | None, meeting_id: int, locale: str, conditions: Conditions
) -> FeedAnswer:
    """Answer a request for one meeting as a calendar file, for whoever may see the meeting."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    require(viewer, Action.MEETING_VIEW, meeting)
    inside = can(viewer, Action.MEETING_VIEW_NONPUBLIC, meeting)
    variant = f"{'inside' if inside else 'public'}-{locale}"
    state = db.session.get(CalendarFeedState, ("meeting", meeting.id, variant))
    day = today_local()
    feed = _Feed(
        feed="meeting",
        ref_id=meeting.id,
        variant=variant,
        selects=lambda: Meeting.id == meeting.id,
        state=_Stored.of(state),
        day=day,
        fingerprint=_fingerprint(day, variant, meeting.body.calendar_changed_at),
        locale=locale,
        name=lambda: f"{meeting.body.name}: {meeting.title}",
        shows_nonpublic=lambda _meeting: inside,
        private=inside,
    )
    return _answer(feed, conditions)
