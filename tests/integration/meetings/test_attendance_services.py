"""Answers, presence and quorum: meetings/services/answers.py, roll_call.py, attendance.py."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from benchmarks.sqlcount import StatementCounter
from meetings.models import Attendance, AttendanceAnswer, MeetingStatus
from meetings.services import answers, attendance, roll_call
from meetings.services.roll_call import PresenceRecord
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, OutboxMessage
from portal.timeutil import to_local


@pytest.fixture
def invited(create_meeting, body):
    return create_meeting(body, status=MeetingStatus.INVITED, items=3)


@pytest.fixture
def running(create_meeting, create_agenda_item, body):
    """A meeting that began an hour ago, with a decision item as TOP 3."""
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    meeting = create_meeting(body, starts_at=starts, status=MeetingStatus.INVITED, items=2)
    create_agenda_item(meeting, title="Beschluss Förderrichtlinie", kind="decision")
    create_agenda_item(meeting, title="Verschiedenes")
    return meeting


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _items(meeting):
    return sorted(meeting.items, key=lambda item: item.position)


def _present(seated, *names, **stays):
    records = [PresenceRecord(seated[f"{name}_seat"].id, True) for name in names]
    records += [
        PresenceRecord(seated[f"{name}_seat"].id, True, **stay) for name, stay in stays.items()
    ]
    return records


# --- answers -----------------------------------------------------------------------------------


def test_a_member_answers_and_changes_the_answer(seated, invited):
    answers.answer_invitation(seated["m3"], invited, answer="attend")
    answers.answer_invitation(seated["m3"], invited, answer="absent", note="Urlaub 🌴")

    row = db.session.scalar(select(Attendance))
    assert (row.answer, row.note, row.membership_id) == (
        AttendanceAnswer.ABSENT,
        "Urlaub 🌴",
        seated["m3_seat"].id,
    )
    assert _count(Attendance) == 1
    assert db.session.scalars(select(AuditEvent.action)).all()[-2:] == [
        "attendance.answer",
        "attendance.answer",
    ]


def test_sending_a_deputy_tells_the_deputy_and_a_change_releases_them(seated, invited):
    answers.answer_invitation(
        seated["m1"], invited, answer="deputy", deputy_membership_id=seated["d1_seat"].id
    )
    answers.answer_invitation(
        seated["m1"], invited, answer="deputy", deputy_membership_id=seated["d2_seat"].id
    )
    answers.answer_invitation(seated["m1"], invited, answer="attend")

    mails = db.session.execute(
        select(OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.kind).order_by(
            OutboxMessage.id
        )
    ).all()
    assert [(to, kind) for to, _subject, kind in mails] == [
        ("d1@neuss.example", "deputy_sent"),
        ("d2@neuss.example", "deputy_sent"),
        ("d1@neuss.example", "deputy_sent"),
        ("d2@neuss.example", "deputy_sent"),
    ]
    assert mails[0][1].startswith("Vertretung: ")
    assert mails[2][1].startswith("Vertretung nicht mehr nötig: ")
    body = db.session.scalar(select(OutboxMessage.body).order_by(OutboxMessage.id))
    assert "Mitglied 1 kann an der Sitzung" in body and f"/meetings/{invited.id}" in body


def test_only_a_deputy_of_ones_own_seat_can_be_sent(seated, invited):
    with pytest.raises(InvalidInput) as refused:
        answers.answer_invitation(
            seated["m1"], invited, answer="deputy", deputy_membership_id=seated["d3_seat"].id
        )

    assert refused.value.errors == [("deputy", "Bitte wählen Sie Ihre Stellvertretung aus.")]
    assert _count(Attendance) == 0 and _count(OutboxMessage) == 0


def test_a_seat_without_deputies_cannot_send_one(seated, invited):
    with pytest.raises(InvalidInput) as refused:
        answers.answer_invitation(seated["m4"], invited, answer="deputy")

    assert refused.value.errors == [("deputy", "Für Ihren Sitz ist keine Stellvertretung benannt.")]


@pytest.mark.parametrize("answer", ["", "pending", "vielleicht", "<script>"])
def test_an_answer_must_be_one_of_the_three(seated, invited, answer):
    with pytest.raises(InvalidInput) as refused:
        answers.answer_invitation(seated["m2"], invited, answer=answer)

    assert refused.value.errors == [("answer", "Bitte wählen Sie Ihre Rückmeldung.")]
    assert _count(Attendance) == 0


def test_deputies_and_outsiders_do_not_answer(seated, invited, create_user):
    for person in (seated["d1"], create_user(name="Fremd")):
        with pytest.raises(NotFound):
            answers.answer_invitation(person, invited, answer="attend")
    assert _count(Attendance) == 0


def test_nobody_answers_a_cancelled_or_past_meeting(seated, invited, running):
    invited.status = MeetingStatus.CANCELLED
    running.ends_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()

    with pytest.raises(NotFound):
        answers.answer_invitation(seated["m2"], invited, answer="attend")
    with pytest.raises(InvalidInput, match="vorbei"):
        answers.answer_invitation(seated["m2"], running, answer="attend")
    assert _count(Attendance) == 0


# --- presence and quorum -----------------------------------------------------------------------


def test_presence_gives_the_quorum_and_the_meeting_counts_as_held(seated, running):
    roll_call.record_presence(seated["ki"], running, _present(seated, "chair", "m1", "m2"))

    report = attendance.quorum_report(running)
    assert (report.at_start.present_seats, report.at_start.voting_seats) == (3, 5)
    assert report.at_start.required == 3 and report.at_start.is_reached
    assert running.status == MeetingStatus.HELD
    assert db.session.scalars(select(AuditEvent.action)).all()[-1] == "attendance.record"


def test_a_deputy_fills_a_seat_once_even_when_its_holder_is_there_too(seated, running):
    roll_call.record_presence(seated["ki"], running, _present(seated, "m1", "d1", "d2"))

    report = attendance.quorum_report(running)
    assert report.at_start.present_seats == 1
    assert report.doubly_filled == ("Mitglied 1",)


def test_the_quorum_follows_who_leaves_and_a_decision_then_cannot_be_taken(seated, running):
    decision = _items(running)[2]
    roll_call.record_presence(
        seated["ki"],
        running,
        _present(
            seated,
            "chair",
            "m2",
            m1={"until_item_id": _items(running)[1].id, "left": time(15, 0)},
        ),
    )

    report = attendance.quorum_report(running)
    assert [report.by_item[item.id].present_seats for item in _items(running)] == [3, 3, 2, 2]
    refusal = attendance.decision_refusal(running, decision)
    assert refusal == (
        "Die Sitzung war bei diesem Punkt nicht beschlussfähig: 2 von 5 stimmberechtigten "
        "Sitzen waren besetzt, 3 sind nötig. Ein Beschluss kann nicht gefasst werden."
    )


def test_a_decision_needs_recorded_presence_and_a_decision_item(seated, running, body):
    decision, information = _items(running)[2], _items(running)[0]

    assert "noch nicht erfasst" in attendance.decision_refusal(running, decision)
    roll_call.record_presence(seated["ki"], running, _present(seated, "chair", "m1", "d3"))
    assert attendance.decision_refusal(running, decision) is None
    assert "kein Beschlusspunkt" in attendance.decision_refusal(running, information)
    body.quorum_rule = "none"
    db.session.commit()
    roll_call.record_presence(seated["ki"], running, [PresenceRecord(seated["m1_seat"].id, False)])
    assert attendance.decision_refusal(running, decision) is None


def test_the_attendance_list_says_present_excused_represented_and_absent(seated, running):
    db.session.add_all(
        [
            Attendance(meeting=running, membership=seated["m1_seat"], answer="deputy"),
            Attendance(meeting=running, membership=seated["m3_seat"], answer="absent"),
        ]
    )
    db.session.commit()
    roll_call.record_presence(
        seated["ki"],
        running,
        _present(seated, "chair", "d1", m2={"arrived": time(14, 30)}),
    )

    lines = {line.name: line for line in attendance.attendance_lines(running)}
    assert lines["Vera Vorsitz"].status == "present"
    assert (lines["Mitglied 1"].status, lines["Mitglied 1"].represented_by) == (
        "represented",
        "Dora Deputy",
    )
    assert lines["Dora Deputy"].deputy_for == "Mitglied 1"
    assert lines["Mitglied 3"].status == "excused"
    assert lines["Mitglied 4"].status == "absent"
    assert "Dirk Deputy" not in lines
    assert lines["Mitglied 2"].arrived_at.tzinfo is not None
    assert to_local(lines["Mitglied 2"].arrived_at).time() == time(14, 30)
    assert list(lines)[0] == "Vera Vorsitz"


def test_bad_presence_lines_are_refused_with_their_line_and_nothing_is_saved(seated, running):
    first, second = _items(running)[0], _items(running)[1]
    records = [
        PresenceRecord(seated["chair_seat"].id, True),
        PresenceRecord(seated["m1_seat"].id, True, from_item_id=second.id, until_item_id=first.id),
        PresenceRecord(seated["m2_seat"].id, True, arrived=time(16, 0), left=time(15, 0)),
        PresenceRecord(seated["m3_seat"].id, True, from_item_id=999999),
    ]

    with pytest.raises(InvalidInput) as refused:
        roll_call.record_presence(seated["ki"], running, records)

    assert [field for field, _message in refused.value.errors] == [
        "rows-1-until_item",
        "rows-2-left",
        "rows-3-from_item",
    ]
    assert _count(Attendance) == 0
    assert running.status == MeetingStatus.INVITED


def test_presence_is_recorded_by_the_secretariat_only_and_not_before_the_day(
    seated, running, invited
):
    for who in ("chair", "m1", "guest"):
        with pytest.raises(PermissionDenied):
            roll_call.record_presence(seated[who], running, _present(seated, "m1"))
    with pytest.raises(InvalidInput, match="ab dem Sitzungstag"):
        roll_call.record_presence(seated["ki"], invited, _present(seated, "m1"))
    assert _count(Attendance) == 0


def test_presence_is_frozen_once_the_minutes_are_approved(seated, running):
    running.status = MeetingStatus.MINUTES_APPROVED
    db.session.commit()

    with pytest.raises(InvalidInput, match="genehmigt"):
        roll_call.record_presence(seated["ki"], running, _present(seated, "m1"))


def test_the_roster_is_one_query_however_many_people(seated, running):
    assert running.starts_at  # the meeting itself is loaded, as the page has it

    with StatementCounter(db.engine) as counter:
        lines = attendance.attendance_lines(running)
    assert len(lines) == 7 and len(counter.statements) == 1
