"""Decisions: numbering per body and year, references, review dates and corrections."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from meetings.models import Decision
from meetings.proposal_flow import Outcome
from meetings.services import decisions
from meetings.tally import Counts
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, BodyKind
from portal.timeutil import today_local
from tests.conftest import ON_POSTGRES


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Decision))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_decision_is_numbered_per_body_and_year(body, create_body, create_decision):
    other = create_body(kind=BodyKind.WORKING_GROUP, name="AG Verfahrensebene", slug="ag-v")
    first = create_decision(body, decided_on=date(2026, 3, 12))
    second = create_decision(body, decided_on=date(2026, 9, 1))
    elsewhere = create_decision(other, decided_on=date(2026, 9, 1))
    next_year = create_decision(body, decided_on=date(2027, 1, 14))

    assert [first.number, second.number, elsewhere.number, next_year.number] == [1, 2, 1, 1]
    assert (first.year, next_year.year) == (2026, 2027)
    assert decisions.decision_reference(second) == "LG 2026/02"
    assert decisions.decision_reference(elsewhere) == "AG-V 2026/01"


def test_the_reference_uses_the_bodys_own_prefix(body, create_decision):
    body.reference_prefix = "LGKIM"
    decision = create_decision(body)
    assert decisions.decision_reference(decision) == "LGKIM 2026/01"


def test_recording_stores_everything_and_audits_without_committing(app, body, ki, create_meeting):
    meeting = create_meeting(body)
    decision = decisions.record_decision(
        ki,
        body=body,
        outcome=Outcome.ADOPTED_WITH_CHANGES,
        resolution_text="  Der Bericht wird zur Kenntnis genommen.  ",
        decided_on=date(2026, 11, 24),
        meeting=meeting,
        counts=Counts(5, 2, 1),
        is_public=True,
    )

    assert decision.id is not None and decision.number == 1
    assert decision.resolution_text == "Der Bericht wird zur Kenntnis genommen."
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (5, 2, 1)
    assert decision.meeting_id == meeting.id and decision.is_public
    assert decision.created_by_id == ki.id
    assert _actions() == ["decision.create"]
    db.session.rollback()  # the caller's transaction decides
    assert _count() == 0


def test_a_decision_without_counts_or_meeting_is_allowed(body, ki):
    decision = decisions.record_decision(
        ki,
        body=body,
        outcome=Outcome.DEFERRED,
        resolution_text="Vertagt.",
        decided_on=date(2026, 5, 5),
    )
    assert decision.votes_yes is None and decision.meeting_id is None


@pytest.mark.parametrize("text", ["", "   ", "x" * (decisions.MAX_RESOLUTION + 1)])
def test_an_empty_or_huge_resolution_is_refused(body, ki, text):
    with pytest.raises(InvalidInput) as error:
        decisions.record_decision(
            ki, body=body, outcome=Outcome.ADOPTED, resolution_text=text, decided_on=date.today()
        )
    assert error.value.errors[0][0] == "resolution_text"
    assert _count() == 0


def test_a_meeting_of_another_body_is_a_programming_error(body, ki, create_body, create_meeting):
    meeting = create_meeting(create_body())
    with pytest.raises(ValueError):
        decisions.record_decision(
            ki,
            body=body,
            outcome=Outcome.ADOPTED,
            resolution_text="Text",
            decided_on=date.today(),
            meeting=meeting,
        )


def test_a_lost_race_for_the_number_is_a_conflict(body, ki, create_decision, monkeypatch):
    """Without the lock (another writer numbering past it), the constraint still holds."""
    create_decision(body)
    monkeypatch.setattr(decisions, "_next_number", lambda body_id, year: 1)
    with pytest.raises(Conflict):
        decisions.record_decision(
            ki,
            body=body,
            outcome=Outcome.ADOPTED,
            resolution_text="B",
            decided_on=date(2026, 3, 12),
        )
    db.session.rollback()
    assert _count() == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent writers need PostgreSQL")
def test_concurrent_decisions_get_distinct_numbers(app, body, ki):
    """Eight decisions recorded at the same moment are numbered 1 to 8, none twice."""
    body_id, ki_id = body.id, ki.id
    db.session.commit()
    barrier = threading.Barrier(8)
    failures = []

    def record():
        with app.app_context():
            from portal.models import Body, User

            try:
                actor = db.session.get(User, ki_id)
                group = db.session.get(Body, body_id)
                barrier.wait()
                decisions.record_decision(
                    actor,
                    body=group,
                    outcome=Outcome.ADOPTED,
                    resolution_text="Gleichzeitig",
                    decided_on=date(2026, 6, 1),
                )
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=record) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    numbers = sorted(db.session.scalars(select(Decision.number)))
    assert numbers == list(range(1, 9))


def test_a_second_decision_for_the_same_ballot_is_refused(body, ki, create_meeting, monkeypatch):
    meeting = create_meeting(body)
    decision = decisions.record_decision(
        ki,
        body=body,
        outcome=Outcome.ADOPTED,
        resolution_text="A",
        decided_on=date.today(),
        meeting=meeting,
    )
    db.session.commit()
    monkeypatch.setattr(decisions, "_decision_of_ballot", lambda _id: decision.id)

    class FakeBallot:
        id = 99
        body_id = body.id
        meeting = None
        votes_yes = None

    with pytest.raises(Conflict):
        decisions.record_decision(
            ki,
            body=body,
            outcome=Outcome.ADOPTED,
            resolution_text="B",
            decided_on=date.today(),
            ballot=FakeBallot(),
        )


def test_get_decision_hides_non_public_decisions_from_outsiders(
    personas, body, public_body, create_decision
):
    hidden = create_decision(body, is_public=True)  # the body itself is not public
    shown = create_decision(public_body, is_public=True)
    internal = create_decision(public_body, is_public=False)

    for who in ("anonymous", "other_member"):
        with pytest.raises(NotFound):
            decisions.get_decision(personas[who], hidden.id)
        with pytest.raises(NotFound):
            decisions.get_decision(personas[who], internal.id)
        assert decisions.get_decision(personas[who], shown.id) == shown
    for who in ("guest", "member", "secretariat", "admin"):
        assert decisions.get_decision(personas[who], hidden.id) == hidden
    with pytest.raises(NotFound):
        decisions.get_decision(personas["member"], 999_999)


def test_the_secretariat_sets_and_clears_a_review_date(personas, body, create_decision):
    decision = create_decision(body)
    day = today_local() + timedelta(days=90)

    decisions.set_review_date(personas["secretariat"], decision, day)
    assert decision.review_on == day
    decisions.set_review_date(personas["secretariat"], decision, None)
    assert decision.review_on is None
    assert _actions()[-2:] == ["decision.review", "decision.review"]


def test_a_new_review_date_is_reminded_of_again(personas, body, create_decision):
    from portal.db import utcnow

    decision = create_decision(body)
    decision.review_on = today_local()
    decision.review_reminded_at = utcnow()
    db.session.commit()

    decisions.set_review_date(personas["secretariat"], decision, today_local() + timedelta(1))
    assert decision.review_reminded_at is None


def test_a_review_date_in_the_past_is_refused(personas, body, create_decision):
    decision = create_decision(body)
    with pytest.raises(InvalidInput) as error:
        decisions.set_review_date(
            personas["secretariat"], decision, today_local() - timedelta(days=1)
        )
    assert error.value.errors[0][0] == "review_on"
    db.session.refresh(decision)
    assert decision.review_on is None


@pytest.mark.parametrize("who", ["anonymous", "guest", "member", "chair", "other_member", "admin"])
def test_only_the_secretariat_manages_review_dates(personas, body, create_decision, who):
    decision = create_decision(body)
    with pytest.raises((PermissionDenied, NotFound)):
        decisions.set_review_date(personas[who], decision, today_local())


def test_a_correction_is_a_new_decision_linked_to_the_old(personas, body, create_decision):
    old = create_decision(body, counts=Counts(6, 0, 2), is_public=True)

    new = decisions.correct_decision(
        personas["secretariat"],
        old,
        resolution_text="Die Lenkungsgruppe beschließt das Programm für 2027.",
        reason="Jahreszahl berichtigt",
    )

    assert new.supersedes_id == old.id and new.number == old.number + 1
    assert old.resolution_text == "Die Lenkungsgruppe beschließt das Sprachkursprogramm."
    assert (new.votes_yes, new.votes_no, new.votes_abstain) == (6, 0, 2)
    assert new.outcome == old.outcome and new.is_public
    assert decisions.superseding_decision(personas["member"], old) == new
    assert _actions()[-2:] == ["decision.create", "decision.correct"]


def test_a_decision_is_corrected_only_once(personas, body, create_decision):
    old = create_decision(body)
    decisions.correct_decision(personas["secretariat"], old, resolution_text="A", reason="B")
    with pytest.raises(Conflict):
        decisions.correct_decision(personas["secretariat"], old, resolution_text="C", reason="D")
    assert _count() == 2


@pytest.mark.parametrize(
    ("text", "reason", "fields"),
    [
        ("", "Grund", {"resolution_text"}),
        ("Text", "", {"reason"}),
        ("Text", "x" * 2001, {"reason"}),
        ("", "   ", {"resolution_text", "reason"}),
    ],
)
def test_a_correction_needs_a_text_and_a_reason(
    personas, body, create_decision, text, reason, fields
):
    old = create_decision(body)
    with pytest.raises(InvalidInput) as error:
        decisions.correct_decision(
            personas["secretariat"], old, resolution_text=text, reason=reason
        )
    assert {field for field, _ in error.value.errors} == fields
    assert _count() == 1


def test_members_may_not_correct(personas, body, create_decision):
    old = create_decision(body)
    with pytest.raises(PermissionDenied):
        decisions.correct_decision(personas["chair"], old, resolution_text="A", reason="B")
