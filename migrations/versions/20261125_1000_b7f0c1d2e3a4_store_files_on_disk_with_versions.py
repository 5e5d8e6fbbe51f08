"""Store uploaded files on disk by their SHA-256, and give them versions.

Moves the content of every stored file from the ``data`` column into the content-addressed file
store (``FILE_STORAGE_PATH``, ``<sha256[:2]>/<sha256[2:4]>/<sha256>``), one row at a time so a
large table is never held in memory, then drops the column. ``first_id`` and ``version`` link
the versions of a file; every existing file becomes version 1.

The file store is written with its own few lines here, not with ``portal.blobstore``, so this
migration keeps doing what it did when that module changes.

SQLite: only native ``ALTER TABLE`` steps (add and drop column, create index), no batch copy.
The portal's connections enforce foreign keys and a migration runs inside a transaction, where
SQLite cannot switch them off; copying ``stored_files`` would then fail at dropping the old table
while attachments refer to it. Hence the new NOT NULL columns keep their server default there
(PostgreSQL drops it), and the unique pair (first_id, version) is a unique index everywhere.

Downgrade reads the content back from the store into ``data``; versions other than the current
ones stay as unattached rows.

Revision ID: b7f0c1d2e3a4
Revises: 745266b0e6c2
Create Date: 2026-11-25 10:00:00

"""

import hashlib
import os
import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "b7f0c1d2e3a4"
down_revision = "745266b0e6c2"
branch_labels = None
depends_on = None

_FILES = sa.table(
    "stored_files",
    sa.column("id", sa.Integer()),
    sa.column("data", sa.LargeBinary()),
    sa.column("sha256", sa.String()),
)


def _store_root() -> Path:
    configured = current_app.config.get("FILE_STORAGE_PATH")
    return Path(configured or Path(current_app.instance_path) / "files")


def _blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:4] / sha256


def _write_blob(root: Path, data: bytes) -> str:
    """Write the content to the store unless it is there already; return its SHA-256."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = _blob_path(root, sha256)
    if path.is_file() and path.stat().st_size == len(data):
        return sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256


def _ids(bind) -> list[int]:
    return list(bind.execute(sa.select(_FILES.c.id).order_by(_FILES.c.id)).scalars())


def _move_to_store(bind) -> None:
    root = _store_root()
    for file_id in _ids(bind):
        data = bind.execute(sa.select(_FILES.c.data).where(_FILES.c.id == file_id)).scalar()
        sha256 = _write_blob(root, data or b"")
        bind.execute(_FILES.update().where(_FILES.c.id == file_id).values(sha256=sha256))


def _read_back(bind) -> None:
    root = _store_root()
    for file_id in _ids(bind):
        sha256 = bind.execute(sa.select(_FILES.c.sha256).where(_FILES.c.id == file_id)).scalar()
        path = _blob_path(root, sha256)
        if not path.is_file():
            raise RuntimeError(f"stored file {file_id}: its content is missing at {path}")
        data = path.read_bytes()
        bind.execute(_FILES.update().where(_FILES.c.id == file_id).values(data=data))


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column(
        "stored_files",
        sa.Column("sha256", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "stored_files",
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
    if sqlite:
        op.add_column(
            "stored_files",
            sa.Column("first_id", sa.Integer(), sa.ForeignKey("stored_files.id"), nullable=True),
            inline_references=True,
        )
    else:
        op.add_column("stored_files", sa.Column("first_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_stored_files_first_id_stored_files"),
            "stored_files",
            "stored_files",
            ["first_id"],
            ["id"],
        )
    _move_to_store(bind)
    if not sqlite:
        op.alter_column("stored_files", "sha256", server_default=None)
        op.alter_column("stored_files", "version", server_default=None)
    op.create_index(op.f("ix_stored_files_sha256"), "stored_files", ["sha256"], unique=False)
    op.create_index(
        "ix_stored_files_first_id_version", "stored_files", ["first_id", "version"], unique=True
    )
    op.drop_column("stored_files", "data")


def downgrade():
    bind = op.get_bind()
    op.add_column("stored_files", sa.Column("data", sa.LargeBinary(), nullable=True))
    _read_back(bind)
    op.drop_index("ix_stored_files_first_id_version", table_name="stored_files")
    op.drop_index(op.f("ix_stored_files_sha256"), table_name="stored_files")
    if bind.dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_stored_files_first_id_stored_files"), "stored_files", type_="foreignkey"
        )
    op.drop_column("stored_files", "first_id")
    op.drop_column("stored_files", "version")
    op.drop_column("stored_files", "sha256")
