"""Invitation, change and cancellation mails carry the meeting for the calendar (iMIP).

Sent through the real services to a real SMTP server on loopback; the calendar part is read back
with ``icalendar`` as a mail program would.
"""

from __future__ import annotations

import icalendar
import pytest

from meetings.models import MeetingStatus
from meetings.services import answers, scheduling
from portal.models import GlobalRole, MembershipRole
from tests.fixtures.meetings import in_days


@pytest.fixture
def app_config(mail_config):
    return mail_config


@pytest.fixture
def ki(body, create_user, create_membership):
    user = create_user(GlobalRole.SECRETARIAT, name="KI Geschäftsführung")
    create_membership(user, body, MembershipRole.SECRETARIAT)
    return user


def _calendar(message) -> icalendar.Calendar:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(part.get_content())
    assert part.get_param("method") == str(calendar["METHOD"])
    return calendar


def _mail_to(smtp_server, address: str, count: int):
    messages = [m for m in smtp_server.wait_for(count) if m["To"] == address]
    assert messages, f"no mail to {address}"
    return messages[-1]


def test_the_invitation_carries_a_request_naming_organiser_and_attendee(
    app, body, member, ki, create_meeting, create_agenda_item, smtp_server
):
    meeting = create_meeting(body, title="Frühjahrssitzung", starts_at=in_days(20))
    create_agenda_item(meeting, title="Haushalt", is_public=False)

    scheduling.send_invitation(ki, meeting)

    message = _mail_to(smtp_server, member.email, 2)
    assert {p.get_content_type() for p in message.walk()} >= {
        "text/plain",
        "text/html",
        "text/calendar",
    }
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(f"meeting-{meeting.id}@")
    assert str(event["ORGANIZER"]) == "mailto:kim@rhein-kreis-neuss.example"
    assert str(event["ATTENDEE"]) == f"mailto:{member.email}"
    assert event["ATTENDEE"].params["CN"] == member.name
    assert "TOP 1 Haushalt" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == meeting.starts_at


def test_a_change_of_time_sends_an_update_with_a_higher_sequence(
    app, body, member, ki, create_meeting, smtp_server
):
    meeting = create_meeting(body, starts_at=in_days(20), items=1)
    scheduling.send_invitation(ki, meeting)
    first = _calendar(_mail_to(smtp_server, member.email, 2))
    later = in_days(21)

    scheduling.update_meeting(
        ki,
        meeting,
        title=meeting.title,
        starts_at=later,
        ends_at=in_days(21, hour=15),
        location=meeting.location,
        online_url="",
        is_public=False,
    )

    update = _calendar(_mail_to(smtp_server, member.email, 4))
    (old,), (new,) = first.walk("VEVENT"), update.walk("VEVENT")
    assert str(update["METHOD"]) == "REQUEST"
    assert new["UID"] == old["UID"]
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new.decoded("DTSTART") == later


def test_the_cancellation_sends_cancel_with_status_cancelled(
    app, body, member, ki, create_meeting, smtp_server
):
    meeting = create_meeting(body, starts_at=in_days(20), items=1)
    scheduling.send_invitation(ki, meeting)
    invited = _calendar(_mail_to(smtp_server, member.email, 2))

    scheduling.cancel_meeting(ki, meeting, reason="Krankheit der Vorsitzenden")

    assert meeting.status == MeetingStatus.CANCELLED
    cancel = _calendar(_mail_to(smtp_server, member.email, 4))
    (old,), (event,) = invited.walk("VEVENT"), cancel.walk("VEVENT")
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == old["UID"]
    assert int(event["SEQUENCE"]) > int(old["SEQUENCE"])


def test_a_deputy_gets_the_meeting_when_sent_and_a_cancel_when_released(
    app, body, member, ki, create_user, create_membership, create_meeting, smtp_server
):
    seat = member.memberships[0]
    deputy = create_user(name="Stellvertretung")
    deputy_seat = create_membership(deputy, body, MembershipRole.DEPUTY, deputy_of_id=seat.id)
    meeting = create_meeting(body, starts_at=in_days(20), items=1)
    scheduling.send_invitation(ki, meeting)
    smtp_server.wait_for(2)

    answers.answer_invitation(member, meeting, answer="deputy", deputy_membership_id=deputy_seat.id)
    sent = _calendar(_mail_to(smtp_server, deputy.email, 3))
    answers.answer_invitation(member, meeting, answer="attend")
    released = _calendar(_mail_to(smtp_server, deputy.email, 4))

    assert str(sent["METHOD"]) == "REQUEST"
    assert str(next(iter(sent.walk("VEVENT")))["ATTENDEE"]) == f"mailto:{deputy.email}"
    assert str(released["METHOD"]) == "CANCEL"
