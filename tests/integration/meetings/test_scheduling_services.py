"""Planning, changing, cancelling and inviting: the rules of meetings/services/scheduling.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from meetings.models import Meeting, MeetingChange, MeetingStatus
from meetings.services import scheduling
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, OutboxMessage
from tests.fixtures.meetings import in_days


def _fields(**overrides):
    starts = in_days(30)
    fields = {
        "title": "Sitzung der Lenkungsgruppe",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "location": "Kreishaus Neuss",
        "online_url": "",
        "is_public": False,
    }
    fields.update(overrides)
    return fields


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_secretariat_plans_a_meeting_that_starts_from_the_default_agenda(personas, body):
    meeting = scheduling.schedule_meeting(personas["secretariat"], body, **_fields())

    assert meeting.status == MeetingStatus.PLANNED
    titles = [item.title for item in sorted(meeting.items, key=lambda item: item.position)]
    assert titles[0] == "Begrüßung"
    assert "Hinweis auf das Mitwirkungsverbot bei Befangenheit" in titles
    assert titles[-1] == "Verschiedenes"
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "Meeting"))
        == "meeting.create"
    )


@pytest.mark.parametrize("who", ["member", "guest", "other_member", "admin", "anonymous"])
def test_only_those_who_run_the_body_plan_its_meetings(personas, body, who):
    with pytest.raises(PermissionDenied):
        scheduling.schedule_meeting(personas[who], body, **_fields())
    assert _count(Meeting) == 0


def test_the_chair_of_a_working_group_plans_its_meetings(
    create_user, create_body, create_membership
):
    group = create_body("working_group", name="AG Fallebene", slug="ag-fallebene")
    lead = create_user(name="AG-Leitung")
    create_membership(lead, group, "chair")

    meeting = scheduling.schedule_meeting(lead, group, **_fields(title="AG-Sitzung"))

    assert meeting.body_id == group.id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"ends_at": in_days(30) - timedelta(minutes=1)}, "ends_at"),
        ({"ends_at": in_days(30)}, "ends_at"),
        ({"ends_at": in_days(32)}, "ends_at"),
        (
            {"starts_at": in_days(-1), "ends_at": in_days(-1) + timedelta(hours=1)},
            "starts_at",
        ),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"online_url": "zoom.example/123"}, "online_url"),
        ({"location": "x" * 301}, "location"),
    ],
)
def test_bad_meetings_are_refused_with_a_german_message(personas, body, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        scheduling.schedule_meeting(personas["secretariat"], body, **_fields(**overrides))

    assert field in [name for name, _message in refused.value.errors]
    assert _count(Meeting) == 0


def test_moving_a_meeting_keeps_the_old_date_and_counts_up_the_sequence(
    personas, body, create_meeting
):
    meeting = create_meeting(body)
    old_start = meeting.starts_at
    new_start = old_start + timedelta(days=7)

    scheduling.update_meeting(
        personas["secretariat"],
        meeting,
        **_fields(starts_at=new_start, ends_at=new_start + timedelta(hours=2)),
    )

    assert meeting.rescheduled_from == old_start
    assert meeting.sequence == 1
    change = db.session.scalar(select(MeetingChange))
    assert change.kind == "rescheduled"
    assert datetime.fromisoformat(change.before["starts_at"]) == old_start


def test_changes_after_the_invitation_are_recorded_and_announced(personas, body, create_meeting):
    meeting = create_meeting(body, status="invited", invited_at=datetime.now(UTC))

    scheduling.update_meeting(
        personas["secretariat"],
        meeting,
        **_fields(
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location="Rathaus Dormagen, Ratssaal",
        ),
    )

    change = db.session.scalar(select(MeetingChange))
    assert change.kind == "updated"
    assert change.after == {"location": "Rathaus Dormagen, Ratssaal"}
    recipients = set(
        db.session.scalars(
            select(OutboxMessage.recipient).where(OutboxMessage.kind == "agenda_changed")
        )
    )
    assert personas["member"].email in recipients
    assert personas["other_member"].email not in recipients


def test_a_stale_form_is_refused_and_nothing_changes(personas, body, create_meeting):
    meeting = create_meeting(body)
    stale = meeting.lock_version
    scheduling.update_meeting(personas["secretariat"], meeting, **_fields(title="Neu"))

    with pytest.raises(Conflict):
        scheduling.update_meeting(
            personas["secretariat"], meeting, lock_version=stale, **_fields(title="Anders")
        )

    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title == "Neu"


def test_cancelling_needs_a_reason_and_tells_the_invited(personas, body, create_meeting):
    meeting = create_meeting(body, status="invited", invited_at=datetime.now(UTC))
    with pytest.raises(InvalidInput):
        scheduling.cancel_meeting(personas["secretariat"], meeting, reason="  ")
    assert meeting.status == MeetingStatus.INVITED

    scheduling.cancel_meeting(personas["secretariat"], meeting, reason="Krankheit des Vorsitzes")

    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    subjects = list(
        db.session.scalars(
            select(OutboxMessage.subject).where(OutboxMessage.kind == "meeting_cancelled")
        )
    )
    assert subjects and all(subject.startswith("Abgesagt: ") for subject in subjects)
    with pytest.raises(InvalidInput):
        scheduling.update_meeting(personas["secretariat"], meeting, **_fields())


def test_an_invitation_within_the_notice_period_goes_to_members_not_deputies(
    personas, body, create_meeting, create_user, create_membership
):
    deputy = create_user(name="Stellvertretung")
    create_membership(deputy, body, "deputy")
    meeting = create_meeting(body, starts_at=in_days(20), items=3)

    scheduling.send_invitation(personas["secretariat"], meeting)

    assert meeting.status == MeetingStatus.INVITED
    assert meeting.invited_late is False
    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert personas["member"].email in recipients
    assert personas["chair"].email in recipients
    assert deputy.email not in recipients
    assert personas["other_member"].email not in recipients


def test_a_late_invitation_needs_confirmation_and_says_so(personas, body, create_meeting):
    body.notice_period_days = 6
    meeting = create_meeting(body, starts_at=in_days(3), items=2)

    with pytest.raises(InvalidInput) as refused:
        scheduling.send_invitation(personas["secretariat"], meeting)
    assert refused.value.errors[0][0] == "confirm_late"
    assert meeting.status == MeetingStatus.PLANNED
    assert _count(OutboxMessage) == 0

    scheduling.send_invitation(personas["secretariat"], meeting, confirm_late=True)

    assert meeting.invited_late is True
    body_text = db.session.scalar(select(OutboxMessage.body))
    assert "Ladungsfrist von 6 Tagen konnte nicht eingehalten werden" in body_text


def test_an_invitation_needs_a_place_and_goes_out_once(personas, body, create_meeting):
    meeting = create_meeting(body, location="", items=1)
    with pytest.raises(InvalidInput):
        scheduling.send_invitation(personas["secretariat"], meeting)

    meeting.online_url = "https://konferenz.example/lg"
    scheduling.send_invitation(personas["secretariat"], meeting)
    with pytest.raises(InvalidInput):
        scheduling.send_invitation(personas["secretariat"], meeting)


def test_a_series_copies_the_meeting_with_its_agenda(personas, body, create_meeting):
    meeting = create_meeting(body, items=4, is_public=True)
    starts = [meeting.starts_at + timedelta(days=182), meeting.starts_at + timedelta(days=364)]

    copies = scheduling.plan_series(personas["secretariat"], meeting, starts=starts)

    assert [copy.starts_at for copy in copies] == starts
    for copy in copies:
        assert copy.id != meeting.id
        assert copy.ends_at - copy.starts_at == meeting.ends_at - meeting.starts_at
        assert [item.title for item in copy.items] == [item.title for item in meeting.items]
        assert copy.is_public and copy.status == MeetingStatus.PLANNED


def test_a_series_in_the_past_or_with_duplicates_plans_nothing(personas, body, create_meeting):
    meeting = create_meeting(body)
    for starts in ([in_days(-3)], [in_days(40), in_days(40)], []):
        with pytest.raises(InvalidInput):
            scheduling.plan_series(personas["secretariat"], meeting, starts=starts)
    assert _count(Meeting) == 1
