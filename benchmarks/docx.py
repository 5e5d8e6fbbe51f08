"""What our DOCX helpers cost on top of python-docx (``python -m benchmarks.docx``).

Builds the minutes of a 40-item meeting through :func:`meetings.docx_minutes.build_minutes_docx`
and writes the same paragraphs and tables with plain python-docx calls, alternating the two, and
compares the best times. The plain version gets its text pre-split (no Markdown parsing) and skips
the font and language setup that our builder does once per process, so it is the floor that
python-docx itself sets. Target: ours ≤ 1.3 × plain. Not part of the test run.
"""

from __future__ import annotations

import argparse
import io
from datetime import UTC, date, datetime, timedelta

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from benchmarks.timing import docx_texts, time_writers, writer_lines
from meetings.docx_data import (
    MinutesAction,
    MinutesAttendee,
    MinutesDecision,
    MinutesDocument,
    MinutesItem,
    QuorumStatement,
)
from meetings.docx_minutes import build_minutes_docx

ITEMS = 40
ATTENDEES = 15
TARGET_RATIO = 1.3
STARTS = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
DISCUSSION = (
    "Die Geschäftsführung berichtet zu Punkt {n} über den **Stand der Umsetzung** und die "
    "nächsten Schritte im *Handlungskonzept*.\n\n"
    "- Rückmeldung 1 aus den Kommunen\n- Rückmeldung 2 aus den Kommunen\n"
    "- Rückmeldung 3 aus den Kommunen\n\n"
    "Die Mitglieder nehmen den Bericht zur Kenntnis und beraten die Vorschläge."
)
#: The same discussion as runs (text, bold, italic) per paragraph, for the plain writer.
DISCUSSION_RUNS = (
    (
        ("Die Geschäftsführung berichtet zu Punkt {n} über den ", False, False),
        ("Stand der Umsetzung", True, False),
        (" und die nächsten Schritte im ", False, False),
        ("Handlungskonzept", False, True),
        (".", False, False),
    ),
    (("Die Mitglieder nehmen den Bericht zur Kenntnis und beraten die Vorschläge.", False, False),),
)
BULLETS = tuple(f"Rückmeldung {k} aus den Kommunen" for k in (1, 2, 3))


def sample_minutes(items: int = ITEMS) -> MinutesDocument:
    """Return approved minutes of a long meeting: decisions every 2nd item, actions every 3rd."""
    attendees = tuple(
        MinutesAttendee(name=f"Mitglied {k}", organisation=f"Organisation {k}")
        for k in range(ATTENDEES)
    )
    return MinutesDocument(
        operator_name="Rhein-Kreis Neuss",
        body_name="Lenkungsgruppe KIM",
        meeting_title="Herbstsitzung",
        meeting_number=12,
        started_at=STARTS,
        ended_at=STARTS + timedelta(hours=3),
        location="Kreishaus Neuss, Sitzungssaal",
        chair="Kreisdirektor",
        minute_taker="Geschäftsführung KI",
        attendees=attendees,
        quorum=QuorumStatement(present_seats=12, voting_seats=15, is_reached=True),
        items=tuple(_sample_item(n) for n in range(1, items + 1)),
        status="approved",
        approved_on=date(2026, 12, 10),
        signature_place="Neuss",
        signature_date=date(2026, 12, 11),
        created_at=STARTS,
    )


def _sample_item(n: int) -> MinutesItem:
    decisions: tuple[MinutesDecision, ...] = ()
    if n % 2 == 0:
        text = f"Die Lenkungsgruppe beschließt die Vorlage {n}."
        decisions = (MinutesDecision(text=text, yes=7, no=1, abstentions=2, adopted=True),)
    actions: tuple[MinutesAction, ...] = ()
    if n % 3 == 0:
        actions = tuple(
            MinutesAction(what=f"Maßnahme {n}.{k}", who="KI", due_on=date(2027, 1, k))
            for k in (1, 2)
        )
    return MinutesItem(
        number=str(n),
        title=f"Tagesordnungspunkt {n}",
        discussion=DISCUSSION.format(n=n),
        decisions=decisions,
        actions=actions,
    )


