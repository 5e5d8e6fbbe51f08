"""Logging in and out: generic errors, throttling, fresh sessions, session invalidation."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import LoginAttempt
from tests.fixtures.portal import TEST_PASSWORD

WRONG = "das ist nicht das Passwort"


def login(client, email, password, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def test_login_form_is_german(client):
    response = client.get("/login")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="de"' in page
    assert "E-Mail-Adresse" in page and "Passwort" in page


def test_a_user_logs_in_and_reaches_the_dashboard(client, create_user):
    user = create_user(password=True, name="Claudia Hoffmann")

    response = login(client, user.email.upper(), TEST_PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Guten Tag, Claudia Hoffmann" in page
    assert db.session.get(type(user), user.id).last_login_at is not None


def test_wrong_password_and_unknown_account_get_the_same_answer(client, create_user):
    user = create_user(password=True)

    wrong = login(client, user.email, WRONG)
    unknown = login(client, "niemand@example.org", WRONG)

    assert wrong.status_code == unknown.status_code == 422
    message = "E-Mail-Adresse oder Passwort ist falsch."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_a_deactivated_account_cannot_log_in(client, create_user):
    user = create_user(password=True, is_active=False)

    response = login(client, user.email, TEST_PASSWORD)

    assert response.status_code == 422


def test_the_next_parameter_only_leads_within_the_site(client, create_user):
    user = create_user(password=True)

    response = login(client, user.email, TEST_PASSWORD, query_string={"next": "//evil.example/"})

    assert response.headers["Location"] == "/"


def test_the_next_parameter_leads_back_to_the_page(client, create_user):
    user = create_user(password=True)

    response = login(client, user.email, TEST_PASSWORD, query_string={"next": "/bodies/"})

    assert response.headers["Location"] == "/bodies/"


@pytest.fixture
def app_config():
    return {"LOGIN_THROTTLE_ACCOUNT": 3, "LOGIN_THROTTLE_ADDRESS": 5}


def test_an_account_is_throttled_after_repeated_failures(client, create_user):
    user = create_user(password=True)
    for _ in range(3):
        assert login(client, user.email, WRONG).status_code == 422

    response = login(client, user.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.get_data(as_text=True)


def test_throttling_counts_live_in_the_database(client, create_user):
    user = create_user(password=True)
    login(client, user.email, WRONG)

    count = db.session.scalar(select(func.count()).select_from(LoginAttempt))
    assert count == 1


def test_an_address_is_throttled_across_accounts(client, create_user):
    users = [create_user(password=True) for _ in range(3)]
    for user in users:
        login(client, user.email, WRONG)
    login(client, users[0].email, WRONG)
    login(client, users[1].email, WRONG)

    fresh = create_user(password=True)
    response = login(client, fresh.email, TEST_PASSWORD)

    assert response.status_code == 429


def test_failures_older_than_the_window_do_not_count(client, create_user):
    user = create_user(password=True)
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    for _ in range(3):
        db.session.add(
            LoginAttempt(
                email=user.email, address="127.0.0.1", succeeded=False, attempted_at=long_ago
            )
        )
    db.session.commit()

    assert login(client, user.email, TEST_PASSWORD).status_code == 302


def test_a_success_resets_the_account_counter(client, create_user):
    user = create_user(password=True)
    login(client, user.email, WRONG)
    login(client, user.email, WRONG)
    assert login(client, user.email, TEST_PASSWORD).status_code == 302
    client.post("/logout")

    login(client, user.email, WRONG)
    assert login(client, user.email, TEST_PASSWORD).status_code == 302


def test_login_starts_a_fresh_session(client, create_user):
    user = create_user(password=True)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"

    login(client, user.email, TEST_PASSWORD)

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == user.get_id()


def test_logout_needs_post(client, auth, create_user):
    auth.login_as(create_user())

    assert client.get("/logout").status_code == 405


def test_logout_ends_every_session_of_the_user(app, create_user):
    user = create_user(password=True)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user.email, TEST_PASSWORD)
    login(phone, user.email, TEST_PASSWORD)

    laptop.post("/logout")

    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302


def test_an_idle_session_expires(client, auth, create_user, app):
    auth.login_as(create_user())
    idle = app.config["SESSION_IDLE_MINUTES"] + 1
    with client.session_transaction() as session:
        session["seen_at"] = (datetime.now(UTC) - timedelta(minutes=idle)).timestamp()

    response = client.get("/")

    assert response.status_code == 302
    assert "Ihre Sitzung ist abgelaufen" in client.get("/login").get_data(as_text=True)


def test_a_session_ends_after_its_absolute_lifetime(client, auth, create_user, app):
    auth.login_as(create_user())
    hours = app.config["SESSION_ABSOLUTE_HOURS"] + 1
    with client.session_transaction() as session:
        session["created_at"] = (datetime.now(UTC) - timedelta(hours=hours)).timestamp()

    assert client.get("/").status_code == 302


def test_an_active_session_keeps_working(client, auth, create_user):
    auth.login_as(create_user())

    assert client.get("/").status_code == 200


def test_session_cookie_is_httponly_and_samesite_lax(client, create_user):
    user = create_user(password=True)

    response = login(client, user.email, TEST_PASSWORD)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_secure_cookies_outside_local_development(app, create_user):
    app.config["SESSION_COOKIE_SECURE"] = True
    user = create_user(password=True)

    response = login(app.test_client(), user.email, TEST_PASSWORD)

    assert "Secure" in response.headers["Set-Cookie"]
