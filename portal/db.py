"""Declarative base, naming convention and shared column types.

Every model in every area derives from :class:`Base`, so one metadata object (with one naming
convention, needed for Alembic batch migrations on SQLite) holds the whole schema.
"""

from __future__ import annotations

import contextvars
import time
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from sqlalchemy import ColumnElement, DateTime, Engine, Enum, MetaData, String, and_, event, or_
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, scoped_session
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Store timezone-aware datetimes as UTC; reject naive ones.

    SQLite has no timezone type, so values come back naive there; this type makes them aware
    again, and both databases then behave the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store timezone-aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class: type[StrEnum], length: int = 30) -> Enum:
    """Store a StrEnum by value as a plain string, the same on SQLite and PostgreSQL."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def in_effect_on(model, day) -> ColumnElement[bool]:
    """Return a SQL condition: the row's ``starts_on``-``ends_on`` period includes the day.

    Memberships and assignments end on their last day and stay as history, so "current" is
    always this condition, never a flag.
    """
    return and_(model.starts_on <= day, or_(model.ends_on.is_(None), model.ends_on >= day))


intpk = Annotated[int, mapped_column(primary_key=True)]
str200 = Annotated[str, mapped_column(String(200))]
utc_datetime = Annotated[datetime, mapped_column(UTCDateTime())]


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Set for requests that may write (POST and friends) and for CLI commands that write: on SQLite
# the transaction then starts with BEGIN IMMEDIATE, taking the write lock up front, so two
# writers queue on the busy timeout instead of failing half-way with "database is locked".
write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)


def begin_read_only_poll(session) -> bool:
    """Let the session's next statements run without a transaction on PostgreSQL.

    For requests that read one statement and are asked very often (calendar polls, kept
    pages): without ``BEGIN`` and the ``ROLLBACK`` when the connection goes back to the pool,
    two of the four round trips to the server go. Call it before the first statement of the
    request; if the request already read something (the session holds a connection), the poll
    simply joins that transaction. Returns whether it began; pass that to
    :func:`end_read_only_poll`. SQLite keeps its explicit ``BEGIN`` (its reads are cheap, and
    the begin hook below relies on it).
    """
    if session.get_bind().dialect.name != "postgresql" or _session_of(session).in_transaction():
        return False
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return True


def _session_of(session) -> Session:
    """The session itself behind a scoped session (which does not pass every method on)."""
    return session() if isinstance(session, scoped_session) else session


def end_read_only_poll(session, began: bool) -> None:
    """End what :func:`begin_read_only_poll` began, so the request's next reads run in a
    transaction again."""
    if began:
        session.rollback()


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_sqlite(engine: Engine) -> None:
    """Put a SQLite engine into WAL mode with a busy timeout and explicit transaction starts."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" hook below issue BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() folds only A-Z; searches and sorting must treat "Ö" like "ö", as
        # lower() does on PostgreSQL. No index is built on lower(), so replacing it is safe.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


_CHECKED_IN_AT = "kim_checked_in_at"


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Test a pooled connection before use if it sat unused for ``idle_seconds`` or more.

    Connections die while they sit in the pool: the database server restarts at night, a
    firewall drops quiet TCP connections. SQLAlchemy's ``pool_pre_ping`` tests every checkout,
    one more round trip for each request, which a calendar poll of one statement feels (a
    fifth of its time). A connection handed back moments ago is as alive as a tested one; one
    that waited longer is tested, and a dead one is replaced before the request sees it. A
    server restart under steady load still costs the requests that were using the pool at that
    moment one error each, after which SQLAlchemy refills the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _note_checkin(_dbapi_connection, record) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        checked_in = record.info.get(_CHECKED_IN_AT)
        if checked_in is not None and time.monotonic() - checked_in < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out a new one.
            raise DisconnectionError() from error
