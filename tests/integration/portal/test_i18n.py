"""Dates and times are shown in Europe/Berlin with German formats."""

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from portal.i18n import de_date, de_datetime


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (datetime(2026, 11, 24, 13, 0, tzinfo=UTC), "24.11.2026, 14:00 Uhr"),
        (datetime(2026, 7, 1, 12, 30, tzinfo=UTC), "01.07.2026, 14:30 Uhr"),
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.03.2026, 01:59 Uhr"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.03.2026, 03:00 Uhr"),
    ],
)
def test_datetimes_are_shown_in_berlin_time(app, utc, shown):
    with app.test_request_context():
        assert de_datetime(utc) == shown


def test_dates_are_german(app):
    with app.test_request_context():
        assert de_date(date(2026, 11, 24)) == "24.11.2026"
        assert de_date(None) == ""


def test_english_drops_the_uhr(app):
    with app.test_request_context(), force_locale("en"):
        assert de_datetime(datetime(2026, 11, 24, 13, 0, tzinfo=UTC)) == "24.11.2026, 14:00"


def test_the_login_required_notice_speaks_the_visitors_language(client):
    client.post("/language", data={"locale": "en"})

    client.get("/profile")
    page = client.get("/login").get_data(as_text=True)

    assert "Bitte melden Sie sich an" not in page
    assert 'lang="en"' in page
