"""SQLite runs in WAL mode with a busy timeout; writing requests take the lock up front."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import event, func, select, text

from portal import create_app
from portal.extensions import db
from portal.models import FeedbackMessage
from tests.conftest import ON_POSTGRES, RequestIsolatingClient, base_config

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="SQLite behaviour")


@pytest.fixture
def file_app(tmp_path):
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.db'}"))
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        db.create_all()
        yield app, tmp_path / "wal.db"
        db.session.remove()
        db.engine.dispose()


def test_wal_mode_and_busy_timeout(file_app):
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_posts_begin_immediate_and_gets_begin_deferred(file_app):
    app, _path = file_app
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()

    client.get("/bodies/")
    reads = [s for s in statements if s.startswith("BEGIN")]
    statements.clear()
    client.post("/barrierefreiheit", data={"message": "Fokusrahmen fehlt"})
    writes = [s for s in statements if s.startswith("BEGIN")]

    assert reads and set(reads) == {"BEGIN"}
    assert writes and set(writes) == {"BEGIN IMMEDIATE"}


def test_a_writer_waits_for_another_writer_instead_of_failing(file_app):
    app, path = file_app
    holder_ready = threading.Event()

    def hold_write_lock():
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        holder_ready.set()
        time.sleep(0.5)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold_write_lock)
    holder.start()
    holder_ready.wait()
    started = time.monotonic()

    response = app.test_client().post(
        "/barrierefreiheit", data={"message": "Bitte größere Schrift"}
    )

    waited = time.monotonic() - started
    holder.join()
    assert response.status_code == 302
    assert waited >= 0.3
    assert db.session.scalar(select(func.count()).select_from(FeedbackMessage)) == 1
