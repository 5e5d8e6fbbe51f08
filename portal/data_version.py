"""Keep the data version (:class:`portal.models.DataVersion`) in step with every committed write.

The cached pages of every process are only as right as this number, so it is raised where no
write can slip past: on the engine, for every statement that writes, whatever issued it (a
service through the ORM, a bulk ``update()``, a CLI command, a migration's data step). The first
writing statement of a transaction marks the connection; the commit of a marked connection
raises the version in the same transaction, right before ``COMMIT``, so a reader never sees the
new data under the old number. A rolled-back transaction raises nothing.

Migrations are not tracked (``track_data_version=False`` in ``migrations/env.py``): they run
before the table exists, and the processes restart after an upgrade anyway. Two tables are left
out: the version itself, and the calendar feeds' stored answers, a cache of
their own whose rows change no page.
"""

from __future__ import annotations

import re
import time

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from portal.models.data_version import DataVersion

#: Writes to these tables change no page.
UNTRACKED_TABLES = frozenset({"data_version", "calendar_feed_states"})

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?(\w+)', re.IGNORECASE)
_MARK = "kim_data_written"
_GREATEST = {"sqlite": "MAX", "postgresql": "GREATEST"}
_READ = select(DataVersion.version).where(DataVersion.id == 1)


def writes_pages(statement: str) -> bool:
    """Tell whether a SQL statement writes to a table that pages are made from."""
    match = _WRITE.match(statement)
    return match is not None and match.group(1).lower() not in UNTRACKED_TABLES


def bump_statement(dialect: str, now_us: int) -> str:
    """Return the upsert that raises the version to at least ``now_us`` and past its last value.

    An upsert, not an update: a database emptied by ``TRUNCATE`` (the tests do) has no row.
    """
    greatest = _GREATEST[dialect]
    return (
        f"INSERT INTO data_version (id, version) VALUES (1, {int(now_us)}) "
        f"ON CONFLICT (id) DO UPDATE SET version = "
        f"{greatest}(data_version.version + 1, excluded.version)"
    )


def track_writes(engine: Engine) -> None:
    """Install the listeners on an engine (once per engine)."""
    if event.contains(engine, "commit", _raise_on_commit):
        return
    event.listen(engine, "before_cursor_execute", _mark_write)
    event.listen(engine, "commit", _raise_on_commit)
    event.listen(engine, "rollback", _forget)


def _mark_write(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    info = connection.info
    if _MARK in info or not writes_pages(statement):
        return
    if connection.get_execution_options().get("track_data_version", True):
        info[_MARK] = True


def _raise_on_commit(connection) -> None:
    if not connection.info.pop(_MARK, False):
        return
    sql = bump_statement(connection.dialect.name, time.time_ns() // 1000)
    # On the driver's cursor: a statement through the engine would run these listeners again.
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def _forget(connection) -> None:
    # An invalidated connection (the server went away) has no record left to reset, and
    # touching ``info`` would try to reconnect in the middle of the rollback.
    if not connection.invalidated:
        connection.info.pop(_MARK, None)


def read_version(session: Session) -> int | None:
    """Return the current data version, or ``None`` before the first write ever."""
    return session.execute(_READ).scalar()
