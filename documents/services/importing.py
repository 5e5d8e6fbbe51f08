"""Starting a draft from a Word file: the Handlungskonzept exists today as a DOCX.

The file is checked like every upload (extension, content, size) but not stored: its text
becomes the draft's sections. What the import could not carry over is returned, so the page can
list it and nothing is dropped without the secretariat knowing.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from documents.docx_import import ImportProblem, UnreadableDocument, import_docx
from documents.models import Document, DocumentVersion
from documents.services.versions import create_draft_from_sections
from portal import filetypes
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, require
from portal.services.files import Upload, max_size_text

MAX_SECTIONS = 2000


def _read_docx(upload: Upload | None) -> bytes:
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    name = (getattr(upload, "filename", None) or "") if upload is not None else ""
    data = upload.stream.read(limit + 1) if upload is not None and upload.stream else b""
    if not name and not data:
        raise InvalidInput([("file", _("Bitte wählen Sie eine Word-Datei aus."))])
    if not data:
        raise InvalidInput([("file", _("Die Datei ist leer. Bitte wählen Sie eine andere Datei."))])
    if len(data) > limit:
        message = _("Die Datei ist zu groß: erlaubt sind höchstens %(max)s.", max=max_size_text())
        raise InvalidInput([("file", message)])
    kind = filetypes.file_type(filetypes.clean_filename(name))
    if kind is None or kind.content_type != filetypes.DOCX or filetypes.sniff(kind, data) is None:
        message = _(
            "Bitte laden Sie ein Word-Dokument im Format DOCX hoch (ältere .doc-Dateien bitte "
            "zuerst in Word als .docx speichern)."
        )
        raise InvalidInput([("file", message)])
    return data


def import_draft(
    actor: User, document: Document, upload: Upload | None, *, change_note: str = ""
) -> tuple[DocumentVersion, tuple[ImportProblem, ...]]:
    """Create the next draft from an uploaded Word file; return it and what was not taken over."""
    require(actor, Action.DOCUMENT_MANAGE, document)
    data = _read_docx(upload)
    try:
        result = import_docx(data)
    except UnreadableDocument as error:
        raise InvalidInput([("file", str(error))]) from None
    if not result.sections:
        message = _(
            "In der Datei wurden keine Überschriften gefunden. Bitte formatieren Sie die "
            "Kapitel mit den Formatvorlagen „Überschrift 1“ bis „Überschrift 3“."
        )
        raise InvalidInput([("file", message)])
    if len(result.sections) > MAX_SECTIONS:
        message = _("Die Datei hat mehr als %(max)d Abschnitte.", max=MAX_SECTIONS)
        raise InvalidInput([("file", message)])
    version = create_draft_from_sections(
        actor,
        document,
        ((s.level, s.heading, s.body) for s in result.sections),
        change_note=change_note,
        facts={
            "filename": filetypes.clean_filename(getattr(upload, "filename", "") or ""),
            "sections": len(result.sections),
            "problems": [f"{p.location}: {p.message}" for p in result.problems],
        },
    )
    version.import_report = [f"{p.location}: {p.message}" for p in result.problems] or None
    db.session.commit()
    return version, result.problems
