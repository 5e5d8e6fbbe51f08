"""The meeting page and list load with a fixed number of SQL statements, whatever their size."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from portal.extensions import db

#: Counted apart, as the benchmark does: SQLite's driver needs the portal's own BEGIN, PostgreSQL's
#: does not, so the same page would cost one more statement on SQLite.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _statements(client, path: str) -> int:
    statements: list[str] = []

    def count(*args):
        if not args[2].lstrip().upper().startswith(_TRANSACTION_CONTROL):
            statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_the_meeting_page_costs_the_same_with_4_and_40_items(
    client, auth, personas, body, create_meeting, create_agenda_item, who
):
    small = create_meeting(body, items=4)
    large = create_meeting(body, items=40)
    create_agenda_item(large, parent=large.items[3], title="Unterpunkt")
    auth.login_as(personas[who])

    counts = {_statements(client, f"/meetings/{m.id}") for m in (small, large)}

    assert len(counts) == 1
    assert counts.pop() <= 10


def test_the_meeting_list_costs_the_same_with_2_and_30_meetings(
    client, auth, personas, body, create_meeting
):
    auth.login_as(personas["member"])
    for _ in range(2):
        create_meeting(body)
    few = _statements(client, "/meetings/")
    for _ in range(28):
        create_meeting(body)
    assert _statements(client, "/meetings/") == few


def test_a_change_lists_new_values_first_then_what_was_only_removed():
    from meetings.models import MeetingChange
    from meetings.services.changes import changed_fields

    change = MeetingChange(
        kind="agenda",
        before={"removed": "TOP 4 Bericht", "starts_at": "2026-12-01T13:00:00+00:00"},
        after={"starts_at": "2026-12-01T14:00:00+00:00", "added": "TOP 5 Neu"},
    )

    fields = changed_fields(change)

    assert [f.key for f in fields] == ["starts_at", "added", "removed"]
    assert [(f.has_before, f.has_after) for f in fields] == [
        (True, True),
        (False, True),
        (True, False),
    ]
    assert fields[0].before == "2026-12-01T13:00:00+00:00"
