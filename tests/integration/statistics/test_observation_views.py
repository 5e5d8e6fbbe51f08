"""The observation pages: who opens them, reporting with the warning, triage, list, start page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from meetings.services import proposals
from portal.extensions import db
from portal.labels import AUDIT_ACTION_LABELS, OBJECT_TYPE_LABELS
from portal.models import GlobalRole
from portal.statistics import targets
from portal.statistics.models import InterfaceObservation, ObservationStatus, TargetKind
from portal.statistics.services import observation_queries as queries
from portal.statistics.services import observations as service
from tests.integration.test_bad_input import HUGE, SCRIPT, UNICODE, snapshot

EMAIL_TEXT = "Bitte Rückruf an max.mustermann@example.org, Termin klappt nicht."
VALID = {
    "authorities": ["jobcenter", "auslaenderbehoerde"],
    "topic": "aufenthalt",
    "assessment": "bad",
    "description": "Termine bei der Ausländerbehörde dauern derzeit drei Monate.",
    "organisation": "",
    "has_no_personal_data": "y",
}


@pytest.fixture
def app_config():
    """The personas' steering group triages: its chair triages, its members read."""
    return {"STATISTICS_TRIAGE_BODY": "lenkungsgruppe"}


@pytest.fixture
def people(personas, cm):
    return {**personas, "case_manager": cm}


@pytest.fixture
def observation(cm):
    return service.report_observation(
        cm,
        authorities=["jobcenter", "auslaenderbehoerde"],
        topic="aufenthalt",
        assessment="bad",
        description="Termine dauern **drei Monate**.",
        has_no_personal_data=True,
    )


def _text(response) -> str:
    return response.get_data(as_text=True)


def _main(response) -> str:
    """The page's main content, without the header that names the logged-in person."""
    return _text(response).split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(InterfaceObservation))


def assert_error_at(response, field: str) -> None:
    page = _text(response)
    assert response.status_code == 422, response.status_code
    assert f'id="{field}-error-1"' in page, f"no error next to {field}"
    assert "Bitte prüfen Sie Ihre Eingaben" in page


# Who opens which page (the triage body is the personas' steering group here)

ROUTES = {
    "list": "/statistics/observations/",
    "new": "/statistics/observations/new",
    "show": "/statistics/observations/{id}",
    "triage": "/statistics/observations/{id}/triage",
}
PEOPLE = ["anonymous", "guest", "other_member", "member", "chair", "secretariat", "admin"]
EXPECTED = {
    "list": (302, 403, 403, 200, 200, 200, 403, 200),
    "new": (302, 403, 403, 403, 403, 200, 403, 200),
    "show": (302, 403, 403, 200, 200, 200, 403, 200),
    "triage": (302, 403, 403, 403, 200, 200, 403, 403),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("person", [*PEOPLE, "case_manager"])
def test_each_page_answers_each_person(client, auth, people, observation, route, person):
    if people[person] is not None:
        auth.login_as(people[person])

    response = client.get(ROUTES[route].format(id=observation.id))

    assert response.status_code == EXPECTED[route][[*PEOPLE, "case_manager"].index(person)]


@pytest.mark.parametrize("route", ["show", "triage"])
def test_a_missing_observation_is_404_for_those_who_may_see_the_area(client, auth, people, route):
    auth.login_as(people["secretariat"])

    assert client.get(ROUTES[route].format(id=4711)).status_code == 404


def test_the_area_is_403_not_404_for_outsiders(client, auth, people):
    auth.login_as(people["guest"])

    assert client.get(ROUTES["show"].format(id=4711)).status_code == 403


# Reporting


def test_a_case_manager_reports_and_sees_it_as_their_own(client, auth, cm):
    auth.login_as(cm)

    response = client.post(ROUTES["new"], data=VALID)

    assert response.status_code == 302
    stored = db.session.scalar(select(InterfaceObservation))
    assert response.headers["Location"].endswith(f"/statistics/observations/{stored.id}")
    assert stored.authorities == ["jobcenter", "auslaenderbehoerde"]
    page = _main(client.get(response.headers["Location"]))
    assert "Ihr Hinweis wurde gespeichert" in page
    assert re.search(r"Gemeldet von</dt><dd[^>]*>Sie</dd>", page)
    assert "Leonie Busch" not in page
    assert "Jobcenter, Ausländerbehörde" in page


def test_the_form_offers_the_case_managers_municipality(client, auth, cm, neuss):
    auth.login_as(cm)

    page = _text(client.get(ROUTES["new"]))

    [option] = re.findall(rf'<option[^>]*value="{neuss.id}"[^>]*>', page)
    assert "selected" in option
    assert 'type="checkbox"' in page and 'name="authorities"' in page
    assert '<legend class="kern-label">Beteiligte Stellen</legend>' in page
    assert "confirm_despite_warning" not in page


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("authorities", {"authorities": []}),
        ("authorities", {"authorities": ["jobcenter", "finanzamt"]}),
        ("topic", {"topic": ""}),
        ("topic", {"topic": SCRIPT}),
        ("assessment", {"assessment": ""}),
        ("assessment", {"assessment": "mittel"}),
        ("description", {"description": ""}),
        ("description", {"description": HUGE}),
        ("organisation", {"organisation": "999999"}),
        ("organisation", {"organisation": "keine-zahl"}),
        ("has_no_personal_data", {"has_no_personal_data": ""}),
    ],
)
def test_bad_input_is_answered_next_to_the_field(client, auth, cm, field, changes):
    auth.login_as(cm)
    before = snapshot()

    response = client.post(ROUTES["new"], data={**VALID, **changes})

    assert_error_at(response, field)
    assert snapshot() == before


