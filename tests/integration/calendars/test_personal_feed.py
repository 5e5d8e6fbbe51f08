"""The personal feed: every meeting of the owner's bodies, reached by a secret token only."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from meetings.models import AgendaItem, Attendance, AttendanceAnswer, MeetingStatus
from portal.db import utcnow
from portal.extensions import db
from portal.models import CalendarToken, MembershipRole
from portal.services.calendar_tokens import issue_calendar_token, revoke_calendar_token
from portal.timeutil import today_local
from tests.fixtures.meetings import in_days
from tests.integration.calendars.conftest import events_of, summaries

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_feed_holds_the_meetings_of_the_owners_bodies_with_all_agenda_items(
    client, body, member, subscribe, create_meeting, create_agenda_item
):
    meeting = create_meeting(body, title="Frühjahrssitzung")
    create_agenda_item(meeting, title="Haushalt 2027", is_public=False)
    create_agenda_item(meeting, title="Bericht der AG Fallebene")

    response = client.get(subscribe(member))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"].startswith("private")
    assert not response.headers["ETag"].startswith("W/")
    assert response.headers["Last-Modified"]
    (event,) = events_of(response).values()
    assert str(event["SUMMARY"]) == "Lenkungsgruppe KIM Testkreis: Frühjahrssitzung"
    description = str(event["DESCRIPTION"])
    assert description.startswith(f"http://localhost/meetings/{meeting.id}")
    assert "TOP 1 Haushalt 2027" in description
    assert "TOP 2 Bericht der AG Fallebene" in description
    assert str(event["URL"]) == f"http://localhost/meetings/{meeting.id}"


def test_a_member_of_another_body_never_sees_its_meetings(
    client, body, member, subscribe, create_body, create_user, create_membership, create_meeting
):
    other_body = create_body(name="AG Verfahrensebene")
    outsider = create_user(name="Außenstehend")
    create_membership(outsider, other_body)
    create_meeting(body, title="Geheime Sitzung", is_public=True)
    create_meeting(other_body, title="Sitzung der AG")

    assert summaries(client.get(subscribe(outsider))) == {"AG Verfahrensebene: Sitzung der AG"}
    assert summaries(client.get(subscribe(member))) == {
        "Lenkungsgruppe KIM Testkreis: Geheime Sitzung"
    }


def test_the_token_is_random_and_stored_only_as_its_hash(app, member):
    first = issue_calendar_token(member, member).token
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == member.id))

    assert len(first) >= 43  # 256 bits in base64url
    assert row.token_digest == hashlib.sha256(first.encode()).hexdigest()
    assert first not in repr(row.__dict__)
    assert issue_calendar_token(member, member).token != first


def test_a_rotated_revoked_or_unknown_token_answers_404(client, member, subscribe):
    old = subscribe(member)
    assert client.get(old).status_code == 200

    new = subscribe(member)

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    revoke_calendar_token(member, member)
    assert client.get(new).status_code == 404
    assert client.get("/calendar/" + "A" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/<script>.ics").status_code == 404
    assert client.get("/calendar/" + "ä" * 43 + ".ics").status_code == 404


def test_a_deactivated_owner_has_no_feed(client, member, subscribe):
    path = subscribe(member)
    member.is_active = False
    db.session.commit()

    assert client.get(path).status_code == 404


def test_ending_a_membership_removes_that_bodys_meetings(
    client, body, member, subscribe, create_meeting
):
    create_meeting(body, title="Herbstsitzung")
    path = subscribe(member)
    before = client.get(path)
    assert len(events_of(before)) == 1

    (membership,) = member.memberships
    membership.ends_on = today_local() - timedelta(days=2)
    db.session.commit()
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})

    assert after.status_code == 200
    assert events_of(after) == {}
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_deputy_gets_only_the_meetings_they_are_sent_to(
    client, body, member, subscribe, create_user, create_membership, create_meeting
):
    holder_seat = member.memberships[0]
    deputy = create_user(name="Stellvertretung")
    deputy_seat = create_membership(
        deputy, body, MembershipRole.DEPUTY, deputy_of_id=holder_seat.id
    )
    sent = create_meeting(body, title="Mit Vertretung")
    create_meeting(body, title="Ohne Vertretung")
    db.session.add(
        Attendance(
            meeting=sent,
            membership=holder_seat,
            answer=AttendanceAnswer.DEPUTY,
            deputy_membership=deputy_seat,
        )
    )
    db.session.commit()

    assert summaries(client.get(subscribe(deputy))) == {
        "Lenkungsgruppe KIM Testkreis: Mit Vertretung"
    }


def test_the_window_is_the_past_twelve_months_and_the_future(
    client, body, member, subscribe, create_meeting
):
    create_meeting(body, title="Vor elf Monaten", starts_at=in_days(-335))
    create_meeting(body, title="Vor dreizehn Monaten", starts_at=in_days(-396))
    create_meeting(body, title="In zwei Jahren", starts_at=in_days(730))

    titles = summaries(client.get(subscribe(member)))

    assert titles == {
        "Lenkungsgruppe KIM Testkreis: Vor elf Monaten",
        "Lenkungsgruppe KIM Testkreis: In zwei Jahren",
    }


def test_a_cancelled_meeting_stays_thirty_days_struck_out(
    client, body, member, subscribe, create_meeting
):
    create_meeting(
        body,
        title="Kürzlich abgesagt",
        status=MeetingStatus.CANCELLED,
        cancelled_at=utcnow() - timedelta(days=29),
        sequence=3,
    )
    create_meeting(
        body,
        title="Lange abgesagt",
        status=MeetingStatus.CANCELLED,
        # 31 whole days: in the evening (UTC) the Berlin date may already be the next one.
        cancelled_at=utcnow() - timedelta(days=32),
    )

    (event,) = events_of(client.get(subscribe(member))).values()

    assert str(event["SUMMARY"]) == "ABGESAGT: Lenkungsgruppe KIM Testkreis: Kürzlich abgesagt"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3


def test_the_feed_speaks_the_owners_language(client, body, member, subscribe, create_meeting):
    create_meeting(body, title="Abgesagt", status=MeetingStatus.CANCELLED, cancelled_at=utcnow())
    member.locale = "en"
    db.session.commit()

    (event,) = events_of(client.get(subscribe(member))).values()

    assert str(event["SUMMARY"]).startswith("CANCELLED: ")


def test_agenda_items_of_a_subscribed_meeting_are_listed_in_order(
    client, body, member, subscribe, create_meeting
):
    meeting = create_meeting(body)
    for position, title in enumerate(["Eröffnung", "Beschlüsse; Termine, Sonstiges"]):
        db.session.add(AgendaItem(meeting=meeting, position=position, title=title))
    db.session.commit()

    (event,) = events_of(client.get(subscribe(member))).values()

    lines = str(event["DESCRIPTION"]).splitlines()
    assert lines[-2:] == ["TOP 1 Eröffnung", "TOP 2 Beschlüsse; Termine, Sonstiges"]


def test_a_meeting_on_the_day_summer_time_ends_keeps_its_hours(
    client, body, member, subscribe, create_meeting
):
    """25.10.2026, 01:30 to 03:30 Berlin: 2:00–3:00 happens twice, the meeting lasts 3 hours."""
    starts = datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)
    ends = datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN)
    create_meeting(body, title="Nachtsitzung", starts_at=starts, ends_at=ends)

    (event,) = events_of(client.get(subscribe(member))).values()

    assert event.decoded("DTSTART") == starts
    # Same-zone subtraction in Python counts wall-clock hours; the real duration is in UTC.
    duration = event.decoded("DTEND").astimezone(UTC) - event.decoded("DTSTART").astimezone(UTC)
    assert duration == timedelta(hours=3)
    assert "TZID=Europe/Berlin:20261025T013000" in event.to_ical().decode()
