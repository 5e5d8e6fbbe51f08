"""Open an uploaded .docx package, or say in German why it cannot be read.

Uploads come from anywhere: old binary .doc files, password-protected files (an OLE container
around the encrypted package), broken zips and zip bombs are refused with a message the
secretariat can act on, before python-docx parses anything. The notes (footnotes, endnotes,
comments) are read from their parts here too, so the report can quote what it leaves out.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.document import Document as DocxDocument
from lxml import etree

from documents.docx_import.inline import clean
from documents.docx_import.wordml import ID, P, T

#: Packages that unpack to more than this are refused (a zip bomb would exhaust the worker).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024

NOT_DOCX = "Die Datei ist kein Word-Dokument im DOCX-Format."
OLD_DOC = (
    "Die Datei ist im alten Word-Format (.doc). Bitte in Word als „Word-Dokument (*.docx)“ "
    "speichern und erneut hochladen."
)
ENCRYPTED = (
    "Das Word-Dokument ist mit einem Kennwort geschützt. Bitte den Kennwortschutz entfernen "
    "und erneut hochladen."
)
BROKEN = "Das Word-Dokument ist beschädigt und kann nicht gelesen werden."
TOO_BIG = "Das Word-Dokument ist entpackt zu groß, um es zu übernehmen."

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx is an OLE container holding this stream; a plain .doc has none.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


class UnreadableDocument(ValueError):
    """The bytes are not a Word document the import can read; the message is German."""


def open_document(data: bytes) -> DocxDocument:
    """Open the package with python-docx, or say in German why the file cannot be read."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(ENCRYPTED if _ENCRYPTION_STREAM in data else OLD_DOC)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise UnreadableDocument(NOT_DOCX) from error
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise UnreadableDocument(NOT_DOCX)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(TOO_BIG)
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
    except ValueError as error:
        raise UnreadableDocument(NOT_DOCX if "not a Word file" in str(error) else BROKEN) from error
    except Exception as error:  # python-docx fails in many ways on broken parts
        raise UnreadableDocument(BROKEN) from error
    if body is None:
        raise UnreadableDocument(BROKEN)
    return document


def note_texts(*roots: etree._Element | None) -> dict[tuple[str, str], str]:
    """Map (kind, id) of footnotes, endnotes and comments to their text, for the notes."""
    texts = {}
    for root in roots:
        for note in () if root is None else root:
            if isinstance(note.tag, str):
                text = clean(
                    " ".join("".join(t.text or "" for t in p.iter(T)) for p in note.iter(P))
                )
                texts[(etree.QName(note).localname, note.get(ID) or "")] = text.strip()
    return texts
