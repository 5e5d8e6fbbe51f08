"""Migrations build the schema from an empty database, step by step, and match the models."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal import create_app, init_migrations, resource_dir
from portal.config import normalise_database_url
from portal.extensions import db
from tests.conftest import TEST_DATABASE_URL, base_config


def _revisions_oldest_first() -> list[str]:
    script = ScriptDirectory(str(resource_dir("migrations")))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _assert_every_step_and_no_diff(url: str) -> None:
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=url))
    init_migrations(app)
    with app.app_context():
        for revision in _revisions_oldest_first():
            upgrade(revision=revision)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_sqlite_upgrades_from_empty_to_head_without_diff(tmp_path):
    _assert_every_step_and_no_diff(f"sqlite:///{tmp_path / 'migrations.db'}")


@pytest.mark.postgres
def test_postgresql_upgrades_from_empty_to_head_without_diff():
    server = make_url(normalise_database_url(TEST_DATABASE_URL))
    name = f"kim_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _assert_every_step_and_no_diff(
            server.set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
