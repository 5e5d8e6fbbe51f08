"""A forgotten password is reset through an e-mailed link that expires and works once."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from portal import passwords
from portal.extensions import db
from portal.models import PasswordResetToken, User
from tests.fixtures.mail import body_text

NEW_PASSWORD = "Herbstlaub am Rheinufer 2026"


@pytest.fixture
def app_config(mail_config):
    return mail_config


def request_link(client, smtp_server, email) -> str:
    client.post("/password-reset", data={"email": email})
    (message,) = smtp_server.wait_for(1)
    match = re.search(r"http://localhost(/password-reset/\S+)", body_text(message))
    assert match, body_text(message)
    return match.group(1)


def test_the_link_arrives_by_mail_and_sets_a_new_password(client, smtp_server, create_user):
    user = create_user(password=True, email="claudia@neuss.example")

    path = request_link(client, smtp_server, "Claudia@Neuss.example")
    message = smtp_server.messages[0]
    assert message["To"] == "claudia@neuss.example"
    assert "Passwort zurücksetzen" in message["Subject"]

    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302
    assert passwords.verify_password(db.session.get(User, user.id).password_hash, NEW_PASSWORD)


def test_the_link_works_only_once(client, smtp_server, create_user):
    create_user(password=True, email="claudia@neuss.example")
    path = request_link(client, smtp_server, "claudia@neuss.example")
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    again = client.post(path, data={"password": "noch ein neues Passwort", "confirm": "x"})

    assert again.status_code == 404
    assert "ungültig oder abgelaufen" in again.get_data(as_text=True)


def test_an_expired_link_is_refused(client, smtp_server, create_user):
    create_user(password=True, email="claudia@neuss.example")
    path = request_link(client, smtp_server, "claudia@neuss.example")
    db.session.execute(
        update(PasswordResetToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    db.session.commit()

    assert client.get(path).status_code == 404


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, smtp_server):
    response = client.post("/password-reset", data={"email": "niemand@example.org"})

    assert response.status_code == 302
    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_a_reset_ends_all_sessions(app, client, smtp_server, create_user, auth):
    user = create_user(password=True, email="claudia@neuss.example")
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login_as(user)
    assert other.get("/").status_code == 200

    path = request_link(client, smtp_server, "claudia@neuss.example")
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert other.get("/").status_code == 302


def test_a_weak_new_password_is_refused_next_to_the_field(client, smtp_server, create_user):
    user = create_user(password=True, email="claudia@neuss.example")
    before = user.password_hash
    path = request_link(client, smtp_server, "claudia@neuss.example")

    response = client.post(path, data={"password": "password1234", "confirm": "password1234"})

    assert response.status_code == 422
    assert "zu verbreitet" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).password_hash == before
