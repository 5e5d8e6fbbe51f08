"""The content-addressed file store: layout, writing once, reading, and collecting garbage."""

from __future__ import annotations

import ast
import hashlib
import os
import time
from pathlib import Path

import pytest

from portal.blobstore import BlobMissing, BlobStore, collect_garbage

CONTENT = b"%PDF-1.4\nSachstandsbericht\n%%EOF\n"
SHA256 = hashlib.sha256(CONTENT).hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_a_blob_is_stored_under_its_sha256_in_two_levels_of_folders(tmp_path):
    store = BlobStore(tmp_path)

    digest = store.write(CONTENT)

    assert digest == SHA256
    expected = tmp_path / SHA256[:2] / SHA256[2:4] / SHA256
    assert store.path_of(digest) == expected
    assert _files(tmp_path) == [expected]
    assert expected.read_bytes() == CONTENT


def test_the_same_content_written_twice_is_stored_once(tmp_path):
    store = BlobStore(tmp_path)

    first = store.write(CONTENT)
    second = store.write(bytes(CONTENT))

    assert first == second
    assert len(_files(tmp_path)) == 1


def test_different_content_gets_different_blobs(tmp_path):
    store = BlobStore(tmp_path)

    store.write(CONTENT)
    store.write(CONTENT + b" ")

    assert len(_files(tmp_path)) == 2


def test_further_checksums_are_computed_in_the_same_pass(tmp_path):
    sha512 = hashlib.sha512()

    BlobStore(tmp_path).write(CONTENT * 100_000, also=(sha512,))

    assert sha512.hexdigest() == hashlib.sha512(CONTENT * 100_000).hexdigest()


def test_reading_gives_back_the_bytes(tmp_path):
    store = BlobStore(tmp_path)
    digest = store.write(CONTENT)

    assert store.read(digest) == CONTENT
    with store.open(digest) as handle:
        assert handle.read() == CONTENT
    assert store.exists(digest)


def test_a_missing_blob_raises_a_clear_error(tmp_path):
    store = BlobStore(tmp_path)

    with pytest.raises(BlobMissing, match=f"blob {SHA256} is missing") as raised:
        store.read(SHA256)

    assert raised.value.path == store.path_of(SHA256)
    assert not store.exists(SHA256)


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABC", SHA256.upper(), SHA256[:-1]])
def test_only_sha256_digests_name_blobs(tmp_path, name):
    with pytest.raises(ValueError, match="not a SHA-256"):
        BlobStore(tmp_path).path_of(name)


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def fail(_source, _target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)

    with pytest.raises(OSError, match="disk full"):
        BlobStore(tmp_path).write(CONTENT)

    assert _files(tmp_path) == []


def test_writing_known_content_again_renews_its_time_so_the_collector_keeps_it(tmp_path):
    store = BlobStore(tmp_path)
    path = store.path_of(store.write(CONTENT))
    _age(path, 48)

    store.write(CONTENT)

    assert time.time() - path.stat().st_mtime < 60


def test_a_truncated_blob_is_written_anew(tmp_path):
    store = BlobStore(tmp_path)
    path = store.path_of(store.write(CONTENT))
    path.write_bytes(CONTENT[:5])

    store.write(CONTENT)

    assert path.read_bytes() == CONTENT


def test_the_collector_removes_only_unreferenced_blobs_older_than_the_grace_period(tmp_path):
    store = BlobStore(tmp_path)
    referenced_old = store.write(b"referenced")
    unreferenced_old = store.write(b"removed attachment")
    unreferenced_new = store.write(b"upload not yet committed")
    for digest in (referenced_old, unreferenced_old):
        _age(store.path_of(digest), 48)

    report = collect_garbage(store, {referenced_old}, older_than_seconds=24 * 3600)

    assert (report.removed, report.referenced, report.kept_recent) == (1, 1, 1)
    assert report.removed_bytes == len(b"removed attachment")
    assert not store.exists(unreferenced_old)
    assert store.exists(referenced_old) and store.exists(unreferenced_new)


def test_the_collector_removes_stale_leftovers_of_unfinished_writes(tmp_path):
    store = BlobStore(tmp_path)
    digest = store.write(CONTENT)
    folder = store.path_of(digest).parent
    stale, fresh = folder / ".tmp-stale", folder / ".tmp-fresh"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    _age(stale, 48)

    report = collect_garbage(store, {digest}, older_than_seconds=24 * 3600)

    assert report.removed_temporary == 1
    assert not stale.exists() and fresh.exists() and store.exists(digest)


def test_the_collector_of_an_empty_or_absent_store_finds_nothing(tmp_path):
    report = collect_garbage(BlobStore(tmp_path / "nie angelegt"), set(), older_than_seconds=0)

    assert report.removed == report.referenced == report.kept_recent == 0


def test_the_store_imports_nothing_of_the_framework():
    source = Path(__file__).resolve().parents[3] / "portal" / "blobstore.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)

    assert not {name for name in imported if name.startswith(("flask", "sqlalchemy", "portal"))}
