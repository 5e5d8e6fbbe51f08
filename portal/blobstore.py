"""Content-addressed storage of uploaded files on disk, by the SHA-256 of their content.

A blob lives at ``<root>/<sha256[:2]>/<sha256[2:4]>/<sha256>``: the name is the content, so the
same bytes uploaded twice (a paper attached to two items, a version uploaded again) are kept
once, and a blob is never changed after it is written. Writing goes through a temporary file
in the blob's own folder, flushed to the disk and renamed into place, so a reader sees the whole
file or none, even if the process dies half-way.

Rows in the database refer to blobs by hash; nothing here knows about them. A blob no row
refers to any more (a removed attachment, a rolled-back upload) stays until
:func:`collect_garbage` is given the set of hashes still referred to. Several portal hosts
must share the root folder, and backups must include it next to the database.

No Flask and no database: the file service (``portal.services.files``) builds a store from the
app's ``FILE_STORAGE_PATH``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

#: How much of the content is hashed and written at once.
_CHUNK = 1024 * 1024
#: Temporary files of unfinished writes start with this; the collector removes stale ones.
_TEMP_PREFIX = ".tmp-"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Hasher(Protocol):
    """What ``hashlib`` objects offer: the store feeds further checksums in the same pass."""

    def update(self, data: bytes, /) -> None: ...


class BlobMissing(LookupError):
    """The store has no blob with this hash (deleted by hand, or a lost shared folder)."""

    def __init__(self, sha256: str, path: Path):
        super().__init__(f"blob {sha256} is missing from the file store (expected at {path})")
        self.sha256 = sha256
        self.path = path


@dataclass(frozen=True)
class GarbageReport:
    """What :func:`collect_garbage` found and did."""

    removed: int = 0
    removed_bytes: int = 0
    #: Unreferenced blobs younger than the grace period (perhaps of an upload not yet committed).
    kept_recent: int = 0
    referenced: int = 0
    #: Leftovers of writes that never finished, removed.
    removed_temporary: int = 0


def _check_hash(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


class BlobStore:
    """The blobs under one root folder."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """Return where the blob with this hash lives (whether or not it exists)."""
        _check_hash(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """Return whether the blob with this hash is stored."""
        return self.path_of(sha256).is_file()

    def write(self, data: bytes, *, also: Iterable[Hasher] = ()) -> str:
        """Store the content and return its SHA-256 (hex); each of ``also`` sees it too.

        Content already stored is not written again, but its time is renewed, so the collector
        does not take it while the new row that refers to it is still being committed.
        """
        extra = list(also)
        digest = hashlib.sha256()
        view = memoryview(data)
        for start in range(0, len(view), _CHUNK):
            chunk = view[start : start + _CHUNK]
            digest.update(chunk)
            for hasher in extra:
                hasher.update(chunk)
        sha256 = digest.hexdigest()
        path = self.path_of(sha256)
        try:
            if path.stat().st_size == len(data):
                _renew(path)
                return sha256
        except FileNotFoundError:
            pass
        self._write_new(path, view)
        return sha256

    def _write_new(self, path: Path, view: memoryview) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.parent / f"{_TEMP_PREFIX}{path.name}.{os.getpid()}.{time.monotonic_ns()}"
        try:
            with open(temporary, "xb") as handle:
                handle.write(view)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _fsync_folder(path.parent)

    def open(self, sha256: str) -> BinaryIO:
        """Open the blob for reading; raises :class:`BlobMissing` if it is not stored."""
        path = self.path_of(sha256)
        try:
            return open(path, "rb")
        except FileNotFoundError:
            raise BlobMissing(sha256, path) from None

    def size(self, sha256: str) -> int:
        """Return the blob's size in bytes; raises :class:`BlobMissing` if it is not stored."""
        path = self.path_of(sha256)
        try:
            return path.stat().st_size
        except FileNotFoundError:
            raise BlobMissing(sha256, path) from None

    def chunks(self, sha256: str, chunk_size: int = _CHUNK) -> Iterator[bytes]:
        """Yield the blob's content piece by piece, for streaming it to a client.

        The file is opened at the first piece, not before, and closed after the last or when
        the iteration is closed: a response whose body is never sent holds no open file.
        """
        with self.open(sha256) as handle:
            while chunk := handle.read(chunk_size):
                yield chunk

    def read(self, sha256: str) -> bytes:
        """Return the blob's content; raises :class:`BlobMissing` if it is not stored."""
        with self.open(sha256) as handle:
            return handle.read()

    def delete(self, sha256: str) -> bool:
        """Remove the blob; return whether there was one."""
        try:
            self.path_of(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def entries(self) -> Iterator[Path]:
        """Yield the path of every file in the store's blob folders, blobs and leftovers alike."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if not first.is_dir() or len(first.name) != 2:
                continue
            for second in sorted(first.iterdir()):
                if second.is_dir() and len(second.name) == 2:
                    yield from sorted(path for path in second.iterdir() if path.is_file())


def _renew(path: Path) -> None:
    """Set the blob's time to now; a blob another account owns keeps its time."""
    with contextlib.suppress(PermissionError):
        os.utime(path)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def collect_garbage(
    store: BlobStore, referenced: set[str], *, older_than_seconds: float, now: float | None = None
) -> GarbageReport:
    """Remove the blobs no row refers to that are older than the grace period.

    The grace period protects uploads in flight: their blob is written before the row that
    refers to it is committed. Temporary files of writes that died are removed after it too.
    """
    cutoff = (time.time() if now is None else now) - older_than_seconds
    removed = removed_bytes = kept_recent = kept = temporary = 0
    for path in store.entries():
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed meanwhile, by another collector
            continue
        if path.name.startswith(_TEMP_PREFIX):
            if stat.st_mtime < cutoff:
                path.unlink(missing_ok=True)
                temporary += 1
            continue
        if not _SHA256.fullmatch(path.name):
            continue
        if path.name in referenced:
            kept += 1
        elif stat.st_mtime >= cutoff:
            kept_recent += 1
        else:
            path.unlink(missing_ok=True)
            removed += 1
            removed_bytes += stat.st_size
    return GarbageReport(
        removed=removed,
        removed_bytes=removed_bytes,
        kept_recent=kept_recent,
        referenced=kept,
        removed_temporary=temporary,
    )
