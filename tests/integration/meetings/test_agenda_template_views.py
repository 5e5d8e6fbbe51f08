"""The agenda template pages: list, default, adopting, adding, editing, moving, removing, reset."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from meetings.defaults import DEFAULT_AGENDA
from meetings.models import AgendaItem, AgendaTemplateItem, Meeting
from portal.extensions import db
from tests.fixtures.meetings import meeting_form

DEFAULT_TITLES = [item.title for item in DEFAULT_AGENDA]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _rows() -> list[str]:
    return list(
        db.session.scalars(
            select(AgendaTemplateItem.title).order_by(
                AgendaTemplateItem.position, AgendaTemplateItem.id
            )
        )
    )


def template_form(**overrides) -> dict[str, str]:
    data = {
        "title": "Aktuelles aus den Kommunen",
        "kind": "information",
        "description": "",
        "is_public": "y",
    }
    data.update(overrides)
    return data


@pytest.fixture
def ki(client, auth, personas):
    auth.login_as(personas["secretariat"])
    return personas["secretariat"]


def test_managers_find_the_templates_from_the_meeting_list_and_the_meeting(
    client, auth, personas, body, create_meeting
):
    meeting = create_meeting(body)
    auth.login_as(personas["secretariat"])
    assert 'href="/meetings/agenda-templates/"' in _text(client.get("/meetings/"))
    assert f'href="/meetings/agenda-templates/{body.slug}"' in _text(
        client.get(f"/meetings/{meeting.id}")
    )

    page = _text(client.get("/meetings/agenda-templates/"))

    assert body.name in page and "Standardvorlage" in page

    auth.login_as(personas["member"])
    assert "agenda-templates" not in _text(client.get("/meetings/"))
    assert "agenda-templates" not in _text(client.get(f"/meetings/{meeting.id}"))
    assert client.get("/meetings/agenda-templates/").status_code == 403


def test_the_default_is_shown_read_only_and_can_be_adopted(client, ki, body):
    page = _text(client.get(f"/meetings/agenda-templates/{body.slug}"))

    for title in DEFAULT_TITLES:
        assert title in page
    assert "nach oben" not in page and "Als eigene Vorlage übernehmen" in page

    response = client.post(f"/meetings/agenda-templates/{body.slug}/adopt")

    assert response.status_code == 302
    assert _rows() == DEFAULT_TITLES
    page = _text(client.get(f"/meetings/agenda-templates/{body.slug}"))
    assert "nach oben" in page and "Auf die Standardvorlage zurücksetzen" in page
    assert "eigene Vorlage mit 6 Punkten" in _text(client.get("/meetings/agenda-templates/"))


def test_an_item_is_added_through_the_form(client, ki, body):
    response = client.post(
        f"/meetings/agenda-templates/{body.slug}",
        data=template_form(description="**Neuss**, Dormagen", kind="discussion"),
    )

    assert response.status_code == 302
    assert _rows() == [*DEFAULT_TITLES, "Aktuelles aus den Kommunen"]
    page = _text(client.get(response.headers["Location"]))
    assert "Der Punkt wurde der Vorlage hinzugefügt." in page
    assert "<strong>Neuss</strong>" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": " "}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "ß" * 301}, "title", "Höchstens 300 Zeichen."),
        ({"title": "😀" * 301}, "title", "Höchstens 300 Zeichen."),
        ({"kind": "<script>alert(1)</script>"}, "kind", "Keine gültige Auswahl."),
        ({"description": "ü" * 20_001}, "description", "Höchstens 20000 Zeichen."),
    ],
)
def test_bad_items_get_a_german_message_by_the_field_and_change_nothing(
    client, ki, body, create_template_item, overrides, field, message
):
    item = create_template_item(body, title="Eröffnung")
    for url in (
        f"/meetings/agenda-templates/{body.slug}",
        f"/meetings/agenda-templates/{body.slug}/items/{item.id}/edit",
    ):
        response = client.post(url, data=template_form(**overrides))

        assert response.status_code == 422
        page = _text(response)
        error = re.search(rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page, re.S)
        assert error and message in error.group(1)
        assert "<script>alert(1)" not in page
    assert _rows() == ["Eröffnung"]


@pytest.mark.parametrize(
    "title", ["<script>alert(1)</script>", "Grußwort", "Ausblick 🔭", "ברוכים הבאים"]
)
def test_any_title_is_kept_and_shown_escaped(client, ki, body, title):
    response = client.post(
        f"/meetings/agenda-templates/{body.slug}", data=template_form(title=title)
    )
    assert response.status_code == 302
    page = _text(client.get(f"/meetings/agenda-templates/{body.slug}"))
    assert _rows()[-1] == title
    assert "<script>alert(1)" not in page
    assert (title if not title.startswith("<") else "&lt;script&gt;") in page


def test_an_item_is_edited(client, ki, body, create_template_item):
    item = create_template_item(body, title="Eröffnung")
    url = f"/meetings/agenda-templates/{body.slug}/items/{item.id}/edit"
    assert 'value="Eröffnung"' in _text(client.get(url))

    response = client.post(url, data=template_form(title="Begrüßung", is_public=""))

    assert response.status_code == 302
    db.session.expire_all()
    assert _rows() == ["Begrüßung"] and not db.session.get(AgendaTemplateItem, item.id).is_public


def test_items_move_up_and_down_without_javascript_and_with_it(
    client, ki, body, create_template_item
):
    first = create_template_item(body, title="A", position=0)
    second = create_template_item(body, title="B", position=1)
    create_template_item(body, title="C", position=2)
    base = f"/meetings/agenda-templates/{body.slug}/items"

    response = client.post(f"{base}/{second.id}/move", data={"direction": "up"})
    assert response.status_code == 303 and _rows() == ["B", "A", "C"]

    refused = client.post(f"{base}/{second.id}/move", data={"direction": "up"})
    assert refused.status_code == 422
    assert "Der Punkt kann nicht weiter in diese Richtung verschoben werden." in _text(refused)
    assert _rows() == ["B", "A", "C"]

    moved = client.post(
        f"{base}/{first.id}/move", data={"index": "2"}, headers={"Accept": "application/json"}
    )
    assert moved.get_json() == {"status": "ok"} and _rows() == ["B", "C", "A"]

    nonsense = client.post(f"{base}/{first.id}/move", data={"direction": "sideways"})
    assert nonsense.status_code == 400 and _rows() == ["B", "C", "A"]


def test_an_item_is_removed_but_never_the_last(client, ki, body, create_template_item):
    keep = create_template_item(body, title="Bleibt", position=0)
    go = create_template_item(body, title="Geht", position=1)
    base = f"/meetings/agenda-templates/{body.slug}/items"

    assert "Soll „Geht“ aus der Tagesordnungsvorlage" in _text(client.get(f"{base}/{go.id}/delete"))
    assert client.post(f"{base}/{go.id}/delete").status_code == 302
    last = client.post(f"{base}/{keep.id}/delete")

    assert last.status_code == 422 and "mindestens einen Punkt" in _text(last)
    assert _rows() == ["Bleibt"]


def test_a_reset_brings_back_the_default(client, ki, body, create_template_item):
    create_template_item(body, title="Eigener Punkt")
    url = f"/meetings/agenda-templates/{body.slug}/reset"
    assert "Standardvorlage" in _text(client.get(url))

    assert client.post(url).status_code == 302

    assert _count(AgendaTemplateItem) == 0
    assert "Als eigene Vorlage übernehmen" in _text(
        client.get(f"/meetings/agenda-templates/{body.slug}")
    )


def test_a_new_meeting_starts_from_the_edited_template_and_old_ones_keep_theirs(
    client, ki, body, create_meeting
):
    old = create_meeting(body, items=2)
    client.post(f"/meetings/agenda-templates/{body.slug}", data=template_form())

    client.post("/meetings/new", data=meeting_form(body_id=str(body.id)))

    new = db.session.scalar(select(Meeting).where(Meeting.id != old.id))
    titles = [item.title for item in sorted(new.items, key=lambda item: item.position)]
    assert titles == [*DEFAULT_TITLES, "Aktuelles aus den Kommunen"]
    assert (
        db.session.scalar(
            select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == old.id)
        )
        == 2
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("guest", 403), ("other_member", 404), ("member", 403), ("admin", 403)],
)
def test_others_change_nothing(client, auth, personas, body, create_template_item, who, status):
    item = create_template_item(body, title="Eröffnung")
    if personas[who] is not None:
        auth.login_as(personas[who])
    base = f"/meetings/agenda-templates/{body.slug}"

    for url, data in (
        (base, template_form()),
        (f"{base}/adopt", {}),
        (f"{base}/reset", {}),
        (f"{base}/items/{item.id}/edit", template_form(title="Anders")),
        (f"{base}/items/{item.id}/move", {"direction": "down"}),
        (f"{base}/items/{item.id}/delete", {}),
    ):
        assert client.post(url, data=data).status_code == status, url
    assert _rows() == ["Eröffnung"]


def test_an_unknown_body_or_item_is_not_found(client, ki, body, create_body, create_template_item):
    other = create_template_item(create_body(slug="andere"), title="Fremd")

    assert client.get("/meetings/agenda-templates/gibt-es-nicht").status_code == 404
    assert (
        client.get(f"/meetings/agenda-templates/{body.slug}/items/{other.id}/edit").status_code
        == 404
    )
