"""Storing uploaded files and their versions: checked, named safely, summed, kept on disk.

Generic: papers of agenda items and attachments of proposals use it now, decisions and
documents later. The area that owns the file decides who may upload and who may download it;
this module only decides whether the file itself is acceptable, keeps its content in the blob
store (``portal.blobstore``) and its facts in a ``StoredFile`` row, and serves it.

The blob is written before the row is committed: a rolled-back upload leaves a blob nobody
refers to, which ``kim-portal files-gc`` removes later. Removing an attachment deletes its rows
but never a blob, which another file with the same content may share.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import BinaryIO, Protocol

from flask import Response, current_app, request
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from portal import filetypes
from portal.blobstore import BlobMissing, BlobStore, GarbageReport, collect_garbage
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.models import StoredFile, User

logger = logging.getLogger(__name__)


class Upload(Protocol):
    """What an upload needs to offer: Werkzeug's ``FileStorage`` does."""

    filename: str | None
    stream: BinaryIO


def blob_store() -> BlobStore:
    """Return the blob store of the running app (``FILE_STORAGE_PATH``)."""
    return BlobStore(current_app.config["FILE_STORAGE_PATH"])


def allowed_types_text() -> str:
    """Return the accepted kinds of file as the upload form's hint lists them."""
    return _(
        "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS, ODP), "
        "Text (TXT, CSV) und Bilder (PNG, JPG)"
    )


def max_size_text() -> str:
    """Return the largest accepted file size, e.g. "25 MB"."""
    return filetypes.size_text(current_app.config["ATTACHMENT_MAX_BYTES"])


def _read(upload: Upload | None, limit: int) -> bytes:
    """Read at most one byte more than the limit, so a huge upload is not held in memory."""
    if upload is None or getattr(upload, "stream", None) is None:
        return b""
    return upload.stream.read(limit + 1)


def _check(filename: str, data: bytes, limit: int, field: str) -> str:
    """Return the content type to store, or raise InvalidInput with the German reason."""
    if not data:
        raise InvalidInput([(field, _("Die Datei ist leer. Bitte wählen Sie eine andere Datei."))])
    if len(data) > limit:
        raise InvalidInput(
            [
                (
                    field,
                    _(
                        "Die Datei ist zu groß: erlaubt sind höchstens %(max)s.",
                        max=max_size_text(),
                    ),
                )
            ]
        )
    kind = filetypes.file_type(filename)
    if kind is None:
        raise InvalidInput(
            [
                (
                    field,
                    _(
                        "Dateien dieser Art können nicht hochgeladen werden. Erlaubt sind "
                        "%(types)s.",
                        types=allowed_types_text(),
                    ),
                )
            ]
        )
    content_type = filetypes.sniff(kind, data)
    if content_type is None:
        raise InvalidInput(
            [
                (
                    field,
                    _(
                        "Der Inhalt der Datei passt nicht zu ihrer Endung „.%(ext)s“. Bitte "
                        "prüfen Sie, ob Sie die richtige Datei gewählt haben.",
                        ext=filetypes.extension(filename),
                    ),
                )
            ]
        )
    return content_type


def _checked_upload(upload: Upload | None, field: str) -> tuple[str, str, bytes]:
    """Return the clean name, the content type and the content of an acceptable upload.

    Refused with a German message on ``field``: no file, an empty one, one larger than
    ``ATTACHMENT_MAX_BYTES``, an extension not on the allow-list, or content that does not
    match the extension. The content type is the one the content was recognised as.
    """
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    raw_name = (getattr(upload, "filename", None) or "") if upload is not None else ""
    data = _read(upload, limit)
    if not raw_name and not data:
        raise InvalidInput([(field, _("Bitte wählen Sie eine Datei aus."))])
    filename = filetypes.clean_filename(raw_name)
    return filename, _check(filename, data, limit, field), data


def _new_row(actor: User | None, filename: str, content_type: str, data: bytes) -> StoredFile:
    """Write the content to the blob store and return its row (not yet in the session)."""
    sha512 = hashlib.sha512()
    sha256 = blob_store().write(data, also=(sha512,))
    return StoredFile(
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=sha256,
        sha512=sha512.hexdigest(),
        uploaded_by_id=getattr(actor, "id", None),
    )


def store_file(actor: User | None, upload: Upload | None, *, field: str = "file") -> StoredFile:
    """Check an uploaded file, store its content and add its row (version 1) to the session.

    The caller checks access and commits. Refused as :func:`_checked_upload` says, before
    anything is written.
    """
    filename, content_type, data = _checked_upload(upload, field)
    stored = _new_row(actor, filename, content_type, data)
    stored.version = 1
    db.session.add(stored)
    return stored


def _lineage(first_id: int) -> ColumnElement[bool]:
    """The SQL condition selecting every version of the file whose version 1 is ``first_id``."""
    return or_(StoredFile.id == first_id, StoredFile.first_id == first_id)


