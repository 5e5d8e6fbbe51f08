"""The meeting page with its papers costs at most 10 SQL statements, the same for 4 and 40 items.

The issue's target for the meeting page (see also ``benchmarks/meeting_pages.py``, which measures
the same page under load). The page is counted whole, with every section it has.
"""

from __future__ import annotations

import pytest

from benchmarks.sqlcount import StatementCounter
from portal.extensions import db

MAX_STATEMENTS = 10


def _statements(client, path: str) -> list[str]:
    """Return the statements of one request of the page (after one warm-up request)."""
    assert client.get(path).status_code == 200
    with StatementCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    return counter.statements


@pytest.fixture
def meetings(body, create_meeting, create_agenda_item, create_paper):
    """A meeting with 4 items and 2 papers, and one with 40 items, sub-items and 20 papers."""
    small = create_meeting(body, items=4)
    large = create_meeting(body, items=36)
    create_agenda_item(large, parent=large.items[3], title="Unterpunkt A")
    create_agenda_item(large, parent=large.items[3], title="Unterpunkt B", is_public=False)
    create_agenda_item(large, title="Personalangelegenheit", is_public=False)
    create_agenda_item(large, title="Verschiedenes")
    for number in range(2):
        create_paper(small.items[number], title=f"Anlage {number + 1}")
    for number in range(20):
        create_paper(large.items[number * 2 % len(large.items)], title=f"Anlage {number + 1}")
    assert len(large.items) == 40
    return {"small": f"/meetings/{small.id}", "large": f"/meetings/{large.id}"}


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_the_meeting_page_costs_the_same_few_statements_with_4_and_40_items(
    client, auth, personas, meetings, who
):
    auth.login_as(personas[who])

    small = _statements(client, meetings["small"])
    large = _statements(client, meetings["large"])

    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= MAX_STATEMENTS, "\n".join(large)
