"""Fixtures every test can use: the app on SQLite (default) or PostgreSQL, clients, users.

Set ``TEST_DATABASE_URL=postgresql+psycopg://...`` to run the suite on PostgreSQL; the database
should be empty and is used for this run only (``.ci/run`` creates a fresh one).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app
from portal.config import normalise_database_url
from portal.extensions import db

pytest_plugins = [
    "tests.fixtures.portal",
    "tests.fixtures.meetings",
    "tests.fixtures.attendance",
    "tests.fixtures.mail",
    "tests.fixtures.documents",
    "tests.fixtures.statistics",
]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
ON_POSTGRES = bool(TEST_DATABASE_URL)


def pytest_configure(config):
    # Keep the secret key file and any SQLite file of the tests out of the checkout.
    os.environ["PORTAL_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="kim-portal-test-instance-")
    for name in ("DATABASE_URL", "SECRET_KEY", "PORTAL_ENV", "PORTAL_BASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip_pg)


def base_config(**overrides) -> dict:
    """Return the configuration of a test app (overrides win)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(TEST_DATABASE_URL)
        if ON_POSTGRES
        else "sqlite://",
        "WTF_CSRF_ENABLED": False,
        "MAIL_ENABLED": False,
        "PORTAL_BASE_URL": "http://localhost",
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _postgres_schema():
    """Create the tables once per run on PostgreSQL."""
    if not ON_POSTGRES:
        yield
        return
    app = create_app(base_config())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


_empty_tables_sql: str | None = None


def _empty_all() -> None:
    """Delete every row and restart every id sequence, in one round trip.

    What ``TRUNCATE … RESTART IDENTITY`` does, at a fifth of its cost for tables this small
    (TRUNCATE gives each of the ~40 tables new files): ~20 ms instead of ~100 ms after each of
    the suite's thousands of tests. Children are emptied before their parents.
    """
    global _empty_tables_sql
    if _empty_tables_sql is None:
        sequences = db.session.scalars(
            text(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = current_schema()"
            )
        ).all()
        statements = [f'DELETE FROM "{t.name}"' for t in reversed(db.metadata.sorted_tables)]
        statements += [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
        _empty_tables_sql = ";\n".join(statements)
    db.session.execute(text(_empty_tables_sql))
    db.session.commit()


class RequestIsolatingClient(FlaskClient):
    """A test client that runs each request in its own app context, as production does.

    The test keeps an app context pushed for its factories and queries; without this, every
    request would reuse that context, so ``g`` (Flask-Login's cached user) and the database
    session would leak from one request, or one client, to the next. The test's pending work is
    committed first, like a separate process would see it, and its objects reload afterwards.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture
def app_config() -> dict:
    """Configuration overrides for the app of one test (override the fixture to change)."""
    return {}


@pytest.fixture
def app(_postgres_schema, app_config):
    """An application with an empty database, its context pushed for the test."""
    application = create_app(base_config(**app_config))
    application.test_client_class = RequestIsolatingClient
    with application.app_context():
        if not ON_POSTGRES:
            db.create_all()
        yield application
        db.session.rollback()
        if ON_POSTGRES:
            _empty_all()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Log a test client in as a user, without paying for a password hash each time."""

    def __init__(self, client):
        self._client = client

    def login_as(self, user) -> None:
        now = datetime.now(UTC).timestamp()
        with self._client.session_transaction() as session:
            session.clear()
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session["created_at"] = now
            session["seen_at"] = now

    def logout(self) -> None:
        with self._client.session_transaction() as session:
            session.clear()


@pytest.fixture
def auth(client):
    return AuthActions(client)
