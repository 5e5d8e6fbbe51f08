"""Agenda suggestions as members and the secretariat use them: the form, the page, decisions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from meetings.models import AgendaItem, AgendaSuggestion, SuggestionStatus
from portal.extensions import db
from tests.fixtures.meetings import in_days


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def suggestion_form(**overrides) -> dict[str, str]:
    data = {
        "title": "Sprachmittlung in den Ausländerbehörden",
        "kind": "discussion",
        "description": "Erfahrungen aus **Neuss** und Dormagen.",
        "is_public": "y",
    }
    data.update(overrides)
    return data


def test_a_member_suggests_an_item_and_sees_it_waiting(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body, items=2)
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert f'href="/meetings/{meeting.id}/suggestions/new"' in page
    assert "Tagesordnungspunkt vorschlagen" in page
    form = client.get(f"/meetings/{meeting.id}/suggestions/new")
    assert form.status_code == 200 and 'name="title"' in _text(form)

    response = client.post(f"/meetings/{meeting.id}/suggestions/new", data=suggestion_form())

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}#suggestions")
    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert "Ihre offenen Vorschläge" in page
    assert "Sprachmittlung in den Ausländerbehörden" in page
    assert "<strong>Neuss</strong>" in page
    assert "Annehmen" not in page
    assert _count(AgendaItem) == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "   "}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "ä" * 301}, "title", "Höchstens 300 Zeichen."),
        ({"title": "🎉" * 301}, "title", "Höchstens 300 Zeichen."),
        ({"kind": "<script>alert(1)</script>"}, "kind", "Keine gültige Auswahl."),
        ({"description": "x" * 20_001}, "description", "Höchstens 20000 Zeichen."),
    ],
)
def test_bad_suggestions_get_a_german_message_by_the_field_and_change_nothing(
    client, auth, personas, body, create_meeting, overrides, field, message
):
    meeting = create_meeting(body)
    auth.login_as(personas["member"])

    response = client.post(
        f"/meetings/{meeting.id}/suggestions/new", data=suggestion_form(**overrides)
    )

    assert response.status_code == 422
    page = _text(response)
    error = re.search(rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    assert "<script>alert(1)" not in page
    assert _count(AgendaSuggestion) == 0


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "Größere Räume für Übergangswohnheime",
        "Willkommen 👋🏽",
        "מרכז קליטה ‏(Neuss)",
    ],
    ids=["script", "umlauts", "emoji", "rtl"],
)
def test_any_title_is_kept_and_shown_escaped(client, auth, personas, body, create_meeting, title):
    meeting = create_meeting(body)
    auth.login_as(personas["member"])

    response = client.post(
        f"/meetings/{meeting.id}/suggestions/new",
        data=suggestion_form(title=title, description="<script>alert(2)</script>*kursiv*"),
    )

    assert response.status_code == 302
    assert db.session.scalar(select(AgendaSuggestion.title)) == title
    auth.login_as(personas["secretariat"])
    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert "<script>alert" not in page and "<em>kursiv</em>" in page
    if title.startswith("<"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    else:
        assert title in page


def test_a_meeting_that_is_over_takes_no_suggestions(client, auth, personas, body, create_meeting):
    meeting = create_meeting(body, status="held", starts_at=in_days(-3))
    auth.login_as(personas["member"])

    form = _text(client.get(f"/meetings/{meeting.id}/suggestions/new"))
    response = client.post(f"/meetings/{meeting.id}/suggestions/new", data=suggestion_form())

    assert "können keine Tagesordnungspunkte mehr vorgeschlagen werden" in form
    assert 'name="title"' not in form
    assert response.status_code == 422
    assert "können keine Tagesordnungspunkte mehr vorgeschlagen werden" in _text(response)
    assert "Tagesordnungspunkt vorschlagen</a>" not in _text(client.get(f"/meetings/{meeting.id}"))
    assert _count(AgendaSuggestion) == 0


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("guest", 403), ("other_member", 404), ("admin", 403)]
)
def test_others_cannot_suggest(client, auth, personas, body, create_meeting, who, status):
    meeting = create_meeting(body)
    if personas[who] is not None:
        auth.login_as(personas[who])

    response = client.post(f"/meetings/{meeting.id}/suggestions/new", data=suggestion_form())

    assert response.status_code == status
    assert _count(AgendaSuggestion) == 0


def test_outsiders_of_a_public_meeting_see_no_suggestions(
    client, auth, personas, create_body, create_meeting, create_suggestion
):
    public_body = create_body(is_public=True, slug="offen")
    meeting = create_meeting(public_body, is_public=True)
    create_suggestion(meeting, personas["member"], title="Interner Vorschlag")

    anonymous = _text(client.get(f"/meetings/{meeting.id}"))
    auth.login_as(personas["other_member"])
    outsider = _text(client.get(f"/meetings/{meeting.id}"))

    for page in (anonymous, outsider):
        assert "Interner Vorschlag" not in page and "Vorschläge zur Tagesordnung" not in page
    assert client.get(f"/meetings/{meeting.id}/suggestions/new").status_code == 403


def test_members_see_only_their_own_suggestions(
    client, auth, personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body)
    create_suggestion(meeting, personas["chair"], title="Vorschlag des Vorsitzes")
    create_suggestion(meeting, personas["member"], title="Mein Vorschlag")
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert "Mein Vorschlag" in page and "Vorschlag des Vorsitzes" not in page


def test_the_secretariat_accepts_a_suggestion_from_the_meeting_page(
    client, auth, personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=3)
    suggestion = create_suggestion(meeting, personas["member"], title="Wohnraum in Kaarst")
    auth.login_as(personas["secretariat"])
    page = _text(client.get(f"/meetings/{meeting.id}"))
    accept = f"/meetings/{meeting.id}/suggestions/{suggestion.id}/accept"
    assert f'action="{accept}"' in page
    assert f"/meetings/{meeting.id}/suggestions/{suggestion.id}/decline" in page
    assert "Vorgeschlagen von Mitglied" in page

    response = client.post(accept)

    assert response.status_code == 302
    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert "Der Vorschlag wurde angenommen" in page
    assert "angenommen (TOP 4)" in page
    assert _count(AgendaItem) == 4

    again = client.post(accept)

    assert again.status_code == 409
    assert "Über diesen Vorschlag ist bereits entschieden: Er wurde angenommen." in _text(again)
    assert _count(AgendaItem) == 4


def test_an_accepted_suggestion_after_the_invitation_is_marked_as_supplement(
    client, auth, personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=1, status="invited", invited_at=in_days(-1))
    suggestion = create_suggestion(meeting, personas["member"], title="Nachgereichter Punkt")
    auth.login_as(personas["secretariat"])

    client.post(f"/meetings/{meeting.id}/suggestions/{suggestion.id}/accept")

    auth.login_as(personas["member"])
    page = _text(client.get(f"/meetings/{meeting.id}"))
    row = page[page.index("Nachgereichter Punkt") - 400 : page.index("Nachgereichter Punkt") + 300]
    assert ">2<" in row and "Nachtrag" in row
    assert "Ihre entschiedenen Vorschläge" in page and "angenommen (TOP 2)" in page


def test_the_secretariat_declines_with_a_reason_the_member_then_reads(
    client, auth, personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body)
    suggestion = create_suggestion(meeting, personas["member"], title="Neues Logo")
    url = f"/meetings/{meeting.id}/suggestions/{suggestion.id}/decline"
    auth.login_as(personas["secretariat"])

    assert 'name="reason"' in _text(client.get(url))
    empty = client.post(url, data={"reason": "  "})
    assert empty.status_code == 422
    assert 'id="reason-error-1"' in _text(empty)
    assert "Bitte geben Sie an, warum der Vorschlag abgelehnt wird." in _text(empty)
    too_long = client.post(url, data={"reason": "ß" * 2001})
    assert too_long.status_code == 422 and "Höchstens 2000 Zeichen." in _text(too_long)
    assert db.session.scalar(select(AgendaSuggestion.status)) == SuggestionStatus.PENDING

    response = client.post(url, data={"reason": "Kein Thema für die Lenkungsgruppe <b>!</b>"})

    assert response.status_code == 302
    auth.login_as(personas["member"])
    page = _text(client.get(f"/meetings/{meeting.id}"))
    assert "Neues Logo</strong>:" in page and "abgelehnt" in page
    assert "Begründung: Kein Thema für die Lenkungsgruppe &lt;b&gt;!&lt;/b&gt;" in page


def test_declining_a_decided_suggestion_is_a_conflict(
    client, auth, personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body)
    suggestion = create_suggestion(meeting, personas["member"])
    url = f"/meetings/{meeting.id}/suggestions/{suggestion.id}/decline"
    auth.login_as(personas["secretariat"])
    client.post(url, data={"reason": "Nein."})

    assert "bereits entschieden" in _text(client.get(url))
    response = client.post(url, data={"reason": "Doch nicht."})

    assert response.status_code == 409
    assert "Er wurde abgelehnt." in _text(response)
    assert db.session.scalar(select(AgendaSuggestion.decision_reason)) == "Nein."


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin"])
def test_only_the_secretariat_decides(
    client, auth, personas, body, create_meeting, create_suggestion, who
):
    meeting = create_meeting(body)
    suggestion = create_suggestion(meeting, personas["member"])
    auth.login_as(personas[who])
    base = f"/meetings/{meeting.id}/suggestions/{suggestion.id}"

    assert client.post(f"{base}/accept").status_code == 403
    assert client.post(f"{base}/decline", data={"reason": "x"}).status_code == 403
    assert db.session.scalar(select(AgendaSuggestion.status)) == SuggestionStatus.PENDING


def test_a_suggestion_of_another_meeting_is_not_found(
    client, auth, personas, body, create_meeting, create_suggestion
):
    meeting, other = create_meeting(body), create_meeting(body)
    suggestion = create_suggestion(other, personas["member"])
    auth.login_as(personas["secretariat"])

    assert (
        client.post(f"/meetings/{meeting.id}/suggestions/{suggestion.id}/accept").status_code == 404
    )
    assert client.get(f"/meetings/{meeting.id}/suggestions/999/decline").status_code == 404


def test_accepting_without_the_csrf_token_is_refused(
    app, client, auth, personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body)
    suggestion = create_suggestion(meeting, personas["member"])
    auth.login_as(personas["secretariat"])
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(f"/meetings/{meeting.id}/suggestions/{suggestion.id}/accept")

    assert response.status_code == 400
    assert db.session.scalar(select(AgendaSuggestion.status)) == SuggestionStatus.PENDING


def _statements(client, path: str) -> int:
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_the_meeting_page_costs_the_same_with_1_and_12_suggestions(
    client, auth, personas, body, create_meeting, create_suggestion, create_user, who
):
    few, many = create_meeting(body, items=3), create_meeting(body, items=3)
    create_suggestion(few, personas["member"])
    for number in range(12):
        proposer = personas["member"] if number % 2 else personas["chair"]
        create_suggestion(many, proposer, title=f"Vorschlag {number}")
    auth.login_as(personas[who])

    counts = {_statements(client, f"/meetings/{m.id}") for m in (few, many)}

    assert len(counts) == 1
