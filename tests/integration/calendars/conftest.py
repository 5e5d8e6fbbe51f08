"""Fixtures of the calendar feed tests: a subscribed member and their body's meetings."""

from __future__ import annotations

import icalendar
import pytest
import vobject

from portal.models import MembershipRole
from portal.services.calendar_tokens import issue_calendar_token


def events_of(response) -> dict[str, icalendar.Event]:
    """Parse a feed response with two independent parsers; return its events by UID.

    ``vobject`` must read the same events at the same instants as ``icalendar`` (it works the
    times out from the feed's own VTIMEZONE).
    """
    calendar = icalendar.Calendar.from_ical(response.data)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    second = vobject.readOne(response.data.decode("utf-8"))
    read = {
        event.uid.value: (event.summary.value, event.dtstart.value, event.dtend.value)
        for event in getattr(second, "vevent_list", [])
    }
    assert read == {
        uid: (str(event["SUMMARY"]), event.decoded("DTSTART"), event.decoded("DTEND"))
        for uid, event in events.items()
    }
    return events


def summaries(response) -> set[str]:
    return {str(event["SUMMARY"]) for event in events_of(response).values()}


@pytest.fixture
def subscribe(app):
    """Return a function: ``subscribe(user)`` → the path of the user's new personal feed."""

    def factory(user) -> str:
        return f"/calendar/{issue_calendar_token(user, user).token}.ics"

    return factory


@pytest.fixture
def member(body, create_user, create_membership):
    user = create_user(name="Mitglied Lenkungsgruppe")
    create_membership(user, body, MembershipRole.MEMBER)
    return user
