"""The outbox: mail is stored with the change, sent right after commit, and retried with backoff.

Every test talks to a real SMTP server on loopback (aiosmtpd); "down" is a closed port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, insert, select, update

from benchmarks.sqlcount import StatementCounter
from portal import create_app
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.i18n import N_
from portal.models import NotificationKind, OutboxMessage, User
from portal.notifications import (
    MAX_RETRY_DELAY,
    deliver_due,
    queue_mail,
    queue_mail_to_address,
    queue_mails,
    retry_delay,
)
from portal.permissions import SYSTEM
from portal.services import accounts, auth, notification_preferences
from tests.conftest import ON_POSTGRES, base_config
from tests.fixtures.mail import body_text

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def app_config(mail_config):
    return mail_config


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: the mail server is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_down(app, closed_port):
    app.config["SMTP_PORT"] = closed_port


def bring_server_up(app, smtp_server) -> None:
    app.config["SMTP_PORT"] = smtp_server.port


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def invite(email: str = "karin@jobcenter.example", locale: str = "de") -> User:
    return accounts.create_user(
        SYSTEM, email=email, name="Karin Neumann", locale=locale, invite=True
    )


def store_due_messages(count: int) -> None:
    """Store messages as an outage leaves them: queued, due, not yet tried."""
    db.session.execute(
        insert(OutboxMessage),
        [
            {"recipient": f"person{n}@example.org", "subject": f"Nachricht {n}", "body": "Text"}
            for n in range(count)
        ],
    )
    db.session.commit()


# --- stored with the change ---------------------------------------------------------------------


def test_a_rolled_back_change_leaves_no_message(smtp_server, create_user):
    user = create_user()

    message = queue_mail(
        user, N_("Ihr Zugang zum KIM-Portal"), "invitation", user=user, link="x", days=7
    )
    assert message in db.session.new  # part of the caller's transaction, not committed on its own
    db.session.rollback()

    assert outbox() == []
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_a_refused_change_queues_no_mail(smtp_server, create_user):
    create_user(email="karin@jobcenter.example")

    with pytest.raises(InvalidInput):
        invite("karin@jobcenter.example")

    assert outbox() == []
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_the_message_is_sent_right_after_commit(app, smtp_server):
    user = invite()

    # Sent within the commit itself (no request to wait for), so no waiting here.
    (message,) = smtp_server.messages
    assert message["To"] == user.email
    (stored,) = outbox()
    assert stored.sent_at is not None and stored.attempts == 1 and stored.last_error == ""


@pytest.mark.parametrize("outer", ["commit", "rollback"])
def test_a_message_queued_in_a_savepoint_waits_for_the_outer_transaction(
    smtp_server, create_user, outer
):
    user = create_user()

    with db.session.begin_nested():
        queue_mail(user, N_("Ihr Zugang zum KIM-Portal"), "invitation", user=user, link="x", days=7)
    assert smtp_server.messages == []
    getattr(db.session, outer)()

    assert len(smtp_server.messages) == (1 if outer == "commit" else 0)
    assert len(outbox()) == (1 if outer == "commit" else 0)


def test_a_request_sends_its_mail_when_it_ends(client, smtp_server, create_user):
    create_user(email="claudia@neuss.example")

    response = client.post("/password-reset", data={"email": "claudia@neuss.example"})

    assert response.status_code == 302
    (message,) = smtp_server.messages  # delivered before the client got the response back
    assert message["To"] == "claudia@neuss.example"
    assert outbox()[0].sent_at is not None


# --- the mail server is down -------------------------------------------------------------------


def test_a_mail_server_that_is_down_loses_nothing(
    app, client, smtp_server, create_user, server_down
):
    create_user(email="claudia@neuss.example")
    before = utcnow()

    response = client.post("/password-reset", data={"email": "claudia@neuss.example"})

    assert response.status_code == 302  # the visitor never sees the mail server's trouble
    (stored,) = outbox()
    assert stored.sent_at is None and stored.failed_at is None
    assert stored.attempts == 1
    assert "ConnectionRefusedError" in stored.last_error
    assert stored.next_attempt_at >= before + timedelta(minutes=1)

    bring_server_up(app, smtp_server)
    assert deliver_due().handled == 0  # not due yet: the pause is respected
    report = deliver_due(now=stored.next_attempt_at)
    assert (report.sent, report.failed, report.waiting) == (1, 0, 0)
    assert deliver_due(now=stored.next_attempt_at + timedelta(hours=1)).handled == 0

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "claudia@neuss.example"
    assert "/password-reset/" in body_text(message)
    (stored,) = outbox()
    assert stored.sent_at is not None and stored.attempts == 2


def test_the_pause_doubles_after_each_failure(server_down):
    invite()
    delays = []
    for _ in range(4):
        (stored,) = outbox()
        due = stored.next_attempt_at
        report = deliver_due(now=due)
        assert report.failed == 1
        delays.append(outbox()[0].next_attempt_at - due)

    # The first pause (1 minute) came from the try right after commit.
    assert delays == [timedelta(minutes=m) for m in (2, 4, 8, 16)]
    assert outbox()[0].attempts == 5


def test_the_pause_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(9) == timedelta(minutes=256)
    assert retry_delay(10) == MAX_RETRY_DELAY == timedelta(hours=6)
    assert retry_delay(1000) == MAX_RETRY_DELAY


def test_a_message_is_given_up_after_the_allowed_attempts(app, smtp_server, server_down):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    invite()
    deliver_due(now=outbox()[0].next_attempt_at)
    report = deliver_due(now=outbox()[0].next_attempt_at)

    assert (report.failed, report.gave_up, report.waiting) == (0, 1, 0)
    (stored,) = outbox()
    assert stored.attempts == 3 and stored.failed_at is not None and stored.sent_at is None
    bring_server_up(app, smtp_server)
    assert deliver_due(now=utcnow() + timedelta(days=30)).handled == 0
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_a_refused_message_does_not_hold_up_the_rest_of_the_batch(app, smtp_server):
    db.session.execute(
        insert(OutboxMessage),
        [
            # No domain: the mail cannot even be built (Python's header parser gives up).
            {"recipient": "juergen@", "subject": "Eins", "body": "Text"},
            {"recipient": "anna@example.org", "subject": "Zwei", "body": "Text"},
        ],
    )
    db.session.commit()

    report = deliver_due()

    assert (report.sent, report.failed) == (1, 1)
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "anna@example.org"
    refused = outbox()[0]
    assert refused.sent_at is None and refused.attempts == 1 and refused.last_error


def test_with_mail_switched_off_messages_are_closed_unsent(app, smtp_server):
    app.config["MAIL_ENABLED"] = False
    invite()

    (stored,) = outbox()
    assert stored.sent_at is None and stored.failed_at is not None
    assert "MAIL_ENABLED" in stored.last_error
    app.config["MAIL_ENABLED"] = True
    assert deliver_due(now=utcnow() + timedelta(days=1)).handled == 0
    assert smtp_server.wait_for(1, timeout=0.5) == []


# --- who gets what -----------------------------------------------------------------------------


def test_switched_off_kinds_are_not_queued_but_account_mail_is(smtp_server, create_user):
    user = create_user(email="claudia@neuss.example")
    notification_preferences.set_preferences(user, user, {NotificationKind.INVITATION: False})
    context = {"user": user, "link": "https://kim.example/x", "minutes": 5}

    refused = queue_mail(
        user,
        N_("Ihr Zugang zum KIM-Portal"),
        "password_reset",
        kind=NotificationKind.INVITATION,
        **context,
    )
    kept = queue_mail(
        user,
        N_("Ihr Zugang zum KIM-Portal"),
        "password_reset",
        kind=NotificationKind.AGENDA_CHANGED,
        **context,
    )
    db.session.commit()
    auth.request_password_reset("claudia@neuss.example")

    assert refused is None and kept is not None
    assert [m.kind for m in outbox()] == ["agenda_changed", ""]
    messages = smtp_server.wait_for(2)
    assert [m["Subject"] for m in messages] == [
        "Ihr Zugang zum KIM-Portal",
        "KIM-Portal: Passwort zurücksetzen",
    ]


def test_one_announcement_to_many_asks_for_their_choices_once(app, create_user):
    people = [create_user(email=f"person{n}@neuss.example") for n in range(6)]
    notification_preferences.set_preferences(
        people[2], people[2], {NotificationKind.INVITATION: False}
    )
    people[4].is_active = False
    db.session.commit()
    people = db.session.scalars(select(User).order_by(User.id)).all()

    with StatementCounter(db.engine) as counter:
        queued = queue_mails(
            people,
            N_("Ihr Zugang zum KIM-Portal"),
            "password_reset",
            kind=NotificationKind.INVITATION,
            user=people[0],
            link="https://kim.example/x",
            minutes=5,
        )
    db.session.commit()

    assert [message.recipient for message in queued] == [
        "person0@neuss.example",
        "person1@neuss.example",
        "person3@neuss.example",
        "person5@neuss.example",
    ]
    assert len(counter.statements) == 1


def test_inactive_people_get_no_mail(create_user):
    user = create_user(is_active=False)

    assert (
        queue_mail(user, N_("Ihr Zugang zum KIM-Portal"), "invitation", user=user, link="x", days=7)
        is None
    )
    assert list(db.session.new) == []


@pytest.mark.parametrize(
    ("locale", "subject", "phrase", "foreign"),
    [
        ("de", "KIM-Portal: Passwort zurücksetzen", "Der Link gilt 60 Minuten", "valid"),
        ("en", "KIM Portal: reset your password", "The link is valid for 60 minutes", "Link gilt"),
    ],
)
def test_mail_speaks_the_recipients_language(
    client, smtp_server, create_user, locale, subject, phrase, foreign
):
    create_user(email="claudia@neuss.example", locale=locale)

    # Asked for from a German page: the mail still follows the account's language.
    client.post("/password-reset", data={"email": "claudia@neuss.example"})

    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == subject
    assert phrase in body_text(message)
    assert foreign not in body_text(message)


def test_umlauts_and_emoji_survive_subject_and_body(smtp_server, create_user):
    user = create_user(name="Jürgen Öztürk")
    feedback = SimpleNamespace(
        name="Ömer 😀", email="", page="/bodies/", message="Grüße aus Jüchen ß 🎉 שלום"
    )

    queue_mail(
        user,
        "Tagesordnung geändert: %(title)s",
        "accessibility_feedback",
        title="Integration in Grevenbroich 🎉\nÄnderung",
        feedback=feedback,
    )
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "Tagesordnung geändert: Integration in Grevenbroich 🎉 Änderung"
    assert "Grüße aus Jüchen ß 🎉 שלום" in body_text(message)
    assert "Ömer 😀" in body_text(message)


def test_mail_to_a_plain_address_uses_the_default_language(app, smtp_server):
    feedback = SimpleNamespace(name="", email="", page="", message="Kontrast zu schwach")

    queue_mail_to_address(
        "kim@rkn.example",
        N_("KIM-Portal: Rückmeldung zur Barrierefreiheit"),
        "accessibility_feedback",
        feedback=feedback,
    )
    db.session.commit()

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "kim@rkn.example"
    assert message["Subject"] == "KIM-Portal: Rückmeldung zur Barrierefreiheit"
    assert "Nach BITV NRW § 5" in body_text(message)


def test_feedback_without_an_active_admin_goes_to_the_operator(app, client, smtp_server):
    app.config["PORTAL_OPERATOR_EMAIL"] = "kim@rkn.example"

    client.post("/barrierefreiheit", data={"message": "Kontrast zu schwach"})

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "kim@rkn.example"


def test_each_admin_gets_feedback_in_their_own_language(client, smtp_server, create_user):
    create_user("admin", email="de@rkn.example")
    create_user("admin", email="en@rkn.example", locale="en")

    client.post("/barrierefreiheit", data={"message": "Kontrast zu schwach"})

    subjects = {m["To"]: m["Subject"] for m in smtp_server.wait_for(2)}
    assert subjects == {
        "de@rkn.example": "KIM-Portal: Rückmeldung zur Barrierefreiheit",
        "en@rkn.example": "KIM Portal: accessibility feedback",
    }


# --- kim-portal send-mail ----------------------------------------------------------------------


def test_send_mail_once_sends_what_is_due_and_says_so(runner, smtp_server):
    store_due_messages(3)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.subject == "Nachricht 2")
        .values(next_attempt_at=utcnow() + timedelta(hours=1))
    )
    db.session.commit()

    result = runner.invoke(args=["send-mail", "--once"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Mail: 2 sent, 0 failed (will retry), 0 given up, 1 waiting."
    assert sorted(m["Subject"] for m in smtp_server.wait_for(2)) == ["Nachricht 0", "Nachricht 1"]


def test_send_mail_once_sends_more_than_one_batch(runner, smtp_server):
    store_due_messages(120)

    result = runner.invoke(args=["send-mail", "--once"])

    assert result.output.strip() == "Mail: 120 sent, 0 failed (will retry), 0 given up, 0 waiting."
    assert len(smtp_server.wait_for(120)) == 120


def test_send_mail_once_reports_failures(app, runner, closed_port):
    app.config["SMTP_PORT"] = closed_port
    store_due_messages(2)

    result = runner.invoke(args=["send-mail", "--once"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Mail: 0 sent, 2 failed (will retry), 0 given up, 2 waiting."


@pytest.mark.skipif(ON_POSTGRES, reason="runs the command on its own SQLite file")
def test_send_mail_runs_in_a_loop_until_sigterm(tmp_path, smtp_server):
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    setup = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    with setup.app_context():
        db.create_all()
        store_due_messages(1)
        db.engine.dispose()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "MAIL_ENABLED": "1",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_server.port),
    }

    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from portal.cli import main; main()",
            "send-mail",
            "--interval",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        arrived = smtp_server.wait_for(1, timeout=20)
        process.send_signal(signal.SIGTERM)  # while it sleeps for 30 seconds
        output, _ = process.communicate(timeout=10)
    finally:
        process.kill()

    assert len(arrived) == 1
    assert process.returncode == 0, output
    assert "Mail: 1 sent" in output
    assert output.strip().endswith("Stopped sending mail.")


# --- several senders ---------------------------------------------------------------------------


@pytest.fixture
def shared_database_app(tmp_path, mail_config, request):
    """An app whose database several threads can use at once (SQLite in a file, or PostgreSQL)."""
    if ON_POSTGRES:
        application = request.getfixturevalue("app")
        application.config.update(mail_config)
        yield application
        return
    url = f"sqlite:///{tmp_path / 'senders.db'}"
    application = create_app(base_config(SQLALCHEMY_DATABASE_URI=url, **mail_config))
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()


def test_two_senders_never_send_one_message_twice(shared_database_app, smtp_server):
    store_due_messages(60)
    errors = []

    def sender():
        try:
            with shared_database_app.app_context():
                while deliver_due(limit=7).handled:
                    pass
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    messages = smtp_server.wait_for(60)
    assert len(messages) == 60
    assert len({m["Message-ID"] for m in messages}) == 60
    assert (
        db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.attempts == 1)
        )
        == 60
    )
