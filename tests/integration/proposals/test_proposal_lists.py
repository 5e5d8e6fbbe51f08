"""The lists of proposals (all, mine, overdue; by body and status), and what the pages cost:
the same few SQL statements for 5 and for 50 proposals, for a short and a long history."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from benchmarks.sqlcount import StatementCounter
from meetings.models import Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services import proposal_lists
from meetings.services.proposal_lists import list_proposals, overdue_before
from portal.extensions import db
from portal.timeutil import from_local, today_local
from tests.fixtures.meetings import in_days

MAX_STATEMENTS = 10


def _text(response) -> str:
    return response.get_data(as_text=True)


def _titles(listing) -> list[str]:
    return [row.proposal.title for row in listing.rows]


def _waiting(days: int):
    """Noon (Berlin) of the day so many days ago: clear of midnight and clock changes."""
    return from_local(today_local() - timedelta(days=days), time(12))


def test_mine_lists_what_i_submitted_drafts_included(people, create_proposal):
    create_proposal(title="Mein Entwurf")
    create_proposal(title="Meine weitergeleitete", status="forwarded")
    create_proposal(title="Von der Leitung", submitter=people["lead"], status="forwarded")

    listing = list_proposals(people["submitter"], view=proposal_lists.MINE)

    assert sorted(_titles(listing)) == ["Mein Entwurf", "Meine weitergeleitete"]


def test_mine_is_empty_for_anonymous_visitors(create_proposal, body, create_body):
    create_proposal(status="forwarded", is_public=True)
    assert list_proposals(None, view=proposal_lists.MINE).rows == []


@pytest.mark.parametrize(
    ("status", "days", "overdue"),
    [
        ("forwarded", 29, True),
        ("forwarded", 28, False),  # waiting exactly the allowed days is still in time
        ("accepted", 60, True),
        ("scheduled", 60, False),
        ("returned", 60, False),
        ("decided", 60, False),
    ],
)
def test_overdue_lists_forwarded_and_accepted_ones_waiting_too_long(
    people, create_proposal, status, days, overdue
):
    create_proposal(title="Wartend", status=status, waiting_since=_waiting(days))

    listing = list_proposals(people["ki"], view=proposal_lists.OVERDUE)

    assert _titles(listing) == (["Wartend"] if overdue else [])
    if overdue:
        assert listing.rows[0].overdue


@pytest.mark.parametrize("app_config", [{"PROPOSAL_SCHEDULE_DAYS": 7}])
def test_the_allowed_waiting_time_is_configurable(people, create_proposal, app_config):
    create_proposal(title="Zehn Tage", status="forwarded", waiting_since=_waiting(10))
    create_proposal(title="Fünf Tage", status="forwarded", waiting_since=_waiting(5))

    listing = list_proposals(people["ki"], view=proposal_lists.OVERDUE)

    assert _titles(listing) == ["Zehn Tage"]


def test_the_sql_cut_off_agrees_with_the_lifecycles_rule():
    today = today_local()
    cut = overdue_before(today, 28)
    assert cut.date() == today - timedelta(days=28) and cut.hour == 0


def test_overdue_lists_the_longest_waiting_first(people, create_proposal):
    create_proposal(title="Seit 40 Tagen", status="forwarded", waiting_since=_waiting(40))
    create_proposal(title="Seit 90 Tagen", status="accepted", waiting_since=_waiting(90))

    listing = list_proposals(people["ki"], view=proposal_lists.OVERDUE)

    assert _titles(listing) == ["Seit 90 Tagen", "Seit 40 Tagen"]


def test_by_body_means_from_it_or_decided_by_it(people, body, ag, create_proposal):
    create_proposal(title="Aus der AG", status="forwarded")
    create_proposal(body, title="Aus der LG", status="forwarded", submitter=people["ki"])

    assert _titles(list_proposals(people["ki"], body=ag)) == ["Aus der AG"]
    assert sorted(_titles(list_proposals(people["ki"], body=body))) == ["Aus der AG", "Aus der LG"]


def test_by_status(people, create_proposal):
    create_proposal(title="Angenommen", status="accepted")
    create_proposal(title="Terminiert", status="scheduled")

    listing = list_proposals(people["ki"], status=ProposalStatus.SCHEDULED)

    assert _titles(listing) == ["Terminiert"]


def test_the_list_page_has_tabs_filters_and_overdue_marks(client, auth, people, create_proposal):
    proposal = create_proposal(
        title="Lange wartend", status="forwarded", waiting_since=_waiting(50)
    )
    auth.login_as(people["ki"])

    page = _text(client.get("/proposals/?view=overdue&body=ag-verfahrensebene"))

    assert "Überfällige Beschlussvorlagen" in page
    assert "Lange wartend" in page and "überfällig" in page
    assert f'href="/proposals/{proposal.id}"' in page
    assert 'href="/proposals/?view=mine&amp;body=ag-verfahrensebene"' in page
    assert '<option selected value="ag-verfahrensebene">' in page or (
        'value="ag-verfahrensebene" selected' in page
    )
    assert "mehr als 28 Tagen" in page


@pytest.mark.parametrize(("name", "value"), [("status", "verschollen"), ("body", "<script>")])
def test_an_unknown_filter_gets_a_message_next_to_it(client, auth, people, name, value):
    auth.login_as(people["ki"])

    response = client.get(f"/proposals/?{name}={value}")

    assert response.status_code == 422
    assert f'id="{name}-error-1"' in _text(response)
    assert "<script>" not in _text(response)


# --- cost -------------------------------------------------------------------------------------


def _statements(client, path: str) -> list[str]:
    with StatementCounter(db.engine) as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.statements


@pytest.fixture
def app_config():
    """Count the pages as rendered, not as kept by the page store."""
    return {"PAGE_CACHE_BYTES": 0}


@pytest.mark.parametrize("who", ["ki", "lg_member", "anonymous"])
@pytest.mark.parametrize("view", ["all", "mine", "overdue"])
def test_a_list_costs_the_same_few_statements_for_5_and_50_proposals(
    client, auth, people, body, create_proposal, who, view
):
    body.is_public = True  # so that anonymous visitors see the public proposals too
    if people[who] is not None:
        auth.login_as(people[who])
    counts = []
    for total in (5, 50):
        while db.session.scalar(select(func.count()).select_from(Proposal)) < total:
            create_proposal(status="forwarded", waiting_since=_waiting(40), is_public=True)
        statements = _statements(client, f"/proposals/?view={view}&body=lenkungsgruppe")
        counts.append(len(statements))
        assert len(statements) <= MAX_STATEMENTS, "\n".join(statements)
        assert _text(client.get(f"/proposals/?view={view}&body=lenkungsgruppe")).count(
            'scope="row"'
        ) == (0 if view == "mine" and who != "submitter" else min(total, 25))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("who", ["ki", "lg_member", "submitter"])
def test_the_proposal_page_costs_the_same_with_a_long_history(
    client, auth, people, ag, create_proposal, create_amendment, create_meeting, advance, who
):
    """The issue's benchmark case: 10 consultations and 5 amendments, against a short one."""
    from meetings.services import proposals

    short = advance(create_proposal(), "scheduled")
    long = create_proposal()
    for number in range(4):
        meeting = create_meeting(ag, title=f"AG-Sitzung {number}", starts_at=in_days(5 + number))
        proposals.put_on_group_agenda(people["lead"], long, meeting)
    advance(long, "scheduled")
    for number in range(5):
        create_amendment(long, people["lg_deputy"], resolution_text=f"Fassung {number}")
    auth.login_as(people[who])

    small = _statements(client, f"/proposals/{short.id}")
    large = _statements(client, f"/proposals/{long.id}")

    assert len(small) == len(large), "\n".join(small)
    assert len(large) <= MAX_STATEMENTS, "\n".join(large)
