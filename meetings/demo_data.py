"""Demo meetings of the demo district: a past steering group meeting, an upcoming one with its
agenda, and working group meetings. Dates are relative to today, so the demo stays current."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from meetings.demo_minutes import add_demo_minutes
from meetings.demo_papers import add_demo_papers
from meetings.demo_suggestions import add_demo_suggestion, add_demo_template
from meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from meetings.services.agenda import copy_template_items
from portal.extensions import db
from portal.models import Body
from portal.timeutil import from_local, to_local

KREISHAUS = "Kreishaus Neuss, Oberstraße 91, 41460 Neuss, Sitzungssaal"


def _at(days: int, hour: int) -> datetime:
    day = to_local(datetime.now(UTC)).date() + timedelta(days=days)
    return from_local(day, time(hour, 0))


def _meeting(body: Body, title: str, days: int, hour: int, hours: int, **fields) -> Meeting:
    starts = _at(days, hour)
    meeting = Meeting(
        body=body, title=title, starts_at=starts, ends_at=starts + timedelta(hours=hours), **fields
    )
    db.session.add(meeting)
    copy_template_items(meeting)
    return meeting


def _append(meeting: Meeting, title: str, kind: str = "information", **fields) -> AgendaItem:
    """Add an item before the closing "Verschiedenes"."""
    closing = max(
        (item for item in meeting.items if item.parent_id is None and item.parent is None),
        key=lambda item: item.position,
    )
    item = AgendaItem(title=title, kind=AgendaItemKind(kind), position=closing.position, **fields)
    closing.position += 1
    meeting.items.append(item)
    return item


def load_meetings(steering: Body, procedure: Body, case_level: Body) -> int:
    """Add the demo meetings (the caller commits); return how many."""
    past = _meeting(
        steering,
        "4. Sitzung der Lenkungsgruppe KIM",
        -120,
        14,
        2,
        location=KREISHAUS,
        is_public=True,
        status=MeetingStatus.MINUTES_APPROVED,
        invited_at=_at(-140, 9),
    )
    _append(past, "Bericht der Koordinierenden Stelle zum Stand des Case-Managements")
    _append(past, "Fortschreibung des kreisweiten Handlungskonzepts", "decision")

    upcoming = _meeting(
        steering,
        "5. Sitzung der Lenkungsgruppe KIM",
        36,
        14,
        2,
        location=KREISHAUS,
        online_url="https://konferenz.rhein-kreis-neuss.example/lenkungsgruppe",
        is_public=True,
    )
    report = _append(upcoming, "Berichte aus den Arbeitsgruppen", presenter="AG-Leitungen")
    db.session.flush()
    for position, title in enumerate(("Arbeitsgruppe Verfahrensebene", "Arbeitsgruppe Fallebene")):
        upcoming.items.append(
            AgendaItem(title=title, parent_id=report.id, position=position, duration_minutes=15)
        )
    proposal = _append(
        upcoming,
        "Vorschlag der AG Verfahrensebene: Gemeinsame Terminvergabe Ausländerbehörde und Jobcenter",
        "decision",
        description=(
            "Die AG schlägt vor, Erstberatungen von Ausländerbehörde und Jobcenter für die "
            "Zielgruppe **gemeinsam** zu terminieren.\n\n- Pilot in Neuss und Dormagen\n"
            "- Auswertung nach sechs Monaten"
        ),
        presenter="Leiterin der Ausländerbehörde",
        duration_minutes=30,
    )
    add_demo_papers(proposal)
    _append(
        upcoming,
        "Personalangelegenheiten des Case-Managements",
        "discussion",
        is_public=False,
        duration_minutes=20,
    )
    add_demo_suggestion(upcoming)

    _meeting(
        procedure,
        "Sitzung der AG Verfahrensebene",
        12,
        10,
        2,
        location="Rathaus Dormagen, Besprechungsraum 3",
        status=MeetingStatus.INVITED,
        invited_at=_at(-5, 9),
    )
    case_held = _meeting(
        case_level,
        "Fallbesprechung der AG Fallebene",
        -20,
        9,
        3,
        location="Kreishaus Grevenbroich, Raum 1.14",
        status=MeetingStatus.HELD,
        invited_at=_at(-30, 9),
    )
    _meeting(
        case_level,
        "Fallbesprechung der AG Fallebene",
        40,
        9,
        3,
        location="Kreishaus Grevenbroich, Raum 1.14",
    )
    # After the meetings above, which keep the default agenda they started from.
    add_demo_template(procedure)
    add_demo_minutes(past, case_held)
    return 5
