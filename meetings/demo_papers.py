"""Demo papers for the demo meetings: a one-page PDF and a CSV file, made here, not shipped.

They go in through the file service's checks like any upload, so the demo shows what a real
paper looks like on the meeting page and downloads as a file a PDF reader opens.
"""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from meetings.models import AgendaItem, AgendaItemAttachment
from portal.extensions import db
from portal.permissions import SYSTEM
from portal.services.files import store_file

PROPOSAL_LINES = (
    "Beschlussvorlage der AG Verfahrensebene",
    "Gemeinsame Terminvergabe von Auslaenderbehoerde und Jobcenter",
    "",
    "Die Arbeitsgruppe schlaegt vor, Erstberatungen fuer die Zielgruppe gemeinsam",
    "zu terminieren. Pilot in Neuss und Dormagen, Auswertung nach sechs Monaten.",
)
SCHEDULE_CSV = (
    "Schritt;Kommune;Beginn;Ende\r\n"
    "Abstimmung der Terminkalender;Neuss;01.02.2027;28.02.2027\r\n"
    "Abstimmung der Terminkalender;Dormagen;01.02.2027;28.02.2027\r\n"
    "Pilotphase;Neuss und Dormagen;01.03.2027;31.08.2027\r\n"
    "Auswertung;Koordinierende Stelle;01.09.2027;30.09.2027\r\n"
)


def one_page_pdf(lines: tuple[str, ...]) -> bytes:
    """Return a small valid PDF: one A4 page with the lines in Helvetica (ASCII text only)."""
    text = "".join(
        f"BT /F1 12 Tf 72 {770 - 18 * number} Td ({line}) Tj ET\n"
        for number, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Length %d>>stream\n%sendstream" % (len(text), text),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _attach(item: AgendaItem, filename: str, data: bytes, title: str, position: int) -> None:
    stored = store_file(SYSTEM, FileStorage(io.BytesIO(data), filename=filename))
    db.session.add(
        AgendaItemAttachment(agenda_item=item, file=stored, title=title, position=position)
    )


def add_demo_papers(item: AgendaItem) -> int:
    """Attach the proposal and its schedule to the demo decision item (the caller commits)."""
    _attach(
        item,
        "Beschlussvorlage Gemeinsame Terminvergabe.pdf",
        one_page_pdf(PROPOSAL_LINES),
        "Beschlussvorlage der AG Verfahrensebene",
        0,
    )
    _attach(
        item,
        "Zeitplan Pilotphase Neuss und Dormagen.csv",
        SCHEDULE_CSV.encode("utf-8"),
        "Anlage: Zeitplan der Pilotphase",
        1,
    )
    return 2
