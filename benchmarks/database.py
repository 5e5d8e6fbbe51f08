"""A fresh database for one benchmark run: a SQLite file in a temp dir, or a new PostgreSQL
database that is created for the run and dropped afterwards.

The harness never writes into a database that existed before it started: on PostgreSQL it issues
``CREATE DATABASE`` (which fails if the name is taken) and drops only what it created.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal.config import normalise_database_url

#: Database on the server used only to run CREATE/DROP DATABASE.
MAINTENANCE_DATABASE = "postgres"


@dataclass(frozen=True)
class Database:
    """Where the app of this run keeps its data."""

    url: str
    backend: str
    #: Shown in the report (no password).
    display: str


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"refusing unusual database name {name!r}")
    return f'"{name}"'


@contextmanager
def fresh_database(
    server_url: str | None, workdir: Path, *, keep: bool = False
) -> Iterator[Database]:
    """Yield a new, empty database and remove it afterwards (unless ``keep``).

    Without ``server_url`` a SQLite file in ``workdir``. With a PostgreSQL URL: a database named
    as in the URL, or ``kim_bench_<random>`` if the URL names none (or names the maintenance
    database ``postgres``).
    """
    if not server_url:
        path = workdir / "bench.db"
        yield Database(url=f"sqlite:///{path}", backend="sqlite", display=str(path))
        return

    url = make_url(normalise_database_url(server_url))
    if url.get_backend_name() != "postgresql":
        raise SystemExit(f"--database-url must be a PostgreSQL URL, got {url.get_backend_name()}")
    name = url.database
    if not name or name == MAINTENANCE_DATABASE:
        name = f"kim_bench_{secrets.token_hex(4)}"
    admin = create_engine(url.set(database=MAINTENANCE_DATABASE), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {_quote(name)} ENCODING 'UTF8'"))
        run_url = url.set(database=name)
        try:
            yield Database(
                url=run_url.render_as_string(hide_password=False),
                backend="postgresql",
                display=run_url.render_as_string(hide_password=True),
            )
        finally:
            if keep:
                print(f"Keeping database {name} (--keep-database).")
            else:
                with admin.connect() as connection:
                    connection.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))
    finally:
        admin.dispose()
