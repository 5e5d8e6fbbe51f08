"""Mail as it arrives: text and HTML in every mail, and iMIP invitations beside them.

Every test sends through the outbox to a real SMTP server on loopback (aiosmtpd).
"""

from __future__ import annotations

import socket
from datetime import timedelta
from email.message import EmailMessage
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import N_
from portal.models import NotificationKind, OutboxMessage, User
from portal.notifications import deliver_due, queue_mail, queue_mail_to_address, queue_mails
from portal.services import notification_preferences
from tests.fixtures.mail import body_text, vcalendar

SUBJECT = N_("Ihr Zugang zum KIM-Portal")


@pytest.fixture
def app_config(mail_config):
    return mail_config


def password_mail(user: User) -> dict:
    return {"user": user, "link": "https://kim.example/password-reset/abc", "minutes": 5}


def parts(message: EmailMessage) -> dict[str, EmailMessage]:
    return {part.get_content_type(): part for part in message.walk()}


def stored() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_an_invitation_arrives_with_text_html_and_the_calendar(smtp_server, create_user):
    user = create_user(email="juergen@neuss.example", name="Jürgen Öztürk")
    calendar = vcalendar()

    queue_mail(
        user,
        SUBJECT,
        "password_reset",
        kind=NotificationKind.INVITATION,
        calendar=calendar,
        **password_mail(user),
    )
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    found = parts(message)
    assert list(found) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    assert "Guten Tag Jürgen Öztürk," in body_text(message)
    invitation = found["text/calendar"]
    assert invitation.get_param("method") == "REQUEST"
    assert invitation.get_content_charset() == "utf-8"
    assert invitation.get_content() == calendar  # CRLF, umlauts and emoji as built
    assert found["application/ics"].get_filename() == "einladung.ics"
    assert found["application/ics"].get_content() == calendar.encode("utf-8")
    assert stored()[0].calendar == calendar


def test_a_mail_without_calendar_has_text_and_html_only(smtp_server, create_user):
    user = create_user()

    queue_mail(user, SUBJECT, "password_reset", **password_mail(user))
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    assert list(parts(message)) == ["multipart/alternative", "text/plain", "text/html"]
    assert stored()[0].calendar == ""


def test_the_html_part_is_the_text_escaped_with_links_in_the_recipients_language(
    smtp_server, create_user
):
    user = create_user(locale="en")
    feedback = SimpleNamespace(
        name="Ömer 😀",
        email="",
        page="/bodies/",
        message='<script>alert("x")</script> siehe https://kim.example/a?b=1&c=2. שלום',
    )

    queue_mail(
        user, "Frage zu <Barrieren> & Übergängen", "accessibility_feedback", feedback=feedback
    )
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    html = message.get_body(("html",)).get_content()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>Frage zu &lt;Barrieren&gt; &amp; Übergängen</title>" in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<a href="https://kim.example/a?b=1&amp;c=2">' in html
    assert "Ömer 😀" in html and "שלום" in html
    assert "<p>" in html and "<br>" in html
    assert "<link" not in html and "src=" not in html  # nothing to load from elsewhere


def test_each_recipient_of_a_group_mail_gets_their_own_calendar(smtp_server, create_user):
    people = [create_user(email=f"person{n}@neuss.example") for n in range(3)]
    notification_preferences.set_preferences(
        people[1], people[1], {NotificationKind.INVITATION: False}
    )
    asked = []

    def calendar_for(person: User) -> str:
        asked.append(person.email)
        return vcalendar(attendee=person.email)

    queue_mails(
        people,
        SUBJECT,
        "password_reset",
        kind=NotificationKind.INVITATION,
        calendar=calendar_for,
        **password_mail(people[0]),
    )
    db.session.commit()

    messages = smtp_server.wait_for(2)
    assert asked == ["person0@neuss.example", "person2@neuss.example"]
    calendars = {m["To"]: parts(m)["text/calendar"].get_content() for m in messages}
    assert calendars == {
        "person0@neuss.example": vcalendar(attendee="person0@neuss.example"),
        "person2@neuss.example": vcalendar(attendee="person2@neuss.example"),
    }


def test_a_group_mail_without_calendar_sends_none(smtp_server, create_user):
    people = [create_user() for _ in range(2)]

    queue_mails(
        people,
        SUBJECT,
        "password_reset",
        kind=NotificationKind.INVITATION,
        **password_mail(people[0]),
    )
    db.session.commit()

    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    assert all("text/calendar" not in parts(m) for m in messages)


def test_a_cancellation_to_a_plain_address(app, smtp_server):
    calendar = vcalendar(attendee="gast@rkn.example", method="CANCEL")
    feedback = SimpleNamespace(name="", email="", page="", message="Abgesagt")

    queue_mail_to_address(
        "gast@rkn.example", "Absage", "accessibility_feedback", calendar=calendar, feedback=feedback
    )
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    found = parts(message)
    assert found["text/calendar"].get_param("method") == "CANCEL"
    assert found["text/calendar"].get_content() == calendar
    assert found["application/ics"].get_filename() == "absage.ics"
    assert '<html lang="de">' in message.get_body(("html",)).get_content()


def test_a_retried_invitation_still_carries_its_calendar(app, smtp_server, create_user):
    user = create_user()
    with socket.socket() as closed:  # a port nobody listens on: the first try fails
        closed.bind(("127.0.0.1", 0))
        app.config["SMTP_PORT"] = closed.getsockname()[1]
    calendar = vcalendar(attendee=user.email)
    queue_mail(user, SUBJECT, "password_reset", calendar=calendar, **password_mail(user))
    db.session.commit()
    (row,) = stored()
    assert row.sent_at is None and row.attempts == 1

    app.config["SMTP_PORT"] = smtp_server.port
    report = deliver_due(now=row.next_attempt_at + timedelta(seconds=1))

    assert report.sent == 1
    (message,) = smtp_server.wait_for(1)
    assert parts(message)["text/calendar"].get_content() == calendar


def test_a_calendar_without_method_fails_alone_and_is_recorded(smtp_server, create_user):
    first, second = create_user(), create_user()
    broken = vcalendar().replace("METHOD:REQUEST\r\n", "")

    queue_mail(first, SUBJECT, "password_reset", calendar=broken, **password_mail(first))
    queue_mail(second, SUBJECT, "password_reset", **password_mail(second))
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == second.email
    failed, sent = stored()
    assert failed.sent_at is None and "METHOD" in failed.last_error
    assert sent.sent_at is not None
