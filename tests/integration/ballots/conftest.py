"""Factories of the ballot tests: a seated steering group, its working group, ballots, presence.

``people`` is the ``seated`` steering group (chair and four members with voting seats, deputies
d1 and d2 of m1's seat, d3 of m2's, the KI and a guest) plus an advisory member and a member of a
working group below it who holds no seat in the steering group.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import Attendance, AttendanceAnswer, Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services import ballots
from portal.extensions import db
from portal.models import BodyKind, MembershipRole


def _soon(**delta) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


@pytest.fixture
def soon():
    """Return a helper: ``soon(hours=2)`` is that long from now (UTC), for deadlines."""
    return _soon


@pytest.fixture
def people(seated, body, create_user, create_body, create_membership):
    """The seated steering group, an advisory member, and a working group's member."""
    people = dict(seated)
    people["advisor"] = create_user(name="Beratendes Mitglied")
    create_membership(people["advisor"], body, MembershipRole.ADVISORY)
    people["ag"] = create_body(
        BodyKind.WORKING_GROUP, name="AG Verfahrensebene", slug="ag-v", parent=body
    )
    people["ag_member"] = create_user(name="AG-Mitglied")
    create_membership(people["ag_member"], people["ag"])
    people["outsider"] = create_user(name="Außenstehende")
    return people


@pytest.fixture
def meeting(body, create_meeting, create_agenda_item):
    """A steering group meeting under way, with a decision item."""
    started = datetime.now(UTC) - timedelta(minutes=30)
    meeting = create_meeting(body, starts_at=started, title="Sitzung der Lenkungsgruppe")
    create_agenda_item(meeting, title="Sprachkursprogramm 2027", kind="decision")
    return meeting


@pytest.fixture
def item(meeting):
    return meeting.items[0]


@pytest.fixture
def present(people, meeting):
    """Return a helper: ``present("m1", "d3", absent=("m2",), sent={"m1": "d1"})``."""

    def record(*names, absent=(), sent=None):
        sent = sent or {}
        for name in {*names, *absent, *sent}:
            answer = AttendanceAnswer.ATTEND
            deputy = None
            if name in absent:
                answer = AttendanceAnswer.ABSENT
            if name in sent:
                answer = AttendanceAnswer.DEPUTY
                deputy = people[f"{sent[name]}_seat"].id
            db.session.add(
                Attendance(
                    meeting_id=meeting.id,
                    membership_id=people[f"{name}_seat"].id,
                    answer=answer,
                    deputy_membership_id=deputy,
                    present=name in names,
                )
            )
        db.session.commit()

    return record


@pytest.fixture
def create_proposal(app, body, people):
    """Return a factory: ``create_proposal(status="scheduled", **fields)``, from the AG."""
    numbers = iter(range(1, 1000))

    def factory(status: str = ProposalStatus.SCHEDULED, **fields) -> Proposal:
        proposal = Proposal(
            body=fields.pop("origin", people["ag"]),
            year=2026,
            number=next(numbers),
            title=fields.pop("title", "Sprachkurse für Neuzugewanderte"),
            submitter=fields.pop("submitter", people["m3"]),
            status=ProposalStatus(status),
            resolution_text=fields.pop("resolution_text", "Die Lenkungsgruppe beschließt …"),
            **fields,
        )
        db.session.add(proposal)
        db.session.commit()
        return proposal

    return factory


@pytest.fixture
def open_ballot(people, body, item):
    """Return a factory opening a ballot through the service as the KI (defaults: electronic,
    named, on the meeting's item; a written procedure gets a deadline in three days)."""

    def factory(kind: str = "electronic", secrecy: str = "named", **fields):
        if kind == "written":
            fields.setdefault("closes_at", _soon(days=3))
        if "proposal" not in fields and "amendment" not in fields:
            fields.setdefault("agenda_item", item)
        return ballots.open_ballot(
            fields.pop("actor", people["ki"]),
            body=body,
            kind=kind,
            secrecy=secrecy,
            title=fields.pop("title", "Sprachkursprogramm 2027"),
            **fields,
        )

    return factory
