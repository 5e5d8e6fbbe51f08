"""The profile page makes, shows once, replaces and ends the personal calendar address."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CalendarToken


def _address(html: str) -> str:
    match = re.search(r'id="feed-address" type="text" readonly value="([^"]+)"', html)
    assert match, "the page shows no feed address"
    return match.group(1)


def _make_address(client) -> str:
    return _address(client.post("/profile/calendar", data={}).get_data(as_text=True))


def test_the_profile_offers_a_calendar_address_and_explains_the_refresh_delay(client, auth, member):
    auth.login_as(member)

    html = client.get("/profile").get_data(as_text=True)

    assert "Kalender-Adresse erzeugen" in html
    assert "Google Kalender bis zu einem Tag" in html
    assert "per E-Mail" in html
    assert 'id="feed-address"' not in html


def test_making_an_address_shows_it_once_with_a_webcal_link_and_instructions(client, auth, member):
    auth.login_as(member)

    response = client.post("/profile/calendar", data={})

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    address = _address(html)
    assert address.startswith("http://localhost/calendar/") and address.endswith(".ics")
    assert 'href="webcal://localhost/calendar/' in html
    for program in ("Outlook", "Google Kalender", "Apple Kalender", "Thunderbird"):
        assert program in html
    assert client.get(address.removeprefix("http://localhost")).status_code == 200
    later = client.get("/profile").get_data(as_text=True)
    assert address not in later
    assert "Neue Kalender-Adresse erzeugen" in later


def test_a_new_address_ends_the_old_one_and_is_audited(client, auth, member):
    auth.login_as(member)
    first = _make_address(client)
    second = _make_address(client)

    assert first != second
    assert client.get(first.removeprefix("http://localhost")).status_code == 404
    assert client.get(second.removeprefix("http://localhost")).status_code == 200
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["calendar.issue_token", "calendar.rotate_token"]


def test_ending_the_subscription_turns_the_address_off(client, auth, member):
    auth.login_as(member)
    address = _make_address(client)

    response = client.post("/profile/calendar/revoke", data={})

    assert response.status_code == 302
    assert client.get(address.removeprefix("http://localhost")).status_code == 404
    assert db.session.scalar(select(CalendarToken)) is None


def test_anonymous_visitors_cannot_make_an_address(client):
    response = client.post("/profile/calendar", data={})

    assert response.status_code in (302, 401)
    assert db.session.scalar(select(CalendarToken)) is None


class TestWithCsrfProtection:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_a_post_without_csrf_token_changes_nothing(self, client, auth, member):
        auth.login_as(member)

        response = client.post("/profile/calendar", data={})

        assert response.status_code == 400
        assert db.session.scalar(select(CalendarToken)) is None
