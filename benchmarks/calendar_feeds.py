"""The personal calendar feed of a member with 500 meetings: the poll, the full feed, the build.

Calendar programs poll their subscriptions every few minutes, mostly to learn that nothing
changed. The issue's targets:

- the 304 answer (``If-None-Match`` with the current ``ETag``): at most 2 SQL statements and at
  least 50 % of the trivial route's requests/s;
- the full 500-meeting feed (an unconditional GET, as Google Calendar sends it): at least 5 %;
- building the feed: at most 1.3 × the time ``icalendar`` alone needs for the same events.

The member belongs to a body of their own with 500 meetings (100 in the past year, 400 ahead,
every 25th cancelled a week ago), each with 6 agenda items, one of them non-public. Made through
the models in one transaction: the feed reads rows, how they were made does not matter.

Building is measured twice, in-process: the whole route with the feed's stored state deleted
before every request (two statements, the meetings and items loaded, 500 events described,
written and stored), and ``icalendar`` alone serialising the same 500 events, described from the
same rows by the same code. ``python -m benchmarks.calendar_build`` compares the two writers
alone, without the database.

``benchmarks.run`` calls :func:`seed`, :func:`measure_in_process` and :func:`measure_load`.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from flask import Flask
from flask_babel import force_locale
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from benchmarks.calendar_build import build_icalendar
from benchmarks.client import drain
from benchmarks.load import LoadResult, run_load
from benchmarks.pages import TRIVIAL
from benchmarks.server import Gunicorn
from benchmarks.sqlcount import StatementCounter
from meetings.models import AgendaItem, Meeting, MeetingStatus
from meetings.services.calendar_events import meeting_event
from portal.db import utcnow, write_intent
from portal.extensions import db
from portal.models import Body, BodyKind, CalendarFeedState, Membership, MembershipRole, User
from portal.services.calendar_tokens import issue_calendar_token

MEETINGS = 500
PAST = 100
ITEMS = 6
MAX_SQL_304 = 2
MIN_SHARE_304 = 0.50
MIN_SHARE_FULL = 0.05
MAX_BUILD_RATIO = 1.3


@dataclass
class Feed:
    """The measured feed: its path and the ETag of its current state."""

    path: str
    etag: str
    size: int
    meeting_ids: list[int] = field(default_factory=list)


def seed(app: Flask) -> Feed:
    """Make the subscriber, their body and its 500 meetings; fetch the feed once."""
    token = write_intent.set(True)
    try:
        with app.app_context():
            user = User(email="abo@bench.example", name="Abonnentin Kalender")
            body = Body(
                name="Lenkungsgruppe KIM (Kalender-Messung)",
                slug="messung-kalender",
                kind=BodyKind.STEERING,
            )
            body.memberships.append(
                Membership(
                    user=user,
                    role=MembershipRole.MEMBER,
                    has_voting_right=True,
                    starts_on=date(2021, 3, 1),
                )
            )
            now = utcnow().replace(hour=13, minute=0, second=0, microsecond=0)
            for number in range(MEETINGS):
                starts = now + timedelta(days=3 * (number - PAST) + 1)
                cancelled = number % 25 == 7
                meeting = Meeting(
                    body=body,
                    title=f"{number + 1}. Sitzung: Übergänge, Einbürgerung und Wohnen",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2, minutes=30),
                    location="Kreishaus Neuss, Oberstraße 91, 41460 Neuss, Raum 1.23",
                    online_url="https://konferenz.rhein-kreis-neuss.example/lenkungsgruppe",
                    status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.INVITED,
                    cancelled_at=now - timedelta(days=7) if cancelled else None,
                    cancel_reason="Terminkonflikt" if cancelled else "",
                    sequence=2 if cancelled else 0,
                )
                for position in range(ITEMS):
                    meeting.items.append(
                        AgendaItem(
                            position=position,
                            title=f"Bericht zu Handlungsfeld {position + 1}; Beratung, Beschluss",
                            is_public=position != 4,
                        )
                    )
                db.session.add(meeting)
            db.session.commit()
            path = f"/calendar/{issue_calendar_token(user, user).token}.ics"
            meeting_ids = list(
                db.session.scalars(select(Meeting.id).where(Meeting.body_id == body.id))
            )
    finally:
        write_intent.reset(token)
    response = app.test_client().get(path)
    if response.status_code != 200:
        raise RuntimeError(f"the feed answered {response.status_code}")
    return Feed(path, response.headers["ETag"], len(response.data), meeting_ids)


def _best_and_median(call, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def measure_in_process(app: Flask, feed: Feed, repeats: int = 10) -> dict:
    """Count the statements of the 304 and the full answer; time them and the build."""
    client = app.test_client()
    conditional = {"If-None-Match": feed.etag}
    counts = {}
    with app.app_context():
        engine = db.engine
    for label, headers, status in (("304", conditional, 304), ("full", {}, 200)):
        client.get(feed.path, headers=headers)
        with StatementCounter(engine) as counter:
            response = client.get(feed.path, headers=headers)
        if response.status_code != status:
            raise RuntimeError(f"{label}: status {response.status_code}, expected {status}")
        counts[label] = len(counter.statements)
    best_304, median_304 = _best_and_median(
        lambda: client.get(feed.path, headers=conditional), repeats
    )
    best_full, median_full = _best_and_median(lambda: client.get(feed.path), repeats)

    def rebuild() -> None:
        with app.app_context():
            db.session.execute(delete(CalendarFeedState))
            db.session.commit()
        client.get(feed.path)

    best_build, median_build = _best_and_median(rebuild, repeats)
    with app.app_context(), app.test_request_context(), force_locale("de"):
        meetings = db.session.scalars(
            select(Meeting)
            .options(selectinload(Meeting.items), selectinload(Meeting.body))
            .where(Meeting.id.in_(feed.meeting_ids))
            .order_by(Meeting.starts_at)
        ).all()
        events = [meeting_event(meeting, include_nonpublic=True) for meeting in meetings]
    best_library, median_library = _best_and_median(lambda: build_icalendar(events), repeats)
    return {
        "meetings": MEETINGS,
        "bytes": feed.size,
        "sql_304": counts["304"],
        "sql_full": counts["full"],
        "ms_304": {"best": best_304, "median": median_304},
        "ms_full": {"best": best_full, "median": median_full},
        "ms_build_route": {"best": best_build, "median": median_build},
        "ms_icalendar": {"best": best_library, "median": median_library},
        "build_ratio": median_build / median_library,
    }


def _load(port: int, feed: Feed, headers: tuple, args) -> LoadResult:
    drain(port, args.connections)
    return run_load(
        port,
        feed.path,
        None,
        duration=args.duration,
        connections=args.connections,
        generator=args.generator,
        client_threads=args.client_threads,
        headers=headers,
    )


def measure_load(env: dict[str, str], workdir: Path, feed: Feed, args) -> dict:
    """Serve under gunicorn; load the trivial route, the 304 poll and the full feed in turn."""
    runs: dict[str, list[float]] = {"trivial": [], "304": [], "full": []}
    with Gunicorn(env, workdir / "gunicorn-calendar.log", workers=args.workers) as server:
        server.wait_ready()
        port = server.port
        trivial = Feed(TRIVIAL.path, "", 0)
        _load(port, trivial, (), args)  # warm-up
        runs["trivial"].append(_load(port, trivial, (), args).requests_per_s)
        for label, headers in (("304", (("If-None-Match", feed.etag),)), ("full", ())):
            _load(port, feed, headers, args)  # warm-up
            result = _load(port, feed, headers, args)
            if result.bad_status or result.errors:
                raise RuntimeError(f"{label}: {result.bad_status} bad, {result.errors} errors")
            runs[label].append(result.requests_per_s)
            runs["trivial"].append(_load(port, trivial, (), args).requests_per_s)
    trivial_rps = statistics.mean(runs["trivial"])
    return {
        "trivial_rps": trivial_rps,
        "rps_304": runs["304"][0],
        "rps_full": runs["full"][0],
        "share_304": runs["304"][0] / trivial_rps,
        "share_full": runs["full"][0] / trivial_rps,
    }


def summary(in_process: dict, load: dict | None) -> str:
    """Return the report's lines on the calendar feed."""
    lines = [
        f"Calendar feed, {in_process['meetings']} meetings ({in_process['bytes'] / 1024:.0f} KiB): "
        f"304 answer {in_process['sql_304']} SQL, {in_process['ms_304']['best']:.1f} ms; "
        f"full answer {in_process['sql_full']} SQL, {in_process['ms_full']['best']:.1f} ms",
        f"  building it (route, stored state deleted): "
        f"{in_process['ms_build_route']['median']:.0f} ms vs icalendar alone "
        f"{in_process['ms_icalendar']['median']:.0f} ms → {in_process['build_ratio']:.2f} "
        f"(target ≤ {MAX_BUILD_RATIO})",
    ]
    if load:
        lines.append(
            f"  under load: 304 {load['rps_304']:,.0f} req/s ({load['share_304']:.0%}, target "
            f"≥ {MIN_SHARE_304:.0%}), full {load['rps_full']:,.0f} req/s "
            f"({load['share_full']:.1%}, target ≥ {MIN_SHARE_FULL:.0%}) of the trivial route's "
            f"{load['trivial_rps']:,.0f}"
        )
    return "\n".join(lines)


def missed(in_process: dict, load: dict | None) -> list[str]:
    """Return the calendar feed's missed targets."""
    found = []
    if in_process["sql_304"] > MAX_SQL_304:
        found.append(f"calendar 304: {in_process['sql_304']} SQL > {MAX_SQL_304}")
    if in_process["build_ratio"] > MAX_BUILD_RATIO:
        found.append(f"calendar build: {in_process['build_ratio']:.2f} × icalendar")
    if load and load["share_304"] < MIN_SHARE_304:
        found.append(f"calendar 304: {load['share_304']:.0%} of trivial")
    if load and load["share_full"] < MIN_SHARE_FULL:
        found.append(f"calendar full feed: {load['share_full']:.1%} of trivial")
    return found