def test_an_empty_form_names_every_missing_answer(client, auth, cm):
    auth.login_as(cm)

    response = client.post(ROUTES["new"], data={})

    for field in ("authorities", "topic", "assessment", "description", "has_no_personal_data"):
        assert_error_at(response, field)
    page = _text(response)
    assert 'aria-describedby="authorities-error-1"' in page
    assert 'aria-describedby="assessment-error-1"' in page


@pytest.mark.parametrize("text", [SCRIPT, UNICODE])
def test_unusual_text_is_kept_and_shown_escaped(client, auth, cm, text):
    auth.login_as(cm)

    response = client.post(ROUTES["new"], data={**VALID, "description": text})

    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "<script>alert" not in page
    if text == UNICODE:
        assert UNICODE in page


def test_text_like_personal_data_is_held_back_until_the_reporter_confirms(client, auth, cm):
    auth.login_as(cm)

    warned = client.post(ROUTES["new"], data={**VALID, "description": EMAIL_TEXT})

    assert_error_at(warned, "description")
    page = _text(warned)
    assert "Möglicherweise personenbezogene Daten" in page
    assert "max.mustermann@example.org" in page
    assert 'name="confirm_despite_warning"' in page
    assert _count() == 0

    saved = client.post(
        ROUTES["new"],
        data={**VALID, "description": EMAIL_TEXT, "confirm_despite_warning": "y"},
    )

    assert saved.status_code == 302
    assert _count() == 1


def test_changing_the_text_clears_the_warning(client, auth, cm):
    auth.login_as(cm)
    client.post(ROUTES["new"], data={**VALID, "description": EMAIL_TEXT})

    response = client.post(ROUTES["new"], data=VALID)

    assert response.status_code == 302


def test_the_form_refuses_a_forged_request_without_token(app, client, auth, cm):
    app.config["WTF_CSRF_ENABLED"] = True
    auth.login_as(cm)

    response = client.post(ROUTES["new"], data=VALID)

    assert response.status_code == 400
    assert _count() == 0


# Reading


def test_the_reporter_is_named_only_to_those_who_triage(client, auth, people, observation):
    url = ROUTES["show"].format(id=observation.id)
    shown = {}
    for person in ("secretariat", "chair", "member", "case_manager"):
        auth.login_as(people[person])
        shown[person] = _main(client.get(url))

    assert "Leonie Busch" in shown["secretariat"] and "Leonie Busch" in shown["chair"]
    assert "Leonie Busch" not in shown["member"] and "Case-Management" in shown["member"]
    assert "Leonie Busch" not in shown["case_manager"]
    assert "<strong>drei Monate</strong>" in shown["member"]


def test_other_case_managers_see_a_colleagues_report_without_the_name(
    client, auth, create_user, observation
):
    colleague = create_user(GlobalRole.CASE_MANAGER, name="Jonas Keller")
    auth.login_as(colleague)

    page = _main(client.get(ROUTES["show"].format(id=observation.id)))

    assert "Case-Management" in page and "Leonie Busch" not in page
    assert "Hinweis sichten" not in page


def test_the_list_filters_and_counts(client, auth, people, observation, cm):
    service.report_observation(
        cm,
        authorities=["sozialamt"],
        topic="wohnen",
        assessment="good",
        description="Wohnungsamt antwortet schnell.",
        has_no_personal_data=True,
    )
    auth.login_as(people["secretariat"])

    everything = _text(client.get(ROUTES["list"]))
    good = _text(client.get(ROUTES["list"] + "?assessment=good"))

    assert "Nr. 1: Aufenthalt" in everything and "Nr. 2: Wohnen" in everything
    assert "Jobcenter – Ausländerbehörde" in everything
    assert "nur Kommune – Sozialamt" in everything
    assert "Nr. 2: Wohnen" in good and "Nr. 1: Aufenthalt" not in good
    assert "Leonie Busch" in everything


def test_the_list_pages_keep_the_filter(client, auth, people, cm):
    for _ in range(queries.PER_PAGE + 1):
        service.report_observation(
            cm,
            authorities=["bamf"],
            topic="sprache",
            assessment="bad",
            description="Kurse sind voll.",
            has_no_personal_data=True,
        )
    auth.login_as(people["secretariat"])

    page = _text(client.get(ROUTES["list"] + "?topic=sprache"))

    assert "page=2" in page and "topic=sprache" in page


