"""The answer page, the presence list and the quorum on the meeting page, as users see them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from meetings.models import Attendance, AttendanceAnswer, MeetingStatus
from portal.extensions import db
from portal.models import OutboxMessage


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def invited(create_meeting, body):
    return create_meeting(body, status=MeetingStatus.INVITED, items=3)


@pytest.fixture
def running(create_meeting, create_agenda_item, body):
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    meeting = create_meeting(body, starts_at=starts, status=MeetingStatus.INVITED, items=1)
    create_agenda_item(meeting, title="Beschluss Förderrichtlinie", kind="decision")
    return meeting


def _presence_form(seated, meeting, present: dict[str, dict], names) -> dict[str, str]:
    """Form data for the presence list in its displayed order; ``present`` maps name → extras."""
    data = {}
    for index, name in enumerate(names):
        data[f"rows-{index}-membership_id"] = str(seated[f"{name}_seat"].id)
        if name in present:
            data[f"rows-{index}-present"] = "y"
            for key, value in present[name].items():
                data[f"rows-{index}-{key}"] = value
    return data


def test_a_member_answers_from_the_meeting_page(client, auth, seated, invited):
    auth.login_as(seated["m2"])

    page = _text(client.get(f"/meetings/{invited.id}"))
    assert "Ihre Rückmeldung: keine Rückmeldung" in page
    form = _text(client.get(f"/meetings/{invited.id}/answer"))
    assert "Für Ihren Sitz ist keine Stellvertretung" not in form  # m2 has a deputy
    response = client.post(
        f"/meetings/{invited.id}/answer", data={"answer": "absent", "note": "Dienstreise"}
    )

    assert response.status_code == 302
    assert "Ihre Rückmeldung: kann nicht teilnehmen" in _text(client.get(f"/meetings/{invited.id}"))


def test_sending_a_deputy_through_the_form_mails_the_deputy(client, auth, seated, invited):
    auth.login_as(seated["m1"])

    response = client.post(
        f"/meetings/{invited.id}/answer",
        data={"answer": "deputy", "deputy": str(seated["d2_seat"].id)},
    )

    assert response.status_code == 302
    assert db.session.scalar(select(OutboxMessage.recipient)) == "d2@neuss.example"
    page = _text(client.get(f"/meetings/{invited.id}"))
    assert "Stellvertretung nimmt teil (Dirk Deputy)" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "answer", "Bitte wählen Sie Ihre Rückmeldung."),
        ({"answer": "<script>alert(1)</script>"}, "answer", "Bitte wählen Sie Ihre Rückmeldung."),
        ({"answer": "deputy"}, "deputy", "Bitte wählen Sie Ihre Stellvertretung aus."),
        ({"answer": "deputy", "deputy": "abc"}, "deputy", "Bitte wählen Sie Ihre Stellvertretung"),
        ({"answer": "attend", "note": "ü" * 301}, "note", "Höchstens 300 Zeichen."),
    ],
)
def test_a_bad_answer_is_refused_next_to_its_field(
    client, auth, seated, invited, data, field, message
):
    auth.login_as(seated["m1"])

    response = client.post(f"/meetings/{invited.id}/answer", data=data)

    page = _text(response)
    assert response.status_code == 422
    assert message in page
    assert f'id="{field}"' in page or f'id="{field}-0"' in page
    assert "<script>alert" not in page
    assert _count(Attendance) == 0 and _count(OutboxMessage) == 0


def test_notes_in_any_script_are_kept_and_shown_escaped(client, auth, seated, invited):
    note = "مرحبا – komme später 🙂 <b>x</b>"
    auth.login_as(seated["m3"])
    client.post(f"/meetings/{invited.id}/answer", data={"answer": "attend", "note": note})
    auth.login_as(seated["ki"])

    page = _text(client.get(f"/meetings/{invited.id}/attendance"))

    assert "مرحبا – komme später 🙂 &lt;b&gt;x&lt;/b&gt;" in page


def test_the_secretariat_records_presence_and_the_page_shows_the_quorum(
    client, auth, seated, running
):
    auth.login_as(seated["ki"])
    page = _text(client.get(f"/meetings/{running.id}/attendance"))
    names = ["chair", "m1", "m2", "m3", "m4"]
    assert page.index("Vera Vorsitz") < page.index("Mitglied 1")

    response = client.post(
        f"/meetings/{running.id}/attendance",
        data=_presence_form(seated, running, {"chair": {}, "m1": {}, "m3": {}}, names),
    )

    assert response.status_code == 302
    shown = _text(client.get(f"/meetings/{running.id}"))
    assert "Beschlussfähig" in shown
    assert "Zu Beginn 3 von 5 stimmberechtigten Sitzen besetzt; nötig sind 3." in shown
    assert "nicht beschlussfähig" not in shown


def test_a_decision_item_without_quorum_says_why(client, auth, seated, running):
    auth.login_as(seated["ki"])
    client.post(
        f"/meetings/{running.id}/attendance",
        data=_presence_form(seated, running, {"chair": {}}, ["chair"]),
    )

    page = _text(client.get(f"/meetings/{running.id}"))

    assert "Nicht beschlussfähig" in page
    assert "nicht beschlussfähig" in page
    assert "Bei diesem Punkt sind 1 von 5 stimmberechtigten Sitzen besetzt, nötig sind 3" in page


@pytest.mark.parametrize(
    ("extras", "message"),
    [
        ({"arrived": "25:99"}, "Bitte geben Sie eine Uhrzeit wie 14:30 an."),
        ({"arrived": "<script>"}, "Bitte geben Sie eine Uhrzeit wie 14:30 an."),
        ({"arrived": "16:00", "left": "15:00"}, "Das Gehen muss nach dem Kommen liegen."),
        ({"from_item": "999999"}, "Diesen Tagesordnungspunkt gibt es nicht."),
    ],
)
def test_bad_presence_lines_are_refused_next_to_the_field(
    client, auth, seated, running, extras, message
):
    auth.login_as(seated["ki"])

    response = client.post(
        f"/meetings/{running.id}/attendance",
        data=_presence_form(seated, running, {"chair": {}, "m1": extras}, ["chair", "m1"]),
    )

    page = _text(response)
    assert response.status_code == 422
    assert message in page
    assert 'aria-invalid="true"' in page
    assert _count(Attendance) == 0


def test_members_see_the_list_but_cannot_record(client, auth, seated, running):
    db.session.add(
        Attendance(meeting=running, membership=seated["m4_seat"], answer=AttendanceAnswer.ABSENT)
    )
    db.session.commit()
    auth.login_as(seated["m2"])

    page = _text(client.get(f"/meetings/{running.id}"))
    listing = _text(client.get(f"/meetings/{running.id}/attendance"))
    refused = client.post(
        f"/meetings/{running.id}/attendance",
        data=_presence_form(seated, running, {"m2": {}}, ["m2"]),
    )

    assert "kann nicht teilnehmen: 1" in page and "keine Rückmeldung: 6" in page
    assert "Mitglied 4" not in page and "Teilnehmerliste" in page
    assert "Mitglied 4" in listing and "entschuldigt" in listing
    assert "Anwesenheit erfassen" not in page and 'name="rows-0-present"' not in listing
    assert refused.status_code == 403
    assert _count(Attendance) == 1


def test_the_public_sees_no_attendance_of_a_public_meeting(
    client, create_body, create_meeting, create_user, create_membership
):
    public = create_body(is_public=True, slug="offen")
    create_membership(create_user(name="Geheime Person"), public)
    meeting = create_meeting(public, is_public=True, status=MeetingStatus.INVITED)

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert "Geheime Person" not in page and "Teilnahme" not in page


def test_the_quorum_box_of_a_running_meeting_refreshes_for_the_inner_circle_only(
    client, auth, seated, running, create_user
):
    auth.login_as(seated["ki"])
    client.post(
        f"/meetings/{running.id}/attendance",
        data=_presence_form(seated, running, {"chair": {}, "m1": {}}, ["chair", "m1"]),
    )
    auth.login_as(seated["m3"])

    page = _text(client.get(f"/meetings/{running.id}"))
    box = client.get(f"/meetings/{running.id}/quorum")
    auth.login_as(create_user(name="Fremd"))
    outsider = client.get(f"/meetings/{running.id}/quorum")

    assert f'data-quorum-live="/meetings/{running.id}/quorum"' in page
    assert box.status_code == 200 and box.headers["Cache-Control"] == "no-store"
    assert "Zu Beginn 2 von 5 stimmberechtigten Sitzen besetzt" in _text(box)
    assert "<html" not in _text(box)
    assert outsider.status_code == 404


def test_before_the_meeting_day_the_page_shows_no_quorum_box(client, auth, seated, invited):
    auth.login_as(seated["m2"])

    page = _text(client.get(f"/meetings/{invited.id}"))

    assert "keine Rückmeldung: 7" in page
    assert "Die Anwesenheit ist noch nicht erfasst." not in page
    assert "Beschlussfähig" not in page
