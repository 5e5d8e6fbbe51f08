"""Interface observations: reporting without personal data, who reads them, triage, counts."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time

import pytest
from sqlalchemy import event, func, select

from meetings.services import proposals
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, MembershipRole
from portal.statistics import targets
from portal.statistics.models import InterfaceObservation, ObservationStatus, TargetKind
from portal.statistics.observation_catalogue import last_quarters
from portal.statistics.services import observation_queries as queries
from portal.statistics.services import observations as service
from portal.timeutil import from_local
from tests.integration.test_bad_input import HUGE, SCRIPT, UNICODE, snapshot

S = ObservationStatus
EMAIL_TEXT = "Bitte Rückruf an max.mustermann@example.org, Termin klappt nicht."


@pytest.fixture
def app_config():
    """The steering group of the personas triages, so chair and member map onto the roles."""
    return {"STATISTICS_TRIAGE_BODY": "lenkungsgruppe"}


def report(actor, **overrides):
    fields = {
        "authorities": ["auslaenderbehoerde", "jobcenter"],
        "topic": "aufenthalt",
        "assessment": "bad",
        "description": "Termine bei der Ausländerbehörde dauern derzeit drei Monate.",
        "organisation_id": None,
        "has_no_personal_data": True,
        "confirm_despite_warning": False,
    }
    fields.update(overrides)
    return service.report_observation(actor, **fields)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(InterfaceObservation))


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@contextmanager
def statements():
    """Collect the SQL statements sent to the database inside the block."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def _in_quarter(quarters_ago: int) -> datetime:
    year, quarter = last_quarters(queries.current_quarter(), quarters_ago + 1)[0]
    return from_local(date(year, 3 * quarter - 2, 2), time(12))


# Reporting


def test_a_case_manager_reports_an_observation(cm, neuss):
    observation = report(
        cm, authorities=["jobcenter", "auslaenderbehoerde", "jobcenter"], organisation_id=neuss.id
    )

    stored = db.session.get(InterfaceObservation, observation.id)
    assert stored.authorities == ["jobcenter", "auslaenderbehoerde"]
    assert (stored.topic, stored.assessment, stored.status) == ("aufenthalt", "bad", S.NEW)
    assert (stored.reported_by_id, stored.organisation_id) == (cm.id, neuss.id)
    assert stored.has_no_personal_data is True
    assert stored.reported_at is not None and stored.triaged_at is None
    [entry] = _audit("observation.reported")
    assert entry.actor_id == cm.id and entry.object_type == "InterfaceObservation"
    assert entry.after["topic"] == "aufenthalt"
    assert entry.after["personal_data_warning_overridden"] is False
    assert "description" not in entry.after


def test_the_secretariat_reports_too(personas):
    assert report(personas["secretariat"]).reported_by_id == personas["secretariat"].id


@pytest.mark.parametrize("persona", ["anonymous", "guest", "member", "chair", "admin"])
def test_nobody_else_reports(personas, persona):
    with pytest.raises(PermissionDenied):
        report(personas[persona])
    assert _count() == 0


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("authorities", {"authorities": []}),
        ("authorities", {"authorities": ["jobcenter", "finanzamt"]}),
        ("topic", {"topic": ""}),
        ("topic", {"topic": "steuern"}),
        ("assessment", {"assessment": None}),
        ("assessment", {"assessment": "mittel"}),
        ("description", {"description": ""}),
        ("description", {"description": "   \n "}),
        ("description", {"description": HUGE}),
        ("organisation", {"organisation_id": 999_999}),
        ("has_no_personal_data", {"has_no_personal_data": False}),
    ],
)
def test_bad_input_is_refused_at_its_field_and_changes_nothing(cm, field, overrides):
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        report(cm, **overrides)

    assert field in {name for name, _message in refused.value.errors}
    assert all(message for _name, message in refused.value.errors)
    assert snapshot() == before


def test_only_a_municipality_can_be_named(cm, create_organisation):
    jobcenter = create_organisation("Jobcenter Rhein-Kreis Neuss", kind="agency")

    with pytest.raises(InvalidInput) as refused:
        report(cm, organisation_id=jobcenter.id)

    assert refused.value.errors[0][0] == "organisation"


def test_every_bad_field_is_named_at_once(cm):
    with pytest.raises(InvalidInput) as refused:
        report(cm, authorities=[], topic="", assessment="", description="")

    fields = {name for name, _message in refused.value.errors}
    assert {"authorities", "topic", "assessment", "description"} <= fields


@pytest.mark.parametrize("text", [SCRIPT, UNICODE, "x" * 5000])
def test_unusual_text_is_stored_as_typed(cm, text):
    assert report(cm, description=text).description == text


