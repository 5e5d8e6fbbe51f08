"""The invitation letter ``/meetings/<id>/agenda.docx``: who gets which version, what it says."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from docx import Document

from meetings.services.agenda_letter import DOCX_MIMETYPE, agenda_letter
from portal.errors import NotFound
from portal.timeutil import from_local


def _docx(response) -> Document:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == DOCX_MIMETYPE
    return Document(io.BytesIO(response.data))


def _facts(document) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}


def _agenda_rows(document) -> list[list[str]]:
    return [
        [cell.text for cell in row.cells] for table in document.tables[1:] for row in table.rows[1:]
    ]


def _paragraphs(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def _text(document) -> str:
    parts = _paragraphs(document)
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    section = document.sections[0]
    parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def letter_meeting(create_body, create_meeting, create_agenda_item):
    """A public meeting of a public steering group, with a non-public item and a sub-item."""
    body = create_body(is_public=True, name="Lenkungsgruppe", slug="lg", notice_period_days=6)
    meeting = create_meeting(
        body,
        title="5. Sitzung der Lenkungsgruppe",
        starts_at=datetime(2026, 12, 1, 13, 0, tzinfo=UTC),
        location="Kreishaus Neuss, Sitzungssaal",
        online_url="https://video.example/lg",
        is_public=True,
    )
    create_agenda_item(meeting, title="Begrüßung", duration_minutes=5)
    report = create_agenda_item(meeting, title="Bericht der KI", kind="discussion")
    create_agenda_item(meeting, parent=report, title="Zahlen des Case-Managements")
    create_agenda_item(meeting, title="Personalangelegenheit Müller", is_public=False)
    create_agenda_item(meeting, title="Verschiedenes", is_supplement=True)
    return meeting


def test_members_get_the_whole_agenda_with_the_non_public_part_marked(
    client, auth, personas, letter_meeting, create_membership
):
    create_membership(personas["member"], letter_meeting.body)
    auth.login_as(personas["member"])

    response = client.get(f"/meetings/{letter_meeting.id}/agenda.docx")

    document = _docx(response)
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith("Rhein-Kreis Neuss · Koordinierende")
    assert _facts(document) == {
        "Gremium:": "Lenkungsgruppe",
        "Datum:": "Dienstag, 01.12.2026",
        "Zeit:": "14:00 Uhr bis 16:00 Uhr",
        "Ort:": "Kreishaus Neuss, Sitzungssaal",
        "Online:": "https://video.example/lg",
    }
    assert [row[:3] for row in _agenda_rows(document)] == [
        ["1", "Begrüßung", "Information"],
        ["2", "Bericht der KI", "Beratung"],
        ["2.1", "Zahlen des Case-Managements", "Information"],
        ["4", "Verschiedenes (Nachtrag)", "Information"],
        ["3", "Personalangelegenheit Müller (nichtöffentlich)", "Information"],
    ]
    assert "Nichtöffentlicher Teil" in _paragraphs(document)
    assert (
        "Die Einladung ergeht fristgerecht unter Wahrung der Ladungsfrist von 6 Tagen."
        in _paragraphs(document)
    )
    assert "Öffentliche Fassung" not in _text(document)


def test_the_public_gets_the_public_version_without_non_public_items_or_online_link(
    client, letter_meeting
):
    document = _docx(client.get(f"/meetings/{letter_meeting.id}/agenda.docx"))

    text = _text(document)
    assert "Personalangelegenheit" not in text and "Nichtöffentlicher Teil" not in text
    assert "video.example" not in text
    assert "Öffentliche Fassung" in document.sections[0].footer.paragraphs[0].text
    assert [row[0] for row in _agenda_rows(document)] == ["1", "2", "2.1", "4"]


def test_the_file_is_offered_under_a_german_name(client, letter_meeting):
    response = client.get(f"/meetings/{letter_meeting.id}/agenda.docx")

    name = "Einladung Lenkungsgruppe 2026-12-01.docx"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    )


def test_a_late_invitation_says_the_notice_period_was_shortened(
    client, auth, personas, letter_meeting
):
    letter_meeting.status = "invited"
    letter_meeting.invited_late = True
    letter_meeting.invited_at = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    auth.login_as(personas["secretariat"])

    document = _docx(client.get(f"/meetings/{letter_meeting.id}/agenda.docx"))

    paragraphs = _paragraphs(document)
    assert (
        "Die Ladungsfrist von 6 Tagen konnte nicht eingehalten werden; die Einladung ergeht "
        "daher mit verkürzter Frist."
    ) in paragraphs
    assert "Datum: 28.11.2026" in paragraphs


def test_a_cancelled_meeting_says_so_with_its_reason(client, letter_meeting):
    letter_meeting.status = "cancelled"
    letter_meeting.cancel_reason = "Der Kreisdirektor ist erkrankt."

    document = _docx(client.get(f"/meetings/{letter_meeting.id}/agenda.docx"))

    paragraphs = _paragraphs(document)
    assert "ABGESAGT" in paragraphs
    assert "Die Sitzung findet nicht statt. Grund: Der Kreisdirektor ist erkrankt." in paragraphs
    assert not any("Ladungsfrist" in text for text in paragraphs)


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_outsiders_get_404_for_a_meeting_they_may_not_see(
    client, auth, personas, body, create_meeting, who
):
    meeting = create_meeting(body, items=2)
    if personas[who] is not None:
        auth.login_as(personas[who])

    assert client.get(f"/meetings/{meeting.id}/agenda.docx").status_code == 404
    with pytest.raises(NotFound):
        agenda_letter(personas[who], meeting)


def test_a_meeting_that_does_not_exist_is_404(client):
    assert client.get("/meetings/999999/agenda.docx").status_code == 404


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        # The last Sundays of March and October 2027: summer time begins, and ends, at night.
        (datetime(2027, 3, 28).date(), "Sonntag, 28.03.2027"),
        (datetime(2027, 10, 31).date(), "Sonntag, 31.10.2027"),
    ],
)
def test_meetings_on_the_days_the_clocks_change_show_the_local_time(
    client, auth, personas, body, create_meeting, day, weekday
):
    starts_at = from_local(day, datetime(2000, 1, 1, 10, 0).time())
    ends_at = from_local(day, datetime(2000, 1, 1, 12, 30).time())
    meeting = create_meeting(body, starts_at=starts_at, ends_at=ends_at, items=1)
    auth.login_as(personas["member"])

    document = _docx(client.get(f"/meetings/{meeting.id}/agenda.docx"))
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert _facts(document)["Datum:"] == weekday
    assert _facts(document)["Zeit:"] == "10:00 Uhr bis 12:30 Uhr"
    assert f"{weekday[-10:]}, 10:00 Uhr – 12:30" in page


def test_the_meeting_page_links_the_letter(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body, items=1)
    auth.login_as(personas["member"])

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert f'href="/meetings/{meeting.id}/agenda.docx">Einladung als DOCX</a>' in page
