"""Build iCalendar feeds and iMIP invitations for meetings (RFC 5545, RFC 5546, RFC 6047).

The lines are assembled by hand instead of through the ``icalendar`` library: calendar clients
poll the feeds every hour, and writing lines directly is several times faster than building
component objects (see ``benchmarks/calendar_build.py``). It also keeps the Europe/Berlin
VTIMEZONE in the RRULE form Outlook reads correctly; ``icalendar``'s
``add_missing_timezones()`` writes an RDATE list instead, which Outlook misreads and which ends
in 2038.

Pure module (no Flask, no database): callers filter access and pass plain dataclasses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

PRODID = "-//KIM-Portal//Kommunales Integrationsmanagement//DE"
TIMEZONE = "Europe/Berlin"
METHODS = ("REQUEST", "CANCEL")

_BERLIN = ZoneInfo(TIMEZONE)
#: Content lines longer than this many octets are folded (RFC 5545, 3.1).
_LINE_OCTETS = 75
#: Control characters are not allowed in TEXT values (HTAB is; line breaks become ``\n``).
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Parameter values may contain neither controls nor DQUOTE, which cannot be escaped there.
_PARAM_DROPPED = re.compile('[\x00-\x08\x0a-\x1f\x7f"]')
_PARAM_QUOTED = re.compile("[:;,]")

#: Europe/Berlin as recurring rules, valid since the EU rules of 1996 and without an end date.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TIMEZONE}",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Person:
    """An organizer or attendee of an invitation."""

    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting as the calendar shows it; all datetimes are timezone-aware."""

    uid: str
    sequence: int
    summary: str
    #: Written as Europe/Berlin wall-clock time with TZID (any zone may be passed in).
    starts_at: datetime
    ends_at: datetime
    #: Written in UTC.
    created: datetime
    #: Written in UTC as LAST-MODIFIED and as DTSTAMP, so the same data gives the same bytes.
    last_modified: datetime
    location: str = ""
    url: str = ""
    description: str = ""
    #: STATUS:CANCELLED, otherwise STATUS:CONFIRMED.
    cancelled: bool = False


# --- values -----------------------------------------------------------------------------------


def _text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    if _TEXT_CONTROLS.search(value):
        value = _TEXT_CONTROLS.sub("", value)
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _param(value: str) -> str:
    """Return a parameter value without DQUOTE or controls, quoted where it holds ``:;,``."""
    value = _PARAM_DROPPED.sub("", value)
    return f'"{value}"' if _PARAM_QUOTED.search(value) else value


def _uri(value: str) -> str:
    """Return a URI value without controls and surrounding blanks (URIs are not escaped)."""
    return _PARAM_DROPPED.sub("", value.replace('"', "%22")).strip()


def _aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware, got {value!r}")
    return value


def _utc(value: datetime, field: str) -> str:
    u = _aware(value, field).astimezone(UTC)
    return f"{u.year:04d}{u.month:02d}{u.day:02d}T{u.hour:02d}{u.minute:02d}{u.second:02d}Z"


def _local(name: str, value: datetime, field: str) -> str:
    """Write a DTSTART/DTEND line in Berlin wall-clock time with TZID.

    Going through UTC first turns a wall-clock time the clock skips in spring into the instant
    it means. The second 02:30 of the night summer time ends cannot be told apart in local time
    (RFC 5545 reads a repeated local time as its first occurrence), so that one is written in UTC.
    """
    utc = _aware(value, field).astimezone(UTC)
    local = utc.astimezone(_BERLIN)
    if local.fold:
        return f"{name}:{_utc(utc, field)}"
    return (
        f"{name};TZID={TIMEZONE}:{local.year:04d}{local.month:02d}{local.day:02d}"
        f"T{local.hour:02d}{local.minute:02d}{local.second:02d}"
    )


def _duration(value: timedelta) -> str:
    """Write a positive duration the RFC 5545 way, e.g. PT1H, P1D, P1DT12H."""
    seconds = int(value.total_seconds())
    if seconds <= 0:
        raise ValueError(f"refresh must be positive, got {value!r}")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    return (f"P{days}D" if days else "P") + (f"T{clock}" if clock else "")


def _fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line) <= _LINE_OCTETS and (line.isascii() or len(line.encode()) <= _LINE_OCTETS):
        return line
    data = line.encode()
    if len(data) <= _LINE_OCTETS:
        return line
    pieces = []
    start, room = 0, _LINE_OCTETS
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        pieces.append(data[start:end].decode())
        start, room = end, _LINE_OCTETS - 1  # continuation lines begin with one space
    pieces.append(data[start:].decode())
    return "\r\n ".join(pieces)


# --- components -------------------------------------------------------------------------------


def _event_lines(event: CalendarEvent, status: str, people: Iterable[str] = ()) -> list[str]:
    """Return the unfolded content lines of one VEVENT."""
    stamp = _utc(event.last_modified, "last_modified")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"CREATED:{_utc(event.created, 'created')}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{int(event.sequence)}",
        _local("DTSTART", event.starts_at, "starts_at"),
        _local("DTEND", event.ends_at, "ends_at"),
        f"SUMMARY:{_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_text(event.description)}")
    lines.append(f"STATUS:{status}")
    lines.append("TRANSP:OPAQUE")
    lines.extend(people)
    lines.append("END:VEVENT")
    return lines


def _calendar(head: list[str], events: Iterable[list[str]]) -> bytes:
    """Assemble the VCALENDAR: header, the VTIMEZONE, the events; fold and encode."""
    lines = ["BEGIN:VCALENDAR", *head, *_VTIMEZONE]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(map(_fold, lines)) + "\r\n").encode()


def _address(prop: str, person: Person, params: str = "") -> str:
    """Write an ORGANIZER or ATTENDEE line: CN (if any), further parameters, mailto address."""
    name = _param(person.name)
    cn = f";CN={name}" if name.strip('"') else ""
    return f"{prop}{cn}{params}:mailto:{_uri(person.email)}"


# --- public -----------------------------------------------------------------------------------


def build_feed(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    description: str = "",
    refresh: timedelta = timedelta(hours=1),
    prodid: str = PRODID,
) -> bytes:
    """Build a subscribable calendar feed (METHOD:PUBLISH) of the given events."""
    interval = _duration(refresh)
    head = [
        f"PRODID:{_text(prodid)}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{_text(name)}",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    if description:
        head += [f"DESCRIPTION:{_text(description)}", f"X-WR-CALDESC:{_text(description)}"]
    head += [
        f"REFRESH-INTERVAL;VALUE=DURATION:{interval}",
        f"X-PUBLISHED-TTL:{interval}",
        f"X-WR-TIMEZONE:{TIMEZONE}",
    ]
    status = {False: "CONFIRMED", True: "CANCELLED"}
    return _calendar(head, (_event_lines(e, status[bool(e.cancelled)]) for e in events))


def build_message(
    event: CalendarEvent,
    *,
    method: str,
    organizer: Person,
    attendee: Person,
    prodid: str = PRODID,
) -> bytes:
    """Build the iMIP calendar object of an invitation ("REQUEST") or a cancellation ("CANCEL").

    Attendees answer in the portal, not by reply mail, hence ``RSVP=FALSE``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    cancelled = method == "CANCEL" or event.cancelled
    people = [
        _address("ORGANIZER", organizer),
        _address("ATTENDEE", attendee, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE"),
    ]
    head = [f"PRODID:{_text(prodid)}", "VERSION:2.0", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    status = "CANCELLED" if cancelled else "CONFIRMED"
    return _calendar(head, [_event_lines(event, status, people)])
