"""Which files the portal accepts, what they are, and how their names and sizes are shown.

Pure functions, no Flask and no database: the file service (``portal.services.files``) checks an
upload with them, the pages show the type and size with them, and the download sets its
``Content-Disposition`` with them.

An upload is accepted only when its extension is on the allow-list *and* its first bytes look
like that kind of file, so a renamed HTML page or program does not pass as a PDF. The content
type stored is the one this module names, never the one the browser claimed.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
CSV = "text/csv"

#: The longest file name kept (the column's length).
MAX_FILENAME = 255
#: How far into a file text is checked for NUL bytes (binary files have them early).
_TEXT_PROBE = 8192


@dataclass(frozen=True)
class FileType:
    """One accepted kind of file: its content type and the short name the pages show."""

    content_type: str
    label: str


#: Accepted extensions (lower case, without the dot) and what they are.
ALLOWED: dict[str, FileType] = {
    "pdf": FileType(PDF, "PDF"),
    "docx": FileType(DOCX, "Word"),
    "xlsx": FileType(XLSX, "Excel"),
    "pptx": FileType(PPTX, "PowerPoint"),
    "odt": FileType(ODT, "ODT"),
    "ods": FileType(ODS, "ODS"),
    "odp": FileType(ODP, "ODP"),
    "txt": FileType(TEXT, "Text"),
    "csv": FileType(CSV, "CSV"),
    "png": FileType(PNG, "PNG"),
    "jpg": FileType(JPEG, "JPEG"),
    "jpeg": FileType(JPEG, "JPEG"),
}
#: For the file input's ``accept`` attribute.
ACCEPT = ",".join(f".{extension}" for extension in ALLOWED)
_LABELS = {file_type.content_type: file_type.label for file_type in ALLOWED.values()}
#: The folder inside an Office Open XML package that tells a document from a sheet or a deck.
_OOXML_PARTS = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
_ODF = (ODT, ODS, ODP)
#: Bidirectional control characters: they can make "gpj.exe" look like "exe.jpg".
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters Windows does not allow in file names (the path separators are handled before).
_RESERVED = frozenset('<>:"|?*')


def extension(filename: str) -> str:
    """Return the file name's extension in lower case without the dot ("" when it has none)."""
    stem, dot, suffix = filename.rpartition(".")
    return suffix.lower() if dot and stem else ""


def file_type(filename: str) -> FileType | None:
    """Return the accepted type of a file name, or None if its extension is not accepted."""
    return ALLOWED.get(extension(filename))


def _is_zip_with(data: bytes, check) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return check(archive)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


def _is_ooxml(data: bytes, content_type: str) -> bool:
    part = _OOXML_PARTS[content_type]

    def check(archive: zipfile.ZipFile) -> bool:
        names = archive.namelist()
        return "[Content_Types].xml" in names and any(name.startswith(part) for name in names)

    return data.startswith(b"PK\x03\x04") and _is_zip_with(data, check)


def _is_odf(data: bytes, content_type: str) -> bool:
    expected = content_type.encode("ascii")
    return data.startswith(b"PK\x03\x04") and _is_zip_with(
        data, lambda archive: archive.read("mimetype").strip() == expected
    )


def _text_type(data: bytes, content_type: str) -> str | None:
    """Return the text's content type with its charset, or None if it looks binary."""
    if b"\x00" in data[:_TEXT_PROBE]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # What German spreadsheet programs write when they export CSV "as text".
        return f"{content_type}; charset=windows-1252"
    return f"{content_type}; charset=utf-8"


def sniff(kind: FileType, data: bytes) -> str | None:
    """Return the content type to store if the bytes look like ``kind``, else None."""
    content_type = kind.content_type
    if content_type == PDF:
        matches = b"%PDF-" in data[:1024]
    elif content_type == PNG:
        matches = data.startswith(b"\x89PNG\r\n\x1a\n")
    elif content_type == JPEG:
        matches = data.startswith(b"\xff\xd8\xff")
    elif content_type in _OOXML_PARTS:
        matches = _is_ooxml(data, content_type)
    elif content_type in _ODF:
        matches = _is_odf(data, content_type)
    else:
        return _text_type(data, content_type)
    return content_type if matches else None


def _clean_char(char: str) -> str:
    if char.isspace():
        return " "
    if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
        return ""
    return "_" if char in _RESERVED else char


def clean_filename(name: str) -> str:
    """Return an uploaded file's name without path, control characters or reserved characters.

    Letters of every script are kept ("Förderrichtlinie – Entwurf.pdf", Arabic, emoji); leading
    dots go (no hidden files, no ".."), white space becomes single spaces (none before the
    extension), and a name longer than :data:`MAX_FILENAME` is shortened before its extension.
    May return "".
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join("".join(_clean_char(char) for char in name).split())
    name = name.lstrip(". ").rstrip(". ")
    stem, dot, suffix = name.rpartition(".")
    if dot and stem:
        name = f"{stem.rstrip()}.{suffix}"
    if len(name) <= MAX_FILENAME:
        return name
    suffix = extension(name)
    if not suffix or len(suffix) > 10:
        return name[:MAX_FILENAME].rstrip(". ")
    return f"{name[: MAX_FILENAME - len(suffix) - 1].rstrip(' .')}.{suffix}"


def type_label(content_type: str) -> str:
    """Return the short name of a stored file's type ("PDF", "Word"), for lists of papers."""
    return _LABELS.get(content_type.split(";", 1)[0].strip(), "Datei")


def size_text(size: int) -> str:
    """Format a file size the German way, in binary units: "834 Byte", "12,5 KB", "1,2 MB"."""
    if size < 1024:
        return f"{size} Byte"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    number = f"{size:.1f}".replace(".", ",").removesuffix(",0")
    return f"{number} {unit}"


def content_disposition(filename: str) -> str:
    """Return the ``Content-Disposition`` value that makes browsers save the file by its name.

    ``filename*`` (RFC 5987/6266) carries the name in UTF-8; ``filename`` is an ASCII fallback
    for old clients, with accents dropped and quotes and backslashes replaced.
    """
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(
        "_" if char in '"\\' or not char.isprintable() else char for char in fallback
    )
    if not fallback.strip(" ._") or fallback.startswith("."):
        fallback = f"download.{extension(filename) or 'bin'}"
    encoded = quote(filename, safe="!#$&+-.^_`|~")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
