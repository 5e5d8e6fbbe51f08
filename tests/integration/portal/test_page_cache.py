"""Pages are served again from the process's store while nothing they show has changed.

The rule these tests hold the cache to: a stored page is never shown to anyone who would not
get the same page rendered fresh, whatever changed in between and whoever asks.
"""

import re
from datetime import UTC, datetime

import pytest
from flask import make_response, session
from sqlalchemy import select, update

from benchmarks.sqlcount import StatementCounter
from portal import create_app, page_cache
from portal.data_version import read_version
from portal.extensions import db
from portal.models import Body, BodyKind, CalendarFeedState, DataVersion, User
from portal.page_cache import cached_page
from portal.services import accounts
from tests.conftest import base_config


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    """Keep every test within one minute of the page store (a test may move it on)."""
    monkeypatch.setattr(page_cache, "clock", lambda: 1_800_000_000.0)


def _visit(client, url: str) -> tuple[str, int]:
    """Request a page; return its HTML and the statements it ran."""
    with StatementCounter(db.engine) as counter:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True), len(counter.statements)


def _version() -> int | None:
    return read_version(db.session)


def test_a_second_visit_is_served_with_one_statement_and_the_same_page(client, auth, personas):
    auth.login_as(personas["member"])

    first, first_statements = _visit(client, "/bodies/lenkungsgruppe/")
    second, second_statements = _visit(client, "/bodies/lenkungsgruppe/")

    assert second == first
    assert first_statements > 2
    assert second_statements == 1  # the data version, nothing else


def test_a_change_through_the_orm_shows_on_the_next_visit(client, auth, personas, body):
    auth.login_as(personas["member"])
    _visit(client, "/bodies/lenkungsgruppe/")

    body.name = "Lenkungsgruppe – umbenannt 🚀"
    db.session.commit()
    page, _ = _visit(client, "/bodies/lenkungsgruppe/")

    assert "Lenkungsgruppe – umbenannt 🚀" in page


def test_a_bulk_update_outside_the_orm_session_shows_too(client, auth, personas, body):
    auth.login_as(personas["member"])
    _visit(client, "/bodies/lenkungsgruppe/")

    db.session.execute(update(Body).where(Body.id == body.id).values(name="Neuer Name"))
    db.session.commit()
    page, _ = _visit(client, "/bodies/lenkungsgruppe/")

    assert "Neuer Name" in page


def test_a_rolled_back_change_leaves_the_version_alone(app, body):
    before = _version()

    body.name = "Nie gespeichert"
    db.session.flush()
    db.session.rollback()

    assert _version() == before


def test_every_committed_write_raises_the_version(app, body):
    before = _version()
    body.description = "Erste Änderung"
    db.session.commit()
    middle = _version()
    body.description = "Zweite Änderung"
    db.session.commit()

    assert before is not None and before < middle < _version()


def test_the_version_grows_even_when_the_clock_stands_behind_it(app, body):
    far_ahead = 10**17  # microseconds: the year 5138
    db.session.execute(update(DataVersion).values(version=far_ahead))
    db.session.commit()

    body.description = "Nach einer Zeitumstellung"
    db.session.commit()

    assert _version() == far_ahead + 1


def test_stored_calendar_answers_do_not_count_as_a_change(app, body):
    before = _version()
    db.session.add(
        CalendarFeedState(
            feed="body",
            ref_id=body.id,
            variant="de",
            fingerprint="f" * 64,
            etag="e" * 64,
            modified_at=datetime.now(UTC),
            content=b"BEGIN:VCALENDAR",
        )
    )
    db.session.commit()

    assert _version() == before


def test_a_member_page_never_reaches_someone_outside_the_body(client, auth, personas):
    auth.login_as(personas["member"])
    _visit(client, "/bodies/lenkungsgruppe/")

    auth.login_as(personas["other_member"])
    assert client.get("/bodies/lenkungsgruppe/").status_code == 404
    auth.logout()
    assert client.get("/bodies/lenkungsgruppe/").status_code == 404


def test_each_visitor_gets_their_own_dashboard(client, auth, personas):
    auth.login_as(personas["member"])
    mine, _ = _visit(client, "/")
    auth.login_as(personas["chair"])
    theirs, _ = _visit(client, "/")

    assert ">Mitglied</a>" in mine and ">Vorsitz</a>" in theirs
    assert mine != theirs


def test_a_deactivated_account_loses_its_stored_pages_at_once(client, auth, personas):
    member = personas["member"]
    auth.login_as(member)
    _visit(client, "/")

    accounts.update_user(
        personas["admin"],
        member,
        name=member.name,
        email=member.email,
        role=member.role,
        is_active=False,
        locale=member.locale,
    )
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_chosen_language_separates_pages(client, body):
    _visit(client, "/impressum")
    german, statements = _visit(client, "/impressum")
    with client.session_transaction() as session:
        session["locale"] = "en"
    english, _ = _visit(client, "/impressum")

    assert statements == 1  # the German page was kept
    assert '<html lang="de">' in german and '<html lang="en">' in english