@pytest.mark.parametrize("field", ["status", "assessment", "authority", "topic"])
def test_a_bad_filter_is_answered_next_to_it(client, auth, people, observation, field):
    auth.login_as(people["secretariat"])

    response = client.get(ROUTES["list"], query_string={field: SCRIPT})

    assert_error_at(response, field)
    assert "<script>alert" not in _text(response)
    assert "Nr. 1: Aufenthalt" in _text(response)


# Triage


@pytest.fixture
def offered(app, personas, body):
    """A proposal of the body the triage may link to (a provider as meetings registers one)."""
    proposal = proposals.create_proposal(
        personas["member"], body, title="Gemeinsame Terminvergabe", resolution_text="Text"
    )
    ref = targets.TargetRef(TargetKind.PROPOSAL, proposal.id, proposal.title, "/proposals/x")
    targets.register_target(
        app,
        TargetKind.PROPOSAL,
        targets.Provider(
            resolve=lambda _actor, ids: {ref.id: ref} if ref.id in ids else {},
            choices=lambda _actor: [ref],
        ),
    )
    return proposal


def test_the_triage_form_offers_only_the_next_steps(client, auth, people, observation):
    observation.status = ObservationStatus.CLOSED
    db.session.commit()
    auth.login_as(people["chair"])

    page = _text(client.get(ROUTES["triage"].format(id=observation.id)))

    steps = re.findall(r'<input[^>]*name="status"[^>]*>', page)
    assert len(steps) == 1 and 'value="in_review"' in steps[0]
    assert "keine Vorlage" in page


def test_closing_without_reason_is_refused_next_to_the_reason(client, auth, people, observation):
    auth.login_as(people["chair"])
    before = snapshot()

    response = client.post(
        ROUTES["triage"].format(id=observation.id), data={"status": "closed", "reason": ""}
    )

    assert_error_at(response, "reason")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("status", {"status": ""}),
        ("status", {"status": SCRIPT}),
        ("reason", {"status": "noted", "reason": HUGE}),
        ("proposal", {"status": "taken_up", "proposal": ""}),
        ("proposal", {"status": "taken_up", "proposal": "12345"}),
    ],
)
def test_bad_triage_input_is_answered_next_to_the_field(
    client, auth, people, observation, offered, field, data
):
    auth.login_as(people["secretariat"])
    before = snapshot()

    response = client.post(ROUTES["triage"].format(id=observation.id), data=data)

    assert_error_at(response, field)
    assert snapshot() == before


def test_taking_up_links_the_proposal_on_the_page(client, auth, people, observation, offered):
    auth.login_as(people["chair"])

    response = client.post(
        ROUTES["triage"].format(id=observation.id),
        data={"status": "taken_up", "proposal": str(offered.id), "reason": UNICODE},
    )

    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "Aufgegriffen" in page and "Gemeinsame Terminvergabe" in page
    assert UNICODE in page
    assert observation.status == ObservationStatus.TAKEN_UP


# The start page and the audit log


def test_the_start_page_card_counts_for_readers_only(client, auth, people, observation):
    shown = {}
    for person in ("secretariat", "member", "case_manager", "other_member", "admin"):
        auth.login_as(people[person])
        shown[person] = _text(client.get("/"))

    assert 'id="observations-card"' in shown["secretariat"]
    assert "1 neuer Hinweis" in shown["secretariat"]
    assert "0 Hinweise in Prüfung" in shown["secretariat"]
    assert "Jobcenter – Ausländerbehörde: 1" in shown["member"]
    assert "Hinweis melden" in shown["case_manager"]
    assert "Hinweis melden" not in shown["member"]
    assert 'id="observations-card"' not in shown["other_member"]
    assert 'id="observations-card"' not in shown["admin"]


def test_the_audit_log_names_the_actions(client, auth, people, observation):
    auth.login_as(people["secretariat"])

    page = _text(client.get("/audit/"))

    assert "Schnittstellen-Hinweis gemeldet" in page
    assert AUDIT_ACTION_LABELS["observation.triaged"] == "Schnittstellen-Hinweis gesichtet"
    assert OBJECT_TYPE_LABELS["InterfaceObservation"] == "Schnittstellen-Hinweis"


def test_a_real_proposal_is_linked_and_shown_to_those_who_may_see_it(
    client, auth, people, observation, body
):
    ki = people["secretariat"]
    draft = proposals.create_proposal(ki, body, title="Terminvergabe bündeln", resolution_text="T")
    auth.login_as(ki)
    form = _text(client.get(ROUTES["triage"].format(id=observation.id)))
    assert f'<option value="{draft.id}">' in form and "Terminvergabe bündeln" in form

    response = client.post(
        ROUTES["triage"].format(id=observation.id),
        data={"status": "taken_up", "proposal": str(draft.id)},
    )

    assert response.status_code == 302
    assert "Terminvergabe bündeln" in _main(client.get(response.headers["Location"]))
    auth.login_as(people["case_manager"])
    page = _main(client.get(response.headers["Location"]))
    assert "Terminvergabe bündeln" not in page
    assert "eine Vorlage, die Sie nicht einsehen können" in page