# The personal-data warning


def test_text_that_looks_like_personal_data_is_refused_with_a_warning(cm):
    before = snapshot()

    with pytest.raises(service.PersonalDataSuspected) as warned:
        report(cm, description=EMAIL_TEXT)

    assert warned.value.findings
    fields = {name for name, _message in warned.value.errors}
    assert fields == {"description"}
    assert any("max.mustermann@example.org" in message for _n, message in warned.value.errors)
    assert snapshot() == before


def test_the_reporter_may_save_despite_the_warning_and_the_log_says_so(cm):
    observation = report(cm, description=EMAIL_TEXT, confirm_despite_warning=True)

    assert observation.description == EMAIL_TEXT
    [entry] = _audit("observation.reported")
    assert entry.after["personal_data_warning_overridden"] is True


def test_the_warning_does_not_replace_the_confirmation_checkbox(cm):
    with pytest.raises(InvalidInput) as refused:
        report(
            cm,
            description=EMAIL_TEXT,
            confirm_despite_warning=True,
            has_no_personal_data=False,
        )

    assert [name for name, _message in refused.value.errors] == ["has_no_personal_data"]
    assert _count() == 0


def test_the_warning_comes_with_the_other_errors(cm):
    with pytest.raises(service.PersonalDataSuspected) as warned:
        report(cm, description=EMAIL_TEXT, topic="")

    assert {name for name, _message in warned.value.errors} == {"description", "topic"}


# Who reads them


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("guest", False),
        ("other_member", False),
        ("member", True),
        ("chair", True),
        ("secretariat", True),
        ("admin", False),
    ],
)
def test_readers_are_the_ki_case_managers_and_the_triage_body(cm, personas, persona, allowed):
    observation = report(cm)
    user = personas[persona]

    assert service.may_view(user) is allowed
    if allowed:
        assert queries.get_observation(user, observation.id).id == observation.id
        assert [o.id for o in queries.list_observations(user, queries.ObservationFilters()).items]
    else:
        with pytest.raises(PermissionDenied):
            queries.get_observation(user, observation.id)
        with pytest.raises(PermissionDenied):
            queries.list_observations(user, queries.ObservationFilters())
        with pytest.raises(PermissionDenied):
            queries.observation_counts(user)


def test_case_managers_read_every_observation(cm, personas):
    report(personas["secretariat"])

    assert len(queries.list_observations(cm, queries.ObservationFilters()).items) == 1


def test_the_default_triage_body_is_the_ag_verfahrensebene(
    app, cm, create_body, create_user, create_membership
):
    app.config.pop("STATISTICS_TRIAGE_BODY")
    ag = create_body("working_group", slug="ag-verfahrensebene")
    lead = create_user(name="AG-Leitung")
    create_membership(lead, ag, MembershipRole.CHAIR)

    assert service.may_view(lead) and service.may_triage(lead)


def test_without_the_triage_body_only_ki_and_case_managers_read(app, cm, personas):
    app.config["STATISTICS_TRIAGE_BODY"] = "gibt-es-nicht"

    assert [service.may_view(personas[p]) for p in ("member", "chair", "secretariat")] == [
        False,
        False,
        True,
    ]
    assert service.may_view(cm)


def test_a_missing_observation_is_404_for_readers_and_403_for_others(cm, personas):
    with pytest.raises(NotFound):
        queries.get_observation(cm, 12345)
    with pytest.raises(PermissionDenied):
        queries.get_observation(personas["guest"], 12345)


def test_the_list_is_newest_first_and_filtered(cm):
    first = report(cm, topic="wohnen", assessment="good", authorities=["sozialamt"])
    second = report(cm, topic="sprache", authorities=["jmd", "schule"])
    third = report(cm)
    third.status = S.IN_REVIEW
    db.session.commit()

    def ids(**filters):
        chosen = queries.parse_filters(filters)
        return [o.id for o in queries.list_observations(cm, chosen).items]

    assert ids() == [third.id, second.id, first.id]
    assert ids(status="in_review") == [third.id]
    assert ids(assessment="good") == [first.id]
    assert ids(topic="sprache") == [second.id]
    assert ids(authority="schule") == [second.id]
    assert ids(authority="jobcenter", assessment="bad") == [third.id]
    assert ids(authority="bamf") == []


def test_the_list_is_paged(cm):
    for _ in range(queries.PER_PAGE + 1):
        report(cm)

    first = queries.list_observations(cm, queries.ObservationFilters(), 1)
    second = queries.list_observations(cm, queries.ObservationFilters(), 2)

    assert (len(first.items), len(second.items), first.total) == (queries.PER_PAGE, 1, 26)