def test_the_query_string_separates_pages(client, auth, personas):
    auth.login_as(personas["secretariat"])
    upcoming, _ = _visit(client, "/meetings/")
    past, _ = _visit(client, "/meetings/?when=past")

    assert upcoming != past


def test_a_page_is_kept_for_the_current_minute_only(client, auth, personas, monkeypatch):
    auth.login_as(personas["member"])
    now = 1_800_000_000.0
    monkeypatch.setattr(page_cache, "clock", lambda: now)
    _visit(client, "/bodies/lenkungsgruppe/")
    _, same_minute = _visit(client, "/bodies/lenkungsgruppe/")

    monkeypatch.setattr(page_cache, "clock", lambda: now + 60)
    _, next_minute = _visit(client, "/bodies/lenkungsgruppe/")

    assert same_minute == 1 and next_minute > 1


def test_a_page_showing_a_flash_message_is_not_kept(client, auth, personas):
    auth.login_as(personas["member"])
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Gespeichert – einmalig")]

    flashed, _ = _visit(client, "/bodies/lenkungsgruppe/")
    after, statements = _visit(client, "/bodies/lenkungsgruppe/")

    assert "Gespeichert – einmalig" in flashed
    assert "Gespeichert – einmalig" not in after and statements > 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_copy_carries_the_csrf_token_of_its_own_session(app, auth, personas):
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        auth.__class__(client).login_as(personas["member"])
    page_first, _ = _visit(first, "/bodies/lenkungsgruppe/")
    page_second, statements = _visit(second, "/bodies/lenkungsgruppe/")

    token_first = re.search(r'name="csrf_token" value="([^"]+)"', page_first)[1]
    token_second = re.search(r'name="csrf_token" value="([^"]+)"', page_second)[1]
    assert statements == 1 and token_first != token_second
    response = second.post("/language", data={"locale": "en", "csrf_token": token_second})
    assert response.status_code == 302
    response = second.post("/language", data={"locale": "en", "csrf_token": token_first})
    assert response.status_code == 400


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_BYTES": 0}])
def test_a_store_of_zero_bytes_turns_caching_off(client, auth, personas):
    auth.login_as(personas["member"])
    _, first = _visit(client, "/bodies/lenkungsgruppe/")
    _, second = _visit(client, "/bodies/lenkungsgruppe/")

    assert page_cache.page_cache() is None
    assert second == first > 1


def test_a_write_by_another_process_reaches_this_one(tmp_path):
    """Two apps on one database file stand for two worker processes."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    reader = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    writer = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    with reader.app_context():
        db.create_all()
        db.session.add(
            Body(
                name="Gemeinsame AG",
                slug="gemeinsame-ag",
                kind=BodyKind.WORKING_GROUP,
                is_public=True,
            )
        )
        db.session.commit()
        client = reader.test_client()
        assert "Gemeinsame AG" in client.get("/bodies/gemeinsame-ag/").get_data(as_text=True)
        assert len(page_cache.page_cache(reader)) == 1
    with writer.app_context():
        writer_body = db.session.scalars(select(Body)).one()
        writer_body.name = "Umbenannt von nebenan"
        db.session.commit()
        db.engine.dispose()
    with reader.app_context():
        page = client.get("/bodies/gemeinsame-ag/").get_data(as_text=True)
        db.engine.dispose()

    assert "Umbenannt von nebenan" in page


def test_users_are_not_loaded_for_a_stored_page(client, auth, personas):
    auth.login_as(personas["member"])
    _visit(client, "/")

    with StatementCounter(db.engine) as counter:
        client.get("/")

    assert not any(str(User.__table__.name) in sql for sql in counter.statements)


def _sets_a_cookie():
    response = make_response("<p>Keks</p>")
    response.set_cookie("merken", "1")
    return response


def _changes_the_session():
    session["visits"] = session.get("visits", 0) + 1
    return f"<p>Besuch {session['visits']}</p>"


@pytest.mark.parametrize(
    "view",
    [
        _sets_a_cookie,
        _changes_the_session,
        lambda: ("<p>Angelegt</p>", 201),
        lambda: ({"status": "ok"}, 200),
    ],
    ids=["sets a cookie", "changes the session", "not 200", "not text"],
)
def test_answers_with_side_effects_or_not_plain_pages_are_not_kept(app, body, view):
    app.add_url_rule("/_test/page", "test_page", cached_page(view))
    client = app.test_client()

    client.get("/_test/page")
    with StatementCounter(db.engine) as counter:
        client.get("/_test/page")

    assert len(page_cache.page_cache()) == 0 and len(counter.statements) == 1
