"""The meeting pages as their users see them: lists, the meeting page and the KI's forms."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from meetings.models import AgendaItem, Meeting, MeetingStatus
from portal.extensions import db
from tests.fixtures.meetings import in_days, item_form, meeting_form


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_members_see_upcoming_and_past_meetings_of_their_bodies(
    client, auth, personas, body, create_meeting
):
    create_meeting(body, title="Herbstsitzung")
    create_meeting(
        body,
        title="Frühjahrssitzung",
        starts_at=in_days(-30),
        status="held",
    )
    auth.login_as(personas["member"])

    upcoming = _text(client.get("/meetings/"))
    past = _text(client.get("/meetings/?when=past"))

    assert "Herbstsitzung" in upcoming and "Frühjahrssitzung" not in upcoming
    assert "Frühjahrssitzung" in past and "Herbstsitzung" not in past


def test_outsiders_see_only_public_meetings_of_public_bodies(
    client, auth, personas, body, create_body, create_meeting
):
    public_body = create_body(is_public=True, name="AG Offen", slug="ag-offen")
    create_meeting(public_body, title="Öffentliche Sitzung", is_public=True)
    create_meeting(public_body, title="Interne Sitzung", is_public=False)
    create_meeting(body, title="Geheime Lenkungsgruppe", is_public=True)
    auth.login_as(personas["other_member"])

    page = _text(client.get("/meetings/"))

    assert "Öffentliche Sitzung" in page
    assert "Interne Sitzung" not in page
    assert "Geheime Lenkungsgruppe" not in page


def test_the_list_filters_by_body_and_answers_404_for_a_hidden_one(
    client, auth, personas, body, create_body, create_meeting
):
    other = create_body(name="AG Wohnen", slug="ag-wohnen")
    create_meeting(body, title="LG-Sitzung")
    create_meeting(other, title="AG-Sitzung")
    auth.login_as(personas["secretariat"])

    page = _text(client.get(f"/meetings/?body={body.slug}"))
    assert "LG-Sitzung" in page and "AG-Sitzung" not in page

    auth.login_as(personas["member"])
    assert client.get("/meetings/?body=ag-wohnen").status_code == 404


def test_the_public_sees_only_the_public_part_of_a_public_meeting(
    client, create_body, create_meeting, create_agenda_item
):
    public_body = create_body(is_public=True, slug="offen")
    meeting = create_meeting(public_body, is_public=True, online_url="https://video.example/x")
    create_agenda_item(meeting, title="Bericht der KI")
    create_agenda_item(meeting, title="Personalangelegenheit Müller", is_public=False)

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert "Bericht der KI" in page
    assert "Personalangelegenheit" not in page
    assert "video.example" not in page


def test_members_see_numbers_supplements_and_the_non_public_part(
    client, auth, personas, body, create_meeting, create_agenda_item
):
    meeting = create_meeting(body, items=2)
    create_agenda_item(meeting, parent=meeting.items[1], title="Unterpunkt")
    create_agenda_item(meeting, title="Nachgereicht", is_supplement=True, is_public=False)
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{meeting.id}"))

    for number in (">1<", ">2<", ">2.1<", ">3<"):
        assert number in page
    assert "Nachtrag" in page and "nichtöffentlich" in page
    assert "nach oben" not in page  # members do not edit the agenda


def test_the_secretariat_plans_a_meeting_through_the_form(client, auth, personas, body):
    auth.login_as(personas["secretariat"])

    response = client.post("/meetings/new", data=meeting_form(body_id=str(body.id)))

    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.starts_at.astimezone(UTC).hour in (12, 13)  # 14:00 Berlin
    assert _count(AgendaItem) == 6


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 10_001}, "Höchstens 200 Zeichen."),
        ({"ends_time": "13:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"day": "2020-01-01"}, "Eine Sitzung kann nicht in der Vergangenheit beginnen."),
        ({"day": "31.02.2027"}, "Bitte geben Sie ein gültiges Datum an."),
        ({"starts_time": "25:99"}, "Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
        ({"body_id": "999999"}, "Keine gültige Auswahl."),
        ({"online_url": "<script>alert(1)</script>"}, "mit https:// beginnt"),
    ],
)
def test_bad_meeting_input_gets_a_german_message_and_changes_nothing(
    client, auth, personas, body, overrides, message
):
    auth.login_as(personas["secretariat"])
    data = meeting_form(body_id=str(body.id))
    data.update(overrides)

    response = client.post("/meetings/new", data=data)

    assert response.status_code == 422
    assert message in _text(response)
    assert _count(Meeting) == 0


def test_the_hour_skipped_in_spring_is_refused(client, auth, personas, body):
    auth.login_as(personas["secretariat"])
    year = date.today().year + 1
    last_sunday = max(
        date(year, 3, day) for day in range(25, 32) if date(year, 3, day).weekday() == 6
    )
    data = meeting_form(body_id=str(body.id), day=last_sunday.isoformat(), starts_time="02:30")

    response = client.post("/meetings/new", data=data)

    assert response.status_code == 422
    assert "Zeitumstellung" in _text(response)


def test_hostile_and_unicode_titles_are_stored_and_shown_escaped(client, auth, personas, body):
    auth.login_as(personas["secretariat"])
    title = "<script>alert('x')</script> Ärger über Straße 🎉 اجتماع"

    client.post("/meetings/new", data=meeting_form(body_id=str(body.id), title=title))
    meeting = db.session.scalar(select(Meeting))
    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert meeting.title == title
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page and "🎉" in page and "اجتماع" in page


def test_a_meeting_on_the_last_sunday_of_october_shows_its_local_time(client, auth, personas, body):
    auth.login_as(personas["secretariat"])
    year = date.today().year + 1
    last_sunday = max(
        date(year, 10, day) for day in range(25, 32) if date(year, 10, day).weekday() == 6
    )
    client.post(
        "/meetings/new",
        data=meeting_form(body_id=str(body.id), day=last_sunday.isoformat(), starts_time="10:00"),
    )
    meeting = db.session.scalar(select(Meeting))

    assert meeting.starts_at.hour == 9  # winter time again: UTC+1
    assert f"{last_sunday:%d.%m.%Y}, 10:00 Uhr" in _text(client.get(f"/meetings/{meeting.id}"))


def test_editing_with_a_stale_form_is_refused_with_409(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body)
    auth.login_as(personas["secretariat"])
    data = meeting_form(title="Erste Änderung", lock_version=str(meeting.lock_version))
    assert client.post(f"/meetings/{meeting.id}/edit", data=data).status_code == 302

    data["title"] = "Zweite Änderung auf altem Stand"
    response = client.post(f"/meetings/{meeting.id}/edit", data=data)

    assert response.status_code == 409
    assert "von jemand anderem geändert" in _text(response)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title == "Erste Änderung"


def test_a_moved_meeting_shows_its_old_date(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body)
    auth.login_as(personas["secretariat"])
    new_day = (meeting.starts_at + timedelta(days=7)).date()
    client.post(
        f"/meetings/{meeting.id}/edit",
        data=meeting_form(day=new_day.isoformat(), lock_version=str(meeting.lock_version)),
    )

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert "verlegt auf" in page
    assert "<del>" in page


def test_cancelling_through_the_form(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body)
    auth.login_as(personas["secretariat"])

    assert client.post(f"/meetings/{meeting.id}/cancel", data={"reason": ""}).status_code == 422
    response = client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "Terminkollision"})

    assert response.status_code == 302
    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert "Diese Sitzung ist abgesagt." in page and "Terminkollision" in page


def test_a_late_invitation_asks_for_confirmation(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body, starts_at=in_days(2), items=1)
    auth.login_as(personas["secretariat"])

    form = _text(client.get(f"/meetings/{meeting.id}/invite"))
    refused = client.post(f"/meetings/{meeting.id}/invite", data={})
    sent = client.post(f"/meetings/{meeting.id}/invite", data={"confirm_late": "y"})

    assert "nicht mehr einzuhalten" in form
    assert refused.status_code == 422
    assert sent.status_code == 302
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.status == MeetingStatus.INVITED and meeting.invited_late


def test_agenda_items_are_added_and_moved_without_javascript(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=2)
    auth.login_as(personas["secretariat"])

    added = client.post(f"/meetings/{meeting.id}/items/new", data=item_form(title="Haushalt"))
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Haushalt"))
    moved = client.post(f"/meetings/{meeting.id}/items/{item.id}/move", data={"direction": "up"})

    assert added.status_code == 302 and moved.status_code == 303
    db.session.expire_all()
    order = db.session.scalars(
        select(AgendaItem.title)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position)
    ).all()
    assert order == ["Punkt 1", "Haushalt", "Punkt 2"]


def test_moving_out_of_range_is_refused_and_changes_nothing(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=2)
    first = meeting.items[0]
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"/meetings/{meeting.id}/items/{first.id}/move", data={"direction": "up"}
    )
    as_json = client.post(
        f"/meetings/{meeting.id}/items/{first.id}/move",
        data={"index": "9"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 422
    assert "nicht weiter in diese Richtung" in _text(response)
    assert as_json.status_code == 422 and "error" in as_json.get_json()
    db.session.expire_all()
    assert db.session.get(AgendaItem, first.id).position == 0


def test_drag_and_drop_moves_to_a_place(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body, items=3)
    last = meeting.items[2]
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"/meetings/{meeting.id}/items/{last.id}/move",
        data={"index": "0"},
        headers={"Accept": "application/json"},
    )

    assert response.get_json() == {"status": "ok"}
    db.session.expire_all()
    assert db.session.get(AgendaItem, last.id).position == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"duration_minutes": "viel"}, "Geplante Dauer"),
        ({"duration_minutes": "0"}, "zwischen 1 und 600 Minuten"),
        ({"kind": "abstimmung"}, "Keine gültige Auswahl."),
        ({"parent_id": "424242"}, "Bitte wählen Sie einen Tagesordnungspunkt der Sitzung."),
        ({"description": "x" * 20_001}, "Höchstens 20000 Zeichen."),
    ],
)
def test_bad_agenda_items_get_a_german_message(
    client, auth, personas, body, create_meeting, overrides, message
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["secretariat"])

    response = client.post(f"/meetings/{meeting.id}/items/new", data=item_form(**overrides))

    assert response.status_code == 422
    assert message in _text(response)
    assert _count(AgendaItem) == 1


def test_a_series_from_a_list_of_dates_and_every_six_months(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=2)
    auth.login_as(personas["secretariat"])
    year = date.today().year + 2

    typed = client.post(
        f"/meetings/{meeting.id}/series", data={"dates": f"12.03.{year}\n17.09.{year} 10:00"}
    )
    regular = client.post(
        f"/meetings/{meeting.id}/series", data={"every_months": "6", "count": "2"}
    )

    assert typed.status_code == 302 and regular.status_code == 302
    assert _count(Meeting) == 5
    assert _count(AgendaItem) == 10


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ("nächsten Dienstag", "Zeile 1: Bitte schreiben Sie das Datum als TT.MM.JJJJ"),
        ("01.01.2099\n31.02.2099", "Zeile 2: Dieses Datum gibt es nicht."),
        ("01.01.2001", "Termine in der Vergangenheit"),
        ("", "Bitte geben Sie Termine an"),
    ],
)
def test_bad_series_are_refused_line_by_line(
    client, auth, personas, body, create_meeting, dates, message
):
    meeting = create_meeting(body)
    auth.login_as(personas["secretariat"])

    response = client.post(f"/meetings/{meeting.id}/series", data={"dates": dates})

    assert response.status_code == 422
    assert message in _text(response)
    assert _count(Meeting) == 1


def test_a_member_cannot_reach_the_forms_and_outsiders_learn_nothing(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["member"])
    assert client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "x"}).status_code == 403
    auth.login_as(personas["other_member"])
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    assert client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "x"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.PLANNED


def test_invited_meetings_show_the_invitation_date(client, auth, personas, body, create_meeting):
    meeting = create_meeting(
        body, status="invited", invited_at=datetime(2026, 11, 24, 13, tzinfo=UTC)
    )
    auth.login_as(personas["member"])
    assert "Einladung vom 24.11.2026, 14:00 Uhr" in _text(client.get(f"/meetings/{meeting.id}"))
