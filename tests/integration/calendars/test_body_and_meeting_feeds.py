"""The public feed of a public body, and one meeting as a calendar file."""

from __future__ import annotations

import pytest

from tests.integration.calendars.conftest import events_of, summaries


@pytest.fixture
def public_body(create_body):
    return create_body(name="AG Fallebene", slug="ag-fallebene", is_public=True)


def test_a_public_bodys_feed_holds_its_public_meetings_and_public_items_only(
    client, public_body, create_meeting, create_agenda_item
):
    public = create_meeting(public_body, title="Öffentliche Sitzung", is_public=True)
    create_agenda_item(public, title="Offener Punkt")
    create_agenda_item(public, title="Personalsache", is_public=False)
    create_meeting(public_body, title="Interne Sitzung", is_public=False)

    response = client.get("/bodies/ag-fallebene/calendar.ics")

    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    assert summaries(response) == {"AG Fallebene: Öffentliche Sitzung"}
    unfolded = response.data.replace(b"\r\n ", b"").decode()
    assert "Personalsache" not in unfolded
    assert "TOP 1 Offener Punkt" in unfolded
    calendar_name = unfolded.split("X-WR-CALNAME:")[1].split("\r\n")[0]
    assert calendar_name == "AG Fallebene: Sitzungen"


def test_the_public_feed_of_a_non_public_or_unknown_body_is_404(
    client, auth, body, member, create_meeting
):
    create_meeting(body, is_public=True)

    assert client.get("/bodies/lenkungsgruppe/calendar.ics").status_code == 404
    auth.login_as(member)
    assert client.get("/bodies/lenkungsgruppe/calendar.ics").status_code == 404
    assert client.get("/bodies/gibt-es-nicht/calendar.ics").status_code == 404


def test_the_public_feed_answers_304_to_its_own_etag(client, public_body, create_meeting):
    create_meeting(public_body, is_public=True)
    first = client.get("/bodies/ag-fallebene/calendar.ics")

    again = client.get(
        "/bodies/ag-fallebene/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert again.status_code == 304


def test_one_meeting_as_a_file_shows_outsiders_its_public_part(
    client, public_body, create_meeting, create_agenda_item
):
    meeting = create_meeting(public_body, title="Sitzung", is_public=True)
    create_agenda_item(meeting, title="Offener Punkt")
    create_agenda_item(meeting, title="Personalsache", is_public=False)

    response = client.get(f"/meetings/{meeting.id}.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = events_of(response).values()
    assert str(event["UID"]).startswith(f"meeting-{meeting.id}@")
    assert "Offener Punkt" in str(event["DESCRIPTION"])
    assert "Personalsache" not in str(event["DESCRIPTION"])


def test_one_meeting_as_a_file_shows_members_everything_and_outsiders_nothing_non_public(
    client, auth, body, member, create_user, create_meeting, create_agenda_item
):
    meeting = create_meeting(body, title="Interne Sitzung")
    create_agenda_item(meeting, title="Personalsache", is_public=False)
    path = f"/meetings/{meeting.id}.ics"

    assert client.get(path).status_code == 404
    auth.login_as(create_user(name="Außenstehend"))
    assert client.get(path).status_code == 404
    auth.login_as(member)
    response = client.get(path)
    assert response.status_code == 200
    assert "Personalsache" in str(next(iter(events_of(response).values()))["DESCRIPTION"])
    assert response.headers["Cache-Control"].startswith("private")


def test_the_meeting_file_keeps_its_uid_when_the_meeting_changes(
    client, public_body, create_meeting
):
    from portal.extensions import db

    meeting = create_meeting(public_body, is_public=True)
    before = events_of(client.get(f"/meetings/{meeting.id}.ics"))
    meeting.title = "Neuer Titel"
    meeting.sequence += 1
    db.session.commit()
    after = events_of(client.get(f"/meetings/{meeting.id}.ics"))

    assert before.keys() == after.keys()
    (event,) = after.values()
    assert int(event["SEQUENCE"]) == 1
