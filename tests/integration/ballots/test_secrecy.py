"""Nothing the portal stores or logs links a secret choice to a seat, a person or a time.

The proof is a comparison: the same people cast the same secret votes, once with the choices
dealt one way and once dealt another way with the same totals. If any table, the audit log or a
log line linked a choice to a seat, a voter or a moment, the two runs would differ somewhere; they
must be identical, row for row. A named ballot, run the same way, must differ (the comparison
would notice a link).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select, text

from meetings.models import Attendance, AttendanceAnswer, BallotTurnout
from meetings.services import ballots
from portal.extensions import db
from portal.models import AuditEvent, MembershipRole
from tests.conftest import ON_POSTGRES

#: Rows that change with every write whatever it is (the page cache's version counter).
_IGNORED_TABLES = {"data_version"}
_CHOICE_WORDS = re.compile(r"\b(yes|no|abstain|ja|nein|enthaltung)\b", re.IGNORECASE)


def _wipe() -> None:
    """Empty the database and restart its ids, so a second run numbers rows as the first."""
    db.session.rollback()
    if ON_POSTGRES:
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
    else:
        db.drop_all()
        db.create_all()


def _plain(value):
    if isinstance(value, datetime | date):
        return "<time>"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value) if value is not None else None


def _dump() -> dict[str, list[tuple]]:
    """Return every row of every table, times blanked out, in a stable order."""
    db.session.expire_all()
    dump = {}
    for table in db.metadata.sorted_tables:
        if table.name in _IGNORED_TABLES:
            continue
        rows = db.session.execute(select(table)).all()
        dump[table.name] = sorted(tuple(_plain(v) for v in row) for row in rows)
    return dump


@pytest.fixture
def run_ballot(create_user, create_body, create_membership, create_meeting, create_agenda_item):
    """Return a helper: seat five people, open a ballot, let them vote the given choices."""

    def run(secrecy: str, choices: list[str]) -> None:
        body = create_body(name="Lenkungsgruppe", slug="lg")
        ki = create_user("secretariat", name="KI", email="ki@kreis.example")
        create_membership(ki, body, MembershipRole.SECRETARIAT)
        voters = []
        for number in range(5):
            voter = create_user(name=f"Sitz {number}", email=f"sitz{number}@kreis.example")
            seat = create_membership(voter, body)
            voters.append((voter, seat))
        meeting = create_meeting(body, title="Sitzung")
        item = create_agenda_item(meeting, title="Geheime Wahl")
        for _voter, seat in voters:
            db.session.add(
                Attendance(
                    meeting_id=meeting.id,
                    membership_id=seat.id,
                    answer=AttendanceAnswer.ATTEND,
                    present=True,
                )
            )
        db.session.commit()
        ballot = ballots.open_ballot(
            ki, body=body, agenda_item=item, kind="electronic", secrecy=secrecy, title="Wahl"
        )
        for (voter, _seat), choice in zip(voters, choices, strict=True):
            ballots.cast_vote(voter, ballot, choice)
        ballots.close_ballot(ki, ballot)

    return run


#: The same totals (2 yes, 2 no, 1 abstain), dealt to the five seats in two different ways.
DEALT = ["yes", "yes", "no", "no", "abstain"]
REDEALT = ["no", "abstain", "yes", "no", "yes"]


def test_permuting_secret_choices_changes_no_stored_row(app, run_ballot):
    run_ballot("secret", DEALT)
    first = _dump()
    _wipe()
    run_ballot("secret", REDEALT)

    assert _dump() == first
    assert first["ballot_turnout"], "the turnout is stored (who took part)"
    assert first["votes"] == []


def test_the_comparison_would_notice_a_link(app, run_ballot):
    """Control: in a named ballot the choices are linked to the seats, and the runs differ."""
    run_ballot("named", DEALT)
    first = _dump()
    _wipe()
    run_ballot("named", REDEALT)

    second = _dump()
    assert second["votes"] != first["votes"]
    assert second["audit_events"] != first["audit_events"]


def test_no_log_line_of_a_secret_vote_names_a_choice(app, run_ballot, caplog):
    caplog.set_level(logging.DEBUG)

    run_ballot("secret", DEALT)

    lines = [record.getMessage() for record in caplog.records]
    assert any("ballot.vote" in line for line in lines), "the votes are logged, without choice"
    assert [line for line in lines if _CHOICE_WORDS.search(line)] == []


def test_the_audit_entry_of_a_secret_vote_says_only_that_the_seat_voted(app, run_ballot):
    run_ballot("secret", DEALT)

    entries = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "ballot.vote").order_by(AuditEvent.id)
    ).all()
    seats = sorted(t.seat_id for t in db.session.scalars(select(BallotTurnout)))
    assert len(entries) == 5
    assert [entry.before for entry in entries] == [None] * 5
    assert sorted(entry.after["seat"] for entry in entries) == seats
    assert {frozenset(entry.after) for entry in entries} == {frozenset({"seat", "as_deputy"})}


def test_the_turnout_row_holds_no_choice_and_no_time(app):
    columns = {column.name for column in BallotTurnout.__table__.columns}

    assert columns == {"id", "seat_id", "cast_by_id"}
