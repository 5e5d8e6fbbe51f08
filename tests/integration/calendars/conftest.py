"""Fixtures of the calendar feed tests: a subscribed member and their body's meetings."""

from __future__ import annotations

import icalendar
import pytest

from portal.models import MembershipRole
from portal.services.calendar_tokens import issue_calendar_token


def events_of(response) -> dict[str, icalendar.Event]:
    """Parse a feed response; return its events by UID."""
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


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