def build_plain(data: MinutesDocument) -> bytes:
    """Write the same minutes with python-docx calls only (the sample's shape is known)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    properties = document.core_properties
    properties.title = f"Niederschrift: {data.meeting_title} ({data.body_name})"
    properties.author = properties.last_modified_by = data.operator_name
    properties.language = "de-DE"
    properties.created = properties.modified = data.created_at
    properties.revision = 1
    section.header.paragraphs[
        0
    ].text = f"{data.operator_name} · Koordinierende Stelle Kommunales Integrationsmanagement"
    footer = section.footer.paragraphs[0]
    footer.add_run(f"Niederschrift · {data.body_name} · 24.11.2026\tSeite ")
    _plain_field(footer, "PAGE")
    footer.add_run(" von ")
    _plain_field(footer, "NUMPAGES")
    _plain_head(document, data)
    _plain_attendance(document, data)
    for item in data.items:
        _plain_item(document, item)
    _plain_signatures(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plain_field(paragraph, instruction: str) -> None:
    for kind in ("begin", "instr", "separate"):
        run = paragraph.add_run()._r
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} \\* MERGEFORMAT "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _plain_head(document, data: MinutesDocument) -> None:
    document.add_heading(f"Niederschrift über die {data.meeting_number}. Sitzung", 0)
    document.add_paragraph(data.body_name, style="Heading 1")
    document.add_paragraph(data.meeting_title, style="Subtitle")
    status = document.add_paragraph()
    status.add_run("Status: ").bold = True
    status.add_run("genehmigt am 10.12.2026")
    facts = document.add_table(rows=0, cols=2)
    facts.autofit = False
    for label, value in (
        ("Gremium:", data.body_name),
        ("Datum:", "Dienstag, 24.11.2026"),
        ("Beginn:", "14:00 Uhr"),
        ("Ende:", "17:00 Uhr"),
        ("Ort:", data.location),
        ("Vorsitz:", data.chair),
        ("Protokollführung:", data.minute_taker),
    ):
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)


def _plain_table(document, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.paragraphs[0].add_run(value)


def _plain_attendance(document, data: MinutesDocument) -> None:
    document.add_heading("Anwesenheit", 2)
    rows = [(a.name, a.organisation, "anwesend") for a in data.attendees]
    _plain_table(document, ("Name", "Organisation/Funktion", "Status"), rows)
    document.add_paragraph(
        "Die Beschlussfähigkeit wurde festgestellt: 12 von 15 stimmberechtigten Sitzen "
        "waren besetzt."
    )


def _plain_item(document, item: MinutesItem) -> None:
    document.add_paragraph(f"TOP {item.number}: {item.title}", style="Heading 3")
    first, last = DISCUSSION_RUNS
    _plain_runs(document.add_paragraph(), first, item.number)
    for bullet in BULLETS:
        document.add_paragraph(bullet, style="List Bullet")
    _plain_runs(document.add_paragraph(), last, item.number)
    for decision in item.decisions:
        document.add_paragraph().add_run("Beschluss:").bold = True
        document.add_paragraph(decision.text)
        document.add_paragraph(
            f"Abstimmungsergebnis: Ja: {decision.yes}, Nein: {decision.no}, "
            f"Enthaltungen: {decision.abstentions}"
        )
        document.add_paragraph("Der Beschluss wurde angenommen.")
    if item.actions:
        document.add_paragraph().add_run("Vereinbarte Maßnahmen:").bold = True
        rows = [(a.what, a.who, f"{a.due_on:%d.%m.%Y}") for a in item.actions]
        _plain_table(document, ("Maßnahme", "Zuständig", "Frist"), rows)


def _plain_runs(paragraph, runs, number: str) -> None:
    for text, bold, italic in runs:
        run = paragraph.add_run(text.format(n=number))
        if bold:
            run.bold = True
        if italic:
            run.italic = True


def _plain_signatures(document, data: MinutesDocument) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    for cell, name, role in zip(
        table.rows[0].cells,
        (data.chair, data.minute_taker),
        ("Vorsitz", "Protokollführung"),
        strict=True,
    ):
        cell.paragraphs[0].add_run("Neuss, 11.12.2026")
        for line in ("", "", "_" * 30, name, role):
            cell.add_paragraph(line)


def measure(repeats: int = 20) -> dict:
    """Time both writers ``repeats`` times each, alternating, after one warm-up build each.

    Returns best and median milliseconds of each, the ratio of the best times, and whether
    both writers produced the same text (the comparison is meaningless otherwise).
    """
    data = sample_minutes()
    same = docx_texts(build_minutes_docx(data)) == docx_texts(build_plain(data))
    times = time_writers(lambda: build_minutes_docx(data), lambda: build_plain(data), repeats)
    return {
        "items": ITEMS,
        "repeats": repeats,
        **times,
        "same_content": same,
        "target_ratio": TARGET_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the timings; exit 0 even when the target is missed, as ``benchmarks.run`` does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    result = measure(parser.parse_args(argv).repeats)
    print(f"Minutes of {result['items']} items, {result['repeats']} builds each (best / median):")
    print("\n".join(writer_lines(result, "ours (build_minutes_docx)", TARGET_RATIO)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
