"""The minutes pages, forms and the .docx as their users see them."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document
from sqlalchemy import select

from benchmarks.sqlcount import StatementCounter
from meetings.models import (
    AgendaItemKind,
    MeetingStatus,
    Minutes,
    MinutesEntry,
    MinutesStatus,
)
from meetings.services import minutes_workflow
from portal.extensions import db
from portal.timeutil import today_local
from tests.fixtures.mail import body_text
from tests.fixtures.meetings import in_days
from tests.integration.test_bad_input import HUGE, SCRIPT, UNICODE, assert_field_error, snapshot

TODAY = today_local()


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def held(body, create_meeting, create_agenda_item):
    """A meeting two days ago with a public report and a non-public personnel item."""
    meeting = create_meeting(body, starts_at=in_days(-2), title="Frühjahrssitzung")
    create_agenda_item(meeting, title="Bericht der KI")
    create_agenda_item(meeting, title="Personalangelegenheit Müller", is_public=False)
    return meeting


@pytest.fixture
def ki(personas):
    return personas["secretariat"]


def _entry(meeting, title: str) -> MinutesEntry:
    db.session.expire_all()
    return db.session.scalar(
        select(MinutesEntry)
        .join(MinutesEntry.agenda_item)
        .join(MinutesEntry.minutes)
        .where(Minutes.meeting_id == meeting.id)
        .where(MinutesEntry.agenda_item.has(title=title))
        .order_by(MinutesEntry.id.desc())
    )


def _entry_url(meeting, title: str) -> str:
    item = next(item for item in meeting.items if item.title == title)
    return f"/meetings/{meeting.id}/minutes/items/{item.id}/edit"


def _entry_form(entry, **fields) -> dict[str, str]:
    data = {
        "discussion": "",
        "lock_version": str(entry.lock_version),
        "actions-0-what": "",
        "actions-0-who": "",
        "actions-0-due_on": "",
    }
    data.update(fields)
    return data


def _docx_text(response) -> str:
    document = Document(io.BytesIO(response.data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join(parts)


# --- starting and reading ---------------------------------------------------------------------


def test_the_secretariat_starts_the_minutes_from_the_meeting(client, auth, ki, held):
    auth.login_as(ki)
    assert "Niederschrift" in _text(client.get(f"/meetings/{held.id}"))
    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    assert "Niederschrift anlegen" in page

    response = client.post(f"/meetings/{held.id}/minutes/start")

    assert response.status_code == 302
    page = _text(client.get(response.location))
    assert "Entwurf" in page and "Bericht der KI" in page
    assert "Personalangelegenheit Müller" in page and "Eintrag bearbeiten" in page
    assert db.session.get(Minutes, 1).meeting_id == held.id


def test_starting_twice_or_too_early_is_refused_with_the_reason(
    client, auth, ki, body, held, create_meeting, create_minutes
):
    auth.login_as(ki)
    upcoming = create_meeting(body, items=1)
    response = client.post(f"/meetings/{upcoming.id}/minutes/start")
    assert response.status_code == 422 and "begonnen hat" in _text(response)

    create_minutes(ki, held)
    response = client.post(f"/meetings/{held.id}/minutes/start")
    assert response.status_code == 422 and "schon eine Niederschrift" in _text(response)


@pytest.mark.parametrize(
    ("late", "statement"),
    [
        (False, "Zur Sitzung wurde unter Wahrung der Ladungsfrist von 6 Tagen eingeladen."),
        (
            True,
            "Die Ladungsfrist von 6 Tagen wurde nicht eingehalten; zur Sitzung wurde mit "
            "verkürzter Frist eingeladen.",
        ),
    ],
)
def test_the_minutes_say_whether_the_invitation_kept_the_notice_period(
    client, auth, ki, held, create_minutes, late, statement
):
    held.invited_at = held.starts_at - timedelta(days=2 if late else 10)
    held.invited_late = late
    db.session.commit()
    create_minutes(ki, held)
    auth.login_as(ki)

    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    docx = _docx_text(client.get(f"/meetings/{held.id}/minutes.docx"))

    assert statement in page
    assert statement in docx


def test_members_see_draft_minutes_only_once_circulated(
    client, auth, personas, ki, held, create_minutes
):
    record = create_minutes(ki, held)
    auth.login_as(personas["member"])
    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    assert "liegt noch nicht vor" in page and "Bericht der KI" not in page
    assert client.get(f"/meetings/{held.id}/minutes.docx").status_code == 404

    minutes_workflow.circulate_minutes(ki, record, comments_due_on=TODAY + timedelta(days=7))
    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    assert "Bericht der KI" in page and "Anmerkung senden" in page
    assert "Eintrag bearbeiten" not in page
    assert client.get(f"/meetings/{held.id}/minutes.docx").status_code == 200


@pytest.fixture
def public_minutes(client, ki, body, create_meeting, create_agenda_item, create_minutes):
    """Approved minutes of a public meeting of a public body, with a non-public item."""
    body.is_public = True
    meeting = create_meeting(body, starts_at=in_days(-2), is_public=True)
    create_agenda_item(meeting, title="Bericht der KI")
    create_agenda_item(meeting, title="Personalangelegenheit Müller", is_public=False)
    record = create_minutes(ki, meeting)
    for title, text in (
        ("Bericht der KI", "Öffentlich berichtet."),
        ("Personalangelegenheit Müller", "Vertraulich: Herr Müller wechselt."),
    ):
        entry = next(e for e in record.entries if e.agenda_item.title == title)
        from meetings.services.minutes import save_minutes_entry

        save_minutes_entry(ki, entry, lock_version=entry.lock_version, discussion=text)
    minutes_workflow.circulate_minutes(ki, record, comments_due_on=TODAY + timedelta(days=7))
    minutes_workflow.approve_minutes(ki, record, mode="chair", today=TODAY + timedelta(days=8))
    return meeting


@pytest.mark.parametrize("who", [None, "other_member"])
def test_the_public_sees_the_public_part_only_in_page_and_docx(
    client, auth, personas, public_minutes, who
):
    if who:
        auth.login_as(personas[who])
    meeting = public_minutes

    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    docx = client.get(f"/meetings/{meeting.id}/minutes.docx")
    printed = _text(client.get(f"/meetings/{meeting.id}/minutes/print"))

    for text in (page, printed):
        assert "Öffentlich berichtet." in text
        assert "Müller" not in text and "Vertraulich" not in text
    assert docx.status_code == 200
    assert docx.mimetype.endswith("wordprocessingml.document")
    assert "oeffentlich" in docx.headers["Content-Disposition"]
    content = _docx_text(docx)
    assert "Öffentlich berichtet." in content and "Öffentliche Fassung" in content
    assert "Müller" not in content and "Vertraulich" not in content


def test_members_get_the_whole_docx_with_signature_lines(client, auth, personas, public_minutes):
    auth.login_as(personas["member"])

    content = _docx_text(client.get(f"/meetings/{public_minutes.id}/minutes.docx"))

    assert "Vertraulich: Herr Müller wechselt." in content
    assert "Nichtöffentlicher Teil" in content
    assert "Protokollführung" in content and "genehmigt am" in content


def test_the_printable_page_has_signature_lines(client, auth, personas, public_minutes):
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{public_minutes.id}/minutes/print"))

    assert "minutes-print.css" in page and "portal-signature__line" in page
    assert "Vorsitz" in page and "Protokollführung" in page and "Ort, Datum" in page


@pytest.mark.parametrize("who", [None, "other_member"])
@pytest.mark.parametrize("path", ["minutes", "minutes.docx", "minutes/print", "minutes/compare"])
def test_minutes_of_a_meeting_one_may_not_see_answer_404_and_change_nothing(
    client, auth, personas, ki, held, create_minutes, who, path
):
    create_minutes(ki, held, status="approved")
    if who:
        auth.login_as(personas[who])
    before = snapshot()

    response = client.get(f"/meetings/{held.id}/{path}")

    assert response.status_code == 404
    assert snapshot() == before


# --- writing ----------------------------------------------------------------------------------


def test_an_entry_is_written_with_actions_and_shown(client, auth, ki, held, create_minutes):
    create_minutes(ki, held)
    auth.login_as(ki)
    url = _entry_url(held, "Bericht der KI")
    form = _text(client.get(url))
    assert 'name="actions-1-what"' in form and 'name="actions-2-what"' not in form

    response = client.post(
        url,
        data=_entry_form(
            _entry(held, "Bericht der KI"),
            discussion="Die KI berichtet über **Neuss**.",
            **{"actions-0-what": "Zahlen liefern", "actions-0-due_on": "2027-02-01"},
        ),
    )

    assert response.status_code == 302
    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    assert "<strong>Neuss</strong>" in page
    assert "Zahlen liefern" in page and "01.02.2027" in page


def test_a_decision_item_offers_the_vote_and_says_why_it_cannot_be_decided(
    client, auth, ki, held, create_agenda_item, create_minutes
):
    create_agenda_item(held, title="Beschluss Pilot", kind=AgendaItemKind.DECISION)
    create_minutes(ki, held)
    auth.login_as(ki)

    form = _text(client.get(_entry_url(held, "Beschluss Pilot")))
    response = client.post(
        _entry_url(held, "Beschluss Pilot"),
        data=_entry_form(_entry(held, "Beschluss Pilot"), decision_text="Beschlossen."),
    )

    assert 'name="votes_yes"' in form and "Anwesenheit ist noch nicht erfasst" in form
    assert response.status_code == 422
    assert_field_error(response, "decision_text")
    assert 'name="votes_yes"' not in _text(client.get(_entry_url(held, "Bericht der KI")))


def test_two_editors_the_second_save_is_refused_and_keeps_their_text(
    client, auth, ki, held, create_minutes
):
    create_minutes(ki, held)
    auth.login_as(ki)
    url = _entry_url(held, "Bericht der KI")
    entry = _entry(held, "Bericht der KI")
    seen = entry.lock_version
    first = _entry_form(entry, discussion="Text von Frau Erste")
    second = _entry_form(entry, discussion="Text von Herrn Zweiter <3")
    assert client.post(url, data=first).status_code == 302

    response = client.post(url, data=second)

    page = _text(response)
    assert response.status_code == 409
    assert "inzwischen von jemand anderem gespeichert" in page
    assert "Text von Herrn Zweiter &lt;3</textarea>" in page
    assert "Gespeicherter Stand" in page and "Text von Frau Erste" in page
    assert _entry(held, "Bericht der KI").discussion == "Text von Frau Erste"
    # The form now carries the saved version: sending it again is a deliberate overwrite.
    assert f'name="lock_version" type="hidden" value="{seen + 1}"' in page


def test_two_editors_of_the_header_the_second_gets_409(client, auth, ki, held, create_minutes):
    record = create_minutes(ki, held)
    auth.login_as(ki)
    data = {
        "chair": "Erste Fassung",
        "minute_taker": "KI",
        "day": (held.starts_at.date()).isoformat(),
        "starts_time": "14:00",
        "ends_time": "16:00",
        "lock_version": str(record.lock_version),
    }
    assert client.post(f"/meetings/{held.id}/minutes/header", data=data).status_code == 302

    response = client.post(
        f"/meetings/{held.id}/minutes/header", data={**data, "chair": "Zweite Fassung"}
    )

    assert response.status_code == 409
    assert 'value="Zweite Fassung"' in _text(response)
    db.session.expire_all()
    assert db.session.get(Minutes, record.id).chair == "Erste Fassung"


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("chair", 403), ("other_member", 404)]
)
def test_minutes_saved_by_a_non_secretariat_are_refused(
    client, auth, personas, ki, held, create_minutes, who, status
):
    create_minutes(ki, held, status="circulated")
    auth.login_as(personas[who])
    entry = _entry(held, "Bericht der KI")
    before = snapshot()

    response = client.post(
        _entry_url(held, "Bericht der KI"), data=_entry_form(entry, discussion="Fremd")
    )

    assert response.status_code == status
    assert snapshot() == before


ENTRY_REFUSED = [
    ({"discussion": "x" * 50_001}, "discussion"),
    ({"actions-0-due_on": "31.02.2027"}, "actions-0-due_on"),
    ({"actions-0-due_on": "morgen"}, "actions-0-due_on"),
    ({"actions-0-who": "KI"}, "actions-0-what"),
    ({"actions-0-what": HUGE}, "actions-0-what"),
]


@pytest.mark.parametrize(("fields", "field"), ENTRY_REFUSED)
def test_bad_entries_get_a_german_message_next_to_the_field(
    client, auth, ki, held, create_minutes, fields, field
):
    create_minutes(ki, held)
    auth.login_as(ki)
    entry = _entry(held, "Bericht der KI")
    before = snapshot()

    response = client.post(_entry_url(held, "Bericht der KI"), data=_entry_form(entry, **fields))

    assert response.status_code == 422
    assert_field_error(response, field)
    assert "Bitte prüfen Sie Ihre Eingaben" in _text(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"votes_yes": "-1"}, "votes_yes"), ({"votes_no": "viele"}, "votes_no")],
)
def test_negative_or_non_numeric_votes_are_refused(
    client, auth, ki, body, held, create_agenda_item, create_minutes, fields, field
):
    body.quorum_rule = "none"
    create_agenda_item(held, title="Beschluss Pilot", kind=AgendaItemKind.DECISION)
    create_minutes(ki, held)
    auth.login_as(ki)
    entry = _entry(held, "Beschluss Pilot")
    before = snapshot()

    response = client.post(
        _entry_url(held, "Beschluss Pilot"),
        data=_entry_form(entry, decision_text="Beschlossen.", **fields),
    )

    assert response.status_code == 422
    assert_field_error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE])
def test_unusual_text_is_stored_as_typed_and_shown_escaped(
    client, auth, ki, held, create_minutes, value
):
    create_minutes(ki, held)
    auth.login_as(ki)
    entry = _entry(held, "Bericht der KI")

    client.post(
        _entry_url(held, "Bericht der KI"),
        data=_entry_form(entry, discussion=value, **{"actions-0-what": value}),
    )
    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    docx = _docx_text(client.get(f"/meetings/{held.id}/minutes.docx"))

    assert _entry(held, "Bericht der KI").discussion == value
    assert "<script>alert" not in page
    if value == UNICODE:
        assert "🎉" in page and "שלום" in page and "🎉" in docx
    else:
        assert "&lt;script&gt;" in page and SCRIPT in docx


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"chair": ""}, "chair"),
        ({"minute_taker": HUGE}, "minute_taker"),
        ({"day": "2026-02-30"}, "day"),
        ({"starts_time": "25:00"}, "starts_time"),
        ({"day": "2026-03-29", "starts_time": "02:30"}, "starts_time"),
    ],
)
def test_a_bad_header_gets_a_german_message(client, auth, ki, held, create_minutes, fields, field):
    record = create_minutes(ki, held)
    auth.login_as(ki)
    before = snapshot()
    data = {
        "chair": "Vorsitz",
        "minute_taker": "KI",
        "day": held.starts_at.date().isoformat(),
        "starts_time": "14:00",
        "ends_time": "16:00",
        "lock_version": str(record.lock_version),
        **fields,
    }

    response = client.post(f"/meetings/{held.id}/minutes/header", data=data)

    assert response.status_code == 422
    assert_field_error(response, field)
    assert snapshot() == before


# --- DST --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2026, 3, 29), 8), (date(2026, 10, 25), 9)],  # last Sundays: summer / winter time
    ids=["march", "october"],
)
def test_a_meeting_on_the_day_the_clocks_change_shows_its_local_time(
    client, auth, ki, body, create_meeting, create_minutes, day, utc_hour
):
    starts = datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    meeting = create_meeting(body, starts_at=starts, items=1)
    create_minutes(ki, meeting)
    auth.login_as(ki)

    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    content = _docx_text(client.get(f"/meetings/{meeting.id}/minutes.docx"))

    assert f"{day:%d.%m.%Y}" in page and "10:00 Uhr" in page and "12:00 Uhr" in page
    assert f"Sonntag, {day:%d.%m.%Y}" in content
    assert "10:00 Uhr" in content and "12:00 Uhr" in content


# --- the workflow through the forms -----------------------------------------------------------


@pytest.fixture
def app_config(request):
    """Send real mail to the loopback SMTP server in the tests that ask for it."""
    if "smtp_server" in request.fixturenames:
        return request.getfixturevalue("mail_config")
    return {}


def test_circulating_mails_the_members_the_link_and_the_deadline(
    client, auth, personas, ki, held, create_minutes, smtp_server
):
    create_minutes(ki, held)
    auth.login_as(ki)
    due = TODAY + timedelta(days=10)

    bad = client.post(f"/meetings/{held.id}/minutes/circulate", data={"comments_due_on": ""})
    past = client.post(
        f"/meetings/{held.id}/minutes/circulate",
        data={"comments_due_on": (TODAY - timedelta(days=1)).isoformat()},
    )
    response = client.post(
        f"/meetings/{held.id}/minutes/circulate", data={"comments_due_on": due.isoformat()}
    )

    assert_field_error(bad, "comments_due_on")
    assert_field_error(past, "comments_due_on")
    assert "in der Zukunft" in _text(past)
    assert response.status_code == 302
    messages = smtp_server.wait_for(4)
    assert {m["To"] for m in messages} >= {personas["member"].email, personas["chair"].email}
    mail = next(m for m in messages if m["To"] == personas["member"].email)
    assert mail["Subject"].startswith("Niederschrift zur Stellungnahme: Frühjahrssitzung")
    text = body_text(mail)
    assert f"http://localhost/meetings/{held.id}/minutes" in text
    assert f"{due:%d.%m.%Y}" in text


def test_members_comment_on_circulated_minutes(client, auth, personas, ki, held, create_minutes):
    create_minutes(ki, held, status="circulated")
    auth.login_as(personas["member"])
    before = snapshot()

    empty = client.post(f"/meetings/{held.id}/minutes/comments", data={"body": ""})
    assert empty.status_code == 422
    assert_field_error(empty, "body")
    assert snapshot() == before
    response = client.post(
        f"/meetings/{held.id}/minutes/comments",
        data={"body": "Bitte ergänzen: Pilot auch in Kaarst.", "agenda_item_id": ""},
    )

    assert response.status_code == 302
    assert "Pilot auch in Kaarst" in _text(client.get(f"/meetings/{held.id}/minutes"))


def test_the_chair_records_the_approval_and_the_members_hear_of_it(
    client, auth, personas, ki, held, create_minutes, smtp_server
):
    record = create_minutes(ki, held, status="circulated")
    record.comments_due_on = TODAY - timedelta(days=1)
    auth.login_as(personas["chair"])

    assert client.get(f"/meetings/{held.id}/minutes/approve").status_code == 200
    response = client.post(
        f"/meetings/{held.id}/minutes/approve",
        data={"mode": "chair", "approved_in_meeting_id": ""},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Minutes, record.id).status == MinutesStatus.APPROVED
    assert held.status == MeetingStatus.MINUTES_APPROVED
    messages = smtp_server.wait_for(4)
    approved = [m for m in messages if m["Subject"].startswith("Niederschrift genehmigt")]
    assert approved and "Der Vorsitz hat sie genehmigt." in body_text(approved[0])


def test_approval_by_the_body_needs_its_later_meeting(
    client, auth, ki, body, held, create_meeting, create_minutes
):
    record = create_minutes(ki, held, status="circulated")
    record.comments_due_on = TODAY - timedelta(days=1)
    later = create_meeting(body, starts_at=in_days(-1), title="Sommersitzung")
    auth.login_as(ki)
    form = _text(client.get(f"/meetings/{held.id}/minutes/approve"))
    assert "Sommersitzung" in form

    refused = client.post(
        f"/meetings/{held.id}/minutes/approve", data={"mode": "body", "approved_in_meeting_id": ""}
    )
    assert refused.status_code == 422
    assert_field_error(refused, "approved_in_meeting_id")
    client.post(
        f"/meetings/{held.id}/minutes/approve",
        data={"mode": "body", "approved_in_meeting_id": str(later.id)},
    )

    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    assert "Sommersitzung" in page and "durch das Gremium" in page


def test_locking_and_amending_through_the_page(client, auth, ki, held, create_minutes):
    record = create_minutes(ki, held, status="approved")
    auth.login_as(ki)
    entry_form = _text(client.get(_entry_url(held, "Bericht der KI")))
    assert "kann nicht mehr geändert werden" in entry_form
    assert 'name="discussion"' not in entry_form

    assert client.post(f"/meetings/{held.id}/minutes/lock").status_code == 302
    again = client.post(f"/meetings/{held.id}/minutes/lock")
    assert again.status_code == 422 and "Nur eine genehmigte" in _text(again)
    empty = client.post(f"/meetings/{held.id}/minutes/amend", data={"reason": ""})
    assert_field_error(empty, "reason")
    response = client.post(
        f"/meetings/{held.id}/minutes/amend", data={"reason": "Falscher Name in TOP 1"}
    )

    assert response.status_code == 302
    page = _text(client.get(f"/meetings/{held.id}/minutes"))
    assert "Berichtigung der Niederschrift" in page and "Falscher Name in TOP 1" in page
    original = _text(client.get(f"/meetings/{held.id}/minutes?set={record.id}"))
    assert "Diese Niederschrift wurde berichtigt." in original
    assert "Eintrag bearbeiten" not in original


# --- saved states -----------------------------------------------------------------------------


def test_saved_states_are_listed_and_compared_with_marks_beyond_colour(
    client, auth, ki, held, create_minutes
):
    create_minutes(ki, held)
    auth.login_as(ki)
    url = _entry_url(held, "Bericht der KI")
    client.post(
        url, data=_entry_form(_entry(held, "Bericht der KI"), discussion="Bericht vertagt.")
    )
    client.post(
        url, data=_entry_form(_entry(held, "Bericht der KI"), discussion="Bericht angenommen.")
    )

    listing = _text(client.get(f"/meetings/{held.id}/minutes/revisions"))
    compared = _text(client.get(f"/meetings/{held.id}/minutes/compare?from=2&to=3"))

    assert "Niederschrift angelegt" in listing and "mit Stand 2 vergleichen" in listing
    assert "<del>" in compared and "vertagt." in compared
    assert "<ins>" in compared and "angenommen." in compared
    assert "eingefügt:" in compared and "entfernt:" in compared  # marks without colour
    assert "geändert" in compared and "unverändert" in compared


@pytest.mark.parametrize("query", ["from=1&to=9", "from=abc&to=1", "from=&to=1"])
def test_comparing_unknown_states_gets_a_message_next_to_the_choice(
    client, auth, ki, held, create_minutes, query
):
    create_minutes(ki, held)
    auth.login_as(ki)

    response = client.get(f"/meetings/{held.id}/minutes/compare?{query}")

    assert response.status_code == 422
    assert "gespeicherten Stand aus der Liste" in _text(response)


# --- cost -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_the_minutes_page_costs_the_same_with_4_and_40_items(
    client, auth, personas, ki, body, create_meeting, create_minutes, who
):
    counts = []
    auth.login_as(personas[who])
    for size in (4, 40):
        meeting = create_meeting(body, starts_at=in_days(-2), items=size)
        record = create_minutes(ki, meeting, status="circulated")
        for entry in record.entries:
            entry.discussion = "Beraten."
        db.session.commit()
        url = f"/meetings/{meeting.id}/minutes"  # reloads the meeting: not the page's query
        with StatementCounter(db.engine) as counter:
            assert client.get(url).status_code == 200
        counts.append(len(counter.statements))

    assert counts[0] == counts[1], counts
    assert counts[0] <= 10
