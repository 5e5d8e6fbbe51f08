"""The profile: change the password (other sessions end) and the language."""

from portal import passwords
from portal.extensions import db
from portal.models import User
from tests.conftest import AuthActions
from tests.fixtures.portal import TEST_PASSWORD

NEW = "Kaarster See im Nebel 2026"


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    app, client, auth, create_user
):
    user = create_user(password=True)
    auth.login_as(user)
    other = app.test_client()
    AuthActions(other).login_as(user)

    response = client.post(
        "/profile/password",
        data={"current_password": TEST_PASSWORD, "new_password": NEW, "confirm": NEW},
    )

    assert response.status_code == 302
    assert client.get("/profile").status_code == 200
    assert other.get("/profile").status_code == 302
    assert passwords.verify_password(db.session.get(User, user.id).password_hash, NEW)


def test_a_wrong_current_password_changes_nothing(client, auth, create_user):
    user = create_user(password=True)
    before = user.password_hash
    auth.login_as(user)

    response = client.post(
        "/profile/password",
        data={"current_password": "falsches Passwort!", "new_password": NEW, "confirm": NEW},
    )

    assert response.status_code == 422
    assert "Das bisherige Passwort ist nicht richtig." in response.get_data(as_text=True)
    assert db.session.get(User, user.id).password_hash == before


def test_the_confirmation_must_match(client, auth, create_user):
    auth.login_as(create_user(password=True))

    response = client.post(
        "/profile/password",
        data={"current_password": TEST_PASSWORD, "new_password": NEW, "confirm": NEW + "x"},
    )

    assert response.status_code == 422
    assert "stimmen nicht überein" in response.get_data(as_text=True)


def test_the_language_is_kept_in_the_profile(client, auth, create_user):
    user = create_user()
    auth.login_as(user)

    response = client.post("/profile/language", data={"locale": "en"})

    assert response.status_code == 302
    assert db.session.get(User, user.id).locale == "en"
    assert 'lang="en"' in client.get("/profile").get_data(as_text=True)


def test_an_unknown_language_is_refused(client, auth, create_user):
    user = create_user()
    auth.login_as(user)

    response = client.post("/profile/language", data={"locale": "xx"})

    assert response.status_code == 422
    assert db.session.get(User, user.id).locale == "de"
