"""Accepted file types, sniffing their first bytes, cleaning names, sizes and download headers."""

import io
import zipfile

import pytest

from portal.filetypes import (
    ALLOWED,
    CSV,
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    TEXT,
    XLSX,
    clean_filename,
    content_disposition,
    extension,
    file_type,
    size_text,
    sniff,
    type_label,
)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX_BYTES = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT_BYTES = _zip({"mimetype": ODT.encode(), "content.xml": b"<office:document-content/>"})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bericht.PDF", "pdf"),
        ("Anlage.1.docx", "docx"),
        ("ohne-endung", ""),
        (".pdf", ""),
        ("foto.jpeg", "jpeg"),
    ],
)
def test_the_extension_is_the_lower_case_part_after_the_last_dot(name, expected):
    assert extension(name) == expected


def test_only_listed_extensions_have_a_type():
    assert file_type("a.pdf") == ALLOWED["pdf"]
    assert file_type("a.JPG").content_type == JPEG
    for name in ("a.html", "a.exe", "a.svg", "a.zip", "a.docm", "a", "a.pdf.exe"):
        assert file_type(name) is None, name


@pytest.mark.parametrize(
    ("extension_", "data", "expected"),
    [
        ("pdf", b"%PDF-1.7\n...", PDF),
        ("pdf", b"\r\n%PDF-1.4 after a few bytes of junk", PDF),
        ("png", b"\x89PNG\r\n\x1a\n....", PNG),
        ("jpg", b"\xff\xd8\xff\xe0....JFIF", JPEG),
        ("docx", DOCX_BYTES, DOCX),
        ("xlsx", XLSX_BYTES, XLSX),
        ("odt", ODT_BYTES, ODT),
        ("txt", "Grüße aus Neuss\n".encode(), f"{TEXT}; charset=utf-8"),
        ("csv", "Kommune;Fälle\nNeuss;12\n".encode("cp1252"), f"{CSV}; charset=windows-1252"),
    ],
)
def test_a_file_whose_bytes_match_its_extension_is_accepted(extension_, data, expected):
    assert sniff(ALLOWED[extension_], data) == expected


@pytest.mark.parametrize(
    ("extension_", "data"),
    [
        ("pdf", b"<html><script>alert(1)</script></html>"),
        ("png", b"%PDF-1.7"),
        ("jpg", b"GIF89a"),
        ("docx", XLSX_BYTES),
        ("xlsx", DOCX_BYTES),
        ("docx", b"PK\x03\x04 but not really a zip"),
        ("odt", DOCX_BYTES),
        ("ods", ODT_BYTES),
        ("txt", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ],
)
def test_a_file_whose_bytes_do_not_match_its_extension_is_refused(extension_, data):
    assert sniff(ALLOWED[extension_], data) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Förderrichtlinie – Entwurf.pdf", "Förderrichtlinie – Entwurf.pdf"),
        ("C:\\Users\\KI\\Desktop\\Bericht.docx", "Bericht.docx"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("..", ""),
        (".htaccess", "htaccess"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),
        ('a<b>c:"d"|e?f*.pdf', "a_b_c__d__e_f_.pdf"),
        ("Zeile\r\nZwei\t\x00.txt", "Zeile Zwei.txt"),
        ("gpj\u202e.exe", "gpj.exe"),
        ("تقرير الاندماج.pdf", "تقرير الاندماج.pdf"),
        ("Bericht 📎 2026.pdf", "Bericht 📎 2026.pdf"),
        ("  viele    Leerzeichen  .pdf", "viele Leerzeichen.pdf"),
        ("Punkt am Ende.pdf.", "Punkt am Ende.pdf"),
        ("Fo\u0308rderung.pdf", "Förderung.pdf"),
    ],
)
def test_file_names_lose_paths_and_control_characters_but_keep_their_letters(raw, clean):
    assert clean_filename(raw) == clean


def test_long_file_names_are_shortened_before_the_extension():
    cleaned = clean_filename("ä" * 400 + ".pdf")

    assert len(cleaned) == 255
    assert cleaned.endswith("ä.pdf")


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 Byte"),
        (834, "834 Byte"),
        (1024, "1 KB"),
        (12_800, "12,5 KB"),
        (1_258_291, "1,2 MB"),
        (20 * 1024 * 1024, "20 MB"),
        (3 * 1024**3, "3 GB"),
    ],
)
def test_sizes_are_written_the_german_way(size, text):
    assert size_text(size) == text


def test_types_have_short_labels_also_with_a_charset():
    assert type_label(PDF) == "PDF"
    assert type_label(DOCX) == "Word"
    assert type_label("text/csv; charset=utf-8") == "CSV"
    assert type_label("application/x-unknown") == "Datei"


def test_the_download_header_carries_the_utf8_name_and_an_ascii_fallback():
    header = content_disposition("Förderrichtlinie – Entwurf.pdf")

    assert header == (
        'attachment; filename="Forderrichtlinie  Entwurf.pdf"; '
        "filename*=UTF-8''F%C3%B6rderrichtlinie%20%E2%80%93%20Entwurf.pdf"
    )


def test_the_download_header_of_a_name_without_latin_letters_falls_back_to_download():
    header = content_disposition("تقرير.pdf")

    assert header.startswith("attachment; filename=\"download.pdf\"; filename*=UTF-8''")


def test_the_download_header_never_breaks_out_of_its_quotes():
    header = content_disposition('a"b\\c.pdf')

    assert 'filename="a_b_c.pdf"' in header
    assert "filename*=UTF-8''a%22b%5Cc.pdf" in header
