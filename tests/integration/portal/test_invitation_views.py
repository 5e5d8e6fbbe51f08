"""A new account gets an e-mail with a link to set its own password."""

import re

import pytest
from sqlalchemy import select

from portal import passwords
from portal.extensions import db
from portal.models import User


@pytest.fixture
def app_config(mail_config):
    return mail_config


def test_a_new_account_is_invited_and_sets_its_password(client, auth, smtp_server, create_user):
    auth.login_as(create_user("admin"))

    client.post(
        "/admin/users/new",
        data={
            "name": "Karin Neumann",
            "email": "karin@jobcenter.example",
            "role": "member",
            "locale": "de",
        },
    )

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "karin@jobcenter.example"
    assert message["Subject"] == "Ihr Zugang zum KIM-Portal"
    text = message.get_body(("plain",)).get_content()
    assert "Der Link gilt 7 Tage" in text
    path = re.search(r"http://localhost(/password-reset/\S+)", text).group(1)
    auth.logout()
    response = client.post(
        path,
        data={"password": "Rheinbrücke bei Nebel 2026", "confirm": "Rheinbrücke bei Nebel 2026"},
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "karin@jobcenter.example"))
    assert passwords.verify_password(user.password_hash, "Rheinbrücke bei Nebel 2026")


def test_the_invitation_speaks_the_new_users_language(client, auth, smtp_server, create_user):
    auth.login_as(create_user("admin"))

    client.post(
        "/admin/users/new",
        data={
            "name": "Oliver Weber",
            "email": "weber@bamf.example",
            "role": "member",
            "locale": "en",
        },
    )

    (message,) = smtp_server.wait_for(1)
    assert "Uhr" not in message.get_body(("plain",)).get_content()
    assert "Zugang" not in message["Subject"]


def test_cli_and_demo_accounts_get_no_invitation(runner, smtp_server):
    runner.invoke(args=["demo-data"])

    assert smtp_server.wait_for(1, timeout=0.5) == []
