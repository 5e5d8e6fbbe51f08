"""The register query: who sees which decisions, search, filters, pages, and its SQL cost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from benchmarks.sqlcount import StatementCounter
from meetings.implementation import Light
from meetings.proposal_flow import Outcome
from meetings.services import register
from meetings.services.register import RegisterFilter
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import BodyKind
from portal.timeutil import today_local

MAX_STATEMENTS = 10


EVERYTHING = RegisterFilter()


def _references(actor, filters=EVERYTHING, **kwargs) -> list[str]:
    return [row.reference for row in register.register_page(actor, filters, **kwargs).rows]


@pytest.fixture
def three_kinds(body, public_body, create_decision):
    """A decision of a non-public body, and a public and an internal one of a public body."""
    return {
        "internal_body": create_decision(body, is_public=True),
        "public": create_decision(public_body, is_public=True),
        "internal": create_decision(public_body, is_public=False),
    }


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("anonymous", {"LGO 2026/01"}),
        ("other_member", {"LGO 2026/01"}),
        ("guest", {"LGO 2026/01", "LG 2026/01"}),
        ("member", {"LGO 2026/01", "LG 2026/01"}),
        ("secretariat", {"LGO 2026/01", "LGO 2026/02", "LG 2026/01"}),
        ("admin", {"LGO 2026/01", "LGO 2026/02", "LG 2026/01"}),
    ],
)
def test_each_visitor_sees_public_decisions_and_those_of_their_bodies(
    personas, three_kinds, who, seen
):
    assert set(_references(personas[who])) == seen


def test_a_member_of_the_public_body_sees_its_internal_decisions(
    personas, public_body, three_kinds, create_membership
):
    create_membership(personas["other_member"], public_body)
    assert "LGO 2026/02" in _references(personas["other_member"])


def test_the_register_lists_newest_first(body, ki, create_decision):
    create_decision(body, decided_on=date(2026, 1, 5))
    create_decision(body, decided_on=date(2026, 6, 5))
    create_decision(body, decided_on=date(2025, 12, 1))
    assert _references(ki) == ["LG 2026/02", "LG 2026/01", "LG 2025/01"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("sprachkurs", ["LG 2026/01"]),
        ("SPRACHKURS", ["LG 2026/01"]),
        ("Jüchen", ["LG 2026/02"]),
        ("jÜchen", ["LG 2026/02"]),
        ("lg 2026/02", ["LG 2026/02"]),
        ("LG 2026/2", ["LG 2026/02"]),
        ("100%", []),
        ("_", []),
        ("<script>", ["LG 2026/03"]),
        ("🎉", ["LG 2026/03"]),
        ("nichts dergleichen", []),
    ],
)
def test_search_finds_text_case_insensitively_and_references(
    body, ki, create_decision, text, found
):
    create_decision(body, resolution_text="Das Sprachkursprogramm wird fortgesetzt.")
    create_decision(body, resolution_text="Wohnraum in Jüchen.")
    create_decision(body, resolution_text="Literal <script>alert(1)</script> 🎉 שלום")
    assert _references(ki, RegisterFilter(text=text)) == found


def test_filters_by_body_year_and_outcome(
    body, ki, create_body, create_membership, create_decision
):
    group = create_body(kind=BodyKind.WORKING_GROUP, name="AG Fallebene", slug="ag-f")
    create_membership(ki, group, "secretariat")
    create_decision(body, decided_on=date(2025, 3, 1), outcome=Outcome.REJECTED)
    create_decision(body, decided_on=date(2026, 3, 1))
    create_decision(group, decided_on=date(2026, 3, 2))

    assert _references(ki, RegisterFilter(body_id=group.id)) == ["AG-F 2026/01"]
    assert _references(ki, RegisterFilter(year=2025)) == ["LG 2025/01"]
    assert _references(ki, RegisterFilter(outcome="rejected")) == ["LG 2025/01"]
    assert _references(ki, RegisterFilter(body_id=body.id, year=2026)) == ["LG 2026/01"]


def test_filters_by_organisation_of_the_actions(
    body, ki, create_decision, create_action, create_organisation
):
    neuss, kaarst = create_organisation("Stadt Neuss"), create_organisation("Stadt Kaarst")
    first, second = create_decision(body), create_decision(body)
    create_action(first, organisation=neuss)
    create_action(second, organisation=kaarst)
    create_action(second, organisation=neuss)

    assert _references(ki, RegisterFilter(organisation_id=kaarst.id)) == ["LG 2026/02"]
    assert sorted(_references(ki, RegisterFilter(organisation_id=neuss.id))) == [
        "LG 2026/01",
        "LG 2026/02",
    ]


@pytest.fixture
def by_light(body, create_decision, create_action):
    """One decision per implementation status (references 01 to 05)."""
    today = today_local()
    lights = {}
    done = create_decision(body)
    create_action(done, status="done")
    lights["green"] = done
    running = create_decision(body)
    create_action(running, status="done")
    create_action(running, status="in_progress", due_on=today)
    lights["yellow"] = running
    late = create_decision(body)
    create_action(late, status="done")
    create_action(late, status="open", due_on=today - timedelta(days=1))
    lights["red"] = late
    dropped = create_decision(body)
    create_action(dropped, status="dropped")
    lights["dropped"] = dropped
    lights["none"] = create_decision(body)
    return lights


@pytest.mark.parametrize(
    ("status", "found"),
    [
        ("green", ["LG 2026/01"]),
        ("yellow", ["LG 2026/02"]),
        ("red", ["LG 2026/03", "LG 2026/04"]),
        ("none", ["LG 2026/05"]),
    ],
)
def test_filters_by_implementation_status_as_the_lights_say(ki, by_light, status, found):
    rows = register.register_page(ki, RegisterFilter(status=status)).rows
    assert sorted(row.reference for row in rows) == found
    expected = None if status == "none" else Light(status)
    assert {row.light for row in rows} == {expected}


def test_a_corrected_decision_names_its_correction(body, ki, create_decision):
    from meetings.services.decisions import correct_decision

    old = create_decision(body)
    correct_decision(ki, old, resolution_text="Neu", reason="Tippfehler")
    rows = {row.reference: row for row in register.register_page(ki, RegisterFilter()).rows}
    assert rows["LG 2026/01"].corrected_by[1] == "LG 2026/02"
    assert rows["LG 2026/02"].corrected_by is None


def test_pages_hold_25_decisions_and_a_page_past_the_end_shows_the_last(body, ki, create_decision):
    for _ in range(27):
        create_decision(body)
    first = register.register_page(ki, RegisterFilter())
    assert (len(first.rows), first.total, first.pages, first.has_next) == (25, 27, 2, True)
    last = register.register_page(ki, RegisterFilter(), page=99)
    assert (last.page, len(last.rows), last.has_prev) == (2, 2, True)


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        (RegisterFilter(text="x" * 201), "q"),
        (RegisterFilter(year=99), "year"),
        (RegisterFilter(outcome="accepted"), "outcome"),
        (RegisterFilter(status="purple"), "status"),
    ],
)
def test_bad_filters_are_refused_with_a_german_message(ki, filters, field):
    with pytest.raises(InvalidInput) as error:
        register.register_page(ki, filters)
    assert error.value.errors[0][0] == field


def _statements(actor, filters=EVERYTHING) -> list[str]:
    db.session.expire_all()
    with StatementCounter(db.engine) as counter:
        register.register_page(actor, filters)
    return counter.statements


def test_a_page_costs_the_same_statements_for_5_and_50_decisions(
    body, ki, create_decision, create_action, create_organisation
):
    neuss = create_organisation("Stadt Neuss")
    for number in range(5):
        decision = create_decision(body)
        create_action(decision, organisation=neuss)
        if number == 0:
            from meetings.services.decisions import correct_decision

            correct_decision(ki, decision, resolution_text="Neu", reason="Grund")
    small = _statements(ki)
    for _ in range(45):
        decision = create_decision(body)
        create_action(decision, organisation=neuss)
        create_action(decision, status="done")
    large = _statements(ki)

    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= 5, "\n".join(large)
