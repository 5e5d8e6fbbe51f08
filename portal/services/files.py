"""Storing uploaded files: checked against the allow-list, named safely, summed with SHA-512.

Generic: papers of agenda items use it now, proposals and documents later. The area that owns
the file decides who may upload and who may download it; this module only decides whether the
file itself is acceptable.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO, Protocol

from flask import current_app
from flask_babel import gettext as _

from portal import filetypes
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import StoredFile, User


class Upload(Protocol):
    """What an upload needs to offer: Werkzeug's ``FileStorage`` does."""

    filename: str | None
    stream: BinaryIO


def allowed_types_text() -> str:
    """Return the accepted kinds of file as the upload form's hint lists them."""
    return _(
        "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS, ODP), "
        "Text (TXT, CSV) und Bilder (PNG, JPG)"
    )


def max_size_text() -> str:
    """Return the largest accepted file size, e.g. "20 MB"."""
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


def store_file(actor: User | None, upload: Upload | None, *, field: str = "file") -> StoredFile:
    """Check an uploaded file and add it to the session; the caller checks access and commits.

    Refused with a German message on ``field``: no file, an empty one, one larger than
    ``ATTACHMENT_MAX_BYTES``, an extension not on the allow-list, or content that does not
    match the extension. The stored content type is the one the content was recognised as.
    """
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    raw_name = (getattr(upload, "filename", None) or "") if upload is not None else ""
    data = _read(upload, limit)
    if not raw_name and not data:
        raise InvalidInput([(field, _("Bitte wählen Sie eine Datei aus."))])
    filename = filetypes.clean_filename(raw_name)
    content_type = _check(filename, data, limit, field)
    stored = StoredFile(
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha512=hashlib.sha512(data).hexdigest(),
        data=data,
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(stored)
    return stored


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
    """Return what the audit log keeps of a stored file: its name, type, size and checksum."""
    return {
        "filename": stored.filename,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha512": stored.sha512,
    }
