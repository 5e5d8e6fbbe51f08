"""The migration to files on disk moves every stored file's bytes into the file store, and back."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portal import create_app, init_migrations
from portal.config import normalise_database_url
from portal.extensions import db
from tests.conftest import TEST_DATABASE_URL, base_config

BEFORE = "745266b0e6c2"
REVISION = "b7f0c1d2e3a4"
PAPER = b"%PDF-1.4\nSachstandsbericht 2026\n%%EOF\n"
SHEET = b"Kommune;Faelle\nNeuss;12\n"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database of its own: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migration.db'}"
        return
    server = make_url(normalise_database_url(TEST_DATABASE_URL))
    name = f"kim_files_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _app(tmp_path, url: str = ""):
    url = url or f"sqlite:///{tmp_path / 'migration.db'}"
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=url, FILE_STORAGE_PATH=str(tmp_path)))
    init_migrations(app)
    return app


def _columns() -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns("stored_files")}


def _insert(file_id: int, filename: str, data: bytes) -> None:
    db.session.execute(
        text(
            "INSERT INTO stored_files (id, filename, content_type, size, sha512, data, created_at)"
            " VALUES (:id, :filename, 'application/pdf', :size, :sha512, :data, :created_at)"
        ),
        {
            "id": file_id,
            "filename": filename,
            "size": len(data),
            "sha512": hashlib.sha512(data).hexdigest(),
            "data": data,
            "created_at": datetime(2026, 11, 20, 9, tzinfo=UTC),
        },
    )


def _insert_row(table: str, **values) -> None:
    """Insert a row, with a plain value in every other required column (SQLite only)."""
    for _cid, name, kind, notnull, default, primary in db.session.execute(
        text(f"PRAGMA table_info({table})")
    ):
        if name in values or not notnull or default is not None or primary:
            continue
        kind = kind.upper()
        if kind.startswith(("INTEGER", "BOOLEAN")):
            values[name] = 1 if kind.startswith("INTEGER") else False
        elif kind.startswith("DATETIME"):
            values[name] = datetime(2026, 11, 20, 9, tzinfo=UTC)
        else:
            values[name] = "x"
    names = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    db.session.execute(text(f"INSERT INTO {table} ({names}) VALUES ({params})"), values)


def _blob(tmp_path, data: bytes):
    sha256 = hashlib.sha256(data).hexdigest()
    return tmp_path / sha256[:2] / sha256[2:4] / sha256


def test_the_bytes_of_existing_files_end_up_on_disk_and_the_column_goes(tmp_path, database_url):
    app = _app(tmp_path, database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        _insert(1, "Bericht.pdf", PAPER)
        _insert(2, "Zahlen.csv", SHEET)
        _insert(3, "Bericht (Kopie).pdf", PAPER)
        db.session.commit()

        upgrade(revision=REVISION)

        rows = db.session.execute(
            text("SELECT id, sha256, version, first_id FROM stored_files ORDER BY id")
        ).all()
        db.session.remove()
        columns = _columns()
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, hashlib.sha256(PAPER).hexdigest(), 1, None),
        (2, hashlib.sha256(SHEET).hexdigest(), 1, None),
        (3, hashlib.sha256(PAPER).hexdigest(), 1, None),
    ]
    assert _blob(tmp_path, PAPER).read_bytes() == PAPER
    assert _blob(tmp_path, SHEET).read_bytes() == SHEET
    blobs = [path for path in tmp_path.rglob("*") if path.is_file() and path.suffix != ".db"]
    assert len(blobs) == 2, "the same content is stored once"
    assert "data" not in columns and {"sha256", "version", "first_id"} <= columns


def test_files_that_papers_refer_to_are_moved_too(tmp_path):
    """SQLite enforces foreign keys during the migration: the table must not be copied."""
    app = _app(tmp_path)
    with app.app_context():
        upgrade(revision=BEFORE)
        _insert(1, "Bericht.pdf", PAPER)
        _insert_row("bodies", id=1, slug="lenkungsgruppe")
        _insert_row(
            "meetings",
            id=1,
            body_id=1,
            starts_at=datetime(2026, 11, 24, 13, tzinfo=UTC),
            ends_at=datetime(2026, 11, 24, 15, tzinfo=UTC),
        )
        _insert_row("agenda_items", id=1, meeting_id=1, parent_id=None, proposal_id=None)
        _insert_row("agenda_item_attachments", id=1, agenda_item_id=1, file_id=1)
        db.session.commit()

        upgrade(revision=REVISION)

        sha256 = db.session.scalar(
            text(
                "SELECT sha256 FROM stored_files JOIN agenda_item_attachments AS paper "
                "ON paper.file_id = stored_files.id"
            )
        )
        violations = db.session.execute(text("PRAGMA foreign_key_check")).all()
        db.session.remove()
        db.engine.dispose()
    assert sha256 == hashlib.sha256(PAPER).hexdigest()
    assert violations == []
    assert _blob(tmp_path, PAPER).read_bytes() == PAPER


def test_the_downgrade_reads_the_bytes_back_from_disk(tmp_path, database_url):
    app = _app(tmp_path, database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        _insert(1, "Bericht.pdf", PAPER)
        db.session.commit()
        upgrade(revision=REVISION)

        downgrade(revision=BEFORE)

        data = db.session.scalar(text("SELECT data FROM stored_files WHERE id = 1"))
        db.session.remove()
        columns = _columns()
        db.engine.dispose()
    assert bytes(data) == PAPER
    assert "sha256" not in columns and "version" not in columns