def store_new_version(
    actor: User | None, current: StoredFile, upload: Upload | None, *, field: str = "file"
) -> StoredFile:
    """Check an uploaded file and add it to the session as the next version of ``current``.

    The same checks as :func:`store_file`; also refused: the very content of the current
    version. The row is flushed, so that of two versions uploaded at once the second gets a
    Conflict (the unique pair first_id, version). The caller checks access, points its owner
    at the new version and commits.
    """
    filename, content_type, data = _checked_upload(upload, field)
    first_id = current.first_id or current.id
    stored = _new_row(actor, filename, content_type, data)
    if stored.sha256 == current.sha256:
        message = _(
            "Diese Datei ist mit der aktuellen Version identisch. Bitte wählen Sie die geänderte "
            "Fassung."
        )
        raise InvalidInput([(field, message)])
    highest = db.session.scalar(select(func.max(StoredFile.version)).where(_lineage(first_id)))
    stored.first_id = first_id
    stored.version = (highest or 1) + 1
    db.session.add(stored)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        message = _(
            "Gerade wurde eine andere neue Version dieser Datei hochgeladen. Bitte laden Sie die "
            "Seite neu und prüfen Sie, ob Ihre Version noch nötig ist."
        )
        raise Conflict(message) from None
    return stored


def file_versions(stored: StoredFile) -> list[StoredFile]:
    """Return every version of the file, newest first (one query)."""
    query = (
        select(StoredFile)
        .where(_lineage(stored.first_id or stored.id))
        .order_by(StoredFile.version.desc())
    )
    return list(db.session.scalars(query))


def file_version(stored: StoredFile, version: int) -> StoredFile:
    """Return the given version of the file; NotFound if it has no such version."""
    found = db.session.scalar(
        select(StoredFile).where(
            _lineage(stored.first_id or stored.id), StoredFile.version == version
        )
    )
    if found is None:
        raise NotFound()
    return found


def load_versions(files: Iterable[StoredFile]) -> None:
    """Load the older versions of many files at once, for ``StoredFile.older_versions``.

    One query for all files that have more than one version, none if no file has.
    """
    versioned = [stored for stored in files if stored.first_id is not None]
    if not versioned:
        return
    first_ids = {stored.first_id for stored in versioned}
    rows = db.session.scalars(
        select(StoredFile).where(
            or_(StoredFile.id.in_(first_ids), StoredFile.first_id.in_(first_ids))
        )
    ).all()
    later: dict[int, list[StoredFile]] = defaultdict(list)
    firsts = {}
    for row in rows:
        if row.first_id is None:
            firsts[row.id] = row
        else:
            later[row.first_id].append(row)
    for first_id, first in firsts.items():
        versions = sorted(later[first_id], key=lambda row: row.version, reverse=True)
        set_committed_value(first, "later_versions", versions)
    # The session holds rows weakly: each file keeps its version 1, which keeps the others.
    for stored in versioned:
        set_committed_value(stored, "first", firsts.get(stored.first_id))


def delete_versions(stored: StoredFile) -> None:
    """Delete the rows of every version of the file; the blobs stay (see ``files-gc``).

    The caller has deleted what referred to the file, and commits.
    """
    db.session.flush()
    db.session.execute(delete(StoredFile).where(_lineage(stored.first_id or stored.id)))


def file_response(stored: StoredFile) -> Response:
    """Return the download of a stored file: as an attachment, under its own name and type.

    Streamed from the blob store (the file is opened only when the body is sent, so a 304 or
    a HEAD request opens nothing), answers ``If-None-Match`` with 304. The caller has checked
    that the actor may see it. A blob missing from the store is logged and answered with 404
    and a German message, not with a server error.
    """
    store = blob_store()
    try:
        size = store.size(stored.sha256)
    except BlobMissing as missing:
        logger.error("stored file %s is missing from the file store: %s", stored.id, missing)
        message = _(
            "Die Datei ist im Dateispeicher des Portals nicht vorhanden. Bitte wenden Sie sich "
            "an die Geschäftsführung."
        )
        raise NotFound(message) from None
    response = Response(
        store.chunks(stored.sha256), content_type=stored.content_type, direct_passthrough=True
    )
    response.content_length = size
    response.headers["Content-Disposition"] = filetypes.content_disposition(stored.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Should a browser show it after all, it runs no script and loads nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # The address of the current version serves the next one after an upload: ask each time.
    response.cache_control.no_cache = True
    response.cache_control.private = True
    response.set_etag(stored.sha512)
    response.last_modified = stored.created_at
    return response.make_conditional(request)


def collect_unreferenced_blobs(older_than_hours: float = 24) -> GarbageReport:
    """Remove blobs no stored file refers to that are older than the grace period."""
    referenced = set(db.session.scalars(select(StoredFile.sha256).distinct()))
    return collect_garbage(blob_store(), referenced, older_than_seconds=older_than_hours * 3600)


#: Longest title of an attached file (a paper of an agenda item, an annex of a proposal).
MAX_ATTACHMENT_TITLE = 300


def attachment_title(title: str | None) -> str:
    """Return the title of an attached file with its whitespace collapsed, or refuse it as too long.

    Empty means "use the file name", which the caller knows once the file is stored.
    """
    title = " ".join((title or "").split())
    if len(title) > MAX_ATTACHMENT_TITLE:
        message = _("Der Titel darf höchstens %(max)d Zeichen lang sein.", max=MAX_ATTACHMENT_TITLE)
        raise InvalidInput([("title", message)])
    return title


def file_facts(stored: StoredFile) -> dict:
    """Return what the audit log keeps of a stored file: name, type, size, checksums, version."""
    return {
        "filename": stored.filename,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "sha512": stored.sha512,
        "version": stored.version,
    }
