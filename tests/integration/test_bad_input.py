"""Bad input on every form: a German message next to the field, a 4xx status, nothing changed.

Free text that is merely unusual (script tags, umlauts, emoji, right-to-left script) is valid:
it is stored as typed and shown escaped.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Body, FeedbackMessage, Organisation, User
from tests.fixtures.portal import TEST_PASSWORD, body_form, membership_form

HUGE = "x" * 10_001
SCRIPT = "<script>alert('kim')</script>"
UNICODE = "Grüße aus Jüchen ß 🎉 שלום עליכם مرحبا"


def snapshot() -> dict[str, list[tuple]]:
    """Return every row of every table, to prove that a refused form changed nothing."""
    state = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        state[table.name] = [tuple(row) for row in rows]
    return state


def assert_field_error(response, field: str) -> None:
    page = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, response.status_code
    assert f'id="{field}-error-1"' in page, f"no error next to {field}"
    assert f'aria-describedby="{field}-error-1"' in page or f'{field}-error-1"' in page


@pytest.fixture
def admin(client, auth, create_user):
    user = create_user("admin", name="Admin")
    auth.login_as(user)
    return user


# (form url, valid data, field, bad value) -> the form is refused with an error at field.
REFUSED = [
    ("/login", {"email": "a@b.de", "password": "x" * 12}, "email", ""),
    ("/login", {"email": "a@b.de", "password": "x" * 12}, "email", "kein-at-zeichen"),
    ("/login", {"email": "a@b.de", "password": "x" * 12}, "email", HUGE + "@b.de"),
    ("/login", {"email": "a@b.de", "password": "x" * 12}, "email", SCRIPT),
    ("/login", {"email": "a@b.de", "password": "x" * 12}, "password", ""),
    ("/login", {"email": "a@b.de", "password": "x" * 12}, "password", HUGE),
    ("/password-reset", {"email": "a@b.de"}, "email", ""),
    ("/password-reset", {"email": "a@b.de"}, "email", "@@"),
    ("/password-reset", {"email": "a@b.de"}, "email", HUGE),
    ("/barrierefreiheit", {"message": "ok"}, "message", ""),
    ("/barrierefreiheit", {"message": "ok"}, "message", HUGE),
    ("/barrierefreiheit", {"message": "ok"}, "email", "keine-adresse"),
    ("/barrierefreiheit", {"message": "ok"}, "name", HUGE),
    ("/barrierefreiheit", {"message": "ok"}, "page", HUGE),
]


@pytest.mark.parametrize(("url", "valid", "field", "value"), REFUSED)
def test_public_forms_refuse_bad_input(client, url, valid, field, value):
    before = snapshot()

    response = client.post(url, data={**valid, field: value})

    assert_field_error(response, field)
    assert snapshot() == before


USER = {"name": "Neue Person", "email": "neu@rkn.example", "role": "member", "locale": "de"}
ORGANISATION = {"name": "Stadt Meerbusch", "kind": "municipality"}
BODY = body_form(name="AG Sprache", slug="ag-sprache")

ADMIN_REFUSED = [
    ("/admin/users/new", USER, "name", ""),
    ("/admin/users/new", USER, "name", HUGE),
    ("/admin/users/new", USER, "email", "neu(at)rkn.example"),
    ("/admin/users/new", USER, "email", ""),
    ("/admin/users/new", USER, "role", "kaiser"),
    ("/admin/users/new", USER, "locale", "tlh"),
    ("/admin/organisations/new", ORGANISATION, "name", ""),
    ("/admin/organisations/new", ORGANISATION, "name", HUGE),
    ("/admin/organisations/new", ORGANISATION, "kind", "<script>"),
    ("/admin/bodies/new", BODY, "name", ""),
    ("/admin/bodies/new", BODY, "name", HUGE),
    ("/admin/bodies/new", BODY, "slug", SCRIPT),
    ("/admin/bodies/new", BODY, "slug", UNICODE),
    ("/admin/bodies/new", BODY, "slug", ""),
    ("/admin/bodies/new", BODY, "description", HUGE),
    ("/admin/bodies/new", BODY, "notice_period_days", "sieben"),
    ("/admin/bodies/new", BODY, "notice_period_days", "-1"),
    ("/admin/bodies/new", BODY, "notice_period_days", "9" * 30),
    ("/admin/bodies/new", BODY, "parent_id", "999999"),
    ("/admin/bodies/new", BODY, "parent_id", "abc"),
    ("/admin/bodies/new", BODY, "parent_id", "9" * 20),
    # PostgreSQL cannot store NUL: every portal form refuses it next to the field.
    ("/admin/bodies/new", BODY, "description", "Zeile\x00Rest"),
    ("/admin/organisations/new", ORGANISATION, "name", "Stadt\x00Neuss"),
    ("/admin/bodies/new", BODY, "quorum_rule", ""),
]


@pytest.mark.parametrize(("url", "valid", "field", "value"), ADMIN_REFUSED)
def test_admin_forms_refuse_bad_input(client, admin, url, valid, field, value):
    before = snapshot()

    response = client.post(url, data={**valid, field: value})

    assert_field_error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("user_id", ""),
        ("user_id", "999999"),
        ("role", "kaiserin"),
        ("organisation_id", "999999"),
        ("function", HUGE),
        ("starts_on", ""),
        ("starts_on", "31.02.2026"),
        ("starts_on", SCRIPT),
        ("ends_on", "2020-01-01"),
        ("deputy_of_id", "999999"),
    ],
)
def test_the_membership_form_refuses_bad_input(client, admin, body, create_user, field, value):
    person = create_user()
    before = snapshot()

    data = {**membership_form(person), field: value}

    response = client.post(f"/admin/bodies/{body.id}/memberships/new", data=data)

    assert_field_error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("value", ["", "gestern", "2026-13-45", HUGE])
def test_the_end_membership_form_refuses_bad_dates(client, admin, personas, body, value):
    from portal.models import Membership

    seat = db.session.scalar(select(Membership).where(Membership.user_id == personas["member"].id))
    before = snapshot()

    response = client.post(f"/admin/memberships/{seat.id}/end", data={"ends_on": value})

    assert_field_error(response, "ends_on")
    assert snapshot() == before


PROFILE_REFUSED = [
    (
        "/profile/password",
        {"current_password": "", "new_password": "n" * 20, "confirm": "n" * 20},
        "current_password",
    ),
    (
        "/profile/password",
        {"current_password": TEST_PASSWORD, "new_password": "", "confirm": ""},
        "new_password",
    ),
    (
        "/profile/password",
        {"current_password": TEST_PASSWORD, "new_password": HUGE, "confirm": HUGE},
        "new_password",
    ),
    (
        "/profile/password",
        {"current_password": TEST_PASSWORD, "new_password": "kurz", "confirm": "kurz"},
        "new_password",
    ),
    (
        "/profile/password",
        {"current_password": TEST_PASSWORD, "new_password": SCRIPT * 2, "confirm": "x"},
        "confirm",
    ),
    ("/profile/language", {"locale": ""}, "locale"),
    ("/profile/language", {"locale": UNICODE}, "locale"),
    ("/profile/notifications", {"invitation": "vielleicht"}, "invitation"),
    ("/profile/notifications", {"agenda_changed": "y", "deputy_sent": SCRIPT}, "deputy_sent"),
]


@pytest.mark.parametrize(("url", "data", "field"), PROFILE_REFUSED)
def test_profile_forms_refuse_bad_input(client, auth, create_user, url, data, field):
    auth.login_as(create_user(password=True))
    before = snapshot()

    response = client.post(url, data=data)

    assert_field_error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("value", [SCRIPT, UNICODE])
def test_unusual_text_is_stored_as_typed_and_shown_escaped(client, admin, value):
    client.post("/admin/organisations/new", data={"name": value, "kind": "association"})
    client.post("/admin/users/new", data={**USER, "name": value})
    client.post("/admin/bodies/new", data={**BODY, "name": value, "description": value})

    assert db.session.scalar(select(Organisation.name)) == value
    assert db.session.scalar(select(User.name).where(User.email == USER["email"])) == value
    assert db.session.scalar(select(Body.description)) == value
    pages = "".join(
        client.get(url).get_data(as_text=True)
        for url in ("/admin/organisations/", "/admin/users/", "/bodies/ag-sprache/", "/audit/")
    )
    assert "<script>alert" not in pages
    if value == SCRIPT:
        assert "&lt;script&gt;alert(" in pages
    else:
        assert UNICODE in pages


@pytest.mark.parametrize("value", [SCRIPT, UNICODE])
def test_feedback_keeps_unusual_text_and_shows_it_escaped(client, admin, value):
    response = client.post(
        "/barrierefreiheit", data={"name": value, "message": value, "page": value}
    )

    assert response.status_code == 302
    assert db.session.scalar(select(FeedbackMessage.message)) == value
    page = client.get("/admin/feedback/").get_data(as_text=True)
    assert "<script>alert" not in page
