"""The register and decision pages, the follow-up forms and the implementation page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from benchmarks.sqlcount import StatementCounter
from meetings.models import ActionNote, AgendaItem, Decision, FollowUpAction
from portal.extensions import db
from portal.timeutil import today_local
from tests.fixtures.meetings import in_days
from tests.integration.test_bad_input import HUGE, SCRIPT, UNICODE, assert_field_error, snapshot

TODAY = today_local()
MAX_STATEMENTS = 10


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def decision(body, create_decision, create_action, create_note, personas):
    decided = create_decision(
        body, resolution_text="Die Lenkungsgruppe beschließt **Sprachkurse**."
    )
    action = create_action(
        decided,
        description="Träger anfragen",
        responsible=personas["member"],
        due_on=TODAY - timedelta(days=3),
    )
    create_note(
        action, personas["member"], text="Zwei Träger angefragt.", status_after="in_progress"
    )
    return decided


# --- register page ----------------------------------------------------------------------------


def test_the_register_lists_the_visible_decisions_with_their_light(
    client, auth, personas, decision
):
    auth.login_as(personas["member"])
    page = client.get("/decisions/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "LG 2026/01" in html and "Sprachkurse" in html
    assert "überfällig oder nicht umsetzbar" in html
    assert f'href="/decisions/{decision.id}"' in html
    assert "/decisions/export.csv" in html and "/decisions/export.docx" in html


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_outsiders_see_nothing_of_non_public_decisions(client, auth, personas, decision, who):
    if personas[who]:
        auth.login_as(personas[who])
    html = client.get("/decisions/").get_data(as_text=True)
    assert "LG 2026/01" not in html and "Sprachkurse" not in html
    assert client.get(f"/decisions/{decision.id}").status_code == 404
    action_id = decision.actions[0].id
    assert client.get(f"/decisions/actions/{action_id}").status_code == 404


def test_the_filters_travel_with_the_pages_and_the_export_links(
    client, auth, personas, body, create_decision
):
    for _ in range(26):
        create_decision(body, resolution_text="Wohnraum")
    auth.login_as(personas["member"])
    html = client.get(f"/decisions/?q=Wohnraum&body={body.id}").get_data(as_text=True)
    assert "26 Beschlüsse" in html
    assert f"/decisions/?page=2&amp;q=Wohnraum&amp;body={body.id}" in html or (
        "page=2" in html and "q=Wohnraum" in html
    )
    assert f"/decisions/export.csv?q=Wohnraum&amp;body={body.id}" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "x" * 201, "q"),
        ("year=12", "year"),
        ("year=abc", "year"),
        ("outcome=accepted", "outcome"),
        ("status=lila", "status"),
        ("body=999999", "body"),
        ("body=abc", "body"),
        ("organisation=-5", "organisation"),
    ],
)
def test_bad_filters_get_a_german_message_next_to_the_field(
    client, auth, personas, decision, query, field
):
    auth.login_as(personas["member"])
    response = client.get(f"/decisions/?{query}")
    assert_field_error(response, field)
    assert response.status_code == 422
    assert "LG 2026/01" not in response.get_data(as_text=True)
    assert client.get(f"/decisions/export.csv?{query}").status_code == 422


def test_a_hidden_body_cannot_be_chosen_as_filter(client, auth, personas, body, decision):
    """Filtering by a body one may not see answers as for a body that does not exist."""
    auth.login_as(personas["other_member"])
    response = client.get(f"/decisions/?body={body.id}")
    assert_field_error(response, "body")


@pytest.mark.parametrize("text", [SCRIPT, UNICODE, "%", "'; DROP TABLE decisions; --"])
def test_unusual_search_text_is_searched_and_shown_escaped(client, auth, personas, decision, text):
    auth.login_as(personas["member"])
    response = client.get("/decisions/", query_string={"q": text})
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)


def test_the_register_page_costs_the_same_few_statements_for_5_and_50_decisions(
    client, auth, personas, body, create_decision, create_action
):
    def statements() -> list[str]:
        assert client.get("/decisions/").status_code == 200
        with StatementCounter(db.engine) as counter:
            assert client.get("/decisions/?page=1").status_code == 200
        return counter.statements

    auth.login_as(personas["member"])
    for _ in range(5):
        create_action(create_decision(body))
    small = statements()
    for _ in range(45):
        decision = create_decision(body)
        create_action(decision)
        create_action(decision, status="done")
    large = statements()

    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= MAX_STATEMENTS, "\n".join(large)


# --- decision page ----------------------------------------------------------------------------


def test_the_decision_page_shows_everything_to_the_inner_circle(
    client, auth, personas, body, decision, create_meeting
):
    auth.login_as(personas["member"])
    html = client.get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert "Beschluss LG 2026/01" in html
    assert "<strong>Sprachkurse</strong>" in html  # Markdown
    assert "Ja: 7, Nein: 1, Enthaltungen: 1" in html
    assert "angenommen" in html and "12.03.2026" in html
    assert "Träger anfragen" in html and "Zwei Träger angefragt." in html
    assert "Mitglied" in html  # the responsible person
    assert "Maßnahme hinzufügen" not in html  # members do not manage


def test_the_public_sees_a_public_decision_without_people_or_notes(
    client, public_body, create_decision, create_action, create_note, personas
):
    decided = create_decision(public_body, is_public=True)
    action = create_action(decided, description="Flyer drucken", responsible=personas["chair"])
    create_note(action, personas["chair"], text="Geheimer Zwischenstand")

    html = client.get(f"/decisions/{decided.id}").get_data(as_text=True)
    assert "Flyer drucken" in html
    assert "Geheimer Zwischenstand" not in html and "Vorsitz" not in html
    action_page = client.get(f"/decisions/actions/{action.id}").get_data(as_text=True)
    assert "Geheimer Zwischenstand" not in action_page and 'name="text"' not in action_page


def test_the_secretariat_finds_its_tools_on_the_page(client, auth, personas, decision):
    auth.login_as(personas["secretariat"])
    html = client.get(f"/decisions/{decision.id}").get_data(as_text=True)
    for link in ("/actions/new", "/review", "/correct"):
        assert f"/decisions/{decision.id}{link}" in html


def test_the_page_links_meeting_minutes_and_corrections(
    client, auth, personas, body, create_meeting, create_decision
):
    from meetings.services.decisions import correct_decision

    meeting = create_meeting(body, starts_at=in_days(-5), status="minutes_approved")
    old = create_decision(body, meeting=meeting)
    new = correct_decision(personas["secretariat"], old, resolution_text="Neu", reason="Fehler")
    auth.login_as(personas["member"])

    html = client.get(f"/decisions/{old.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting.id}"' in html
    assert f'href="/meetings/{meeting.id}/minutes"' in html
    assert "Dieser Beschluss wurde berichtigt." in html and f'href="/decisions/{new.id}"' in html
    html = client.get(f"/decisions/{new.id}").get_data(as_text=True)
    assert f'href="/decisions/{old.id}"' in html and "LG 2026/01" in html


def test_the_decision_page_costs_a_few_statements(client, auth, personas, decision):
    auth.login_as(personas["secretariat"])
    assert client.get(f"/decisions/{decision.id}").status_code == 200
    with StatementCounter(db.engine) as counter:
        assert client.get(f"/decisions/{decision.id}?again=1").status_code == 200
    assert len(counter.statements) <= MAX_STATEMENTS, "\n".join(counter.statements)


# --- actions ----------------------------------------------------------------------------------


def test_the_secretariat_adds_an_action_through_the_form(
    client, auth, personas, decision, create_organisation
):
    neuss = create_organisation("Stadt Neuss")
    auth.login_as(personas["secretariat"])
    response = client.post(
        f"/decisions/{decision.id}/actions/new",
        data={
            "description": "Räume in Grevenbroich suchen",
            "organisation_id": str(neuss.id),
            "responsible_id": str(personas["chair"].id),
            "due_on": (TODAY + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/decisions/{decision.id}#actions")
    action = db.session.scalar(select(FollowUpAction).order_by(FollowUpAction.id.desc()))
    assert (action.description, action.organisation_id, action.responsible_id) == (
        "Räume in Grevenbroich suchen",
        neuss.id,
        personas["chair"].id,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", ""),
        ("description", HUGE),
        ("organisation_id", "999999"),
        ("organisation_id", "abc"),
        ("responsible_id", "999999"),
        ("due_on", "31.02.2026"),
    ],
)
def test_a_bad_action_form_changes_nothing(client, auth, personas, decision, field, value):
    auth.login_as(personas["secretariat"])
    before = snapshot()
    data = {"description": "Gültig", "organisation_id": "", "responsible_id": "", "due_on": ""}
    response = client.post(f"/decisions/{decision.id}/actions/new", data={**data, field: value})
    assert_field_error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("text", [SCRIPT, UNICODE])
def test_unusual_action_text_is_stored_as_typed(client, auth, personas, decision, text):
    auth.login_as(personas["secretariat"])
    client.post(f"/decisions/{decision.id}/actions/new", data={"description": text})
    stored = db.session.scalar(select(FollowUpAction).order_by(FollowUpAction.id.desc()))
    assert stored.description == text
    html = client.get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert "<script>alert" not in html


@pytest.mark.parametrize("who", ["member", "chair", "guest"])
def test_members_may_not_open_the_action_form(client, auth, personas, decision, who):
    auth.login_as(personas[who])
    assert client.get(f"/decisions/{decision.id}/actions/new").status_code == 403
    assert (
        client.post(f"/decisions/{decision.id}/actions/new", data={"description": "x"}).status_code
        == 403
    )


def test_the_responsible_person_reports_on_the_action_page(client, auth, personas, decision):
    action = decision.actions[0]
    auth.login_as(personas["member"])
    assert 'name="text"' in client.get(f"/decisions/actions/{action.id}").get_data(as_text=True)

    response = client.post(
        f"/decisions/actions/{action.id}", data={"text": "Träger gefunden", "status": "done"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert action.status == "done" and action.notes[-1].text == "Träger gefunden"


@pytest.mark.parametrize(("field", "value"), [("text", ""), ("text", HUGE), ("status", "fertig")])
def test_a_bad_note_changes_nothing(client, auth, personas, decision, field, value):
    action = decision.actions[0]
    auth.login_as(personas["member"])
    before = snapshot()
    response = client.post(
        f"/decisions/actions/{action.id}", data={"text": "ok", "status": "done", field: value}
    )
    assert_field_error(response, field)
    assert snapshot() == before


def test_others_may_not_report(client, auth, personas, decision):
    auth.login_as(personas["chair"])
    action = decision.actions[0]
    page = client.get(f"/decisions/actions/{action.id}").get_data(as_text=True)
    assert 'name="text"' not in page
    response = client.post(f"/decisions/actions/{action.id}", data={"text": "x", "status": "done"})
    assert response.status_code == 403
    assert _count(ActionNote) == 1


def test_the_secretariat_edits_an_action(client, auth, personas, decision):
    action = decision.actions[0]
    auth.login_as(personas["secretariat"])
    assert "Träger anfragen" in client.get(f"/decisions/actions/{action.id}/edit").get_data(
        as_text=True
    )
    response = client.post(
        f"/decisions/actions/{action.id}/edit",
        data={"description": "Drei Träger anfragen", "responsible_id": str(personas["member"].id)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert action.description == "Drei Träger anfragen" and action.due_on is None


# --- review date and correction ---------------------------------------------------------------


def test_the_secretariat_sets_a_review_date(client, auth, personas, decision):
    auth.login_as(personas["secretariat"])
    day = TODAY + timedelta(days=100)
    response = client.post(f"/decisions/{decision.id}/review", data={"review_on": day.isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    assert decision.review_on == day


@pytest.mark.parametrize("value", ["gestern", (TODAY - timedelta(days=1)).isoformat()])
def test_a_bad_review_date_changes_nothing(client, auth, personas, decision, value):
    auth.login_as(personas["secretariat"])
    before = snapshot()
    assert_field_error(
        client.post(f"/decisions/{decision.id}/review", data={"review_on": value}), "review_on"
    )
    assert snapshot() == before


def test_a_due_review_goes_on_the_next_agenda_with_one_click(
    client, auth, personas, body, decision, create_meeting
):
    meeting = create_meeting(body, starts_at=in_days(14))
    decision.review_on = TODAY
    db.session.commit()
    auth.login_as(personas["secretariat"])
    assert "Wiedervorlage auf die nächste Tagesordnung setzen" in client.get(
        f"/decisions/{decision.id}"
    ).get_data(as_text=True)

    response = client.post(f"/decisions/{decision.id}/review/agenda")

    assert (
        response.status_code == 302
        and f"/meetings/{meeting.id}#top-" in response.headers["Location"]
    )
    assert db.session.scalar(
        select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)
    ) == ("Wiedervorlage: Beschluss LG 2026/01")


def test_a_review_without_a_next_meeting_is_refused(client, auth, personas, decision):
    decision.review_on = TODAY
    db.session.commit()
    auth.login_as(personas["secretariat"])
    response = client.post(f"/decisions/{decision.id}/review/agenda")
    assert response.status_code == 422
    assert "keine Sitzung mit offener Tagesordnung" in response.get_data(as_text=True)


def test_the_secretariat_corrects_a_decision(client, auth, personas, decision):
    auth.login_as(personas["secretariat"])
    form = client.get(f"/decisions/{decision.id}/correct").get_data(as_text=True)
    assert "Sprachkurse" in form  # the old text to start from
    response = client.post(
        f"/decisions/{decision.id}/correct",
        data={"resolution_text": "Berichtigter Text", "reason": "Schreibfehler"},
    )
    new = db.session.scalar(select(Decision).order_by(Decision.id.desc()))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/decisions/{new.id}"
    )
    assert new.supersedes_id == decision.id


@pytest.mark.parametrize(
    ("field", "value"), [("resolution_text", ""), ("reason", ""), ("reason", HUGE)]
)
def test_a_bad_correction_changes_nothing(client, auth, personas, decision, field, value):
    auth.login_as(personas["secretariat"])
    before = snapshot()
    data = {"resolution_text": "Text", "reason": "Grund", field: value}
    assert_field_error(client.post(f"/decisions/{decision.id}/correct", data=data), field)
    assert snapshot() == before


@pytest.mark.parametrize("path", ["review", "correct"])
def test_members_may_not_change_decisions(client, auth, personas, decision, path):
    auth.login_as(personas["chair"])
    assert client.get(f"/decisions/{decision.id}/{path}").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, decision):
    response = client.get(f"/decisions/{decision.id}/review")
    assert response.status_code in (302, 401, 404)


# --- implementation page and report item -----------------------------------------------------


def test_the_implementation_page_shows_lights_worst_first(
    client, auth, personas, body, decision, create_decision, create_action
):
    done = create_decision(body, resolution_text="Erledigtes")
    create_action(done, description="Abgeschlossen", status="done")
    auth.login_as(personas["member"])

    html = client.get("/decisions/implementation").get_data(as_text=True)

    assert html.index("Träger anfragen") < html.index("Abgeschlossen")
    assert "Zwei Träger angefragt." in html  # the last note
    assert 'action="/decisions/report-item"' not in html  # members cannot insert the report
    assert client.get(f"/decisions/implementation?body={body.slug}").status_code == 200


def test_outsiders_see_no_internal_actions_in_the_report(client, auth, personas, decision):
    auth.login_as(personas["other_member"])
    html = client.get("/decisions/implementation").get_data(as_text=True)
    assert "Träger anfragen" not in html
    assert client.get("/decisions/implementation?body=lenkungsgruppe").status_code == 404


def test_the_secretariat_inserts_the_report_item(
    client, auth, personas, body, decision, create_meeting
):
    meeting = create_meeting(body, starts_at=in_days(10))
    auth.login_as(personas["secretariat"])
    page = client.get("/decisions/implementation").get_data(as_text=True)
    assert 'action="/decisions/report-item"' in page

    response = client.post("/decisions/report-item", data={"body": str(body.id)})

    assert response.status_code == 302
    assert f"/meetings/{meeting.id}#top-" in response.headers["Location"]
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    assert item.title == "Bericht: überfällige Maßnahmen" and "Träger anfragen" in item.description
    again = client.post("/decisions/report-item", data={"body": str(body.id)})
    assert again.status_code == 409


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_the_report_item_needs_a_body_from_the_list(client, auth, personas, decision, value):
    auth.login_as(personas["secretariat"])
    before = snapshot()
    assert_field_error(client.post("/decisions/report-item", data={"body": value}), "body")
    assert snapshot() == before


def test_the_report_item_needs_a_next_meeting(client, auth, personas, body, decision):
    auth.login_as(personas["secretariat"])
    response = client.post("/decisions/report-item", data={"body": str(body.id)})
    assert_field_error(response, "body")
    assert "keine Sitzung" in response.get_data(as_text=True)


def test_members_may_not_insert_the_report_item(client, auth, personas, body, decision):
    auth.login_as(personas["member"])
    assert client.post("/decisions/report-item", data={"body": str(body.id)}).status_code == 403


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}], ids=["csrf"])
def test_forms_without_the_csrf_token_are_refused(
    client, auth, personas, body, decision, app_config
):
    auth.login_as(personas["secretariat"])
    assert client.post("/decisions/report-item", data={"body": str(body.id)}).status_code == 400
    assert client.post(f"/decisions/{decision.id}/review/agenda").status_code == 400
    response = client.post(f"/decisions/{decision.id}/actions/new", data={"description": "x"})
    assert response.status_code == 400
    assert _count(FollowUpAction) == 1


def test_the_action_page_costs_the_same_statements_for_1_and_12_notes(
    client, auth, personas, decision, create_note, create_user
):
    action = decision.actions[0]
    auth.login_as(personas["secretariat"])

    def statements() -> list[str]:
        assert client.get(f"/decisions/actions/{action.id}").status_code == 200
        with StatementCounter(db.engine) as counter:
            assert client.get(f"/decisions/actions/{action.id}?again=1").status_code == 200
        return counter.statements

    few = statements()
    for number in range(11):
        create_note(action, create_user(name=f"Berichtende {number}"), text=f"Stand {number}")
    many = statements()

    assert len(few) == len(many) <= MAX_STATEMENTS, "\n".join(many)