@pytest.mark.parametrize(
    "field", ["status", "assessment", "authority", "topic"], ids=lambda field: field
)
@pytest.mark.parametrize("value", ["unbekannt", SCRIPT, UNICODE])
def test_unknown_filter_values_are_refused_at_their_field(field, value):
    with pytest.raises(InvalidInput) as refused:
        queries.parse_filters({field: value})

    assert [name for name, _message in refused.value.errors] == [field]


def test_empty_filters_mean_everything():
    assert queries.parse_filters({"status": "", "topic": None}) == queries.ObservationFilters()


# Triage


@pytest.fixture
def offered(app, personas, body):
    """Two proposals of the body that the triage may link to (a provider as meetings gives)."""
    made = [
        proposals.create_proposal(personas["member"], body, title=title, resolution_text="Text")
        for title in ("Gemeinsame Terminvergabe", "Checkliste Beschäftigungserlaubnis")
    ]
    refs = [
        targets.TargetRef(TargetKind.PROPOSAL, p.id, p.title, f"/proposals/{p.id}") for p in made
    ]
    targets.register_target(
        app,
        TargetKind.PROPOSAL,
        targets.Provider(
            resolve=lambda _actor, ids: {ref.id: ref for ref in refs if ref.id in ids},
            choices=lambda _actor: list(refs),
        ),
    )
    return made


ALLOWED = {
    (S.NEW, S.IN_REVIEW),
    (S.NEW, S.TAKEN_UP),
    (S.NEW, S.NOTED),
    (S.NEW, S.CLOSED),
    (S.IN_REVIEW, S.TAKEN_UP),
    (S.IN_REVIEW, S.NOTED),
    (S.IN_REVIEW, S.CLOSED),
    (S.TAKEN_UP, S.IN_REVIEW),
    (S.NOTED, S.IN_REVIEW),
    (S.CLOSED, S.IN_REVIEW),
}


@pytest.mark.parametrize("start", list(S), ids=str)
def test_only_the_documented_steps_are_possible(cm, personas, offered, start):
    arguments = {"proposal_id": offered[0].id, "reason": "Begründung"}
    for target in S:
        observation = report(cm)
        observation.status = start
        db.session.commit()

        if (start, target) in ALLOWED:
            service.triage_observation(personas["chair"], observation, status=target, **arguments)
            assert observation.status == target
        else:
            before = snapshot()
            with pytest.raises(InvalidInput) as refused:
                service.triage_observation(
                    personas["chair"], observation, status=target, **arguments
                )
            assert refused.value.errors[0][0] == "status", target
            assert snapshot() == before


def test_the_allowed_steps_are_offered(cm):
    observation = report(cm)

    assert service.allowed_statuses(observation) == [S.IN_REVIEW, S.TAKEN_UP, S.NOTED, S.CLOSED]
    observation.status = S.CLOSED
    assert service.allowed_statuses(observation) == [S.IN_REVIEW]


def test_triage_records_who_when_and_the_change(cm, personas):
    observation = report(cm)

    service.triage_observation(personas["chair"], observation, status="in_review", reason="")

    assert observation.triaged_by_id == personas["chair"].id
    assert observation.triaged_at is not None
    [entry] = _audit("observation.triaged")
    assert (entry.before, entry.after) == ({"status": "new"}, {"status": "in_review"})


def test_taking_up_needs_a_proposal_the_triager_may_link(cm, personas, offered):
    observation = report(cm)
    chair = personas["chair"]

    with pytest.raises(InvalidInput) as missing:
        service.triage_observation(chair, observation, status="taken_up", proposal_id=None)
    with pytest.raises(InvalidInput) as foreign:
        service.triage_observation(chair, observation, status="taken_up", proposal_id=987_654)
    service.triage_observation(chair, observation, status="taken_up", proposal_id=offered[1].id)

    assert missing.value.errors[0][0] == foreign.value.errors[0][0] == "proposal"
    assert (observation.status, observation.proposal_id) == (S.TAKEN_UP, offered[1].id)
    assert queries.linked_proposals(cm, [observation])[offered[1].id].label == offered[1].title


def test_without_proposals_to_link_nothing_can_be_taken_up(cm, personas):
    observation = report(cm)

    with pytest.raises(InvalidInput) as refused:
        service.triage_observation(personas["chair"], observation, status="taken_up")

    assert refused.value.errors[0][0] == "proposal"


