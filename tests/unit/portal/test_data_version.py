"""Which statements count as a change, and the upsert that raises the data version."""

import sqlite3

import pytest

from portal.data_version import bump_statement, writes_pages


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO bodies (name) VALUES (?)",
        'UPDATE "users" SET name=? WHERE users.id = ?',
        "  delete from memberships WHERE memberships.id = ?",
        "TRUNCATE meetings, agenda_items RESTART IDENTITY",
    ],
)
def test_writes_to_the_portals_tables_count(statement):
    assert writes_pages(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT bodies.id FROM bodies",
        "INSERT INTO calendar_feed_states (feed) VALUES (?)",
        "UPDATE calendar_feed_states SET etag=?",
        "UPDATE data_version SET version = version + 1",
        "SAVEPOINT sa_savepoint_1",
        "-- UPDATE bodies\nSELECT 1",
    ],
)
def test_reads_and_the_untracked_tables_do_not(statement):
    assert not writes_pages(statement)


@pytest.fixture
def database():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE data_version (id INTEGER PRIMARY KEY, version BIGINT)")
    yield connection
    connection.close()


def _version(connection) -> int:
    return connection.execute("SELECT version FROM data_version WHERE id = 1").fetchone()[0]


def test_the_first_raise_creates_the_row_at_the_given_time(database):
    database.execute(bump_statement("sqlite", 1_000))

    assert _version(database) == 1_000


def test_a_raise_moves_to_the_later_time(database):
    database.execute(bump_statement("sqlite", 1_000))
    database.execute(bump_statement("sqlite", 5_000))

    assert _version(database) == 5_000


def test_a_raise_with_a_clock_behind_still_grows_by_one(database):
    database.execute(bump_statement("sqlite", 5_000))
    database.execute(bump_statement("sqlite", 1_000))
    database.execute(bump_statement("sqlite", 5_000))

    assert _version(database) == 5_002


def test_postgresql_uses_greatest():
    assert "GREATEST(data_version.version + 1, excluded.version)" in bump_statement("postgresql", 1)
