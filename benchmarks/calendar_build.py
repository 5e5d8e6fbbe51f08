"""A 500-meeting calendar feed: ``portal.ics.build_feed`` against the ``icalendar`` library alone.

``python -m benchmarks.calendar_build`` makes 500 synthetic meetings, as the feed of a busy
district would hold them (German titles with umlauts, a location, a link, an agenda of 3 to 10
lines in the description, some cancelled), and then, alternating, in the same process:

- builds the feed with :func:`portal.ics.build_feed` (the bytes the calendar route sends:
  header, Europe/Berlin VTIMEZONE, escaped and folded events);
- builds the same 500 events with ``icalendar`` only: ``Calendar()``, ``Event().add(...)`` for
  the same properties, ``to_ical()``. No VTIMEZONE is added there, so the library does a little
  less work than the portal's builder; it is the floor a component-object writer sets.

It prints the median and best time of each and their ratio (target: ``build_feed`` ≤ 1.3 ×
``icalendar``). No database and no app: the builder is pure, so only it is measured.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from portal.ics import PRODID, TIMEZONE, CalendarEvent, build_feed

EVENTS = 500
TARGET_RATIO = 1.3
FEED_NAME = "KIM Rhein-Kreis Neuss: Sitzungen"
BODIES = (
    "Lenkungsgruppe KIM",
    "Steuerungsgruppe Einbürgerung",
    "Arbeitskreis Übergänge Schule–Beruf",
    "Fachbeirat Integration",
    "Runder Tisch Geflüchtete, Ehrenamt & Wohnen",
)
TOPICS = (
    "Begrüßung und Feststellung der Beschlussfähigkeit",
    "Genehmigung der Niederschrift der letzten Sitzung",
    "Bericht der Geschäftsführung zum Stand des Handlungskonzepts",
    "Fallmanagement: Auswertung des Quartals; Fallzahlen, Übergänge",
    "Förderrichtlinie 2027 – Änderungen gegenüber dem Entwurf",
    "Kooperation mit den Jobcentern (Düsseldorf, Neuss, Grevenbroich)",
    "Haushalt: Mittelabfluss und Umschichtungen",
    "Berichte aus den Kommunen",
    "Termine und Verschiedenes",
    "Öffentlichkeitsarbeit: Broschüre „Ankommen im Kreis“",
)


def synthetic_events(count: int = EVENTS) -> list[CalendarEvent]:
    """Return ``count`` meetings every third day at 14:00 UTC, some cancelled."""
    first = datetime(2026, 1, 12, 13, 0, tzinfo=UTC)
    created = datetime(2025, 11, 3, 9, 15, tzinfo=UTC)
    events = []
    for number in range(count):
        starts = first + timedelta(days=3 * number)
        agenda = [
            f"TOP {k + 1}: {TOPICS[(number + k) % len(TOPICS)]}" for k in range(3 + number % 8)
        ]
        events.append(
            CalendarEvent(
                uid=f"meeting-{number + 1}@kim.example.de",
                sequence=number % 4,
                summary=f"{BODIES[number % len(BODIES)]}: {number % 12 + 1}. Sitzung",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2, minutes=30),
                created=created,
                last_modified=created + timedelta(days=number % 40, minutes=number),
                location="Kreishaus Grevenbroich, Auf der Schanze 4, 41515 Grevenbroich, Raum 1.12",
                url=f"https://kim.example.de/meetings/{number + 1}",
                description="Tagesordnung:\n" + "\n".join(agenda),
                cancelled=number % 25 == 0,
            )
        )
    return events


def build_icalendar(events: list[CalendarEvent]) -> bytes:
    """Build the same events with ``icalendar`` component objects only."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", FEED_NAME)
    calendar.add("x-wr-timezone", TIMEZONE)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.last_modified)
        event.add("created", item.created)
        event.add("last-modified", item.last_modified)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.summary)
        event.add("location", item.location)
        event.add("url", item.url)
        event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def _events_read(data: bytes) -> list[tuple]:
    """Return what a client reads from the events, to check both writers wrote the same."""
    read = []
    for event in Calendar.from_ical(data).walk("VEVENT"):
        start, end = (event.decoded(name).astimezone(UTC) for name in ("DTSTART", "DTEND"))
        texts = tuple(str(event[name]) for name in ("UID", "SUMMARY", "LOCATION", "DESCRIPTION"))
        read.append((*texts, start, end, str(event["STATUS"]), event.decoded("DTSTAMP")))
    return read


def _time(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(events: int = EVENTS, repeats: int = 10) -> dict:
    """Time ``build_feed`` and ``icalendar`` alone on the same synthetic events."""
    items = synthetic_events(events)
    feed = build_feed(items, name=FEED_NAME)
    same = _events_read(feed) == _events_read(build_icalendar(items))  # also warms both up
    portal: list[float] = []
    library: list[float] = []
    for _ in range(repeats):
        portal.append(_time(lambda: build_feed(items, name=FEED_NAME)))
        library.append(_time(lambda: build_icalendar(items)))
    result = {
        "events": events,
        "repeats": repeats,
        "feed_median_ms": statistics.median(portal),
        "feed_best_ms": min(portal),
        "icalendar_median_ms": statistics.median(library),
        "icalendar_best_ms": min(library),
        "bytes": len(feed),
        "same_content": same,
        "target_ratio": TARGET_RATIO,
    }
    result["ratio"] = result["feed_median_ms"] / result["icalendar_median_ms"]
    return result


def summary(result: dict) -> str:
    """Return the lines the harness prints."""
    verdict = "met" if result["ratio"] <= TARGET_RATIO else "MISSED"
    text = (
        f"Calendar feed of {result['events']} events, {result['repeats']} runs each "
        f"(median / best): build_feed {result['feed_median_ms']:.1f} / "
        f"{result['feed_best_ms']:.1f} ms ({result['bytes'] / 1024:.0f} KiB), icalendar alone "
        f"{result['icalendar_median_ms']:.1f} / {result['icalendar_best_ms']:.1f} ms\n"
        f"  ratio build_feed / icalendar (medians): {result['ratio']:.2f} "
        f"(target ≤ {TARGET_RATIO}: {verdict})"
    )
    if not result["same_content"]:
        text += (
            "\n  WARNING: the icalendar events read differently; the ratio compares unlike work."
        )
    return text


def missed(result: dict) -> list[str]:
    """Return the missed target, if any, in the words of the harness's list."""
    if result["ratio"] <= TARGET_RATIO:
        return []
    return [f"calendar feed: {result['ratio']:.2f} × icalendar alone (target ≤ {TARGET_RATIO})"]


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 0 even when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    print(summary(measure(events=args.events, repeats=args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