def test_reopening_unlinks_the_proposal_and_the_log_keeps_it(cm, personas, offered):
    observation = report(cm)
    chair = personas["chair"]
    service.triage_observation(chair, observation, status="taken_up", proposal_id=offered[0].id)

    service.triage_observation(chair, observation, status="in_review", proposal_id=offered[1].id)

    assert (observation.status, observation.proposal_id) == (S.IN_REVIEW, None)
    last = _audit("observation.triaged")[-1]
    assert last.before["proposal_id"] == offered[0].id and last.after["proposal_id"] is None


def test_closing_needs_a_reason_noting_does_not(cm, personas):
    first, second = report(cm), report(cm)
    chair = personas["chair"]

    with pytest.raises(InvalidInput) as refused:
        service.triage_observation(chair, first, status="closed", reason="  ")
    service.triage_observation(chair, second, status="noted", reason="")
    service.triage_observation(chair, first, status="closed", reason=f"Erledigt {UNICODE}")

    assert refused.value.errors == [("reason", refused.value.errors[0][1])]
    assert (first.status, first.status_reason) == (S.CLOSED, f"Erledigt {UNICODE}")
    assert second.status == S.NOTED


@pytest.mark.parametrize("bad", [{"status": ""}, {"status": "archived"}, {"reason": HUGE}])
def test_bad_triage_input_changes_nothing(cm, personas, bad):
    observation = report(cm)
    before = snapshot()

    with pytest.raises(InvalidInput):
        service.triage_observation(
            personas["secretariat"], observation, **{"status": "noted", "reason": "", **bad}
        )

    assert snapshot() == before


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("guest", False),
        ("other_member", False),
        ("member", False),
        ("chair", True),
        ("secretariat", True),
        ("admin", False),
    ],
)
def test_the_ki_and_the_triage_bodys_chair_triage(cm, personas, persona, allowed):
    observation = report(cm)

    assert service.may_triage(personas[persona]) is allowed
    if allowed:
        service.triage_observation(personas[persona], observation, status="in_review")
    else:
        with pytest.raises(PermissionDenied):
            service.triage_observation(personas[persona], observation, status="in_review")
        assert observation.status == S.NEW


def test_a_deputy_chair_triages_but_a_case_manager_does_not(cm, personas, create_membership):
    from portal.models import Body

    deputy = personas["other_member"]
    body = db.session.scalar(select(Body).where(Body.slug == "lenkungsgruppe"))
    create_membership(deputy, body, MembershipRole.DEPUTY_CHAIR)

    assert service.may_triage(deputy)
    assert not service.may_triage(cm)


# Counts


def test_counts_cover_the_last_four_quarters_and_follow_the_filters(cm):
    old = report(cm, authorities=["bamf"])
    old.reported_at = _in_quarter(4)
    previous = report(cm, authorities=["jobcenter", "agentur", "bamf"], topic="leistungen")
    previous.reported_at = _in_quarter(1)
    report(cm, authorities=["agentur", "jobcenter"], assessment="good")
    db.session.commit()

    counts = queries.observation_counts(cm)
    bad = queries.observation_counts(cm, queries.parse_filters({"assessment": "bad"}))

    assert counts.quarters == last_quarters(queries.current_quarter(), 4)
    assert counts.observations == 2
    rows = {row.key: row.cells[-2:] for row in counts.pairs}
    assert rows == {
        ("jobcenter", "agentur"): (1, 1),
        ("jobcenter", "bamf"): (1, 0),
        ("agentur", "bamf"): (1, 0),
    }
    assert {row.key: row.total for row in counts.topics} == {"leistungen": 1, "aufenthalt": 1}
    assert bad.observations == 1 and bad.topics[0].key == "leistungen"


def test_the_overview_counts_open_observations_in_at_most_two_statements(cm, personas):
    old = report(cm)
    old.reported_at = _in_quarter(6)
    closed = report(cm, authorities=["kammer"])
    closed.status = S.CLOSED
    report(cm).status = S.IN_REVIEW
    report(cm)
    db.session.commit()
    chair = personas["chair"]
    chair.memberships  # noqa: B018  (the start page has loaded them already)

    with statements() as seen:
        overview = queries.overview(chair)

    assert len(seen) <= 2
    assert (overview.new, overview.in_review) == (2, 1)
    assert overview.counts.observations == 3
    assert overview.may_report is False


def test_the_overview_is_one_statement_for_the_ki_and_none_for_outsiders(cm, personas):
    report(cm)
    ki, outsider = personas["secretariat"], personas["other_member"]
    ki.role, outsider.memberships  # noqa: B018  (loaded, as for the start page)

    with statements() as ki_statements:
        ki_overview = queries.overview(ki)
    with statements() as outsider_statements:
        nothing = queries.overview(outsider)

    assert len(ki_statements) == 1 and ki_overview.may_report is True
    assert nothing is None and len(outsider_statements) <= 1
